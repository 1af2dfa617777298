import { DEFAULT_HEALTH_CONFIG, gradeFor, healthConfigSchema, scoreHealth, type HealthConfig } from './health.js';
import { metrics, milestone, NO_SIGNALS, onlyWeights, stage } from './test-support.js';
import type { UsageMetrics } from './types.js';

const TODAY = '2026-06-15';
const config = DEFAULT_HEALTH_CONFIG;

function measure(key: string, usage: UsageMetrics | null, extra: Partial<Parameters<typeof scoreHealth>[0]> = {}) {
  const result = scoreHealth(
    { metrics: usage, milestones: [], stages: [], today: TODAY, ...NO_SIGNALS, ...extra },
    config
  );
  const found = result.measures.find((m) => m.key === key);
  if (!found) throw new Error(`no measure ${key}`);
  return found;
}

describe('seat_utilization: linear from 10% → 0 to 60% → 100, clamped', () => {
  it.each([
    [5, 0], // below 10% clamps to 0
    [10, 0],
    [22, 24], // (22 − 10) / (60 − 10) × 100 = 24
    [35, 50], // (35 − 10) / 50 × 100 = 50
    [60, 100],
    [80, 100] // above 60% clamps to 100
  ])('%d%% of seats active scores %d', (utilization, expected) => {
    expect(measure('seat_utilization', metrics({ seatUtilization: utilization })).score).toBeCloseTo(expected, 5);
  });

  it('is absent when seats are blank or 0 (the store gives null) and when there is no usage', () => {
    expect(measure('seat_utilization', metrics({ seatUtilization: null })).line).toBe(
      'absent seat_utilization: no licensed seats on the opportunity'
    );
    expect(measure('seat_utilization', null).score).toBeNull();
  });
});

describe('activity_trend: users last 30 days ÷ the 30 before, ≤ 0.5 → 0, ≥ 1.0 → 100', () => {
  it.each([
    [4, 10, 0], // 0.4 clamps to 0
    [5, 10, 0], // 0.5
    [8, 10, 60], // (0.8 − 0.5) / (1.0 − 0.5) × 100 = 60
    [3, 4, 50], // (0.75 − 0.5) / 0.5 × 100 = 50
    [10, 10, 100],
    [15, 10, 100], // 1.5 clamps to 100
    [0, 5, 0],
    [5, 0, 100] // new users where there were none: growth
  ])('%d now vs %d before scores %d', (now, before, expected) => {
    const usage = metrics({ activeUsers30d: now, activeUsersPrior30d: before });
    expect(measure('activity_trend', usage).score).toBeCloseTo(expected, 5);
  });

  it('explains itself, and is absent when both windows are empty', () => {
    expect(measure('activity_trend', metrics({ activeUsers30d: 5, activeUsersPrior30d: 0 })).line).toBe(
      '-0.0 activity_trend: 5 active users in the last 30 days, none in the 30 days before'
    );
    expect(measure('activity_trend', metrics({ activeUsers30d: 0, activeUsersPrior30d: 0 })).line).toBe(
      'absent activity_trend: no active users in either 30-day window'
    );
  });
});

describe('milestones: share of those due by today that are Achieved', () => {
  it('counts milestones with a target on or before today; later and undated ones do not count', () => {
    const milestones = [
      milestone({ targetDate: '2026-05-01', status: 'Achieved' }),
      milestone({ targetDate: TODAY, status: 'Achieved' }), // due today counts
      milestone({ targetDate: '2026-06-01', status: 'Missed' }),
      milestone({ targetDate: '2026-07-01', status: 'Achieved' }), // not due yet
      milestone({ targetDate: null, status: 'Planned' })
    ];
    const m = measure('milestones', null, { milestones });
    expect(m.score).toBeCloseTo((100 * 2) / 3, 9); // 2 of 3 due
    expect(m.line).toMatch(/^-\d+\.\d milestones: 2 of 3 milestones due by today achieved$/);
  });

  it('is absent when none is due', () => {
    const m = measure('milestones', null, { milestones: [milestone({ targetDate: '2026-06-16' })] });
    expect(m.line).toBe('absent milestones: no milestones due yet');
  });
});

describe('implementation: share of stages due by today that are Done', () => {
  it('counts stages with a target on or before today', () => {
    const stages = [
      stage({ targetDate: '2026-02-01', status: 'Done' }),
      stage({ targetDate: '2026-03-01', status: 'In Progress' }),
      stage({ targetDate: '2026-04-01', status: 'On Hold' }),
      stage({ targetDate: TODAY, status: 'Scheduled' }),
      stage({ targetDate: '2026-09-01', status: 'Done' }) // not due
    ];
    expect(measure('implementation', null, { stages }).score).toBe(25); // 1 of 4
  });

  it('is absent when none is due', () => {
    expect(measure('implementation', null, { stages: [stage()] }).line).toBe(
      'absent implementation: no implementation stages due yet'
    );
  });
});

describe('recency: whole UTC days since the last event, ≤ 3 → 100, ≥ 30 → 0', () => {
  it.each([
    ['2026-06-15T01:00:00Z', 100, 'last activity today (target within 3 days)'],
    ['2026-06-12T23:59:00Z', 100, 'last activity 3 days ago (target within 3 days)'], // Jun 12 → Jun 15
    ['2026-06-05T10:00:00Z', (100 * (30 - 10)) / (30 - 3), 'last activity 10 days ago (target within 3 days)'], // 74.07
    ['2026-05-16T00:00:00Z', 0, 'last activity 30 days ago (target within 3 days)'],
    ['2026-05-01T00:00:00Z', 0, 'last activity 45 days ago (target within 3 days)']
  ])('last event %s scores %d', (lastActivity, expected, explanation) => {
    const m = measure('recency', metrics({ lastActivity }));
    expect(m.score).toBeCloseTo(expected, 5);
    expect(m.line.endsWith(`recency: ${explanation}`)).toBe(true);
  });

  it('is 0 with no activity ever, and absent without usage at all', () => {
    expect(measure('recency', metrics({ lastActivity: null })).score).toBe(0);
    expect(measure('recency', null).line).toBe(
      'absent recency: no product usage: the account has no Product_Account_Id__c'
    );
  });
});

describe('scoreHealth', () => {
  // seat 35% → 50, trend 8/10 → 60, milestones 2 of 3 → 66.667, implementation 1 of 4 → 25,
  // recency 10 days → 74.074.
  const allPresent = {
    metrics: metrics({
      seatUtilization: 35,
      activeUsers30d: 8,
      activeUsersPrior30d: 10,
      lastActivity: '2026-06-05T10:00:00Z'
    }),
    milestones: [
      milestone({ targetDate: '2026-03-01', status: 'Achieved' }),
      milestone({ targetDate: '2026-04-01', status: 'Achieved' }),
      milestone({ targetDate: '2026-05-01', status: 'Missed' })
    ],
    stages: [
      stage({ targetDate: '2026-02-01', status: 'Done' }),
      stage({ targetDate: '2026-03-01', status: 'In Progress' }),
      stage({ targetDate: '2026-04-01', status: 'To Do' }),
      stage({ targetDate: '2026-05-01', status: 'To Do' })
    ],
    today: TODAY,
    ...NO_SIGNALS
  };

  it('weights every measure, grades the rounded score and lists drivers worst first', () => {
    // Σ w·s = 30×50 + 20×60 + 20×66.667 + 15×25 + 15×74.074 = 1500 + 1200 + 1333.33 + 375 + 1111.11
    //       = 5519.44; / Σw 100 = 55.19 → 55 → C (55 ≤ 55 < 70)
    // points lost: seat 30×50/100 = 15.0; implementation 15×75/100 = 11.25 → 11.3;
    // trend 20×40/100 = 8.0; milestones 20×33.33/100 = 6.67 → 6.7; recency 15×25.93/100 = 3.89 → 3.9
    const result = scoreHealth(allPresent, config);
    expect(result.score).toBe(55);
    expect(result.grade).toBe('C');
    expect(result.drivers).toBe(
      [
        '-15.0 seat_utilization: 35% of seats active (target 60%)',
        '-11.3 implementation: 1 of 4 stages due by today done',
        '-8.0 activity_trend: 8 active users in the last 30 days vs 10 in the 30 days before (ratio 0.80, target 1.00)',
        '-6.7 milestones: 2 of 3 milestones due by today achieved',
        '-3.9 recency: last activity 10 days ago (target within 3 days)'
      ].join('\n')
    );
    expect(result.measures.map((m) => m.pointsLost)).toEqual([
      15,
      11.25,
      8,
      expect.closeTo(6.667, 3),
      expect.closeTo(3.889, 3)
    ]);
  });

  it('redistributes the weights over the measures present and lists the absent ones last', () => {
    // no usage: only milestones (20) and implementation (15) are present, Σw = 35
    // score = (20×66.667 + 15×25) / 35 = (1333.33 + 375) / 35 = 48.81 → 49 → D
    // lost: implementation 15×75/35 = 32.14 → 32.1; milestones 20×33.33/35 = 19.05 → 19.0
    const result = scoreHealth({ ...allPresent, metrics: null }, config);
    expect(result.score).toBe(49);
    expect(result.grade).toBe('D');
    expect(result.drivers).toBe(
      [
        '-32.1 implementation: 1 of 4 stages due by today done',
        '-19.0 milestones: 2 of 3 milestones due by today achieved',
        'absent seat_utilization: no product usage: the account has no Product_Account_Id__c',
        'absent activity_trend: no product usage: the account has no Product_Account_Id__c',
        'absent recency: no product usage: the account has no Product_Account_Id__c'
      ].join('\n')
    );
  });

  it('redistributes when only seats are missing', () => {
    // Σw = 100 − 30 = 70; Σ w·s = 1200 + 1333.33 + 375 + 1111.11 = 4019.44; / 70 = 57.42 → 57
    const result = scoreHealth({ ...allPresent, metrics: { ...allPresent.metrics, seatUtilization: null } }, config);
    expect(result.score).toBe(57);
    expect(result.drivers?.split('\n').at(-1)).toBe('absent seat_utilization: no licensed seats on the opportunity');
  });

  it('keeps DESIGN table order between measures that lose the same points', () => {
    // trend 3/4 → 50 and milestones 1 of 2 → 50, both weight 20: each loses 20×50/Σw.
    // Σw = 30 + 20 + 20 + 15 (recency; no stages due) = 85 → 20×50/85 = 11.76 → 11.8
    // seat 60% and recency today lose 0.0 and keep table order too.
    const result = scoreHealth(
      {
        metrics: metrics({
          seatUtilization: 60,
          activeUsers30d: 3,
          activeUsersPrior30d: 4,
          lastActivity: '2026-06-15T08:00:00Z'
        }),
        milestones: [
          milestone({ targetDate: '2026-05-01', status: 'Achieved' }),
          milestone({ targetDate: '2026-05-02' })
        ],
        stages: [],
        today: TODAY,
        ...NO_SIGNALS
      },
      config
    );
    expect(result.measures.map((m) => `${m.line.split(':')[0]}`)).toEqual([
      '-11.8 activity_trend',
      '-11.8 milestones',
      '-0.0 seat_utilization',
      '-0.0 recency',
      'absent implementation'
    ]);
    // (30×100 + 20×50 + 20×50 + 15×100) / 85 = 6500 / 85 = 76.47 → 76 → B
    expect(result.score).toBe(76);
    expect(result.grade).toBe('B');
  });

  describe('with the DESIGN §9.4 measures', () => {
    const support = { score: 60, explanation: '1 open high-priority case, 1 open case older than 7 days' };
    const satisfaction = {
      score: 70,
      explanation: '3 of 5 answers satisfied in 180 days (service unsatisfied at Kickoff)'
    };

    it('weights support and satisfaction 10 each among the others', () => {
      // Σw = 100 + 10 + 10 = 120; Σ w·s = 5519.44 + 10×60 + 10×70 = 6819.44; / 120 = 56.83 → 57 → C
      // lost: seat 30×50/120 = 12.5; implementation 15×75/120 = 9.375 → 9.4; trend 20×40/120 = 6.67 → 6.7;
      // milestones 20×33.33/120 = 5.56 → 5.6; support 10×40/120 = 3.33 → 3.3; recency 15×25.93/120 = 3.24 → 3.2;
      // satisfaction 10×30/120 = 2.5
      const result = scoreHealth({ ...allPresent, support, satisfaction }, config);
      expect(result).toMatchObject({ score: 57, grade: 'C' });
      expect(result.drivers).toBe(
        [
          '-12.5 seat_utilization: 35% of seats active (target 60%)',
          '-9.4 implementation: 1 of 4 stages due by today done',
          '-6.7 activity_trend: 8 active users in the last 30 days vs 10 in the 30 days before (ratio 0.80, target 1.00)',
          '-5.6 milestones: 2 of 3 milestones due by today achieved',
          '-3.3 support: 1 open high-priority case, 1 open case older than 7 days',
          '-3.2 recency: last activity 10 days ago (target within 3 days)',
          '-2.5 satisfaction: 3 of 5 answers satisfied in 180 days (service unsatisfied at Kickoff)'
        ].join('\n')
      );
    });

    it('leaves them out of score and drivers when absent or weighted 0, so the result is as without them', () => {
      const without = scoreHealth(allPresent, config);
      const off = { ...config, weights: { ...config.weights, support: 0 } };
      expect(scoreHealth({ ...allPresent, support }, off)).toEqual(without);
      expect(without.measures.map((m) => m.key)).not.toContain('support');
      expect(without.measures.map((m) => m.key)).not.toContain('satisfaction');
    });

    it('scores an opportunity with no usage and nothing due from support alone', () => {
      const result = scoreHealth(
        {
          metrics: null,
          milestones: [],
          stages: [],
          today: TODAY,
          ...NO_SIGNALS,
          support: { score: 70, explanation: '1 open escalated case' }
        },
        config
      );
      expect(result).toMatchObject({ score: 70, grade: 'B' });
      expect(result.drivers?.split('\n')[0]).toBe('-30.0 support: 1 open escalated case');
    });
  });

  it('gives no score, grade or drivers when no measure is present', () => {
    const result = scoreHealth({ metrics: null, milestones: [], stages: [], today: TODAY, ...NO_SIGNALS }, config);
    expect(result).toMatchObject({ score: null, grade: null, drivers: null });
    expect(result.measures.every((m) => m.score === null)).toBe(true);
  });

  it('rounds half up at the grade boundary: 84.5 → 85 → A, 84.4 → 84 → B', () => {
    // only seat_utilization weighs: score = (u − 10) / 50 × 100
    const seatsOnly: HealthConfig = {
      ...config,
      weights: onlyWeights({ seat_utilization: 1 })
    };
    const at = (u: number) =>
      scoreHealth(
        { metrics: metrics({ seatUtilization: u }), milestones: [], stages: [], today: TODAY, ...NO_SIGNALS },
        seatsOnly
      );
    expect(at(52.25)).toMatchObject({ score: 85, grade: 'A' }); // 42.25 / 50 × 100 = 84.5
    expect(at(52.2)).toMatchObject({ score: 84, grade: 'B' }); // 42.2 / 50 × 100 = 84.4
  });
});

describe('gradeFor', () => {
  it.each([
    [100, 'A'],
    [85, 'A'],
    [84, 'B'],
    [70, 'B'],
    [69, 'C'],
    [55, 'C'],
    [54, 'D'],
    [40, 'D'],
    [39, 'F'],
    [0, 'F']
  ])('%d → %s', (score, grade) => {
    expect(gradeFor(score, config)).toBe(grade);
  });
});

describe('healthConfigSchema', () => {
  it('fills every default from an empty section', () => {
    expect(healthConfigSchema.parse({})).toEqual(DEFAULT_HEALTH_CONFIG);
  });

  it('keeps the defaults around a partial override', () => {
    const parsed = healthConfigSchema.parse({ weights: { recency: 25 }, grades: { A: 90 } });
    expect(parsed.weights).toEqual({ ...DEFAULT_HEALTH_CONFIG.weights, recency: 25 });
    expect(parsed.grades).toEqual({ A: 90, B: 70, C: 55, D: 40 });
  });

  it('names the key and the problem', () => {
    const issues = (input: unknown) =>
      healthConfigSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ seatUtilization: { zeroAtPercent: 70 } })).toEqual([
      'seatUtilization: zeroAtPercent must be below fullAtPercent'
    ]);
    expect(issues({ grades: { C: 75 } })).toEqual(['grades: grade cut-offs must fall strictly: A > B > C > D']);
    expect(issues({ weights: { recency: -1 } })?.[0]).toMatch(/^weights\.recency: /);
    expect(issues({ weights: { seat: 10 } })?.[0]).toMatch(/^weights: Unrecognized key: "seat"/);
  });
});
