// One sync against the local org with an opportunity in each lifecycle situation, every
// written field compared with values worked out by hand from DESIGN §4; then a second run
// that makes no write calls, a hand edit put back, and a playbook applied again without
// duplicates.
//
// "now" is 2026-05-01T09:00:00Z, so today is 2026-05-01; the 30-day window is
// (2026-04-01T09:00Z, 2026-05-01T09:00Z] and the 30 days before it (2026-03-02T09:00Z,
// 2026-04-01T09:00Z]. Health weights: seat_utilization 30, activity_trend 20,
// milestones 20, implementation 15, recency 15.

import { runSync } from '../../worker/sync/run.js';
import type { SyncResult } from '../../worker/sync/result.js';
import { BACKENDS } from '../store/backends.js';
import { startHarness, type Harness } from './harness.js';
import { event, readOpportunity, RESULT_KEY_ORDER, seedOpportunity, type OpportunityReadBack } from './org-records.js';

const NOW = '2026-05-01T09:00:00Z';

const changeKey = (id: string) => `${id}:${NOW}`;

/** A sync-owned Opportunity value set, blank where nothing is known. */
function opportunity(values: Record<string, unknown>): Record<string, unknown> {
  return {
    Kickoff_Date__c: null,
    Post_Sale_Status__c: null,
    Onboarded__c: false,
    Onboarded_Date__c: null,
    Days_To_First_Value__c: null,
    Health_Score__c: null,
    Health_Grade__c: null,
    Health_Trend__c: null,
    Health_Drivers__c: null,
    Health_Next_Grade__c: null,
    Health_Updated_At__c: null,
    Active_Users_30d__c: null,
    Last_Product_Activity__c: null,
    Open_Support_Cases__c: 0, // every opportunity here has an account, and no account has a case
    Key_People__c: 0, // nor a contact
    Key_People_Engaged__c: 0,
    Features_Adopted__c: null, // these runs measure no features
    ...values
  };
}

function qbrs(id: string, dueDates: string[]): Record<string, unknown>[] {
  return dueDates.map((due, i) => ({
    Name: `QBR ${i + 1}`,
    Review_Type__c: 'QBR',
    Sequence__c: i + 1,
    Due_Date__c: due,
    Status__c: 'To Schedule',
    Value_Summary__c: null,
    Review_Key__c: `${id}:QBR:${i + 1}`
  }));
}

function healthChange(id: string, score: number, grade: string, drivers: string): Record<string, unknown> {
  return {
    Score__c: score,
    Previous_Score__c: null,
    Grade__c: grade,
    Previous_Grade__c: null,
    Changed_At__c: NOW,
    Drivers__c: `first score ${score}, grade ${grade}\n${drivers}`,
    Change_Key__c: changeKey(id)
  };
}

const milestone = (values: Record<string, unknown>): Record<string, unknown> => ({
  Kind__c: 'Product',
  Status__c: 'Planned',
  Achieved_At__c: null,
  Is_First_Value__c: false,
  Usage_Metric__c: null,
  Usage_Threshold__c: null,
  Evidence__c: null,
  Expansion_Signal__c: false,
  Advocacy_Ask__c: false,
  ...values
});

/** The single-call playbook's milestones, targets CloseDate + 14, 30, 45, 90 and 120 days. */
function singleCallMilestones(
  id: string,
  targets: string[],
  overrides: Record<string, unknown>[] = []
): Record<string, unknown>[] {
  const base = [
    {
      Name: 'First report created',
      Usage_Metric__c: 'event:report_created',
      Usage_Threshold__c: 1,
      Is_First_Value__c: true,
      Milestone_Key__c: `${id}:first-report`
    },
    {
      Name: 'Three teammates invited',
      Usage_Metric__c: 'event:user_invited',
      Usage_Threshold__c: 3,
      Milestone_Key__c: `${id}:team-invited`
    },
    {
      Name: 'First dashboard shared',
      Usage_Metric__c: 'event:dashboard_shared',
      Usage_Threshold__c: 1,
      Milestone_Key__c: `${id}:dashboard-shared`
    },
    {
      Name: 'Most seats in use',
      Usage_Metric__c: 'seat_utilization',
      Usage_Threshold__c: 80,
      Expansion_Signal__c: true,
      Milestone_Key__c: `${id}:seats-in-use`
    },
    {
      Name: 'Asked for a public review',
      Kind__c: 'Customer',
      Advocacy_Ask__c: true,
      Milestone_Key__c: `${id}:review-asked`
    }
  ];
  return base.map((m, i) => milestone({ ...m, Sequence__c: i + 1, Target_Date__c: targets[i], ...overrides[i] }));
}

function kickoffStage(id: string, target: string): Record<string, unknown> {
  return {
    Name: 'Kickoff and training call',
    Sequence__c: 1,
    Status__c: 'To Do',
    Is_Kickoff__c: true,
    Target_Date__c: target,
    Completed_Date__c: null,
    Stage_Key__c: `${id}:kickoff-training`
  };
}

describe.each(BACKENDS)('on the %s store', (backend) => {
  let h: Harness;
  const ids: Record<string, string> = {};
  let first: SyncResult;

  beforeAll(async () => {
    h = await startHarness(NOW, {}, backend);
    // three at a time, so the seven opportunities are computed in chunks of 3, 3 and 1 (the
    // other sync suites compute theirs in one): every value below holds across the boundaries
    h.deps.computeChunk = 3;
    ids.justWon = seedOpportunity(h.org, {
      name: 'Just Won',
      productAccountId: 'acct-new',
      closeDate: '2026-04-28',
      fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10 }
    });
    ids.scheduled = seedOpportunity(h.org, {
      name: 'Kickoff Scheduled',
      productAccountId: null,
      closeDate: '2026-04-20',
      fields: { Implementation_Type__c: 'Multi-Phase Project', Licensed_Seats__c: 15 },
      stages: [
        {
          Name: 'Kickoff call',
          Sequence__c: 1,
          Status__c: 'Scheduled',
          Is_Kickoff__c: true,
          Target_Date__c: '2026-05-04'
        }
      ]
    });
    ids.kickoffDone = seedOpportunity(h.org, {
      name: 'Kickoff Done',
      productAccountId: 'acct-kick',
      closeDate: '2026-04-10',
      fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 5 },
      stages: [
        {
          Name: 'Kickoff and training call',
          Sequence__c: 1,
          Status__c: 'Done',
          Is_Kickoff__c: true,
          Target_Date__c: '2026-04-17',
          Completed_Date__c: '2026-04-14'
        }
      ]
    });
    ids.implementing = seedOpportunity(h.org, {
      name: 'Implementing',
      productAccountId: 'acct-impl',
      closeDate: '2026-03-02',
      fields: { Implementation_Type__c: 'Multi-Phase Project', Licensed_Seats__c: 20, Kickoff_Date__c: '2026-03-06' }
    });
    ids.healthy = seedOpportunity(h.org, {
      name: 'Onboarded Healthy',
      productAccountId: 'acct-healthy',
      closeDate: '2026-04-25',
      fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 4, Kickoff_Date__c: '2026-04-27' }
    });
    ids.atRisk = seedOpportunity(h.org, {
      name: 'At Risk',
      productAccountId: 'acct-risk',
      closeDate: '2025-12-01',
      fields: {
        Implementation_Type__c: 'Single Call',
        Licensed_Seats__c: 10,
        Kickoff_Date__c: '2025-12-05',
        // written by an earlier run: onboarded never goes back
        Onboarded__c: true,
        Onboarded_Date__c: '2025-12-10',
        Days_To_First_Value__c: 9
      }
    });
    ids.renewal = seedOpportunity(h.org, {
      name: 'Renewal Due',
      productAccountId: 'acct-renew',
      closeDate: '2025-06-15',
      fields: {
        Implementation_Type__c: 'Single Call',
        Licensed_Seats__c: 5,
        Kickoff_Date__c: '2025-06-20',
        Contract_End_Date__c: '2026-06-30'
      },
      stages: [
        {
          Name: 'Kickoff call',
          Sequence__c: 1,
          Status__c: 'Done',
          Is_Kickoff__c: true,
          Target_Date__c: '2025-06-22',
          Completed_Date__c: '2025-06-20'
        }
      ],
      milestones: [
        {
          Name: 'First report',
          Kind__c: 'Product',
          Sequence__c: 1,
          Status__c: 'Achieved',
          Target_Date__c: '2025-06-29',
          Achieved_At__c: '2025-06-25T10:00:00Z',
          Is_First_Value__c: true
        }
      ]
    });
    // out of scope: lost; closed more than three years ago; contract ended more than 30 days ago
    ids.lost = seedOpportunity(h.org, {
      name: 'Lost Deal',
      productAccountId: 'acct-lost',
      closeDate: '2026-04-01',
      stageName: 'Closed Lost'
    });
    ids.old = seedOpportunity(h.org, { name: 'Old Deal', productAccountId: 'acct-old', closeDate: '2023-04-30' });
    ids.ended = seedOpportunity(h.org, {
      name: 'Ended Contract',
      productAccountId: 'acct-ended',
      closeDate: '2025-01-10',
      fields: { Contract_End_Date__c: '2026-03-31' }
    });

    await h.store.insertEvents([
      event('acct-kick', 'u1', 'report_created', '2026-04-20T10:00:00Z'),
      event('acct-kick', 'u2', 'login', '2026-04-29T15:00:00Z'),
      event('acct-impl', 'u1', 'integration_connected', '2026-04-10T12:00:00Z'),
      event('acct-impl', 'u2', 'login', '2026-04-25T08:00:00Z'),
      event('acct-healthy', 'u2', 'login', '2026-04-28T12:00:00Z'),
      event('acct-healthy', 'u1', 'report_created', '2026-04-29T10:00:00Z'),
      event('acct-healthy', 'u3', 'login', '2026-04-30T16:00:00Z'),
      event('acct-risk', 'u1', 'report_created', '2025-12-10T09:00:00Z'),
      event('acct-risk', 'u1', 'login', '2026-03-20T10:00:00Z'),
      event('acct-renew', 'u1', 'report_created', '2025-06-25T10:00:00Z'),
      event('acct-renew', 'u1', 'login', '2026-03-01T10:00:00Z'),
      event('acct-renew', 'u2', 'login', '2026-04-28T10:00:00Z'),
      event('acct-renew', 'u3', 'login', '2026-04-29T10:00:00Z'),
      event('acct-renew', 'u1', 'login', '2026-04-30T10:00:00Z'),
      event('acct-old', 'u1', 'login', '2026-04-30T10:00:00Z')
    ]);

    first = await runSync(h.deps);
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  describe('the first run', () => {
    it('reports what it did in the shape of DESIGN §5.1', () => {
      expect(first).toMatchObject({
        status: 'succeeded',
        opportunitiesInScope: 7,
        failedRows: [],
        // stages: Just Won 1 + Implementing 5 + Onboarded Healthy 1 + At Risk 1 = 8
        // milestones: Just Won 5 + Implementing 6 + Onboarded Healthy 5 + At Risk 5 = 21
        // reviews: 4 QBRs for each of six opportunities + 3 QBRs and a Renewal Review for Renewal Due = 28
        // health changes: every opportunity with a score (all but Kickoff Scheduled) = 6
        // Tasks: 5, see "the alerts of the first run"
        writes: {
          Implementation_Stage__c: { created: 8, updated: 0 },
          Success_Milestone__c: { created: 24, updated: 0 }, // 9 multi-phase (3 on the customer's journey), 3 × 5 single-call
          Business_Review__c: { created: 28, updated: 0 },
          Opportunity: { created: 0, updated: 7 },
          Health_Change__c: { created: 6, updated: 0 },
          Task: { created: 5, updated: 0 }
        }
      });
      expect(Object.keys(first).slice(0, RESULT_KEY_ORDER.length)).toEqual(RESULT_KEY_ORDER);
      // one sObject Collections call per object: each has fewer than 200 records to write
      expect(first.apiCallsByKind.collections).toBe(6);
      expect(first.apiCalls).toBe(h.org.stats().apiCalls.total);
      expect(h.org.stats().apiCalls.writes).toBe(6);
    });

    it('Just Won: playbook applied, awaiting kickoff, F from no usage at all', async () => {
      // Single Call → single-call playbook; close 2026-04-28. No events: 0 of 10 seats active.
      // seat_utilization 0% → 0 (w30); recency: never active → 0 (w15); the other measures are
      // absent (no users in either window, nothing due yet). Score = (30·0 + 15·0) / 45 = 0 → F.
      // Points lost: 30·100/45 = 66.7, 15·100/45 = 33.3.
      const id = ids.justWon as string;
      const drivers = [
        '-66.7 seat_utilization: 0% of seats active (target 60%)',
        '-33.3 recency: no product activity yet',
        'absent activity_trend: no active users in either 30-day window',
        'absent milestones: no milestones due yet',
        'absent implementation: no implementation stages due yet'
      ].join('\n');
      expect(await readOpportunity(h.conn, id)).toEqual<OpportunityReadBack>({
        fields: opportunity({
          Post_Sale_Status__c: 'Awaiting Kickoff', // rule 2: kickoff not held, not scheduled
          Health_Score__c: 0,
          Health_Grade__c: 'F',
          Health_Drivers__c: drivers,
          // D at 40: seats (10N − 10)·2 → 30·that/45 ≥ 39.5 at N = 4 (40% → 60 → 40); recency alone gives 33
          Health_Next_Grade__c: 'D at 40: activate 4 more seats (0% → 40%)',
          Health_Updated_At__c: NOW,
          Active_Users_30d__c: 0
        }),
        // 2026-04-28 + 7 days
        stages: [kickoffStage(id, '2026-05-05')],
        // + 14, 30, 45, 90, 120 days
        milestones: singleCallMilestones(id, ['2026-05-12', '2026-05-28', '2026-06-12', '2026-07-27', '2026-08-26']),
        // no end date: QBR n at close + 3n months, four to start with
        reviews: qbrs(id, ['2026-07-28', '2026-10-28', '2027-01-28', '2027-04-28']),
        healthChanges: [healthChange(id, 0, 'F', drivers)]
      });
    });

    it('Kickoff Scheduled, no product account: reviews planned, health left blank', async () => {
      // Has a stage, so the playbook adds only reviews. No Product_Account_Id__c: the usage
      // measures are absent; the stage is due 2026-05-04 and there are no milestones, so no
      // measure is present and every health field stays blank. Rule 1: Kickoff Scheduled.
      const id = ids.scheduled as string;
      expect(await readOpportunity(h.conn, id)).toEqual<OpportunityReadBack>({
        fields: opportunity({ Post_Sale_Status__c: 'Kickoff Scheduled' }),
        stages: [
          {
            Name: 'Kickoff call',
            Sequence__c: 1,
            Status__c: 'Scheduled',
            Is_Kickoff__c: true,
            Target_Date__c: '2026-05-04',
            Completed_Date__c: null,
            Stage_Key__c: null
          }
        ],
        milestones: [],
        // close 2026-04-20 + 3, 6, 9, 12 months
        reviews: qbrs(id, ['2026-07-20', '2026-10-20', '2027-01-20', '2027-04-20']),
        healthChanges: []
      });
    });

    it('Kickoff Done: Kickoff_Date__c taken from the stage, implementing, A', async () => {
      // 2 users active in the window (u1 04-20, u2 04-29), none before: seats 2/5 = 40% →
      // (40 − 10)/(60 − 10) = 60; activity_trend 100; implementation 1 of 1 done → 100;
      // recency 2 days → 100. Score = (30·60 + 20·100 + 15·100 + 15·100) / 80 = 6800/80 = 85 → A.
      // Seat points lost: 30·40/80 = 15.0. Kickoff held, no first-value milestone → Implementing.
      const id = ids.kickoffDone as string;
      const drivers = [
        '-15.0 seat_utilization: 40% of seats active (target 60%)',
        '-0.0 activity_trend: 2 active users in the last 30 days, none in the 30 days before',
        '-0.0 implementation: 1 of 1 stage due by today done',
        '-0.0 recency: last activity 2 days ago (target within 3 days)',
        'absent milestones: no milestones due yet'
      ].join('\n');
      const read = await readOpportunity(h.conn, id);
      expect(read.fields).toEqual(
        opportunity({
          Kickoff_Date__c: '2026-04-14', // the kickoff stage's Completed_Date__c
          Post_Sale_Status__c: 'Implementing',
          Health_Score__c: 85,
          Health_Grade__c: 'A',
          Health_Drivers__c: drivers,
          Health_Updated_At__c: NOW,
          Active_Users_30d__c: 2,
          Last_Product_Activity__c: '2026-04-29T15:00:00Z'
        })
      );
      expect(read.milestones).toEqual([]);
      expect(read.reviews).toEqual(qbrs(id, ['2026-07-10', '2026-10-10', '2027-01-10', '2027-04-10']));
      expect(read.healthChanges).toEqual([healthChange(id, 85, 'A', drivers)]);
    });

    it('Implementing: multi-phase plan, a milestone created Achieved by usage, D but not yet At Risk', async () => {
      // Multi-phase playbook, close 2026-03-02. Stages due +7, 21, 45, 60, 75 days; four are
      // due by today (the last one 2026-05-01 = today) and none is done → 0.
      // Milestones due: integration-connected (04-16, reached 04-10) and first-campaign (due
      // today, not yet reached, not Missed: a target of today is still open) → 1 of 2 → 50.
      // seats 2/20 = 10% → 0; activity_trend 2 now, 0 before → 100; recency 6 days →
      // 100 − 100·(6 − 3)/(30 − 3) = 88.888889.
      // Score = (30·0 + 20·100 + 20·50 + 15·0 + 15·88.888889) / 100 = 43.33 → 43 → D.
      // Lost: seats 30.0, implementation 15.0, milestones 10.0, recency 15·11.111111/100 = 1.7.
      // Kickoff held (Kickoff_Date__c set), not onboarded → Implementing (rule 3 before 4).
      const id = ids.implementing as string;
      const drivers = [
        '-30.0 seat_utilization: 10% of seats active (target 60%)',
        '-15.0 implementation: 0 of 4 stages due by today done',
        '-10.0 milestones: 1 of 2 milestones due by today achieved',
        '-1.7 recency: last activity 6 days ago (target within 3 days)',
        '-0.0 activity_trend: 2 active users in the last 30 days, none in the 30 days before'
      ].join('\n');
      const stage = (key: string, name: string, sequence: number, target: string) => ({
        Name: name,
        Sequence__c: sequence,
        Status__c: 'To Do',
        Is_Kickoff__c: key === 'kickoff',
        Target_Date__c: target,
        Completed_Date__c: null,
        Stage_Key__c: `${id}:${key}`
      });
      expect(await readOpportunity(h.conn, id)).toEqual<OpportunityReadBack>({
        fields: opportunity({
          Kickoff_Date__c: '2026-03-06',
          Post_Sale_Status__c: 'Implementing',
          Health_Score__c: 43,
          Health_Grade__c: 'D',
          Health_Drivers__c: drivers,
          // C at 55 needs Σ w·s ≥ 5450 (+1116.67): N seats add 30·10N (N = 4, 30%); N stages add
          // 15·25N (N = 3); the one milestone left adds only 20·50 = 1000
          Health_Next_Grade__c: 'C at 55: activate 4 more seats (10% → 30%); or finish 3 more due stages',
          Health_Updated_At__c: NOW,
          Active_Users_30d__c: 2,
          Last_Product_Activity__c: '2026-04-25T08:00:00Z'
        }),
        stages: [
          stage('kickoff', 'Kickoff call', 1, '2026-03-09'),
          stage('technical-setup', 'Technical setup', 2, '2026-03-23'),
          stage('integration', 'Integration', 3, '2026-04-16'),
          stage('training', 'Team training', 4, '2026-05-01'),
          stage('go-live', 'Go-live', 5, '2026-05-16')
        ],
        milestones: [
          milestone({
            Name: 'Integration connected',
            Sequence__c: 1,
            Target_Date__c: '2026-04-16',
            Status__c: 'Achieved',
            Achieved_At__c: '2026-04-10T12:00:00Z',
            Usage_Metric__c: 'event:integration_connected',
            Usage_Threshold__c: 1,
            Evidence__c: 'usage: event:integration_connected reached 1 at 2026-04-10T12:00:00Z',
            Milestone_Key__c: `${id}:integration-connected`
          }),
          milestone({
            Name: 'First campaign sent',
            Sequence__c: 2,
            Target_Date__c: '2026-05-01',
            Usage_Metric__c: 'event:campaign_sent',
            Usage_Threshold__c: 1,
            Is_First_Value__c: true,
            Milestone_Key__c: `${id}:first-campaign`
          }),
          milestone({
            Name: 'Ten people active in a month',
            Sequence__c: 3,
            Target_Date__c: '2026-05-31',
            Usage_Metric__c: 'active_users_30d',
            Usage_Threshold__c: 10,
            Milestone_Key__c: `${id}:team-active`
          }),
          milestone({
            Name: 'Event registrations up 20%',
            Kind__c: 'Customer',
            Sequence__c: 4,
            Target_Date__c: '2026-07-30',
            Advocacy_Ask__c: true,
            Milestone_Key__c: `${id}:registrations-up`
          }),
          milestone({
            Name: 'Fifty campaigns sent',
            Sequence__c: 5,
            Target_Date__c: '2026-08-29',
            Usage_Metric__c: 'event:campaign_sent',
            Usage_Threshold__c: 50,
            Expansion_Signal__c: true,
            Milestone_Key__c: `${id}:campaigns-at-scale`
          }),
          milestone({
            Name: 'A second team asks to join',
            Kind__c: 'Customer',
            Sequence__c: 6,
            Target_Date__c: '2026-10-28',
            Milestone_Key__c: `${id}:second-team`
          }),
          // the customer's journey: CloseDate 2026-03-02 + 3, 6 and 12 months
          ...[
            ['journey-3-months', 'Every event promoted by email, no agency', '2026-06-02'],
            ['journey-6-months', 'Registrations up 20% on last year', '2026-09-02'],
            ['journey-12-months', 'Events team runs its own campaigns end to end', '2027-03-02']
          ].map(([key, name, target], i) =>
            milestone({
              Name: name,
              Kind__c: 'Customer',
              Sequence__c: 7 + i,
              Target_Date__c: target,
              Milestone_Key__c: `${id}:${key}`
            })
          )
        ],
        // QBR 1 (2026-06-02) is 32 days away: outside the 30-day value summary window
        reviews: qbrs(id, ['2026-06-02', '2026-09-02', '2026-12-02', '2027-03-02']),
        healthChanges: [healthChange(id, 43, 'D', drivers)]
      });
    });

    it('Onboarded Healthy: first value reached by usage sets Onboarded, its date and days to first value', async () => {
      // Close 2026-04-25; u1's first report_created at 2026-04-29T10:00Z reaches the
      // first-value milestone (threshold 1) → Onboarded_Date 2026-04-29, 4 days after close.
      // 3 users active, none before: seats 3/4 = 75% → 100; trend → 100; recency 1 day → 100;
      // nothing due yet (stage 05-02, first milestone 05-09). Score 100 → A → Onboarded.
      // seats-in-use (80%) is not reached: 3 of 4 seats is 75%.
      const id = ids.healthy as string;
      const drivers = [
        '-0.0 seat_utilization: 75% of seats active (target 60%)',
        '-0.0 activity_trend: 3 active users in the last 30 days, none in the 30 days before',
        '-0.0 recency: last activity 1 day ago (target within 3 days)',
        'absent milestones: no milestones due yet',
        'absent implementation: no implementation stages due yet'
      ].join('\n');
      expect(await readOpportunity(h.conn, id)).toEqual<OpportunityReadBack>({
        fields: opportunity({
          Kickoff_Date__c: '2026-04-27',
          Post_Sale_Status__c: 'Onboarded',
          Onboarded__c: true,
          Onboarded_Date__c: '2026-04-29',
          Days_To_First_Value__c: 4,
          Health_Score__c: 100,
          Health_Grade__c: 'A',
          Health_Drivers__c: drivers,
          Health_Updated_At__c: NOW,
          Active_Users_30d__c: 3,
          Last_Product_Activity__c: '2026-04-30T16:00:00Z'
        }),
        stages: [kickoffStage(id, '2026-05-02')],
        milestones: singleCallMilestones(
          id,
          ['2026-05-09', '2026-05-25', '2026-06-09', '2026-07-24', '2026-08-23'],
          [
            {
              Status__c: 'Achieved',
              Achieved_At__c: '2026-04-29T10:00:00Z',
              Evidence__c: 'usage: event:report_created reached 1 at 2026-04-29T10:00:00Z'
            }
          ]
        ),
        reviews: qbrs(id, ['2026-07-25', '2026-10-25', '2027-01-25', '2027-04-25']),
        healthChanges: [healthChange(id, 100, 'A', drivers)]
      });
    });

    it('At Risk: missed milestones, no recent usage, F; Onboarded kept as it was', async () => {
      // Close 2025-12-01: everything in the single-call plan is due. first-report was reached
      // on 2025-12-10 (Achieved); the other four are past their targets unreached → Missed:
      // 1 of 5 → 20. The stage is due and not done → 0. No user in the window, 1 in the 30
      // days before: ratio 0 → 0. Seats 0/10 → 0. Last activity 2026-03-20, 42 days → 0.
      // Score = (20·20) / 100 = 4 → F. Lost: seats 30.0, trend 20.0, milestones 20·80/100 =
      // 16.0, implementation 15.0, recency 15.0 (ties in DESIGN order).
      // Onboarded__c was already true (2025-12-10, 9 days): unchanged, so not written.
      const id = ids.atRisk as string;
      const drivers = [
        '-30.0 seat_utilization: 0% of seats active (target 60%)',
        '-20.0 activity_trend: 0 active users in the last 30 days vs 1 in the 30 days before (ratio 0.00, target 1.00)',
        '-16.0 milestones: 1 of 5 milestones due by today achieved',
        '-15.0 implementation: 0 of 1 stage due by today done',
        '-15.0 recency: last activity 42 days ago (target within 3 days)'
      ].join('\n');
      expect(await readOpportunity(h.conn, id)).toEqual<OpportunityReadBack>({
        fields: opportunity({
          Kickoff_Date__c: '2025-12-05',
          Post_Sale_Status__c: 'At Risk',
          Onboarded__c: true,
          Onboarded_Date__c: '2025-12-10',
          Days_To_First_Value__c: 9,
          Health_Score__c: 4,
          Health_Grade__c: 'F',
          Health_Drivers__c: drivers,
          // D at 40 needs +3550 of Σ w·s: every seat adds 3000 at most, the milestones 1600, the
          // stage or any activity 1500
          Health_Next_Grade__c: 'D at 40: no single change lifts the grade',
          Health_Updated_At__c: NOW,
          Active_Users_30d__c: 0,
          Last_Product_Activity__c: '2026-03-20T10:00:00Z'
        }),
        stages: [kickoffStage(id, '2025-12-08')],
        milestones: singleCallMilestones(
          id,
          ['2025-12-15', '2025-12-31', '2026-01-15', '2026-03-01', '2026-03-31'],
          [
            {
              Status__c: 'Achieved',
              Achieved_At__c: '2025-12-10T09:00:00Z',
              Evidence__c: 'usage: event:report_created reached 1 at 2025-12-10T09:00:00Z'
            },
            { Status__c: 'Missed' },
            { Status__c: 'Missed' },
            { Status__c: 'Missed' },
            { Status__c: 'Missed' }
          ]
        ),
        // QBR 1 (2026-03-01) is past, so four QBRs keep two in the future; QBR 2 is 31 days away
        reviews: qbrs(id, ['2026-03-01', '2026-06-01', '2026-09-01', '2026-12-01']),
        healthChanges: [healthChange(id, 4, 'F', drivers)]
      });
    });

    it('Renewal Due: onboarded from a hand-ticked milestone, renewal review with its value summary', async () => {
      // A hand-made first-value milestone Achieved 2025-06-25 → Onboarded, 10 days after the
      // 2025-06-15 close. u1, u2, u3 active: 3/5 = 60% → 100; none in the 30 days before → 100;
      // 1 of 1 milestone and 1 of 1 stage due are done → 100; last activity 1 day → 100: A.
      // Contract ends 2026-06-30, within 90 days → Renewal Due.
      // Reviews: QBR n while due before 2026-06-30 − 80 days = 2026-04-11 → QBR 1–3; Renewal
      // Review at 2026-06-30 − 42 days = 2026-05-19, within 30 days: it gets a value summary
      // for the period since QBR 3 (2026-03-15), when only u1 (2026-03-01) had been active.
      const id = ids.renewal as string;
      const drivers = [
        '-0.0 seat_utilization: 60% of seats active (target 60%)',
        '-0.0 activity_trend: 3 active users in the last 30 days, none in the 30 days before',
        '-0.0 milestones: 1 of 1 milestone due by today achieved',
        '-0.0 implementation: 1 of 1 stage due by today done',
        '-0.0 recency: last activity 1 day ago (target within 3 days)'
      ].join('\n');
      const summary = [
        'Renewal Review, due 2026-05-19',
        'Period: 2026-03-15 to 2026-05-19 (since QBR 3)',
        'Active users (30 days): 3 now, 1 at 2026-03-15',
        'Users active in the period: 3 of 3',
        'Milestones reached in the period: none',
        'Onboarded: 2025-06-25 (10 days to first value)',
        'Health: 100 (A)',
        drivers
      ].join('\n');
      const read = await readOpportunity(h.conn, id);
      expect(read.fields).toEqual(
        opportunity({
          Kickoff_Date__c: '2025-06-20',
          Post_Sale_Status__c: 'Renewal Due',
          Onboarded__c: true,
          Onboarded_Date__c: '2025-06-25',
          Days_To_First_Value__c: 10,
          Health_Score__c: 100,
          Health_Grade__c: 'A',
          Health_Drivers__c: drivers,
          Health_Updated_At__c: NOW,
          Active_Users_30d__c: 3,
          Last_Product_Activity__c: '2026-04-30T10:00:00Z'
        })
      );
      expect(read.reviews).toEqual([
        ...qbrs(id, ['2025-09-15', '2025-12-15', '2026-03-15']),
        {
          Name: 'Renewal Review',
          Review_Type__c: 'Renewal Review',
          Sequence__c: 1,
          Due_Date__c: '2026-05-19',
          Status__c: 'To Schedule',
          Value_Summary__c: summary,
          Review_Key__c: `${id}:Renewal:1`
        }
      ]);
      // the hand-made milestone needs no change: already Achieved, with its date
      expect(read.milestones).toHaveLength(1);
      expect(read.milestones[0]).toMatchObject({
        Status__c: 'Achieved',
        Achieved_At__c: '2025-06-25T10:00:00Z',
        Evidence__c: null
      });
      expect(read.healthChanges).toEqual([healthChange(id, 100, 'A', drivers)]);
    });

    it('leaves opportunities out of scope untouched: lost, closed over three years ago, contract ended over 30 days ago', async () => {
      for (const id of [ids.lost, ids.old, ids.ended] as string[]) {
        const read = await readOpportunity(h.conn, id);
        expect(read.fields).toEqual(
          opportunity({
            Kickoff_Date__c: null,
            Health_Score__c: null,
            Post_Sale_Status__c: null,
            Open_Support_Cases__c: null,
            Key_People__c: null,
            Key_People_Engaged__c: null
          })
        );
        expect([read.stages, read.milestones, read.reviews, read.healthChanges]).toEqual([[], [], [], []]);
      }
    });

    it('records the run, its health points and what Salesforce acknowledged', async () => {
      const run = await h.store.getRun(first.runId);
      expect(run).toMatchObject({
        status: 'succeeded',
        failedRows: [],
        summary: { opportunitiesInScope: 7, apiCalls: first.apiCalls }
      });
      const history = await h.store.healthHistory([ids.implementing as string, ids.scheduled as string]);
      expect(history.get(ids.implementing as string)).toEqual([{ at: '2026-05-01T09:00:00.000Z', score: 43 }]);
      expect(history.get(ids.scheduled as string)).toBeUndefined();
      const acknowledged = await h.store.lastWrites('Opportunity', [ids.scheduled as string]);
      // only the fields that changed were sent for Kickoff Scheduled: its status, and the count of
      // its account's open cases (none), blank until the worker first counts them
      expect(acknowledged.get(ids.scheduled as string)).toEqual({
        Post_Sale_Status__c: 'Kickoff Scheduled',
        Open_Support_Cases__c: 0,
        Key_People__c: 0,
        Key_People_Engaged__c: 0
      });
    });
  });

  describe('the alerts of the first run (DESIGN §9.5)', () => {
    // Grades D or F: Just Won (F, no usage at all), Implementing (D), At Risk (F). Kickoff
    // Scheduled: won 2026-04-20, 11 days ago, kickoff not held. Renewal Due: its Renewal
    // Review, To Schedule and due 2026-05-08 (in 7 days: due by then); its QBRs are more than
    // 30 days overdue, not asked for. No milestone is a Missed first value, no contacts.
    // High is due in 2 days (05-03). The reviews were created in this run: their Ids in the keys.
    it('are the Tasks each opportunity should have, owned by the opportunity owner', async () => {
      const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
      const tasks = await h.conn.query<{ Cairn_Alert_Key__c: string; Priority: string; ActivityDate: string }>(
        'SELECT Cairn_Alert_Key__c, Priority, ActivityDate FROM Task WHERE Cairn_Alert_Key__c != null ORDER BY Cairn_Alert_Key__c'
      );
      const byDeal: Record<string, string[]> = {};
      for (const task of tasks.records) {
        const [deal, rule, target] = task.Cairn_Alert_Key__c.split(':');
        const name = names[deal as string] ?? String(deal);
        (byDeal[name] ??= []).push(`${rule}${target ? ':<id>' : ''} ${task.Priority} ${task.ActivityDate}`);
      }
      expect(byDeal).toEqual({
        justWon: ['health-at-risk High 2026-05-03'],
        implementing: ['health-at-risk High 2026-05-03'],
        atRisk: ['health-at-risk High 2026-05-03'],
        scheduled: ['kickoff-overdue High 2026-05-03'],
        renewal: ['review-to-schedule:<id> Normal 2026-05-08']
      });
      const renewalReview = (await readOpportunity(h.conn, ids.renewal as string)).reviews.find(
        (r) => r.Review_Type__c === 'Renewal Review'
      );
      const review = await h.conn.query<{ Id: string }>(
        `SELECT Id FROM Business_Review__c WHERE Review_Key__c = '${String(renewalReview?.Review_Key__c)}'`
      );
      expect(tasks.records.map((t) => t.Cairn_Alert_Key__c)).toContain(
        `${ids.renewal}:review-to-schedule:${review.records[0]?.Id}`
      );
    });
  });

  describe('runs after the first', () => {
    it('makes no write calls when nothing changed', async () => {
      const before = h.org.stats().apiCalls;
      const again = await runSync(h.deps);
      const after = h.org.stats().apiCalls;
      expect(after.writes - before.writes).toBe(0);
      expect(again.status).toBe('succeeded');
      expect(Object.values(again.writes).every((w) => w.created === 0 && w.updated === 0)).toBe(true);
      // limits (start of run) + the scope query + describes; no collections or bulk calls
      expect(again.apiCallsByKind.collections + again.apiCallsByKind.bulk2 + again.apiCallsByKind.sobject).toBe(0);
    });

    it('puts back a sync-owned value changed by hand, and leaves a hand-set Kickoff_Date__c alone', async () => {
      const id = ids.healthy as string;
      await h.conn.sobject('Opportunity').update({ Id: id, Post_Sale_Status__c: 'At Risk', Health_Score__c: 12 });
      await h.conn.sobject('Opportunity').update({ Id: ids.kickoffDone as string, Kickoff_Date__c: '2026-04-15' });
      const before = h.org.stats().apiCalls.writes;
      const run = await runSync(h.deps);
      expect(h.org.stats().apiCalls.writes - before).toBe(1);
      expect(run.writes.Opportunity).toEqual({ created: 0, updated: 1 });
      expect((await readOpportunity(h.conn, id)).fields).toMatchObject({
        Post_Sale_Status__c: 'Onboarded',
        Health_Score__c: 100
      });
      expect((await readOpportunity(h.conn, ids.kickoffDone as string)).fields.Kickoff_Date__c).toBe('2026-04-15');
    });

    it('applies a playbook again without duplicating what exists', async () => {
      // Deleting Just Won's only stage makes it a deal with no stages again: the playbook is
      // applied once more; the stage comes back, the milestones and reviews are found by key.
      const id = ids.justWon as string;
      const stages = await h.conn.query<{ Id: string }>(
        `SELECT Id FROM Implementation_Stage__c WHERE Opportunity__c = '${id}'`
      );
      await h.conn.sobject('Implementation_Stage__c').destroy(stages.records.map((s) => s.Id));
      const run = await runSync(h.deps);
      expect(run.writes.Implementation_Stage__c).toEqual({ created: 1, updated: 0 });
      expect(run.writes.Success_Milestone__c).toEqual({ created: 0, updated: 0 });
      const read = await readOpportunity(h.conn, id);
      expect([read.stages.length, read.milestones.length, read.reviews.length, read.healthChanges.length]).toEqual([
        1, 5, 4, 1
      ]);
    });

    it('leaves out a playbook milestone someone deleted: the playbook is completed only with what was never written', async () => {
      // Just Won holds its playbook's stage, so a missing milestone is one to complete only if
      // the worker never wrote it; this one it wrote (the store acknowledged it), then a person
      // deleted it.
      const id = ids.justWon as string;
      const [gone] = (
        await h.conn.query<{ Id: string; Milestone_Key__c: string }>(
          `SELECT Id, Milestone_Key__c FROM Success_Milestone__c WHERE Opportunity__c = '${id}' AND Is_First_Value__c = false ORDER BY Sequence__c DESC LIMIT 1`
        )
      ).records;
      await h.conn.sobject('Success_Milestone__c').destroy(gone!.Id);
      const run = await runSync(h.deps);
      expect(run.writes.Success_Milestone__c).toEqual({ created: 0, updated: 0 });
      const read = await readOpportunity(h.conn, id);
      expect(read.milestones).toHaveLength(4);
      expect(read.milestones.map((m) => m.Milestone_Key__c)).not.toContain(gone!.Milestone_Key__c);
    });

    it('writes only what new usage changed: a milestone reached, a value summary rewritten', async () => {
      // Implementing's first-value milestone (event:campaign_sent ≥ 1, due today) is reached
      // by u1's campaign at 2026-04-30T12:00Z: Achieved, onboarded 2026-04-30, 59 days after
      // the 2026-03-02 close (29 in March + 30 in April). Milestones due: 2 of 2 → 100; still
      // 2 of 20 seats → 0, no stage done → 0, trend 100, recency 1 day → 100:
      // (0 + 2000 + 2000 + 0 + 1500) / 100 = 55 → C, so Onboarded; grade D → C writes a health
      // change — at the same fixed now, so under the same Change_Key__c (an update).
      // Renewal Due gets a fourth user (4 of 5 seats = 80%, still 100 → A): its active users,
      // last activity and driver lines change, and so does its renewal review's value summary.
      const implementing = ids.implementing as string;
      const renewal = ids.renewal as string;
      await h.store.insertEvents([
        event('acct-impl', 'u1', 'campaign_sent', '2026-04-30T12:00:00Z'),
        event('acct-renew', 'u4', 'login', '2026-04-30T15:00:00Z')
      ]);
      const before = h.org.stats().apiCalls.writes;

      const run = await runSync(h.deps);

      expect(run.writes).toEqual({
        Implementation_Stage__c: { created: 0, updated: 0 },
        Success_Milestone__c: { created: 0, updated: 1 },
        Business_Review__c: { created: 0, updated: 1 },
        Opportunity: { created: 0, updated: 2 },
        Contact: { created: 0, updated: 0 },
        Health_Change__c: { created: 0, updated: 1 },
        // Implementing's health-at-risk, closed: grade C now
        Task: { created: 0, updated: 1 }
      });
      // milestones and reviews (one call each), opportunities, the health change, the Task
      expect(h.org.stats().apiCalls.writes - before).toBe(5);
      const closed = await h.conn.query<{ Status: string; Description: string }>(
        `SELECT Status, Description FROM Task WHERE Cairn_Alert_Key__c = '${ids.implementing}:health-at-risk'`
      );
      expect(closed.records[0]?.Status).toBe('Completed');
      expect(closed.records[0]?.Description.split('\n\n').at(-1)).toBe(
        'Closed by Cairn on 2026-05-01: health is C (55) now'
      );

      const drivers = [
        '-30.0 seat_utilization: 10% of seats active (target 60%)',
        '-15.0 implementation: 0 of 4 stages due by today done',
        '-0.0 activity_trend: 2 active users in the last 30 days, none in the 30 days before',
        '-0.0 milestones: 2 of 2 milestones due by today achieved',
        '-0.0 recency: last activity 1 day ago (target within 3 days)'
      ].join('\n');
      const read = await readOpportunity(h.conn, implementing);
      expect(read.fields).toEqual(
        opportunity({
          Kickoff_Date__c: '2026-03-06',
          Post_Sale_Status__c: 'Onboarded',
          Onboarded__c: true,
          Onboarded_Date__c: '2026-04-30',
          Days_To_First_Value__c: 59,
          Health_Score__c: 55,
          Health_Grade__c: 'C',
          Health_Drivers__c: drivers,
          // 55 (C); B at 70 needs +1450: N seats add 300N (N = 5, 35%), N stages 375N (N = 4)
          Health_Next_Grade__c: 'B at 70: activate 5 more seats (10% → 35%); or finish 4 more due stages',
          Health_Updated_At__c: NOW,
          Active_Users_30d__c: 2,
          Last_Product_Activity__c: '2026-04-30T12:00:00Z'
        })
      );
      expect(read.milestones[1]).toMatchObject({
        Name: 'First campaign sent',
        Status__c: 'Achieved',
        Achieved_At__c: '2026-04-30T12:00:00Z',
        Evidence__c: 'usage: event:campaign_sent reached 1 at 2026-04-30T12:00:00Z'
      });
      expect(read.healthChanges).toEqual([
        {
          Score__c: 55,
          Previous_Score__c: 43,
          Grade__c: 'C',
          Previous_Grade__c: 'D',
          Changed_At__c: NOW,
          Drivers__c: `score 43 → 55 (+12), grade D → C\n${drivers}`,
          Change_Key__c: changeKey(implementing)
        }
      ]);

      const renewalRead = await readOpportunity(h.conn, renewal);
      expect(renewalRead.fields).toMatchObject({
        Health_Score__c: 100,
        Active_Users_30d__c: 4,
        Last_Product_Activity__c: '2026-04-30T15:00:00Z'
      });
      expect(renewalRead.reviews[3]?.Value_Summary__c).toBe(
        [
          'Renewal Review, due 2026-05-19',
          'Period: 2026-03-15 to 2026-05-19 (since QBR 3)',
          'Active users (30 days): 4 now, 1 at 2026-03-15',
          'Users active in the period: 4 of 4',
          'Milestones reached in the period: none',
          'Onboarded: 2025-06-25 (10 days to first value)',
          'Health: 100 (A)',
          '-0.0 seat_utilization: 80% of seats active (target 60%)',
          '-0.0 activity_trend: 4 active users in the last 30 days, none in the 30 days before',
          '-0.0 milestones: 1 of 1 milestone due by today achieved',
          '-0.0 implementation: 1 of 1 stage due by today done',
          '-0.0 recency: last activity 1 day ago (target within 3 days)'
        ].join('\n')
      );
      expect(renewalRead.healthChanges).toHaveLength(1);
    });
  });
});
