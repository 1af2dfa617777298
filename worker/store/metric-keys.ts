// What a milestone threshold on a DESIGN §4.1 metric key (parsed by the core) means for the
// store's queries. Pure, so callers can check a milestone before a run asks the store.
import { METRIC_KEY_HELP, parseMetricKey } from '../core/metric-keys.js';
import type { ThresholdQuery } from '../core/types.js';
import { MetricsRequestError } from './errors.js';

/** the rolling window of active_users_30d / active_days_30d: 30 days of 24 hours */
export const WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** What the store looks for to date a threshold crossing. */
export type ThresholdTarget =
  /** the n-th event with this name since the close date */
  | { kind: 'event'; name: string; n: number }
  /** the first event at which the trailing 30-day window held k distinct users / UTC days */
  | { kind: 'users' | 'days'; k: number };

/**
 * The target for one milestone threshold, or null when it can never be reached
 * (seat_utilization without licensed seats). Throws MetricsRequestError for an unknown
 * key, last_activity (a time, not an amount) or a threshold that is not a number above 0.
 */
export function thresholdTarget(query: ThresholdQuery, licensedSeats: number | null): ThresholdTarget | null {
  if (query.metric === 'last_activity') {
    throw new MetricsRequestError(
      'last_activity is a time, not an amount, so it cannot have a threshold; use event:<name> or a rolling metric'
    );
  }
  const key = parseMetricKey(query.metric);
  if (!key) throw new MetricsRequestError(`unknown metric "${query.metric}"; expected ${METRIC_KEY_HELP}`);
  if (typeof query.threshold !== 'number' || !Number.isFinite(query.threshold) || query.threshold <= 0) {
    throw new MetricsRequestError(
      `the threshold for ${query.metric} must be a number above 0, got ${JSON.stringify(query.threshold)}`
    );
  }
  // 1e-9 absorbs binary fractions, so 70 × 10 / 100 stays 7 rather than 7.000000000000001 → 8
  const atLeast = (value: number) => Math.max(1, Math.ceil(value - 1e-9));
  if (key.kind === 'event') return { kind: 'event', name: key.eventName, n: atLeast(query.threshold) };
  switch (key.metric) {
    case 'active_users_30d':
      return { kind: 'users', k: atLeast(query.threshold) };
    case 'active_days_30d':
      return { kind: 'days', k: atLeast(query.threshold) };
    case 'seat_utilization':
      // utilization ≥ t  ⇔  100 × users / seats ≥ t  ⇔  users ≥ t × seats / 100
      return licensedSeats ? { kind: 'users', k: atLeast((query.threshold * licensedSeats) / 100) } : null;
  }
}
