import { DEFAULT_CORE_CONFIG } from './config.js';
import { evaluateOpportunity, prepareEvaluation, type Evaluation, type EvaluationInput } from './evaluate.js';
import { parsePlaybook } from './playbooks.js';
import { metrics, milestone, OPP_ID, opportunity, stage } from './test-support.js';
import type { Opportunity } from './types.js';

const playbook = parsePlaybook(
  {
    key: 'single-call',
    name: 'Single call',
    description: 'One call.',
    implementationType: 'Single Call',
    stages: [{ key: 'kickoff', name: 'Kickoff and training call', dueDays: 7, isKickoff: true }],
    milestones: [
      {
        key: 'first-report',
        name: 'First report created',
        kind: 'Product',
        dueDays: 14,
        usageMetric: 'event:report_created',
        usageThreshold: 1,
        firstValue: true
      },
      {
        key: 'team-invited',
        name: 'Three teammates invited',
        kind: 'Product',
        dueDays: 30,
        usageMetric: 'event:user_invited',
        usageThreshold: 3
      },
      { key: 'review-asked', name: 'Asked for a review', kind: 'Customer', dueDays: 120, advocacyAsk: true }
    ],
    reviews: { quarterly: true, renewalReview: true }
  },
  'single-call.json'
);

const won = opportunity({ closeDate: '2026-01-15', contractEndDate: '2027-01-15', licensedSeats: 20 });

/** What the org holds after the orchestrator wrote an evaluation (ids given to the new records). */
function applied(opp: Opportunity, evaluation: Evaluation): Opportunity {
  let nextId = 1;
  const withId = <T extends { id: string | null }>(record: T): T => ({ ...record, id: record.id ?? `a0X${nextId++}` });
  const { kickoffDate, ...values } = evaluation.opportunity;
  return {
    ...opp,
    ...values,
    kickoffDate,
    stages: [...opp.stages, ...evaluation.stagesToCreate].map(withId),
    milestones: [...opp.milestones, ...evaluation.milestonesToCreate].map((m) => {
      const update = evaluation.milestoneUpdates.find((u) => u.key === m.key);
      return withId(update ? { ...m, ...update } : m);
    }),
    reviews: [...opp.reviews, ...evaluation.reviewsToCreate].map((r) => {
      const update = evaluation.reviewUpdates.find((u) => u.key === r.key);
      return withId(update ? { ...r, valueSummary: update.valueSummary } : r);
    }),
    lastHealthChange: evaluation.healthChange ?? opp.lastHealthChange
  };
}

function run(
  input: Omit<EvaluationInput, 'config' | 'playbook' | 'cases' | 'npsAnswers' | 'people' | 'users'> &
    Partial<EvaluationInput>
): Evaluation {
  return evaluateOpportunity({
    config: DEFAULT_CORE_CONFIG,
    playbook,
    cases: [],
    npsAnswers: [],
    people: [],
    users: [],
    ...input
  });
}

describe('prepareEvaluation', () => {
  it('asks the store about every usage milestone, including those planned in this run', () => {
    const preparation = prepareEvaluation({
      opportunity: won,
      playbook,
      config: DEFAULT_CORE_CONFIG,
      now: new Date('2026-02-10T12:00:00Z')
    });
    expect(preparation.plan.milestones).toHaveLength(3);
    expect(preparation.metricsRequest).toEqual({
      opportunityId: OPP_ID,
      productAccountId: 'acme',
      closeDate: '2026-01-15',
      licensedSeats: 20,
      eventNames: ['report_created', 'user_invited'],
      thresholds: [
        { metric: 'event:report_created', threshold: 1 },
        { metric: 'event:user_invited', threshold: 3 }
      ]
    });
    expect(preparation.periodStarts).toEqual([]); // no review due by 2026-03-12
  });

  it('leaves out milestones whose metric or threshold was mistyped in the org, and warns about them', () => {
    const typo = milestone({ key: `${OPP_ID}:typo`, name: 'Typo', usageMetric: 'reports_created', usageThreshold: 1 });
    const withTypo = { ...won, stages: [stage()], milestones: [typo] };
    const now = new Date('2026-02-10T12:00:00Z');
    const preparation = prepareEvaluation({ opportunity: withTypo, playbook, config: DEFAULT_CORE_CONFIG, now });
    expect(preparation.metricsRequest).toMatchObject({ eventNames: [], thresholds: [] });
    expect(run({ opportunity: withTypo, metrics: metrics(), history: [], now }).warnings).toEqual([
      `milestone "Typo" (${OPP_ID}:typo): Usage_Metric__c "reports_created" is not a metric key: "event:<event name>" (e.g. "event:report_created") or one of active_users_30d, active_days_30d, seat_utilization; tracked by hand until fixed`
    ]);
  });

  it('asks nothing of the store for an opportunity without a product account', () => {
    const noAccount = { ...won, productAccountId: null };
    expect(
      prepareEvaluation({ opportunity: noAccount, playbook, config: DEFAULT_CORE_CONFIG, now: new Date() })
        .metricsRequest
    ).toBeNull();
  });
});

describe('feature adoption (DESIGN §9.7)', () => {
  const features = [
    { key: 'reports', name: 'Custom Reports', event: 'report_created', releasedOn: '2023-01-16', threshold: 1 },
    { key: 'dashboards', name: 'Shared Dashboards', event: 'dashboard_shared', releasedOn: '2026-02-01', threshold: 2 },
    { key: 'exports', name: 'Data Exports', event: 'export_run', releasedOn: '2026-06-01', threshold: 1 }
  ];
  const now = new Date('2026-02-10T12:00:00Z');

  it('asks for each available feature from its availability, beside the milestones', () => {
    const preparation = prepareEvaluation({ opportunity: won, playbook, config: DEFAULT_CORE_CONFIG, now, features });
    expect(preparation.metricsRequest?.thresholds).toEqual([
      { metric: 'event:report_created', threshold: 1 },
      { metric: 'event:user_invited', threshold: 3 },
      { metric: 'event:report_created', threshold: 1, since: '2026-01-15' }, // released before the close
      { metric: 'event:dashboard_shared', threshold: 2, since: '2026-02-01' } // after it; exports not yet released
    ]);
  });

  it('writes Features_Adopted__c from the crossings, blank without usage', () => {
    const usage = metrics({
      thresholds: [
        { metric: 'event:report_created', threshold: 1, since: '2026-01-15', reachedAt: '2026-01-27T09:30:00.000Z' },
        { metric: 'event:dashboard_shared', threshold: 2, since: '2026-02-01', reachedAt: null }
      ]
    });
    expect(run({ opportunity: won, metrics: usage, history: [], now, features }).opportunity.featuresAdopted).toBe(
      '1 of 2 features in use (not yet: Shared Dashboards)'
    );
    const noAccount = { ...won, productAccountId: null };
    expect(
      run({ opportunity: noAccount, metrics: null, history: [], now, features }).opportunity.featuresAdopted
    ).toBeNull();
  });
});

describe('evaluateOpportunity over the life of a deal', () => {
  const firstNow = new Date('2026-02-10T12:00:00Z');
  const firstMetrics = metrics({
    activeUsers30d: 6,
    activeUsersPrior30d: 2,
    seatUtilization: 30, // 6 of 20 seats
    lastActivity: '2026-02-09T16:00:00.000Z',
    thresholds: [
      { metric: 'event:report_created', threshold: 1, reachedAt: '2026-01-27T09:30:00.000Z' },
      { metric: 'event:user_invited', threshold: 3, reachedAt: null }
    ]
  });
  const first = run({ opportunity: won, metrics: firstMetrics, history: [], now: firstNow });

  it('first run: applies the playbook and decides the new milestones at once', () => {
    expect(first.stagesToCreate.map((s) => [s.key, s.targetDate, s.status])).toEqual([
      [`${OPP_ID}:kickoff`, '2026-01-22', 'To Do']
    ]);
    expect(first.milestonesToCreate.map((m) => [m.key, m.status, m.achievedAt, m.evidence])).toEqual([
      [
        `${OPP_ID}:first-report`,
        'Achieved',
        '2026-01-27T09:30:00Z',
        'usage: event:report_created reached 1 at 2026-01-27T09:30:00Z'
      ],
      [`${OPP_ID}:team-invited`, 'Planned', null, null], // target 2026-02-14 not passed
      [`${OPP_ID}:review-asked`, 'Planned', null, null]
    ]);
    expect(first.reviewsToCreate.map((r) => `${r.name} ${r.dueDate} ${r.valueSummary}`)).toEqual([
      'QBR 1 2026-04-15 null',
      'QBR 2 2026-07-15 null',
      'QBR 3 2026-10-15 null',
      'Renewal Review 2026-12-04 null'
    ]);
    expect(first.milestoneUpdates).toEqual([]);
    expect(first.reviewUpdates).toEqual([]);
    expect(first.warnings).toEqual([]);
  });

  it('first run: onboarded by the first report, health scored, kickoff still awaited', () => {
    // seat 30% → (30 − 10)/50 × 100 = 40; trend 6/2 = 3 → 100; milestones due by Feb 10: 1 of 1 → 100;
    // implementation: kickoff (Jan 22) not done, 0 of 1 → 0; recency Feb 9 → 1 day → 100
    // (30×40 + 20×100 + 20×100 + 15×0 + 15×100) / 100 = 6700 / 100 = 67 → C
    // lost: seat 30×60/100 = 18.0, implementation 15×100/100 = 15.0, the rest 0.0 in table order
    const drivers = [
      '-18.0 seat_utilization: 30% of seats active (target 60%)',
      '-15.0 implementation: 0 of 1 stage due by today done',
      '-0.0 activity_trend: 6 active users in the last 30 days vs 2 in the 30 days before (ratio 3.00, target 1.00)',
      '-0.0 milestones: 1 of 1 milestone due by today achieved',
      '-0.0 recency: last activity 1 day ago (target within 3 days)'
    ].join('\n');
    expect(first.opportunity).toEqual({
      kickoffDate: null,
      postSaleStatus: 'Awaiting Kickoff',
      onboarded: true,
      onboardedDate: '2026-01-27',
      daysToFirstValue: 12, // Jan 15 → Jan 27
      healthScore: 67,
      healthGrade: 'C',
      healthTrend: null, // no history
      healthDrivers: drivers,
      // B at 70 needs +300 of Σ w·s: 1 more seat (7 of 20 = 35% → 50) adds 30·10; finishing the
      // kickoff adds 15·100
      healthNextGrade: 'B at 70: activate 1 more seat (30% → 35%); or finish 1 more due stage',
      healthUpdatedAt: '2026-02-10T12:00:00Z',
      activeUsers30d: 6,
      lastProductActivity: '2026-02-09T16:00:00Z',
      openSupportCases: 0, // the account has no cases
      featuresAdopted: null, // no features file given
      keyPeople: 0, // nor contacts
      keyPeopleEngaged: 0
    });
    expect(first.healthChange).toMatchObject({ score: 67, grade: 'C', drivers: `first score 67, grade C\n${drivers}` });
    expect(first.snapshot).toEqual({ at: '2026-02-10T12:00:00Z', score: 67 });
  });

  const afterFirst = applied(won, first);
  const secondNow = new Date('2026-02-10T13:00:00Z');
  const second = run({ opportunity: afterFirst, metrics: firstMetrics, history: [first.snapshot!], now: secondNow });

  it('second run, nothing changed: nothing to create or update, the same values', () => {
    expect(second.stagesToCreate).toEqual([]);
    expect(second.milestonesToCreate).toEqual([]);
    expect(second.reviewsToCreate).toEqual([]);
    expect(second.milestoneUpdates).toEqual([]);
    expect(second.reviewUpdates).toEqual([]);
    expect(second.healthChange).toBeNull();
    expect(second.opportunity).toEqual(first.opportunity); // Health_Updated_At__c kept too
    expect(
      prepareEvaluation({ opportunity: afterFirst, playbook, config: DEFAULT_CORE_CONFIG, now: secondNow })
        .metricsRequest?.thresholds
    ).toEqual([{ metric: 'event:user_invited', threshold: 3 }]); // Achieved ones are not asked again
  });

  it('later run: kickoff done, a milestone missed, health up, QBR 1 summary written', () => {
    const afterSecond = applied(afterFirst, second);
    const kickoffDone = {
      ...afterSecond,
      stages: afterSecond.stages.map((s) => ({ ...s, status: 'Done' as const, completedDate: '2026-02-12' }))
    };
    const now = new Date('2026-03-20T12:00:00Z');
    const preparation = prepareEvaluation({ opportunity: kickoffDone, playbook, config: DEFAULT_CORE_CONFIG, now });
    expect(preparation.periodStarts).toEqual(['2026-01-15']); // QBR 1 is due Apr 15 ≤ Mar 20 + 30

    const third = run({
      opportunity: kickoffDone,
      metrics: metrics({
        activeUsers30d: 12,
        activeUsersPrior30d: 6,
        seatUtilization: 60,
        lastActivity: '2026-03-19T10:00:00Z',
        thresholds: [{ metric: 'event:user_invited', threshold: 3, reachedAt: null }]
      }),
      history: [first.snapshot!, second.snapshot!],
      activeUsersAtPeriodStart: { '2026-01-15': 0 },
      now
    });

    expect(third.milestoneUpdates).toEqual([
      { id: expect.any(String), key: `${OPP_ID}:team-invited`, status: 'Missed', achievedAt: null, evidence: null }
    ]);
    // seat 100, trend 12/6 → 100, milestones 1 of 2 due → 50, implementation 1 of 1 → 100, recency 1 day → 100
    // (3000 + 2000 + 20×50 + 1500 + 1500) / 100 = 90 → A; only milestones lose: 20×50/100 = 10.0
    // trend: now − 30 days = Feb 18 12:00; newest snapshot before it is 13:00 on Feb 10 (67): 90 − 67 = 23
    const drivers = [
      '-10.0 milestones: 1 of 2 milestones due by today achieved',
      '-0.0 seat_utilization: 60% of seats active (target 60%)',
      '-0.0 activity_trend: 12 active users in the last 30 days vs 6 in the 30 days before (ratio 2.00, target 1.00)',
      '-0.0 implementation: 1 of 1 stage due by today done',
      '-0.0 recency: last activity 1 day ago (target within 3 days)'
    ].join('\n');
    expect(third.opportunity).toMatchObject({
      kickoffDate: '2026-02-12',
      postSaleStatus: 'Onboarded', // end 2027-01-15 is beyond Mar 20 + 90
      healthScore: 90,
      healthGrade: 'A',
      healthTrend: 23,
      healthDrivers: drivers,
      healthUpdatedAt: '2026-03-20T12:00:00Z'
    });
    expect(third.healthChange?.drivers.split('\n')[0]).toBe('score 67 → 90 (+23), grade C → A');
    expect(third.reviewUpdates).toEqual([
      {
        id: expect.any(String),
        key: `${OPP_ID}:QBR:1`,
        valueSummary: [
          'QBR 1, due 2026-04-15',
          'Period: 2026-01-15 to 2026-04-15 (since the close date)',
          'Active users (30 days): 12 now, 0 at 2026-01-15',
          'Milestones reached in the period:',
          '- 2026-01-27 First report created',
          'Onboarded: 2026-01-27 (12 days to first value)',
          'Health: 90 (A), trend +23',
          drivers
        ].join('\n')
      }
    ]);
  });
});

describe('evaluateOpportunity edge cases', () => {
  const now = new Date('2026-02-10T12:00:00Z');

  it('plans nothing without a playbook and leaves health blank when no measure is present', () => {
    const evaluation = run({
      opportunity: { ...won, productAccountId: null },
      playbook: null,
      metrics: null,
      history: [],
      now
    });
    expect(evaluation.stagesToCreate).toEqual([]);
    expect(evaluation.reviewsToCreate).toEqual([]);
    expect(evaluation.opportunity).toMatchObject({
      postSaleStatus: 'Awaiting Kickoff',
      healthScore: null,
      healthGrade: null,
      healthTrend: null,
      healthDrivers: null,
      healthUpdatedAt: null,
      activeUsers30d: null,
      lastProductActivity: null
    });
    expect(evaluation.healthChange).toBeNull();
    expect(evaluation.snapshot).toBeNull();
  });

  it('writes a value summary on a review created inside the window', () => {
    // closed 2025-11-20: QBR 1 is due 2026-02-20, within 30 days of Feb 10
    const late = opportunity({ closeDate: '2025-11-20', contractEndDate: null });
    const evaluation = run({
      opportunity: late,
      metrics: metrics({ activeUsers30d: 3, activeUsersPrior30d: 3 }),
      history: [],
      now
    });
    const qbr1 = evaluation.reviewsToCreate.find((r) => r.name === 'QBR 1');
    expect(qbr1?.valueSummary?.split('\n').slice(0, 3)).toEqual([
      'QBR 1, due 2026-02-20',
      'Period: 2025-11-20 to 2026-02-20 (since the close date)',
      'Active users (30 days): 3 now, unknown at 2025-11-20'
    ]);
    expect(evaluation.reviewsToCreate.find((r) => r.name === 'QBR 2')?.valueSummary).toBeNull();
  });
});
