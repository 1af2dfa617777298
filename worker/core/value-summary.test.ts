import { DEFAULT_REVIEWS_CONFIG } from './reviews.js';
import { milestone, review } from './test-support.js';
import {
  needsValueSummary,
  periodStart,
  summaryPeriodStarts,
  valueSummary,
  type ValueSummaryInputs
} from './value-summary.js';

const config = DEFAULT_REVIEWS_CONFIG; // summaries for reviews due within 30 days
const TODAY = '2026-06-20';
const CLOSE = '2026-01-15';
const qbr1 = review({ name: 'QBR 1', sequence: 1, dueDate: '2026-04-15', status: 'Completed' });
const qbr2 = review({ name: 'QBR 2', sequence: 2, dueDate: '2026-07-15' });

describe('needsValueSummary: open and due within the next 30 days', () => {
  // today + 30 = 2026-07-20
  it.each([
    ['2026-06-20', 'To Schedule', true], // due today
    ['2026-07-20', 'Scheduled', true], // the last day of the window
    ['2026-07-21', 'To Schedule', false],
    ['2026-06-19', 'To Schedule', false], // overdue: left as last written
    ['2026-07-01', 'Completed', false],
    ['2026-07-01', 'Cancelled', false]
  ] as const)('due %s, %s → %s', (dueDate, status, expected) => {
    expect(needsValueSummary(review({ dueDate, status }), TODAY, config)).toBe(expected);
  });
});

describe('periodStart', () => {
  it('is the due date of the previous review, skipping cancelled ones, else the close date', () => {
    expect(periodStart(qbr2, [qbr1, qbr2], CLOSE)).toBe('2026-04-15');
    const cancelled = { ...qbr1, status: 'Cancelled' as const };
    expect(periodStart(qbr2, [cancelled, qbr2], CLOSE)).toBe(CLOSE);
    expect(periodStart(qbr1, [qbr1, qbr2], CLOSE)).toBe(CLOSE);
  });
});

describe('summaryPeriodStarts', () => {
  it('lists the period starts of the reviews that get a summary', () => {
    const qbr3 = review({ name: 'QBR 3', sequence: 3, dueDate: '2026-10-15' }); // outside the window
    expect(summaryPeriodStarts([qbr1, qbr2, qbr3], CLOSE, TODAY, config)).toEqual(['2026-04-15']);
  });
});

describe('valueSummary', () => {
  const inputs: ValueSummaryInputs = {
    review: qbr2,
    reviews: [qbr1, qbr2],
    closeDate: CLOSE,
    cases: [],
    casesReadFrom: '2026-03-17',
    answers: [],
    users: [],
    milestones: [
      milestone({
        name: 'First report created',
        status: 'Achieved',
        achievedAt: '2026-02-01T09:00:00Z',
        isFirstValue: true
      }),
      milestone({ name: 'First campaign sent', status: 'Achieved', achievedAt: '2026-05-02T10:00:00Z' }),
      milestone({ name: 'Integration connected', status: 'Achieved', achievedAt: '2026-04-15T08:00:00Z' }),
      milestone({ name: 'Ten people active', status: 'Planned' })
    ],
    adoption: [],
    onboarded: { onboarded: true, onboardedDate: '2026-02-01', daysToFirstValue: 17 },
    activeUsersNow: 14,
    activeUsersAt: { '2026-04-15': 9 },
    health: {
      score: 78,
      grade: 'B',
      trend: 6,
      drivers:
        '-12.0 seat_utilization: 36% of seats active (target 60%)\n-5.0 recency: last activity 7 days ago (target within 3 days)'
    },
    today: TODAY
  };

  it('writes the period, users, milestones reached in it, onboarding and health as plain lines', () => {
    expect(valueSummary(inputs, config)).toBe(
      [
        'QBR 2, due 2026-07-15',
        'Period: 2026-04-15 to 2026-07-15 (since QBR 1)',
        'Active users (30 days): 14 now, 9 at 2026-04-15',
        'Milestones reached in the period:',
        '- 2026-04-15 Integration connected', // on the period's first day: counted
        '- 2026-05-02 First campaign sent',
        'Onboarded: 2026-02-01 (17 days to first value)',
        'Health: 78 (B), trend +6',
        '-12.0 seat_utilization: 36% of seats active (target 60%)',
        '-5.0 recency: last activity 7 days ago (target within 3 days)'
      ].join('\n')
    );
  });

  it('lists the features adopted in the period, none when no feature was', () => {
    const feature = (name: string, adoptedAt: string | null) => ({
      key: name.toLowerCase(),
      name,
      releasedOn: '2023-01-16',
      availableOn: CLOSE,
      adoptedAt,
      daysAvailable: 156
    });
    const lines = (adoption: ReturnType<typeof feature>[]) =>
      valueSummary({ ...inputs, adoption }, config)
        ?.split('\n')
        .slice(6, -4);
    expect(
      lines([
        feature('Custom Reports', '2026-02-01T09:00:00Z'), // before the period
        feature('Shared Dashboards', '2026-05-20T11:00:00Z'),
        feature('Email Campaigns', '2026-04-15T00:00:00Z'), // on its first day: counted
        feature('Team Invitations', null)
      ])
    ).toEqual(['Features adopted in the period:', '- 2026-04-15 Email Campaigns', '- 2026-05-20 Shared Dashboards']);
    expect(lines([feature('Team Invitations', null)])).toEqual(['Features adopted in the period: none']);
  });

  it('counts the first period from the close date and says what it does not know', () => {
    const first = review({ name: 'QBR 1', dueDate: '2026-04-15' });
    const text = valueSummary(
      {
        ...inputs,
        review: first,
        reviews: [first],
        milestones: [],
        onboarded: { onboarded: false, onboardedDate: null, daysToFirstValue: null },
        activeUsersAt: {},
        health: { score: null, grade: null, trend: null, drivers: null },
        today: '2026-04-01'
      },
      config
    );
    expect(text).toBe(
      [
        'QBR 1, due 2026-04-15',
        'Period: 2026-01-15 to 2026-04-15 (since the close date)',
        'Active users (30 days): 14 now, unknown at 2026-01-15',
        'Milestones reached in the period: none',
        'Onboarded: not yet (first value not reached)',
        'Health: not scored (no health measure present)'
      ].join('\n')
    );
  });

  it('says when there is no usage, and prints a falling trend with its sign', () => {
    const text = valueSummary(
      { ...inputs, activeUsersNow: null, health: { ...inputs.health, trend: -4, drivers: null } },
      config
    );
    expect(text?.split('\n')[2]).toBe(
      'Active users: no product usage linked (the account has no Product_Account_Id__c)'
    );
    expect(text?.split('\n').at(-1)).toBe('Health: 78 (B), trend -4');
  });

  it('adds the users active in the period, naming those active before it and not since, newest first', () => {
    // QBR 2's period starts 2026-04-15
    const users = [
      { name: 'Ann Lee', lastActivity: '2026-06-01T10:00:00Z' },
      { name: 'u-17', lastActivity: '2026-04-15T00:00:00Z' }, // on the first day: active
      { name: 'Bo Chen', lastActivity: '2026-04-14T23:59:00Z' },
      { name: 'Cy Diaz', lastActivity: '2026-03-01T10:00:00Z' },
      ...['Di', 'Ed', 'Fay', 'Gus'].map((name, i) => ({ name, lastActivity: `2026-02-0${i + 1}T10:00:00Z` }))
    ];
    const lines = valueSummary({ ...inputs, users }, config)?.split('\n');
    expect(lines?.[3]).toBe(
      'Users active in the period: 2 of 8 (not since 2026-04-15: Bo Chen, Cy Diaz, Gus, Fay, Ed and 1 more)'
    );
    expect(valueSummary({ ...inputs, users: users.slice(0, 2) }, config)?.split('\n')[3]).toBe(
      'Users active in the period: 2 of 2'
    );
  });

  it('adds the period’s cases and answers when there are any, cases only as far back as they were read', () => {
    const supportCase = (createdAt: string, closedAt: string | null) => ({
      id: createdAt,
      accountId: '001',
      subject: null,
      priority: 'Medium',
      isEscalated: false,
      isClosed: closedAt !== null,
      createdAt,
      closedAt,
      productFeature: null
    });
    const text = valueSummary(
      {
        ...inputs,
        casesReadFrom: '2026-05-01', // after the period's start (2026-04-15)
        cases: [supportCase('2026-05-02T10:00:00Z', null), supportCase('2026-03-01T10:00:00Z', '2026-05-20T10:00:00Z')],
        answers: [
          { aspect: 'service', level: 'Unsatisfied', on: '2026-05-03', at: 'Training', nps: null },
          { aspect: 'product', level: 'Satisfied', on: '2026-04-10', at: 'QBR 1', nps: null } // before the period
        ]
      },
      config
    )?.split('\n');
    expect(lines(text)).toEqual([
      'Support cases since 2026-05-01: 1 opened, 1 closed',
      'Satisfaction in the period: 0 of 1 answer satisfied (service unsatisfied at Training)'
    ]);
    function lines(all: string[] | undefined): string[] {
      return (all ?? []).filter((l) => l.startsWith('Support') || l.startsWith('Satisfaction'));
    }
  });

  it('is null for a review that needs no summary', () => {
    expect(valueSummary({ ...inputs, review: qbr1 }, config)).toBeNull();
  });
});
