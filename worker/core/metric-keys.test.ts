import { parseMetricKey } from './metric-keys.js';

describe('parseMetricKey', () => {
  test('reads every metric key a milestone threshold can name (DESIGN §4.1)', () => {
    expect(parseMetricKey('event:report_created')).toEqual({ kind: 'event', eventName: 'report_created' });
    expect(parseMetricKey('event:a:b')).toEqual({ kind: 'event', eventName: 'a:b' });
    expect(parseMetricKey('active_users_30d')).toEqual({ kind: 'rolling', metric: 'active_users_30d' });
    expect(parseMetricKey('active_days_30d')).toEqual({ kind: 'rolling', metric: 'active_days_30d' });
    expect(parseMetricKey('seat_utilization')).toEqual({ kind: 'rolling', metric: 'seat_utilization' });
  });

  test('unknown keys, blank or padded event names and last_activity (a time, not an amount) are not metric keys', () => {
    for (const key of ['active_users_7d', '', 'event:', 'event: ', 'event: x', 'last_activity', 'Event:x']) {
      expect(parseMetricKey(key)).toBeNull();
    }
  });
});
