// DESIGN §9.4 `support`: what the account's open support cases cost its health, and the
// counts Open_Support_Cases__c and the value summary show.

import { z } from 'zod';
import { toDate } from './dates.js';
import type { MeasureAssessment } from './health.js';
import type { IsoDate, SupportCase } from './types.js';
import { plural } from './words.js';

export interface SupportConfig {
  /** an open case (not high-priority or escalated) created more than this many days ago costs stalePenalty */
  staleDays: number;
  /** the measure is present when a case is open or one was created within this many days */
  lookbackDays: number;
  /** points lost for each open case with Priority High or IsEscalated */
  highPriorityPenalty: number;
  /** points lost for each other open case older than staleDays */
  stalePenalty: number;
}

export const DEFAULT_SUPPORT_CONFIG: SupportConfig = {
  staleDays: 7,
  lookbackDays: 90,
  highPriorityPenalty: 30,
  stalePenalty: 10
};

const days = z.number().finite().positive();
const points = z.number().finite().min(0).max(100);

/** The `support` section of config/cairn.json. */
export const supportConfigSchema = z
  .object({
    staleDays: days.default(DEFAULT_SUPPORT_CONFIG.staleDays),
    lookbackDays: days.default(DEFAULT_SUPPORT_CONFIG.lookbackDays),
    highPriorityPenalty: points.default(DEFAULT_SUPPORT_CONFIG.highPriorityPenalty),
    stalePenalty: points.default(DEFAULT_SUPPORT_CONFIG.stalePenalty)
  })
  .strict() satisfies z.ZodType<SupportConfig, unknown>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant from which a case counts as created "in the last N days": (now − N days, now]. */
export function lookbackStart(now: Date, config: SupportConfig): Date {
  return new Date(now.getTime() - config.lookbackDays * DAY_MS);
}

export function openCaseCount(cases: readonly SupportCase[]): number {
  return cases.filter((c) => !c.isClosed).length;
}

/** The open cases that cost points: High priority, escalated (not High), and other stale ones. */
export interface CostlyCases {
  high: number;
  escalated: number;
  stale: number;
}

export function costlyCases(cases: readonly SupportCase[], now: Date, config: SupportConfig): CostlyCases {
  const open = cases.filter((c) => !c.isClosed);
  const staleBefore = now.getTime() - config.staleDays * DAY_MS;
  return {
    high: open.filter((c) => c.priority === 'High').length,
    escalated: open.filter((c) => c.priority !== 'High' && c.isEscalated).length,
    stale: open.filter((c) => c.priority !== 'High' && !c.isEscalated && Date.parse(c.createdAt) < staleBefore).length
  };
}

/** Whether closing every costly case leaves no open case and none created in the lookback: the measure goes absent. */
export function supportAbsentOnceClosed(
  cases: readonly SupportCase[],
  costly: CostlyCases,
  now: Date,
  config: SupportConfig
): boolean {
  const open = cases.filter((c) => !c.isClosed).length;
  const from = lookbackStart(now, config).getTime();
  const recent = cases.some((c) => Date.parse(c.createdAt) > from);
  return !recent && open === costly.high + costly.escalated + costly.stale;
}

/**
 * 100 − highPriorityPenalty × open High or escalated cases − stalePenalty × other open cases
 * created more than staleDays ago, clamped to 0–100. Absent when no case is open and none was
 * created in the last lookbackDays. `cases` null: the opportunity has no account.
 */
export function assessSupport(
  cases: readonly SupportCase[] | null,
  now: Date,
  config: SupportConfig
): MeasureAssessment {
  const lookback = `${config.lookbackDays} days`;
  if (cases === null) return { score: null, explanation: 'the opportunity has no account' };
  const from = lookbackStart(now, config).getTime();
  const open = cases.filter((c) => !c.isClosed);
  const recent = cases.filter((c) => Date.parse(c.createdAt) > from).length;
  if (open.length === 0 && recent === 0) {
    return { score: null, explanation: `no open case and none created in the last ${lookback}` };
  }

  const { high, escalated, stale } = costlyCases(cases, now, config);
  const lost = config.highPriorityPenalty * (high + escalated) + config.stalePenalty * stale;
  const costs = [
    ...(high > 0 ? [plural(high, 'open high-priority case')] : []),
    ...(escalated > 0 ? [plural(escalated, 'open escalated case')] : []),
    ...(stale > 0 ? [`${plural(stale, 'open case')} older than ${config.staleDays} days`] : [])
  ];
  const explanation =
    costs.length > 0
      ? costs.join(', ')
      : open.length > 0
        ? `${plural(open.length, 'open case')}, none high-priority, escalated or older than ${config.staleDays} days`
        : `no open case; ${plural(recent, 'case')} created in the last ${lookback}, all closed`;
  return { score: Math.min(100, Math.max(0, 100 - lost)), explanation };
}

/** Cases opened and closed from `from` (a UTC day) to `today`, for the value summary. */
export function casesInPeriod(
  cases: readonly SupportCase[],
  from: IsoDate,
  today: IsoDate
): { opened: number; closed: number } {
  const within = (at: string | null): boolean => at !== null && toDate(at) >= from && toDate(at) <= today;
  return {
    opened: cases.filter((c) => within(c.createdAt)).length,
    closed: cases.filter((c) => c.isClosed && within(c.closedAt)).length
  };
}
