import { DEFAULT_HEALTH_CONFIG, scoreHealth, type HealthConfig, type HealthInputs } from './health.js';
import { nextGradePath, type RecoveryLevers } from './recovery.js';
import { DEFAULT_SUPPORT_CONFIG } from './support.js';
import { metrics, milestone, NO_SIGNALS, onlyWeights, stage } from './test-support.js';

const TODAY = '2026-06-15';
const config = DEFAULT_HEALTH_CONFIG;
const NO_LEVERS: RecoveryLevers = {
  seats: null,
  milestones: null,
  implementation: null,
  keyPeople: null,
  support: null
};

function health(inputs: Partial<HealthInputs>, healthConfig: HealthConfig = config) {
  return scoreHealth(
    { metrics: null, milestones: [], stages: [], today: TODAY, ...NO_SIGNALS, ...inputs },
    healthConfig
  );
}

function path(inputs: Partial<HealthInputs>, levers: Partial<RecoveryLevers>, healthConfig: HealthConfig = config) {
  return nextGradePath(health(inputs, healthConfig), { ...NO_LEVERS, ...levers }, healthConfig, DEFAULT_SUPPORT_CONFIG);
}

/** Only seat_utilization weighs, scored linearly from zeroAtPercent → 0 to fullAtPercent → 100. */
function seatsOnly(zeroAtPercent: number, fullAtPercent: number): HealthConfig {
  return {
    ...config,
    weights: onlyWeights({ seat_utilization: 1 }),
    seatUtilization: { zeroAtPercent, fullAtPercent }
  };
}

/** `count` milestones due by today, the first `achieved` of them Achieved. */
function dueMilestones(count: number, achieved: number) {
  return Array.from({ length: count }, (_, i) =>
    milestone({ targetDate: '2026-05-01', status: i < achieved ? 'Achieved' : 'Missed' })
  );
}

/** `count` stages due by today, the first `done` of them Done. */
function dueStages(count: number, done: number) {
  return Array.from({ length: count }, (_, i) =>
    stage({ targetDate: '2026-05-01', status: i < done ? 'Done' : 'To Do' })
  );
}

/** Users steady over both windows (trend 100) and active today (recency 100), `active` of `licensed` seats. */
function usage(active: number, licensed: number, lastActivity = '2026-06-15T08:00:00Z') {
  return metrics({
    seatUtilization: (100 * active) / licensed,
    activeUsers30d: active,
    activeUsersPrior30d: active,
    lastActivity
  });
}

const keyPeople = (engaged: number, total: number) => ({
  score: (100 * engaged) / total,
  explanation: `${engaged} of ${total} key people engaged in 45 days`
});

describe('nextGradePath: the smallest single change that lifts the grade (DESIGN §9.6)', () => {
  it('activates seats: the DESIGN example', () => {
    // seats 4 of 10 = 40% → (40 − 10) / 50 × 100 = 60; trend 100, recency 100; Σw = 30 + 20 + 15 = 65
    // score = (30×60 + 2000 + 1500) / 65 = 5300 / 65 = 81.54 → 82 → B
    // 5 of 10 = 50% → 80: (2400 + 3500) / 65 = 90.77 → 91 ≥ 85. Recency is at 100 already: no help.
    const result = health({ metrics: usage(4, 10) });
    expect(result).toMatchObject({ score: 82, grade: 'B' });
    expect(
      nextGradePath(result, { ...NO_LEVERS, seats: { licensed: 10, active: 4 } }, config, DEFAULT_SUPPORT_CONFIG)
    ).toBe('A at 85: activate 1 more seat (40% → 50%)');
  });

  it('activates as many seats as it takes', () => {
    // 4 of 20 = 20% → 20; (30×20 + 3500) / 65 = 63.08 → 63 → C, next B at 70
    // +1: 25% → 30: (900 + 3500) / 65 = 67.69 → 68 < 70; +2: 30% → 40: (1200 + 3500) / 65 = 72.31 → 72
    expect(path({ metrics: usage(4, 20) }, { seats: { licensed: 20, active: 4 } })).toBe(
      'B at 70: activate 2 more seats (20% → 30%)'
    );
  });

  it('lifts the score to exactly the threshold when it rounds there: 84.5 → 85', () => {
    // the score is the utilisation: 0% → 0 to 100% → 100
    // 840 of 1000 = 84 → B; +4: 84.4 → 84; +5: 84.5 → 85 → A (the percent shown rounds 84.5 up too)
    expect(path({ metrics: usage(840, 1000) }, { seats: { licensed: 1000, active: 840 } }, seatsOnly(0, 100))).toBe(
      'A at 85: activate 5 more seats (84% → 85%)'
    );
  });

  it('shows whole percents and cannot activate more seats than are licensed', () => {
    // only seats weigh, 10% → 0 to 60% → 100: 1 of 3 = 33.33% → 46.67 → 47 → D, next C at 55;
    // 2 of 3 = 66.67% → 100
    expect(path({ metrics: usage(1, 3) }, { seats: { licensed: 3, active: 1 } }, seatsOnly(10, 60))).toBe(
      'C at 55: activate 1 more seat (33% → 67%)'
    );
    // 0% → 0 to 200% → 100: 10 of 10 = 100% → 50 → D; 11 of 10 would give 55, but there is no 11th seat
    expect(path({ metrics: usage(10, 10) }, { seats: { licensed: 10, active: 10 } }, seatsOnly(0, 200))).toBe(
      'C at 55: no single change lifts the grade'
    );
  });

  it('skips seats that score 100 already', () => {
    // 9 of 10 = 90% → 100, recency 30 days ago → 0: (3000 + 2000 + 0) / 65 = 76.92 → 77 → B.
    // Another seat keeps 100; any activity: recency 100 → 100 → A.
    const result = health({ metrics: usage(9, 10, '2026-05-16T00:00:00Z') });
    expect(result).toMatchObject({ score: 77, grade: 'B' });
    expect(
      nextGradePath(result, { ...NO_LEVERS, seats: { licensed: 10, active: 9 } }, config, DEFAULT_SUPPORT_CONFIG)
    ).toBe('A at 85: any product activity');
  });

  it('achieves milestones and finishes stages, biggest points lost first', () => {
    // milestones 0 of 4 → 0 (w 20), implementation 1 of 2 → 50 (w 15); Σw = 35
    // score = (0 + 750) / 35 = 21.43 → 21 → F, next D at 40
    // milestones lose 20×100/35 = 57.1, implementation 15×50/35 = 21.4
    // milestones: +1 → 25: (500 + 750) / 35 = 35.71 → 36 < 40; +2 → 50: (1000 + 750) / 35 = 50 ≥ 40
    // implementation: +1 → 100: (0 + 1500) / 35 = 42.86 → 43 ≥ 40
    const inputs = { milestones: dueMilestones(4, 0), stages: dueStages(2, 1) };
    const milestones = { due: 4, achieved: 0 };
    const implementation = { due: 2, done: 1 };
    expect(health(inputs)).toMatchObject({ score: 21, grade: 'F' });
    expect(path(inputs, { milestones, implementation })).toBe(
      'D at 40: achieve 2 more due milestones; or finish 1 more due stage'
    );
    expect(path(inputs, { milestones })).toBe('D at 40: achieve 2 more due milestones');
    expect(path(inputs, { implementation })).toBe('D at 40: finish 1 more due stage');
  });

  it('says milestone and stages in the singular and plural', () => {
    // milestones 2 of 4 → 50, implementation 0 of 3 → 0: (1000 + 0) / 35 = 28.57 → 29 → F, D at 40
    // milestones +1 → 75: 1500 / 35 = 42.86 → 43 ≥ 40
    // implementation +1 → 33.33: (1000 + 500) / 35 = 42.86 → 43 ≥ 40; implementation loses 15×100/35 = 42.9,
    // milestones 20×50/35 = 28.6, so it comes first
    expect(
      path(
        { milestones: dueMilestones(4, 2), stages: dueStages(3, 0) },
        { milestones: { due: 4, achieved: 2 }, implementation: { due: 3, done: 0 } }
      )
    ).toBe('D at 40: finish 1 more due stage; or achieve 1 more due milestone');
    // implementation 0 of 4 → 0; milestones 0 of 4 → 0: score 0 → F, D at 40
    // implementation +2 → 50: 750 / 35 = 21.4; +3 → 75: 1125 / 35 = 32.1; +4 → 100: 1500 / 35 = 42.86 → 43
    // milestones +2 → 50: 1000 / 35 = 28.6; +3 → 75: 1500 / 35 = 42.86 → 43; milestones lose more (20 vs 15)
    expect(
      path(
        { milestones: dueMilestones(4, 0), stages: dueStages(4, 0) },
        { milestones: { due: 4, achieved: 0 }, implementation: { due: 4, done: 0 } }
      )
    ).toBe('D at 40: achieve 3 more due milestones; or finish 4 more due stages');
  });

  it('gives at most two options, biggest points lost first', () => {
    // seats 4 of 20 → 20 (w 30), trend 100, recency 100, milestones 0 of 1 → 0 (w 20),
    // implementation 0 of 1 → 0 (w 15); Σw = 100
    // score = (600 + 2000 + 1500 + 0 + 0) / 100 = 41 → D, next C at 55
    // lost: milestones 20, seats 30×80/100 = 24, implementation 15
    // seats: 30s + 3500 ≥ 5450 → s ≥ 65 → ≥ 42.5% → 9 of 20 (+5: 45% → 70: 5600 / 100 = 56);
    //   +4: 40% → 60: 5300 / 100 = 53 < 55
    // milestones +1 → 100: 6100 / 100 = 61; implementation +1 → 100: 5600 / 100 = 56, but it is third
    const inputs = { metrics: usage(4, 20), milestones: dueMilestones(1, 0), stages: dueStages(1, 0) };
    expect(health(inputs)).toMatchObject({ score: 41, grade: 'D' });
    expect(
      path(inputs, {
        seats: { licensed: 20, active: 4 },
        milestones: { due: 1, achieved: 0 },
        implementation: { due: 1, done: 0 }
      })
    ).toBe('C at 55: activate 5 more seats (20% → 45%); or achieve 1 more due milestone');
  });

  it('re-engages key people, never counting a Left one', () => {
    // implementation 0 of 1 → 0 (w 15), key people 1 of 3 engaged → 33.33 (w 10); Σw = 25
    // score = (0 + 333.33) / 25 = 13.33 → 13 → F, next D at 40
    // key people: +1 → 66.67: 666.67 / 25 = 26.67 → 27 < 40; +2 → 100: 1000 / 25 = 40 ≥ 40
    // implementation: +1 → 100: (1500 + 333.33) / 25 = 73.33 → 73; it loses 15×100/25 = 60, key people 26.7
    const inputs = { stages: dueStages(1, 0), keyPeople: keyPeople(1, 3) };
    const implementation = { due: 1, done: 0 };
    expect(health(inputs)).toMatchObject({ score: 13, grade: 'F' });
    expect(path(inputs, { implementation, keyPeople: { total: 3, engaged: 1, left: 0 } })).toBe(
      'D at 40: finish 1 more due stage; or re-engage 2 key people'
    );
    // with one of the two unengaged Left, only 1 can be re-engaged: not enough, so only the stage
    expect(path(inputs, { implementation, keyPeople: { total: 3, engaged: 1, left: 1 } })).toBe(
      'D at 40: finish 1 more due stage'
    );
  });

  it('says key person for one', () => {
    // only key people: 1 of 3 → 33.33 → 33 → F; +1 → 66.67 → 67 ≥ 40
    expect(path({ keyPeople: keyPeople(1, 3) }, { keyPeople: { total: 3, engaged: 1, left: 1 } })).toBe(
      'D at 40: re-engage 1 key person'
    );
  });

  it('says so when no single change lifts the grade', () => {
    // only key people: 0 of 3 → 0 → F; 2 of them Left: +1 → 33.33 → 33 < 40, and no more can be re-engaged
    expect(path({ keyPeople: keyPeople(0, 3) }, { keyPeople: { total: 3, engaged: 0, left: 2 } })).toBe(
      'D at 40: no single change lifts the grade'
    );
    // satisfaction 50 (w 10, no lever) and key people 0 of 1 → 0 (w 10): 500 / 20 = 25 → F, D at 40;
    // re-engaging the one would give 75, but without its facts there is no lever
    expect(
      path({ satisfaction: { score: 50, explanation: '1 of 2 answers satisfied' }, keyPeople: keyPeople(0, 1) }, {})
    ).toBe('D at 40: no single change lifts the grade');
  });

  it('closes High or escalated cases before stale ones', () => {
    // only support: 1 high + 5 stale → 100 − 30 − 50 = 20 → F, next D at 40
    // closing the High case first: 100 − 50 = 50 ≥ 40 (stale first would take 2: 30, then 40)
    const supportOf = (score: number) => ({ score, explanation: 'open cases' });
    expect(
      path({ support: supportOf(20) }, { support: { highOrEscalated: 1, stale: 5, absentOnceClosed: false } })
    ).toBe('D at 40: close 1 open case');
    // implementation 0 of 2 → 0 (w 15), support 1 high + 2 stale → 40 (w 10); Σw = 25: 400 / 25 = 16 → F
    // support: close 1 → 70: 700 / 25 = 28; 2 → 90: 36; 3 → 100: 40 ≥ 40
    // implementation: +1 → 50: (750 + 400) / 25 = 46 ≥ 40; it loses 15×100/25 = 60, support 10×60/25 = 24
    expect(
      path(
        { stages: dueStages(2, 0), support: supportOf(40) },
        { implementation: { due: 2, done: 0 }, support: { highOrEscalated: 1, stale: 2, absentOnceClosed: false } }
      )
    ).toBe('D at 40: finish 1 more due stage; or close 3 open cases');
    // clamped at 0: 4 high + 2 stale → 100 − 120 − 20 → 0; close 1 → −10 → 0; 2 → 20; 3 → 50 ≥ 40
    expect(
      path({ support: supportOf(0) }, { support: { highOrEscalated: 4, stale: 2, absentOnceClosed: false } })
    ).toBe('D at 40: close 3 open cases');
  });

  it('counts support as absent once its last old case is closed, when none was created lately', () => {
    // implementation 1 of 2 → 50 (w 15), support 2 stale → 80 (w 10): (750 + 800) / 25 = 62 → C, B at 70.
    // Closing both stale cases leaves no open case and none recent: support is absent, and the
    // score is implementation's alone, 50 — no lift. Were a case recent, support would stay at
    // 100: (750 + 1000) / 25 = 70 → B.
    const supportOf = (score: number) => ({ score, explanation: 'open cases' });
    const inputs = { stages: dueStages(2, 1), support: supportOf(80) };
    expect(
      path(inputs, {
        implementation: { due: 2, done: 1 },
        support: { highOrEscalated: 0, stale: 2, absentOnceClosed: true }
      })
    ).toBe('B at 70: finish 1 more due stage');
    expect(
      path(inputs, {
        implementation: { due: 2, done: 1 },
        support: { highOrEscalated: 0, stale: 2, absentOnceClosed: false }
      })
    ).toBe('B at 70: finish 1 more due stage; or close 2 open cases');
  });

  it('asks for any product activity when recency loses points', () => {
    // seats 6 of 10 = 60% → 100, trend 100, no activity for 45 days → recency 0
    // (3000 + 2000 + 0) / 65 = 76.92 → 77 → B; recency 100 → 100 → A
    expect(path({ metrics: usage(6, 10, '2026-05-01T00:00:00Z') }, {})).toBe('A at 85: any product activity');
  });

  it('is null for grade A and for no grade', () => {
    // seats 60% → 100, trend 100, recency 100 → 100 → A
    expect(path({ metrics: usage(6, 10) }, { seats: { licensed: 10, active: 6 } })).toBeNull();
    expect(path({}, {})).toBeNull(); // nothing present: no score, no grade
  });
});
