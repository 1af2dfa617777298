// DESIGN §4.3: Onboarded means first value delivered.

import { daysBetween, toDate } from './dates.js';
import type { IsoDate, Opportunity, SuccessMilestone } from './types.js';

export interface OnboardedState {
  onboarded: boolean;
  onboardedDate: IsoDate | null;
  /** Onboarded_Date__c − CloseDate in days; null without an onboarded date */
  daysToFirstValue: number | null;
}

/** The milestone marked Is_First_Value__c (the first by sequence if, against the rules, there are several). */
export function firstValueMilestone(milestones: readonly SuccessMilestone[]): SuccessMilestone | null {
  return milestones.find((m) => m.isFirstValue) ?? null;
}

/**
 * Onboarded once the first-value milestone is Achieved (by usage or by hand), and then for
 * good: a true Onboarded__c stays true and keeps its Onboarded_Date__c. The date is the UTC
 * date of the milestone's Achieved_At__c.
 * `milestones` are the milestones as decided in this run (decideMilestones applied).
 */
export function decideOnboarded(
  opportunity: Pick<Opportunity, 'onboarded' | 'onboardedDate' | 'closeDate'>,
  milestones: readonly SuccessMilestone[]
): OnboardedState {
  const firstValue = firstValueMilestone(milestones);
  const reached = firstValue?.status === 'Achieved';
  const onboarded = opportunity.onboarded || reached;
  const achievedDate = reached && firstValue.achievedAt !== null ? toDate(firstValue.achievedAt) : null;
  const keptDate = opportunity.onboarded ? opportunity.onboardedDate : null;
  const onboardedDate = onboarded ? (keptDate ?? achievedDate) : null;
  return {
    onboarded,
    onboardedDate,
    daysToFirstValue: onboardedDate === null ? null : daysBetween(opportunity.closeDate, onboardedDate)
  };
}
