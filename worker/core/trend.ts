// Health_Trend__c: score now minus the score "about 30 days ago", from the store's history.

import { daysBefore } from './dates.js';
import type { HealthConfig } from './health.js';
import type { HealthSnapshot } from './types.js';

/**
 * The snapshot that stands for "about lookbackDays ago":
 * the newest snapshot taken at or before now − lookbackDays; when there is none (history
 * younger than that), the oldest snapshot taken at or before now − minHistoryDays; when
 * there is none either, null (no history at least minHistoryDays old).
 */
export function trendReference(
  history: readonly HealthSnapshot[],
  now: Date,
  config: HealthConfig['trend']
): HealthSnapshot | null {
  const byTime = history
    .map((snapshot) => ({ snapshot, at: new Date(snapshot.at).getTime() }))
    .sort((a, b) => a.at - b.at);
  const lookback = daysBefore(now, config.lookbackDays).getTime();
  const minAge = daysBefore(now, config.minHistoryDays).getTime();
  const atOrBeforeLookback = byTime.filter((s) => s.at <= lookback);
  const newestOld = atOrBeforeLookback[atOrBeforeLookback.length - 1];
  if (newestOld) return newestOld.snapshot;
  return byTime.find((s) => s.at <= minAge)?.snapshot ?? null;
}

/** score − reference score; null when there is no score or no reference snapshot. */
export function healthTrend(
  score: number | null,
  history: readonly HealthSnapshot[],
  now: Date,
  config: HealthConfig['trend']
): number | null {
  if (score === null) return null;
  const reference = trendReference(history, now, config);
  return reference ? score - reference.score : null;
}
