// The metric keys of DESIGN §4.1 that a usage milestone may name in Usage_Metric__c.
// `last_activity` is a timestamp, not a quantity, so no threshold can be set on it.

export const EVENT_METRIC_PREFIX = 'event:';
export const ROLLING_METRICS = ['active_users_30d', 'active_days_30d', 'seat_utilization'] as const;
export type RollingMetric = (typeof ROLLING_METRICS)[number];

export type MetricKey = { kind: 'event'; eventName: string } | { kind: 'rolling'; metric: RollingMetric };

/** `event:campaign_sent` → { kind: 'event', eventName: 'campaign_sent' }; unknown keys → null. */
export function parseMetricKey(key: string): MetricKey | null {
  if (key.startsWith(EVENT_METRIC_PREFIX)) {
    const eventName = key.slice(EVENT_METRIC_PREFIX.length);
    return eventName.trim() === eventName && eventName !== '' ? { kind: 'event', eventName } : null;
  }
  const metric = ROLLING_METRICS.find((m) => m === key);
  return metric ? { kind: 'rolling', metric } : null;
}

export const METRIC_KEY_HELP = `a metric key: "event:<event name>" (e.g. "event:report_created") or one of ${ROLLING_METRICS.join(', ')}`;
