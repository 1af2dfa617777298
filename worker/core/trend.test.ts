import { DEFAULT_HEALTH_CONFIG } from './health.js';
import { healthTrend, trendReference } from './trend.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const config = DEFAULT_HEALTH_CONFIG.trend; // look back 30 days, history at least 7 days old

describe('healthTrend', () => {
  it('is null without history', () => {
    expect(healthTrend(70, [], NOW, config)).toBeNull();
  });

  it('is null while all history is younger than 7 days', () => {
    const young = [
      { at: '2026-06-10T12:00:00Z', score: 60 },
      { at: '2026-06-08T12:00:01Z', score: 61 } // 6 days 23:59:59 old
    ];
    expect(healthTrend(70, young, NOW, config)).toBeNull();
  });

  it('uses the newest snapshot at or before now − 30 days', () => {
    const history = [
      { at: '2026-05-20T00:00:00Z', score: 60 }, // 26.5 days: too recent when older ones exist
      { at: '2026-05-01T00:00:00Z', score: 50 }, // 45.5 days: older than the newest qualifying one
      { at: '2026-05-16T12:00:00Z', score: 55 }, // exactly 30 days: the reference
      { at: '2026-06-10T00:00:00Z', score: 65 }
    ];
    expect(trendReference(history, NOW, config)).toEqual({ at: '2026-05-16T12:00:00Z', score: 55 });
    expect(healthTrend(70, history, NOW, config)).toBe(15); // 70 − 55
  });

  it('falls back to the oldest snapshot at least 7 days old when history is younger than 30 days', () => {
    const history = [
      { at: '2026-06-01T00:00:00Z', score: 62 },
      { at: '2026-05-20T00:00:00Z', score: 60 }, // oldest: the reference
      { at: '2026-06-12T00:00:00Z', score: 75 } // younger than 7 days
    ];
    expect(healthTrend(70, history, NOW, config)).toBe(10); // 70 − 60
  });

  it('counts a snapshot exactly 7 days old', () => {
    expect(healthTrend(58, [{ at: '2026-06-08T12:00:00Z', score: 64 }], NOW, config)).toBe(-6); // 58 − 64
  });

  it('is null when there is no score now', () => {
    expect(healthTrend(null, [{ at: '2026-04-01T00:00:00Z', score: 64 }], NOW, config)).toBeNull();
  });
});
