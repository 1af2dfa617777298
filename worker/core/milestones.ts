// DESIGN §4.3: how each milestone's status, Achieved_At__c and Evidence__c move.

import { formatInstant, toDate } from './dates.js';
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
    const reachedAt = crossingFor(milestone, crossings);
    if (reachedAt !== null) {
      return {
        status: 'Achieved',
        achievedAt: formatInstant(reachedAt),
        evidence: usageEvidence(milestone.usageMetric ?? '', milestone.usageThreshold ?? 0, reachedAt)
      };
    }
    if (milestone.status === 'Planned' && milestone.targetDate !== null && milestone.targetDate < today) {
      return { ...current, status: 'Missed' };
    }
    return current;
  });
}

function crossingFor(milestone: SuccessMilestone, crossings: readonly ThresholdCrossing[] | null): IsoDateTime | null {
  if (milestone.usageMetric === null || milestone.usageThreshold === null || crossings === null) return null;
  const crossing = crossings.find(
    (c) => c.metric === milestone.usageMetric && c.threshold === milestone.usageThreshold
  );
  return crossing?.reachedAt ?? null;
}

/** `usage: event:campaign_sent reached 1 at 2026-03-04T10:12:00Z` (threshold without trailing zeros). */
export function usageEvidence(metric: string, threshold: number, reachedAt: IsoDateTime): string {
  const evidence = `usage: ${metric} reached ${Number(threshold.toFixed(2))} at ${formatInstant(reachedAt)}`;
  return evidence.length <= EVIDENCE_MAX_LENGTH ? evidence : `${evidence.slice(0, EVIDENCE_MAX_LENGTH - 1)}…`;
}

/** Evidence__c is Text(255). */
const EVIDENCE_MAX_LENGTH = 255;
