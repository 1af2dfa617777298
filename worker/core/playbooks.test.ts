import {
  checkPlaybookSet,
  keysToComplete,
  parsePlaybook,
  planFor,
  playbookByKey,
  PlaybookError,
  selectPlaybook,
  type Playbook
} from './playbooks.js';
import { DEFAULT_REVIEWS_CONFIG } from './reviews.js';
import { milestone, OPP_ID, opportunity, review, stage } from './test-support.js';

const reviews = { quarterly: true, renewalReview: true };
const singleCall = parsePlaybook(
  {
    key: 'single-call',
    name: 'Single call',
    description: 'One call.',
    implementationType: 'Single Call',
    stages: [{ key: 'kickoff', name: 'Kickoff and training', dueDays: 7, isKickoff: true }],
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
      { key: 'review-asked', name: 'Asked for a review', kind: 'Customer', dueDays: 120, advocacyAsk: true }
    ],
    reviews
  },
  'single-call.json'
);
const multiPhase = parsePlaybook(
  {
    key: 'multi',
    name: 'Multi',
    description: 'Project.',
    implementationType: 'Multi-Phase Project',
    stages: [],
    milestones: [],
    reviews
  },
  'multi.json'
);
const fallback = parsePlaybook(
  {
    key: 'default',
    name: 'Default',
    description: 'Anything else.',
    default: true,
    stages: [],
    milestones: [],
    reviews
  },
  'default.json'
);
const upsell = parsePlaybook(
  {
    key: 'upsell',
    name: 'Upgrade',
    description: 'Nothing to do.',
    opportunityTypes: ['Existing Customer - Upgrade'],
    stages: [],
    milestones: [],
    reviews: { quarterly: false, renewalReview: false }
  },
  'upsell.json'
);
const singleCallUpsell = parsePlaybook(
  {
    key: 'single-call-upsell',
    name: 'Single-call upgrade',
    description: 'A refresher call.',
    implementationType: 'Single Call',
    opportunityTypes: ['Existing Customer - Upgrade'],
    stages: [{ key: 'refresher', name: 'Refresher call', dueDays: 7, isKickoff: true }],
    milestones: [],
    reviews: { quarterly: false, renewalReview: false }
  },
  'single-call-upsell.json'
);
const all = [singleCall, multiPhase, fallback, upsell];

/** The problem lines of a PlaybookError. */
function problems(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof PlaybookError) return error.problems;
    throw error;
  }
  throw new Error('expected a PlaybookError');
}

describe('parsePlaybook', () => {
  const valid = {
    key: 'p',
    name: 'P',
    description: 'For tests.',
    implementationType: 'Single Call',
    stages: [{ key: 'kickoff', name: 'Kickoff', dueDays: 7 }],
    milestones: [{ key: 'first', name: 'First', kind: 'Product', dueDays: 10 }],
    reviews
  };

  it('fills the optional flags', () => {
    const playbook = parsePlaybook(valid, 'p.json');
    expect(playbook.default).toBe(false);
    expect(playbook.stages[0]).toEqual({ key: 'kickoff', name: 'Kickoff', dueDays: 7, isKickoff: false });
    expect(playbook.milestones[0]).toMatchObject({ firstValue: false, expansionSignal: false, advocacyAsk: false });
  });

  it('names the file, the place (with the item key) and the problem', () => {
    expect(
      problems(() =>
        parsePlaybook(
          { ...valid, stages: [{ key: 'kickoff', name: 'Kickoff', dueDays: -1 }] },
          'config/playbooks/p.json'
        )
      )
    ).toEqual(['config/playbooks/p.json: stages[0] (key "kickoff").dueDays: Too small: expected number to be >=0']);
  });

  it('rejects an unknown metric, and a metric without a threshold', () => {
    const bad = parsePlaybook.bind(
      null,
      {
        ...valid,
        milestones: [
          { key: 'a', name: 'A', kind: 'Product', dueDays: 1, usageMetric: 'reports', usageThreshold: 1 },
          { key: 'b', name: 'B', kind: 'Product', dueDays: 1, usageMetric: 'event:report_created' }
        ]
      },
      'p.json'
    );
    expect(problems(bad)).toEqual([
      'p.json: milestones[0] (key "a").usageMetric: must be a metric key: "event:<event name>" (e.g. "event:report_created") or one of active_users_30d, active_days_30d, seat_utilization',
      'p.json: milestones[1] (key "b").usageThreshold: usageMetric and usageThreshold go together: set both for a usage milestone, neither for one tracked by hand'
    ]);
  });

  it('rejects duplicate keys, two first-value milestones and two kickoff stages', () => {
    const first = { kind: 'Product', dueDays: 1, firstValue: true };
    const bad = () =>
      parsePlaybook(
        {
          ...valid,
          stages: [
            { key: 'kickoff', name: 'Kickoff', dueDays: 7, isKickoff: true },
            { key: 'kickoff', name: 'Kickoff again', dueDays: 8, isKickoff: true }
          ],
          milestones: [
            { key: 'a', name: 'A', ...first },
            { key: 'b', name: 'B', ...first }
          ]
        },
        'p.json'
      );
    expect(problems(bad)).toEqual([
      'p.json: stages[1] (key "kickoff").key: duplicate key "kickoff" in stages',
      'p.json: stages[1] (key "kickoff").isKickoff: only one of the stages may set isKickoff',
      'p.json: milestones[1] (key "b").firstValue: only one of the milestones may set firstValue'
    ]);
  });

  it('rejects keys that cannot be part of an external key, unknown fields and catch-all playbooks', () => {
    expect(problems(() => parsePlaybook({ ...valid, key: 'Single Call' }, 'p.json'))).toEqual([
      'p.json: key: use lower-case letters and digits joined by - or _ (it becomes part of an external key)'
    ]);
    expect(problems(() => parsePlaybook({ ...valid, stage: [] }, 'p.json'))).toEqual([
      'p.json: (playbook): Unrecognized key: "stage"'
    ]);
    const { implementationType: _, ...everyone } = valid;
    expect(problems(() => parsePlaybook(everyone, 'p.json'))).toEqual([
      'p.json: (playbook): matches every opportunity: set implementationType and/or opportunityTypes, or mark it "default": true'
    ]);
  });

  it('rejects a restricted picklist value Salesforce would refuse', () => {
    expect(problems(() => parsePlaybook({ ...valid, implementationType: 'Single call' }, 'p.json'))[0]).toMatch(
      /^p\.json: implementationType: Invalid option: expected one of "Single Call"\|"Multi-Phase Project"/
    );
  });
});

describe('checkPlaybookSet', () => {
  const entry = (playbook: Playbook, source = `${playbook.key}.json`) => ({ source, playbook });

  it('accepts a set with one default and distinct criteria', () => {
    expect(() => checkPlaybookSet([...all, singleCallUpsell].map((p) => entry(p)))).not.toThrow();
  });

  it('needs exactly one default', () => {
    expect(problems(() => checkPlaybookSet([entry(singleCall)]))).toEqual([
      'exactly one playbook must have "default": true, but none is'
    ]);
    const second = { ...fallback, key: 'other-default', implementationType: 'Single Call' as const };
    expect(problems(() => checkPlaybookSet([entry(fallback), entry(second, 'other.json')]))).toContain(
      'exactly one playbook must have "default": true, but default.json, other.json are'
    );
  });

  it('rejects duplicate keys and playbooks that would match the same opportunities', () => {
    const twin = { ...singleCall, name: 'Copy' };
    const overlapping = { ...upsell, key: 'upsell-2', opportunityTypes: ['Renewal', 'Existing Customer - Upgrade'] };
    expect(
      problems(() =>
        checkPlaybookSet([
          entry(fallback),
          entry(singleCall),
          entry(twin, 'copy.json'),
          entry(upsell),
          entry(overlapping)
        ])
      )
    ).toEqual([
      'copy.json: key: "single-call" is already the key of single-call.json',
      'upsell-2.json: implementationType/opportunityTypes: matches the same opportunities as upsell.json; make one of them more specific'
    ]);
  });
});

describe('selectPlaybook', () => {
  it('matches on implementationType', () => {
    expect(selectPlaybook({ implementationType: 'Single Call', type: 'New Customer' }, all).key).toBe('single-call');
    expect(selectPlaybook({ implementationType: 'Multi-Phase Project', type: null }, all).key).toBe('multi');
  });

  it('falls back to the default playbook', () => {
    expect(selectPlaybook({ implementationType: null, type: 'New Customer' }, all).key).toBe('default');
  });

  it('prefers an opportunityTypes match, e.g. the empty upsell playbook over the implementation type', () => {
    expect(selectPlaybook({ implementationType: 'Single Call', type: 'Existing Customer - Upgrade' }, all).key).toBe(
      'upsell'
    );
    expect(selectPlaybook({ implementationType: null, type: 'Existing Customer - Upgrade' }, all).key).toBe('upsell');
  });

  it('prefers a playbook matching both criteria', () => {
    const set = [...all, singleCallUpsell];
    expect(selectPlaybook({ implementationType: 'Single Call', type: 'Existing Customer - Upgrade' }, set).key).toBe(
      'single-call-upsell'
    );
    expect(
      selectPlaybook({ implementationType: 'Multi-Phase Project', type: 'Existing Customer - Upgrade' }, set).key
    ).toBe('upsell');
  });
});

describe('playbookByKey', () => {
  it('finds a playbook or lists the keys there are', () => {
    expect(playbookByKey('multi', all)).toBe(multiPhase);
    expect(problems(() => playbookByKey('nope', all))).toEqual([
      'no playbook has key "nope"; known keys: single-call, multi, default, upsell'
    ]);
  });
});

describe('planFor', () => {
  const TODAY = '2026-01-20';
  const won = opportunity({ closeDate: '2026-01-15', contractEndDate: '2027-01-15' });

  it("targets the customer's journey milestones at CloseDate + horizonMonths, clamped to the month's end", () => {
    const journey = parsePlaybook(
      {
        key: 'journey',
        name: 'Journey',
        description: 'The customer says where they want to be.',
        default: true,
        stages: [],
        milestones: [
          { key: 'm3', name: 'Own campaigns', kind: 'Customer', horizonMonths: 3 },
          { key: 'm6', name: 'Registrations up 20%', kind: 'Customer', horizonMonths: 6 },
          { key: 'm24', name: 'Second region live', kind: 'Customer', horizonMonths: 24 }
        ],
        reviews: { quarterly: false, renewalReview: false }
      },
      'journey.json'
    );
    const lateInMonth = opportunity({ closeDate: '2025-11-30' });
    expect(
      planFor(lateInMonth, journey, TODAY, DEFAULT_REVIEWS_CONFIG).milestones.map((m) => [
        m.key,
        m.targetDate,
        m.horizonMonths
      ])
    ).toEqual([
      [`${OPP_ID}:m3`, '2026-02-28', 3], // Nov 30 + 3 months: February has 28 days
      [`${OPP_ID}:m6`, '2026-05-30', 6],
      [`${OPP_ID}:m24`, '2027-11-30', 24]
    ]);
  });

  it('plans stages, milestones and reviews with external keys, targets CloseDate + dueDays and sequences', () => {
    const plan = planFor(won, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG);
    expect(plan.stages).toEqual([
      stage({
        key: `${OPP_ID}:kickoff`,
        name: 'Kickoff and training',
        sequence: 1,
        isKickoff: true,
        targetDate: '2026-01-22' // Jan 15 + 7
      })
    ]);
    expect(plan.milestones).toEqual([
      milestone({
        key: `${OPP_ID}:first-report`,
        name: 'First report created',
        sequence: 1,
        targetDate: '2026-01-29', // Jan 15 + 14
        isFirstValue: true,
        usageMetric: 'event:report_created',
        usageThreshold: 1
      }),
      milestone({
        key: `${OPP_ID}:review-asked`,
        name: 'Asked for a review',
        kind: 'Customer',
        sequence: 2,
        targetDate: '2026-05-15', // Jan 15 + 120: 16 + 28 + 31 + 30 + 15
        advocacyAsk: true
      })
    ]);
    expect(plan.reviews.map((r) => [r.key, r.name, r.reviewType, r.sequence, r.dueDate, r.status])).toEqual([
      [`${OPP_ID}:QBR:1`, 'QBR 1', 'QBR', 1, '2026-04-15', 'To Schedule'],
      [`${OPP_ID}:QBR:2`, 'QBR 2', 'QBR', 2, '2026-07-15', 'To Schedule'],
      [`${OPP_ID}:QBR:3`, 'QBR 3', 'QBR', 3, '2026-10-15', 'To Schedule'],
      [`${OPP_ID}:Renewal:1`, 'Renewal Review', 'Renewal Review', 1, '2026-12-04', 'To Schedule']
    ]);
  });

  it('is idempotent: planning again returns only what is missing, by key', () => {
    const first = planFor(won, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG);
    const applied = { ...won, stages: first.stages, milestones: first.milestones, reviews: first.reviews };
    expect(planFor(applied, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG, { reapply: true })).toEqual({
      stages: [],
      milestones: [],
      reviews: []
    });

    // a half-finished earlier write: one milestone and one review made it
    const partial = opportunity({
      ...won,
      milestones: [milestone({ key: `${OPP_ID}:review-asked` })],
      reviews: [review({ key: `${OPP_ID}:QBR:2` })]
    });
    const rest = planFor(partial, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG);
    expect(rest.stages.map((s) => s.key)).toEqual([`${OPP_ID}:kickoff`]);
    expect(rest.milestones.map((m) => m.key)).toEqual([`${OPP_ID}:first-report`]);
    expect(rest.reviews.map((r) => r.key)).toEqual([`${OPP_ID}:QBR:1`, `${OPP_ID}:QBR:3`, `${OPP_ID}:Renewal:1`]);
  });

  it('adds no stages or milestones once the opportunity has stages, but still tops up QBRs', () => {
    const noEnd = opportunity({
      closeDate: '2026-01-15',
      contractEndDate: null,
      stages: [stage({ name: 'Made by hand' })]
    });
    const plan = planFor(noEnd, singleCall, '2026-10-20', DEFAULT_REVIEWS_CONFIG);
    expect(plan.stages).toEqual([]);
    expect(plan.milestones).toEqual([]);
    // QBRs 1–3 are past on 2026-10-20: 3 + 2 = 5 QBRs
    expect(plan.reviews.map((r) => r.name)).toEqual(['QBR 1', 'QBR 2', 'QBR 3', 'QBR 4', 'QBR 5']);
    expect(planFor(noEnd, singleCall, '2026-10-20', DEFAULT_REVIEWS_CONFIG, { reapply: true }).stages).toHaveLength(1);
  });

  it('completes a playbook a stopped run applied in part: its stages landed, its milestones did not', () => {
    const first = planFor(won, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG);
    const stagesOnly = opportunity({ ...won, stages: first.stages, reviews: first.reviews });
    const rest = planFor(stagesOnly, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG);
    expect(rest.stages).toEqual([]);
    expect(rest.milestones).toEqual(first.milestones);
    expect(rest.reviews).toEqual([]);
    // and with one milestone there too, only the others
    const oneMilestone = opportunity({ ...stagesOnly, milestones: first.milestones.slice(0, 1) });
    expect(planFor(oneMilestone, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG).milestones).toEqual(
      first.milestones.slice(1)
    );
  });

  it('completing a playbook leaves out the records deleted since they were written; a fresh apply does not', () => {
    const first = planFor(won, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG);
    const [firstReport, reviewAsked] = first.milestones;
    // the run wrote everything; then someone deleted the "review-asked" milestone
    const applied = opportunity({ ...won, stages: first.stages, milestones: [firstReport!], reviews: first.reviews });
    expect(keysToComplete(applied, singleCall)).toEqual({
      Implementation_Stage__c: [],
      Success_Milestone__c: [`${OPP_ID}:review-asked`]
    });
    const deletedKeys = new Set([reviewAsked!.key as string]);
    expect(planFor(applied, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG, { deletedKeys }).milestones).toEqual([]);
    // sf cairn plan apply, and an opportunity left with no stages at all, plan it again
    expect(
      planFor(applied, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG, { deletedKeys, reapply: true }).milestones
    ).toEqual([reviewAsked]);
    const noStages = opportunity({ ...applied, stages: [] });
    expect(planFor(noStages, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG, { deletedKeys }).milestones).toEqual([
      reviewAsked
    ]);
  });

  it('has nothing to complete for a playbook it never applied: hand-made stages only', () => {
    const handMade = opportunity({ ...won, stages: [stage({ key: null, name: 'Our own kickoff' })] });
    expect(keysToComplete(handMade, singleCall)).toEqual({ Implementation_Stage__c: [], Success_Milestone__c: [] });
    expect(planFor(handMade, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG).milestones).toEqual([]);
  });

  it('does not add a second first-value milestone', () => {
    const handMade = opportunity({ milestones: [milestone({ isFirstValue: true, name: 'Our own first value' })] });
    const plan = planFor(handMade, singleCall, TODAY, DEFAULT_REVIEWS_CONFIG);
    expect(plan.milestones.find((m) => m.key === `${OPP_ID}:first-report`)?.isFirstValue).toBe(false);
  });

  it('plans nothing for an empty playbook', () => {
    expect(planFor(won, upsell, TODAY, DEFAULT_REVIEWS_CONFIG)).toEqual({ stages: [], milestones: [], reviews: [] });
  });
});
