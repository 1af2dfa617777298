// DESIGN §4.6: when business reviews fall due, and their external keys.

import { z } from 'zod';
import { addDays, addMonths } from './dates.js';
import type { IsoDate, ReviewType } from './types.js';

export interface ReviewsConfig {
  /** QBR n is due CloseDate + n × this many months */
  qbrIntervalMonths: number;
  /** with an end date, QBRs are due before Contract_End_Date__c − this many days */
  lastQbrBeforeEndDays: number;
  /** the Renewal Review is due Contract_End_Date__c − this many days */
  renewalReviewBeforeEndDays: number;
  /** without an end date, at least this many QBRs exist… */
  openEndedQbrs: number;
  /** …and at least this many of them are due after today (topped up every run) */
  futureQbrs: number;
  /** a safety stop for far-off or mistyped end dates */
  maxQbrs: number;
  /** Value_Summary__c is written for reviews due within this many days */
  valueSummaryWithinDays: number;
}

export const DEFAULT_REVIEWS_CONFIG: ReviewsConfig = {
  qbrIntervalMonths: 3,
  lastQbrBeforeEndDays: 80,
  renewalReviewBeforeEndDays: 42,
  openEndedQbrs: 4,
  futureQbrs: 2,
  maxQbrs: 40,
  valueSummaryWithinDays: 30
};

const R = DEFAULT_REVIEWS_CONFIG;
const days = z.number().int().min(0);
const count = z.number().int().min(1);

export const reviewsConfigSchema = z
  .object({
    qbrIntervalMonths: count.default(R.qbrIntervalMonths),
    lastQbrBeforeEndDays: days.default(R.lastQbrBeforeEndDays),
    renewalReviewBeforeEndDays: days.default(R.renewalReviewBeforeEndDays),
    openEndedQbrs: count.default(R.openEndedQbrs),
    futureQbrs: count.default(R.futureQbrs),
    maxQbrs: count.default(R.maxQbrs),
    valueSummaryWithinDays: days.default(R.valueSummaryWithinDays)
  })
  .strict() satisfies z.ZodType<ReviewsConfig, unknown>;

/** The type part of Review_Key__c: key-safe, no spaces. */
export const REVIEW_KEY_TYPE: Record<ReviewType, string> = { QBR: 'QBR', 'Renewal Review': 'Renewal' };

/** Review_Key__c: `<oppId>:QBR:<n>` or `<oppId>:Renewal:1`. */
export function reviewKey(opportunityId: string, type: ReviewType, sequence: number): string {
  return `${opportunityId}:${REVIEW_KEY_TYPE[type]}:${sequence}`;
}

export function reviewName(type: ReviewType, sequence: number): string {
  return type === 'QBR' ? `QBR ${sequence}` : 'Renewal Review';
}

export interface ScheduledReview {
  type: ReviewType;
  sequence: number;
  dueDate: IsoDate;
}

export interface ScheduleInputs {
  closeDate: IsoDate;
  contractEndDate: IsoDate | null;
  today: IsoDate;
  quarterly: boolean;
  renewalReview: boolean;
}

/**
 * Every review the opportunity should have, in due order.
 * QBR n (n ≥ 1) is due CloseDate + 3n months (month-end clamped, always counted from the
 * close date). With Contract_End_Date__c: every n whose due date is before End − 80 days,
 * plus the Renewal Review due End − 42 days. Without one: QBRs 1..N where
 * N = max(4, (QBRs due on or before today) + 2) — four to start with, then topped up each
 * run so two future QBRs always exist. Reviews already in the past are included: the
 * schedule is the same whenever it is computed, so applying it twice never differs.
 */
export function reviewSchedule(inputs: ScheduleInputs, config: ReviewsConfig): ScheduledReview[] {
  const { closeDate, contractEndDate, today } = inputs;
  const qbrDue = (n: number): IsoDate => addMonths(closeDate, n * config.qbrIntervalMonths);
  const schedule: ScheduledReview[] = [];
  if (inputs.quarterly) {
    let last: number;
    if (contractEndDate !== null) {
      const before = addDays(contractEndDate, -config.lastQbrBeforeEndDays);
      last = 0;
      while (last < config.maxQbrs && qbrDue(last + 1) < before) last += 1;
    } else {
      let past = 0;
      while (past < config.maxQbrs && qbrDue(past + 1) <= today) past += 1;
      last = Math.min(config.maxQbrs, Math.max(config.openEndedQbrs, past + config.futureQbrs));
    }
    for (let n = 1; n <= last; n += 1) schedule.push({ type: 'QBR', sequence: n, dueDate: qbrDue(n) });
  }
  if (inputs.renewalReview && contractEndDate !== null) {
    schedule.push({
      type: 'Renewal Review',
      sequence: 1,
      dueDate: addDays(contractEndDate, -config.renewalReviewBeforeEndDays)
    });
  }
  return schedule;
}
