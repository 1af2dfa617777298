import { thresholdTarget } from './metric-keys.js';

describe('thresholdTarget', () => {
  test('event:<name> asks for the N-th event, N = ceil(threshold)', () => {
    expect(thresholdTarget({ metric: 'event:campaign_sent', threshold: 1 }, null)).toEqual({
      kind: 'event',
      name: 'campaign_sent',
      n: 1
    });
    expect(thresholdTarget({ metric: 'event:campaign_sent', threshold: 2.5 }, null)).toEqual({
      kind: 'event',
      name: 'campaign_sent',
      n: 3
    });
    // 0.2 rounds up to the first event
    expect(thresholdTarget({ metric: 'event:x', threshold: 0.2 }, null)).toEqual({ kind: 'event', name: 'x', n: 1 });
  });

  test('rolling metrics ask for a window count', () => {
    expect(thresholdTarget({ metric: 'active_users_30d', threshold: 5 }, 10)).toEqual({ kind: 'users', k: 5 });
    expect(thresholdTarget({ metric: 'active_days_30d', threshold: 12.1 }, null)).toEqual({ kind: 'days', k: 13 });
  });

  test('seat_utilization becomes users ≥ ceil(threshold × seats / 100)', () => {
    // 60% of 25 seats = 15 users
    expect(thresholdTarget({ metric: 'seat_utilization', threshold: 60 }, 25)).toEqual({ kind: 'users', k: 15 });
    // 70% of 10 = 7 exactly (7.000000000000001 in floating point must not become 8)
    expect(thresholdTarget({ metric: 'seat_utilization', threshold: 70 }, 10)).toEqual({ kind: 'users', k: 7 });
    // 50% of 3 = 1.5 → 2 users
    expect(thresholdTarget({ metric: 'seat_utilization', threshold: 50 }, 3)).toEqual({ kind: 'users', k: 2 });
    // no seats: the metric is absent, so the threshold can never be reached
    expect(thresholdTarget({ metric: 'seat_utilization', threshold: 50 }, null)).toBeNull();
    expect(thresholdTarget({ metric: 'seat_utilization', threshold: 50 }, 0)).toBeNull();
  });

  test('refuses last_activity, unknown keys and thresholds that are not above 0', () => {
    expect(() => thresholdTarget({ metric: 'last_activity', threshold: 1 }, null)).toThrow(
      'last_activity is a time, not an amount, so it cannot have a threshold'
    );
    expect(() => thresholdTarget({ metric: 'logins', threshold: 1 }, null)).toThrow(
      'unknown metric "logins"; expected a metric key: "event:<event name>" (e.g. "event:report_created") or one of active_users_30d, active_days_30d, seat_utilization'
    );
    expect(() => thresholdTarget({ metric: 'event: ', threshold: 1 }, null)).toThrow('unknown metric "event: "');
    expect(() => thresholdTarget({ metric: 'active_users_30d', threshold: 0 }, null)).toThrow(
      'the threshold for active_users_30d must be a number above 0, got 0'
    );
    expect(() => thresholdTarget({ metric: 'event:x', threshold: Number.NaN }, null)).toThrow(
      'must be a number above 0, got null'
    );
  });
});
