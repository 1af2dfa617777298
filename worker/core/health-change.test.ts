import { DEFAULT_HEALTH_CONFIG } from './health.js';
import { decideHealthChange, type HealthChangeInputs } from './health-change.js';
import { OPP_ID } from './test-support.js';
import type { HealthChange } from './types.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const config = DEFAULT_HEALTH_CONFIG.change; // 5 points
const last = (score: number, grade: HealthChange['grade']): HealthChange => ({
  key: `${OPP_ID}:2026-05-01T12:00:00Z`,
  score,
  previousScore: null,
  grade,
  previousGrade: null,
  changedAt: '2026-05-01T12:00:00Z',
  drivers: ''
});
const decide = (inputs: Partial<HealthChangeInputs>) =>
  decideHealthChange(
    {
      opportunityId: OPP_ID,
      score: 80,
      grade: 'B',
      drivers: '-12.0 seat_utilization: 36% of seats active (target 60%)',
      last: null,
      now: NOW,
      ...inputs
    },
    config
  );

describe('decideHealthChange', () => {
  it('writes the first score', () => {
    expect(decide({})).toEqual({
      key: `${OPP_ID}:2026-06-15T12:00:00Z`,
      score: 80,
      previousScore: null,
      grade: 'B',
      previousGrade: null,
      changedAt: '2026-06-15T12:00:00Z',
      drivers: 'first score 80, grade B\n-12.0 seat_utilization: 36% of seats active (target 60%)'
    });
  });

  it('skips a move of 4 points within the grade, writes one of 5', () => {
    expect(decide({ score: 76, last: last(80, 'B') })).toBeNull(); // |76 − 80| = 4 < 5
    expect(decide({ score: 84, last: last(80, 'B') })).toBeNull(); // |84 − 80| = 4
    expect(decide({ score: 75, last: last(80, 'B') })).toMatchObject({
      score: 75,
      previousScore: 80,
      grade: 'B',
      previousGrade: 'B',
      drivers: expect.stringMatching(/^score 80 → 75 \(-5\), grade B unchanged\n/)
    });
    expect(decide({ score: 84, grade: 'B', last: last(79, 'B') })?.drivers.split('\n')[0]).toBe(
      'score 79 → 84 (+5), grade B unchanged'
    );
  });

  it('writes a grade change even for a small move', () => {
    expect(decide({ score: 69, grade: 'C', last: last(70, 'B') })?.drivers.split('\n')[0]).toBe(
      'score 70 → 69 (-1), grade B → C'
    );
  });

  it('writes nothing without a score', () => {
    expect(decide({ score: null, grade: null, drivers: null, last: last(70, 'B') })).toBeNull();
  });
});
