import {
  assessSupport,
  casesInPeriod,
  costlyCases,
  DEFAULT_SUPPORT_CONFIG,
  openCaseCount,
  supportAbsentOnceClosed,
  supportConfigSchema
} from './support.js';
import type { SupportCase } from './types.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const config = DEFAULT_SUPPORT_CONFIG;
const DAY = 24 * 60 * 60 * 1000;

/** A case created `daysAgo` days before NOW (fractions allowed), open and of Medium priority unless told. */
function supportCase(daysAgo: number, overrides: Partial<SupportCase> = {}): SupportCase {
  return {
    id: `500${Math.random().toString(36).slice(2, 14)}`,
    accountId: '001000000000001AAA',
    subject: 'Cannot export',
    priority: 'Medium',
    isEscalated: false,
    isClosed: false,
    createdAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
    closedAt: null,
    productFeature: null,
    ...overrides
  };
}

function closed(daysAgo: number, closedDaysAgo: number, overrides: Partial<SupportCase> = {}): SupportCase {
  return supportCase(daysAgo, {
    isClosed: true,
    closedAt: new Date(NOW.getTime() - closedDaysAgo * DAY).toISOString(),
    ...overrides
  });
}

describe('support: 100 − 30 × open high-priority or escalated − 10 × other open cases older than 7 days', () => {
  it('is absent without an account, or with no open case and none created in the last 90 days', () => {
    expect(assessSupport(null, NOW, config)).toEqual({ score: null, explanation: 'the opportunity has no account' });
    expect(assessSupport([], NOW, config)).toEqual({
      score: null,
      explanation: 'no open case and none created in the last 90 days'
    });
    // created exactly 90 days ago: not "in the last 90 days", (now − 90 d, now]
    expect(assessSupport([closed(90, 80)], NOW, config).score).toBeNull();
    expect(assessSupport([closed(200, 1)], NOW, config).score).toBeNull(); // closed recently, opened long ago
  });

  it('is present, at 100, for a case created one second inside the lookback and closed since', () => {
    const justInside = closed(90 - 1 / 86_400, 80);
    expect(assessSupport([justInside], NOW, config)).toEqual({
      score: 100,
      explanation: 'no open case; 1 case created in the last 90 days, all closed'
    });
  });

  it('does not count a case exactly 7 days old as older than 7 days; one millisecond more does', () => {
    expect(assessSupport([supportCase(7)], NOW, config)).toEqual({
      score: 100,
      explanation: '1 open case, none high-priority, escalated or older than 7 days'
    });
    expect(assessSupport([supportCase(7 + 1 / DAY)], NOW, config)).toEqual({
      score: 90,
      explanation: '1 open case older than 7 days'
    });
  });

  it('costs 30 for each open High or escalated case (once for one that is both), whatever its age', () => {
    expect(assessSupport([supportCase(1, { priority: 'High' })], NOW, config)).toEqual({
      score: 70,
      explanation: '1 open high-priority case'
    });
    expect(assessSupport([supportCase(1, { isEscalated: true })], NOW, config)).toEqual({
      score: 70,
      explanation: '1 open escalated case'
    });
    expect(assessSupport([supportCase(20, { priority: 'High', isEscalated: true })], NOW, config).score).toBe(70);
  });

  it('adds the costs: 1 high-priority + 1 stale = 100 − 30 − 10 = 60 (DESIGN §9.4 example)', () => {
    const cases = [
      supportCase(2, { priority: 'High' }),
      supportCase(12),
      supportCase(3),
      closed(5, 1, { priority: 'High' })
    ];
    expect(assessSupport(cases, NOW, config)).toEqual({
      score: 60,
      explanation: '1 open high-priority case, 1 open case older than 7 days'
    });
  });

  it('clamps at 0 and counts an open case older than the lookback', () => {
    const many = [1, 2, 3, 4].map((d) => supportCase(d, { priority: 'High' }));
    expect(assessSupport(many, NOW, config).score).toBe(0); // 100 − 120 → 0
    expect(assessSupport([supportCase(200)], NOW, config)).toEqual({
      score: 90,
      explanation: '1 open case older than 7 days'
    });
  });

  it('takes its numbers from config', () => {
    const strict = { staleDays: 2, lookbackDays: 30, highPriorityPenalty: 50, stalePenalty: 25 };
    const cases = [supportCase(3), supportCase(1), supportCase(1, { priority: 'High' })];
    expect(assessSupport(cases, NOW, strict)).toEqual({
      score: 25, // 100 − 50 − 25
      explanation: '1 open high-priority case, 1 open case older than 2 days'
    });
    expect(assessSupport([closed(31, 1)], NOW, strict).score).toBeNull();
  });
});

describe('case counts', () => {
  it('Open_Support_Cases__c counts every open case', () => {
    expect(openCaseCount([supportCase(1), supportCase(200, { priority: 'High' }), closed(3, 1)])).toBe(2);
    expect(openCaseCount([])).toBe(0);
  });

  it('the value summary counts cases opened and closed from a day to today, both included', () => {
    const cases = [
      supportCase(10), // opened 2026-06-05
      closed(40, 9), // opened 2026-05-06, closed 2026-06-06
      closed(12, 11), // opened 2026-06-03, closed 2026-06-04
      supportCase(11.6) // opened 2026-06-03T21:36Z
    ];
    expect(casesInPeriod(cases, '2026-06-04', '2026-06-15')).toEqual({ opened: 1, closed: 2 });
    expect(casesInPeriod(cases, '2026-06-03', '2026-06-15')).toEqual({ opened: 3, closed: 2 });
  });
});

describe('the recovery path’s view of support', () => {
  it('says closing every costly case leaves the measure absent only when no other case is open or recent', () => {
    const absent = (cases: SupportCase[]) =>
      supportAbsentOnceClosed(cases, costlyCases(cases, NOW, config), NOW, config);
    expect(absent([supportCase(120), supportCase(100, { priority: 'High' })])).toBe(true);
    expect(absent([supportCase(120), supportCase(3)])).toBe(false); // a recent open case stays
    expect(absent([supportCase(120), closed(10, 5)])).toBe(false); // a case created in the lookback
  });
});

describe('the support section of cairn.json', () => {
  it('defaults to DESIGN §9.4 and refuses what is not a number of days or points', () => {
    expect(supportConfigSchema.parse({})).toEqual({
      staleDays: 7,
      lookbackDays: 90,
      highPriorityPenalty: 30,
      stalePenalty: 10
    });
    expect(supportConfigSchema.safeParse({ staleDays: 0 }).success).toBe(false);
    expect(supportConfigSchema.safeParse({ highPriorityPenalty: 101 }).success).toBe(false);
    expect(supportConfigSchema.safeParse({ weight: 10 }).success).toBe(false);
  });
});
