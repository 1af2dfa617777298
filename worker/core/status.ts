// DESIGN §4.5: Post_Sale_Status__c, the first rule that matches.

import { z } from 'zod';
import { addDays } from './dates.js';
import type { HealthGrade, IsoDate, PostSaleStatus } from './types.js';

export interface StatusConfig {
  /** Renewal Due when Contract_End_Date__c ≤ today + this many days */
  renewalDueWithinDays: number;
}

export const DEFAULT_STATUS_CONFIG: StatusConfig = { renewalDueWithinDays: 90 };

export const statusConfigSchema = z
  .object({
    renewalDueWithinDays: z.number().int().min(0).default(DEFAULT_STATUS_CONFIG.renewalDueWithinDays)
  })
  .strict() satisfies z.ZodType<StatusConfig, unknown>;

export interface StatusInputs {
  kickoffHeld: boolean;
  kickoffScheduled: boolean;
  onboarded: boolean;
  /** null: no health measure present, so the grade is unknown and rule 4 does not match */
  grade: HealthGrade | null;
  contractEndDate: IsoDate | null;
  today: IsoDate;
}

/**
 * 1. kickoff not held and scheduled → Kickoff Scheduled
 * 2. kickoff not held → Awaiting Kickoff
 * 3. not onboarded → Implementing
 * 4. grade D or F → At Risk
 * 5. Contract_End_Date__c ≤ today + 90 days → Renewal Due. An end date already passed counts
 *    too: scope keeps opportunities up to 30 days past their end, and an unrenewed contract
 *    is the most urgent renewal there is.
 * 6. otherwise → Onboarded
 */
export function postSaleStatus(inputs: StatusInputs, config: StatusConfig): PostSaleStatus {
  if (!inputs.kickoffHeld) return inputs.kickoffScheduled ? 'Kickoff Scheduled' : 'Awaiting Kickoff';
  if (!inputs.onboarded) return 'Implementing';
  if (inputs.grade === 'D' || inputs.grade === 'F') return 'At Risk';
  if (inputs.contractEndDate !== null && inputs.contractEndDate <= addDays(inputs.today, config.renewalDueWithinDays)) {
    return 'Renewal Due';
  }
  return 'Onboarded';
}
