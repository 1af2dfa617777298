// DESIGN §4.3: how each milestone's status, Achieved_At__c and Evidence__c move.

import { formatInstant, toDate } from './dates.js';
import { METRIC_KEY_HELP, parseMetricKey } from './metric-keys.js';
import type { IsoDateTime, MilestoneStatus, SuccessMilestone, ThresholdCrossing } from './types.js';

export interface MilestoneDecision {
  status: MilestoneStatus;
  achievedAt: IsoDateTime | null;
  evidence: string | null;
}

export const MANUAL_EVIDENCE = 'manual';

/**
 * The new status, Achieved_At__c and Evidence__c of each milestone, in input order.
 * - Achieved never goes back. An Achieved milestone with a blank Achieved_At__c (ticked by
 *   hand) is stamped with `now` and evidence `manual`, so Onboarded_Date__c has a date.
 * - A usage milestone (Usage_Metric__c and Usage_Threshold__c set) whose metric reached the
 *   threshold becomes Achieved at the crossing event's timestamp, also when it was Missed.
 * - A Planned milestone whose Target_Date__c is before today (UTC date of `now`) becomes
 *   Missed; a target of today is still open.
 * `crossings` null means the opportunity has no usage: only the date rule applies.
 */
export function decideMilestones(
  milestones: readonly SuccessMilestone[],
  crossings: readonly ThresholdCrossing[] | null,
  now: Date
): MilestoneDecision[] {
  const today = toDate(now);
  return milestones.map((milestone): MilestoneDecision => {
    const current = { status: milestone.status, achievedAt: milestone.achievedAt, evidence: milestone.evidence };
    if (milestone.status === 'Achieved') {
      if (milestone.achievedAt !== null) return current;
      return { status: 'Achieved', achievedAt: formatInstant(now), evidence: milestone.evidence ?? MANUAL_EVIDENCE };
    }
    const byUsage = isUsageMilestone(milestone) ? achievedByUsage(milestone, crossings) : null;
    if (byUsage) return byUsage;
    if (milestone.status === 'Planned' && milestone.targetDate !== null && milestone.targetDate < today) {
      return { ...current, status: 'Missed' };
    }
    return current;
  });
}

/** A milestone whose usage metric and threshold the store can be asked about. */
export type UsageMilestone = SuccessMilestone & { usageMetric: string; usageThreshold: number };

export function isUsageMilestone(milestone: SuccessMilestone): milestone is UsageMilestone {
  return milestone.usageMetric !== null && usageProblem(milestone) === null;
}

/**
 * What is wrong with a milestone's Usage_Metric__c / Usage_Threshold__c, as set by hand in
 * the org; null when it is fine or the milestone is tracked by hand. A milestone with a
 * problem is treated as tracked by hand until it is fixed.
 */
export function usageProblem(milestone: SuccessMilestone): string | null {
  const { usageMetric: metric, usageThreshold: threshold } = milestone;
  if (metric === null) return null;
  if (parseMetricKey(metric) === null) return `Usage_Metric__c "${metric}" is not ${METRIC_KEY_HELP}`;
  if (threshold === null) {
    return 'Usage_Threshold__c is blank: set it, or clear Usage_Metric__c to track the milestone by hand';
  }
  if (!(threshold > 0)) return `Usage_Threshold__c must be above 0, not ${threshold}`;
  return null;
}

function achievedByUsage(
  milestone: UsageMilestone,
  crossings: readonly ThresholdCrossing[] | null
): MilestoneDecision | null {
  const { usageMetric: metric, usageThreshold: threshold } = milestone;
  const reachedAt =
    crossings?.find((c) => c.metric === metric && c.threshold === threshold && c.since === undefined)?.reachedAt ??
    null;
  if (reachedAt === null) return null;
  return {
    status: 'Achieved',
    achievedAt: formatInstant(reachedAt),
    evidence: usageEvidence(metric, threshold, reachedAt)
  };
}

/** `usage: event:campaign_sent reached 1 at 2026-03-04T10:12:00Z` (threshold without trailing zeros). */
export function usageEvidence(metric: string, threshold: number, reachedAt: IsoDateTime): string {
  const evidence = `usage: ${metric} reached ${Number(threshold.toFixed(2))} at ${formatInstant(reachedAt)}`;
  return evidence.length <= EVIDENCE_MAX_LENGTH ? evidence : `${evidence.slice(0, EVIDENCE_MAX_LENGTH - 1)}…`;
}

/** Evidence__c is Text(255). */
const EVIDENCE_MAX_LENGTH = 255;
