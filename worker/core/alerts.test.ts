import {
  alertConditions,
  alertsConfigSchema,
  clearedWhy,
  DEFAULT_ALERTS_CONFIG,
  type AlertFacts,
  type AlertsConfig
} from './alerts.js';
import { kickoffState } from './kickoff.js';
import { DEFAULT_PEOPLE_CONFIG, keyPeopleOf, personOf } from './people.js';
import { milestone, OPP_ID, review, stage } from './test-support.js';
import type { Contact } from './types.js';

const TODAY = '2026-06-15';

function contact(id: string, name: string, overrides: Partial<Contact> = {}): Contact {
  return {
    id,
    accountId: '001000000000001AAA',
    name,
    email: null,
    lastActivityDate: null,
    productUserId: null,
    leftCompany: false,
    contactType: null,
    engagement: null,
    lastProductActivity: null,
    activeDays30d: null,
    ...overrides
  };
}

/** Facts of an opportunity that fires nothing: kickoff held, grade B, no key people, nothing due. */
function facts(overrides: Partial<AlertFacts> = {}): AlertFacts {
  return {
    opportunity: { id: OPP_ID, name: 'Acme renewal', closeDate: '2026-06-01', ownerId: '005OWNER', csOwnerId: null },
    today: TODAY,
    kickoff: kickoffState({ kickoffDate: '2026-06-03', stages: [] }, TODAY),
    milestones: [],
    reviews: [],
    health: { score: 72, grade: 'B', drivers: 'recency: 100 (last activity 1 day ago)' },
    nextGrade: null,
    keyPeople: [],
    adoption: [],
    ...overrides
  };
}

const withConfig = (overrides: Partial<AlertsConfig> = {}): AlertsConfig => ({
  ...DEFAULT_ALERTS_CONFIG,
  ...overrides
});
const rulesOf = (found: ReturnType<typeof alertConditions>) => found.map((a) => a.key);

describe('kickoff-overdue (DESIGN §9.5)', () => {
  const notHeld = (closeDate: string) =>
    facts({
      opportunity: { ...facts().opportunity, closeDate },
      kickoff: kickoffState(
        {
          kickoffDate: null,
          stages: [stage({ isKickoff: true, name: 'Kickoff call', status: 'To Do', targetDate: '2026-06-10' })]
        },
        TODAY
      )
    });

  it('fires when the kickoff is not held and CloseDate is exactly 7 days ago, High, due in 2 days, with the evidence', () => {
    const [alert] = alertConditions(notHeld('2026-06-08'), withConfig());
    expect(alert).toEqual({
      key: `${OPP_ID}:kickoff-overdue`,
      rule: 'kickoff-overdue',
      target: null,
      subject: 'Cairn: hold the kickoff call — Acme renewal',
      description:
        'Won on 2026-06-08 (7 days ago) and the kickoff call is not held yet.\n' +
        'Kickoff stage "Kickoff call": To Do, target 2026-06-10.\n' +
        'Cairn raises this 7 days after the close.',
      priority: 'High',
      dueDate: '2026-06-17',
      whoId: null
    });
  });

  it('does not fire 6 days after the close, nor once the kickoff is held', () => {
    expect(alertConditions(notHeld('2026-06-09'), withConfig())).toEqual([]);
    const held = notHeld('2026-05-01');
    held.kickoff = kickoffState({ kickoffDate: '2026-05-10', stages: [] }, TODAY);
    expect(alertConditions(held, withConfig())).toEqual([]);
  });

  it('follows alerts.kickoffOverdueDays and can be turned off', () => {
    expect(rulesOf(alertConditions(notHeld('2026-06-12'), withConfig({ kickoffOverdueDays: 3 })))).toEqual([
      `${OPP_ID}:kickoff-overdue`
    ]);
    const off = withConfig({ rules: { ...DEFAULT_ALERTS_CONFIG.rules, 'kickoff-overdue': false } });
    expect(alertConditions(notHeld('2026-05-01'), off)).toEqual([]);
  });

  it('says why it cleared: the held date', () => {
    const held = facts({ kickoff: kickoffState({ kickoffDate: '2026-06-12', stages: [] }, TODAY) });
    expect(clearedWhy('kickoff-overdue', null, held)).toBe('the kickoff call was held on 2026-06-12');
  });
});

describe('first-value-overdue', () => {
  const firstValue = milestone({
    id: 'a01FV',
    name: 'First report shared',
    isFirstValue: true,
    status: 'Missed',
    targetDate: '2026-06-10',
    usageMetric: 'event:report_shared',
    usageThreshold: 3
  });

  it('fires while the first-value milestone is Missed, naming its target and threshold', () => {
    const [alert] = alertConditions(facts({ milestones: [firstValue] }), withConfig());
    expect(alert?.key).toBe(`${OPP_ID}:first-value-overdue`);
    expect(alert?.priority).toBe('High');
    expect(alert?.description).toBe(
      'First-value milestone "First report shared" was due 2026-06-10 and is Missed.\n' +
        'It is reached when event:report_shared reaches 3.'
    );
  });

  it('does not fire while it is Planned, and clears with the day first value was reached', () => {
    expect(alertConditions(facts({ milestones: [{ ...firstValue, status: 'Planned' }] }), withConfig())).toEqual([]);
    const reached = facts({ milestones: [{ ...firstValue, status: 'Achieved', achievedAt: '2026-06-14T09:30:00Z' }] });
    expect(clearedWhy('first-value-overdue', null, reached)).toBe('first value was reached on 2026-06-14');
  });
});

describe('health-at-risk', () => {
  it('fires for D and F with the drivers and the recovery path, not for C', () => {
    const atRisk = facts({
      health: { score: 41, grade: 'D', drivers: 'seat_utilization: 0 (5% of seats active)' },
      nextGrade: 'C at 55: activate 3 more seats (5% → 20%)'
    });
    const [alert] = alertConditions(atRisk, withConfig());
    expect(alert?.subject).toBe('Cairn: health is D (41) — Acme renewal');
    expect(alert?.description).toBe(
      'Health 41, grade D. What costs it points:\n' +
        'seat_utilization: 0 (5% of seats active)\n' +
        'Recovery path: C at 55: activate 3 more seats (5% → 20%)'
    );
    expect(rulesOf(alertConditions(facts({ health: { score: 12, grade: 'F', drivers: 'x' } }), withConfig()))).toEqual([
      `${OPP_ID}:health-at-risk`
    ]);
    expect(alertConditions(facts({ health: { score: 55, grade: 'C', drivers: 'x' } }), withConfig())).toEqual([]);
    expect(clearedWhy('health-at-risk', null, facts({ health: { score: 55, grade: 'C', drivers: 'x' } }))).toBe(
      'health is C (55) now'
    );
  });
});

describe('key people', () => {
  const quiet = contact('003QUIET', 'Dana Quiet', { lastActivityDate: '2026-04-01' });
  const left = contact('003LEFT', 'Lee Left', { leftCompany: true });
  const engaged = contact('003ENG', 'Eve Engaged', { lastActivityDate: '2026-06-14' });
  const people = [quiet, left, engaged].map((c) => personOf(c, [], TODAY, DEFAULT_PEOPLE_CONFIG));
  const keyPeople = keyPeopleOf(
    [
      { contactId: quiet.id, role: 'Executive Sponsor', isPrimary: false },
      { contactId: left.id, role: 'Decision Maker', isPrimary: false },
      { contactId: engaged.id, role: 'Decision Maker', isPrimary: false }
    ],
    people,
    TODAY,
    DEFAULT_PEOPLE_CONFIG
  );

  it('a Left key person fires key-person-left (High), a quiet one key-person-quiet (Normal), each naming the contact', () => {
    const found = alertConditions(facts({ keyPeople }), withConfig());
    expect(found.map((a) => [a.key, a.priority, a.whoId])).toEqual([
      [`${OPP_ID}:key-person-left:003LEFT`, 'High', '003LEFT'],
      [`${OPP_ID}:key-person-quiet:003QUIET`, 'Normal', '003QUIET']
    ]);
    expect(found[1]?.description).toBe(
      'Dana Quiet, Executive Sponsor on this deal, is not engaged: last touch 2026-04-01 (75 days ago).\n' +
        'Product engagement: Never Active.'
    );
    expect(found[1]?.dueDate).toBe('2026-06-22');
  });

  it('says why each cleared: engaged again, left, or no longer a key person', () => {
    const after = keyPeopleOf(
      [{ contactId: quiet.id, role: 'Executive Sponsor', isPrimary: false }],
      [personOf({ ...quiet, lastActivityDate: '2026-06-15' }, [], TODAY, DEFAULT_PEOPLE_CONFIG)],
      TODAY,
      DEFAULT_PEOPLE_CONFIG
    );
    expect(clearedWhy('key-person-quiet', '003QUIET', facts({ keyPeople: after }))).toBe(
      'Dana Quiet is engaged again (last touch 2026-06-15)'
    );
    expect(clearedWhy('key-person-left', '003LEFT', facts({ keyPeople: after }))).toBe(
      'they are no longer a key person of this opportunity'
    );
  });
});

describe('review-to-schedule', () => {
  const qbr = (dueDate: string) =>
    review({ id: 'a02QBR', name: 'QBR 1', reviewType: 'QBR', status: 'To Schedule', dueDate });

  it('fires for a review To Schedule due in exactly 30 days, due by today + 7', () => {
    const [alert] = alertConditions(facts({ reviews: [qbr('2026-07-15')] }), withConfig());
    expect(alert).toMatchObject({
      key: `${OPP_ID}:review-to-schedule:a02QBR`,
      subject: 'Cairn: schedule the QBR "QBR 1" — Acme renewal',
      description:
        'QBR "QBR 1" is due 2026-07-15 (in 30 days) and is not scheduled yet.\nBook it with the customer and set Scheduled At.',
      dueDate: '2026-06-22'
    });
  });

  it('a review this run creates is named by its key until its Id is known; one made by hand and not yet read is skipped', () => {
    const planned = { ...qbr('2026-07-15'), id: null, key: `${OPP_ID}:QBR:1` };
    expect(rulesOf(alertConditions(facts({ reviews: [planned] }), withConfig()))).toEqual([
      `${OPP_ID}:review-to-schedule:{${OPP_ID}:QBR:1}`
    ]);
    expect(alertConditions(facts({ reviews: [{ ...planned, key: null }] }), withConfig())).toEqual([]);
  });

  it('does not fire 31 days ahead, nor once Scheduled, nor 30 days overdue; one overdue by less is due today', () => {
    expect(alertConditions(facts({ reviews: [qbr('2026-07-16')] }), withConfig())).toEqual([]);
    expect(alertConditions(facts({ reviews: [{ ...qbr('2026-07-01'), status: 'Scheduled' }] }), withConfig())).toEqual(
      []
    );
    const [soon] = alertConditions(facts({ reviews: [qbr('2026-06-18')] }), withConfig());
    expect(soon?.dueDate).toBe('2026-06-18');
    const [overdue] = alertConditions(facts({ reviews: [qbr('2026-06-10')] }), withConfig());
    expect(overdue?.dueDate).toBe(TODAY);
    expect(overdue?.description).toContain('(5 days overdue)');
    expect(rulesOf(alertConditions(facts({ reviews: [qbr('2026-05-17')] }), withConfig()))).toHaveLength(1);
    expect(alertConditions(facts({ reviews: [qbr('2026-05-16')] }), withConfig())).toEqual([]);
    expect(clearedWhy('review-to-schedule', 'a02QBR', facts({ reviews: [qbr('2026-05-16')] }))).toBe(
      'the review was due 2026-05-16 and is still not scheduled: Cairn stops asking'
    );
  });

  it('clears when the review is Scheduled, Completed, Cancelled or deleted', () => {
    expect(
      clearedWhy('review-to-schedule', 'a02QBR', facts({ reviews: [{ ...qbr('2026-07-01'), status: 'Completed' }] }))
    ).toBe('the review is Completed');
    expect(clearedWhy('review-to-schedule', 'a02QBR', facts())).toBe('the review was deleted');
  });
});

describe('feature-not-adopted (DESIGN §9.7)', () => {
  // won 2026-05-01; Automations released 2026-05-16, available since: 30 days on 06-15
  const wonInMay = (overrides: Partial<AlertFacts>) =>
    facts({ opportunity: { ...facts().opportunity, closeDate: '2026-05-01' }, ...overrides });
  const automations = {
    key: 'automations',
    name: 'Automations',
    releasedOn: '2026-05-16',
    availableOn: '2026-05-16',
    adoptedAt: null,
    daysAvailable: 30
  };

  it('fires for a feature released after the close and not adopted exactly 30 days after release', () => {
    const [alert] = alertConditions(wonInMay({ adoption: [automations] }), withConfig());
    expect(alert).toMatchObject({
      key: `${OPP_ID}:feature-not-adopted:automations`,
      subject: 'Cairn: introduce Automations — Acme renewal',
      description:
        'Automations was released on 2026-05-16, after this deal closed, and is not in use 30 days later.\n' +
        'Tell every stakeholder, decision makers included, and offer a "new feature" call.',
      priority: 'Normal'
    });
  });

  it('does not fire at 29 days, once adopted, or for a feature the customer bought with the deal', () => {
    expect(alertConditions(wonInMay({ adoption: [{ ...automations, daysAvailable: 29 }] }), withConfig())).toEqual([]);
    const adopted = { ...automations, adoptedAt: '2026-06-14T10:00:00Z' };
    expect(alertConditions(wonInMay({ adoption: [adopted] }), withConfig())).toEqual([]);
    const bought = { ...automations, releasedOn: '2026-04-10', availableOn: '2026-05-01', daysAvailable: 45 };
    expect(alertConditions(wonInMay({ adoption: [bought] }), withConfig())).toEqual([]);
    expect(clearedWhy('feature-not-adopted', 'automations', facts({ adoption: [adopted] }))).toBe(
      'Automations is in use since 2026-06-14'
    );
  });
});

describe('expansion-signal and advocacy-ask', () => {
  it('fire for an Achieved milestone with the flag, one Task per flag', () => {
    const achieved = milestone({
      id: 'a01EXP',
      name: 'Ten teams live',
      status: 'Achieved',
      achievedAt: '2026-06-12T08:00:00Z',
      expansionSignal: true,
      advocacyAsk: true
    });
    expect(rulesOf(alertConditions(facts({ milestones: [achieved] }), withConfig()))).toEqual([
      `${OPP_ID}:expansion-signal:a01EXP`,
      `${OPP_ID}:advocacy-ask:a01EXP`
    ]);
    expect(alertConditions(facts({ milestones: [{ ...achieved, status: 'Planned' }] }), withConfig())).toEqual([]);
  });
});

describe('the alerts section of config/cairn.json', () => {
  it('defaults every rule on, and refuses an unknown rule or a negative number by name', () => {
    expect(alertsConfigSchema.parse({ rules: { 'key-person-quiet': false } }).rules).toEqual({
      ...DEFAULT_ALERTS_CONFIG.rules,
      'key-person-quiet': false
    });
    const bad = alertsConfigSchema.safeParse({ rules: { 'kickof-overdue': false }, reviewLeadDays: -1 });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((issue) => [issue.path.join('.'), issue.code]);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['rules', 'unrecognized_keys'],
        ['reviewLeadDays', 'too_small']
      ])
    );
  });
});
