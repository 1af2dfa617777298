import { chartGeometry, yOf } from '../healthChart';

describe('yOf', () => {
  it('maps 100 to the top (8) and 0 to the bottom (112) of the 120-high chart', () => {
    expect(yOf(100)).toBe(8);
    expect(yOf(0)).toBe(112);
    // 8 + (100 − 55) × 104 / 100 = 8 + 46.8
    expect(yOf(55)).toBe(54.8);
  });
});

describe('chartGeometry', () => {
  it('spreads the changes over the width by time, oldest at the left edge', () => {
    const geometry = chartGeometry([
      { id: 'a', score: 100, grade: 'A', changedAt: '2026-03-01T00:00:00Z' },
      { id: 'b', score: 50, grade: 'D', changedAt: '2026-03-02T00:00:00Z' },
      { id: 'c', score: 0, grade: 'F', changedAt: '2026-03-05T00:00:00Z' }
    ]);
    // x runs from 24 to 312 (288 wide); b is 1 day into a 4-day span: 24 + 288 / 4 = 96.
    // y of 50: 8 + 50 × 1.04 = 60.
    expect(geometry.dots).toEqual([
      { key: 'a', cx: 24, cy: 8, className: 'dot dot_a' },
      { key: 'b', cx: 96, cy: 60, className: 'dot dot_d' },
      { key: 'c', cx: 312, cy: 112, className: 'dot dot_f' }
    ]);
    expect(geometry.polyline).toBe('24,8 96,60 312,112');
  });

  it('centres a single change', () => {
    const geometry = chartGeometry([{ id: 'a', score: 70, grade: 'B', changedAt: '2026-03-01T00:00:00Z' }]);
    // (24 + 312) / 2 = 168; y of 70: 8 + 30 × 1.04 = 39.2
    expect(geometry.dots[0]).toEqual({ key: 'a', cx: 168, cy: 39.2, className: 'dot dot_b' });
  });

  it('draws the four grade cut-offs and labels the five bands', () => {
    const geometry = chartGeometry([{ id: 'a', score: 70, grade: 'B', changedAt: '2026-03-01T00:00:00Z' }]);
    // cut-offs at 85, 70, 55, 40: 8 + 15 × 1.04 = 23.6, 39.2, 54.8, 70.4
    expect(geometry.cutoffs.map((c) => [c.key, c.y])).toEqual([
      ['A', 23.6],
      ['B', 39.2],
      ['C', 54.8],
      ['D', 70.4]
    ]);
    expect(geometry.labels.map((l) => l.text)).toEqual(['A', 'B', 'C', 'D', 'F']);
  });
});
