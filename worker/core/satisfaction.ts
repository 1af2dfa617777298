// DESIGN §9.4 `satisfaction`: what customers said at each touchpoint — the two questions on
// stages Done and reviews Completed, and NPS answers from the product (§9.2) — as one measure.

import { z } from 'zod';
import { addDays, toDate } from './dates.js';
import type { MeasureAssessment } from './health.js';
import type { BusinessReview, ImplementationStage, IsoDate, NpsAnswer, SatisfactionLevel } from './types.js';
import { plural } from './words.js';

export interface SatisfactionConfig {
  /** answers given in the last this many days count */
  windowDays: number;
  /** the track event that carries an NPS answer in `properties.score` (0–10) */
  npsEvent: string;
  /** an NPS score at or above this is Satisfied */
  npsSatisfiedFrom: number;
  /** an NPS score at or above this (and below npsSatisfiedFrom) is Neutral; below it, Unsatisfied */
  npsNeutralFrom: number;
}

export const DEFAULT_SATISFACTION_CONFIG: SatisfactionConfig = {
  windowDays: 180,
  npsEvent: 'nps_submitted',
  npsSatisfiedFrom: 9,
  npsNeutralFrom: 7
};

const D = DEFAULT_SATISFACTION_CONFIG;
const npsScore = z.number().finite().min(0).max(10);

/** The `satisfaction` section of config/cairn.json. */
export const satisfactionConfigSchema = z
  .object({
    windowDays: z.number().finite().positive().default(D.windowDays),
    npsEvent: z.string().trim().min(1, 'expected the name of a track event').max(255).default(D.npsEvent),
    npsSatisfiedFrom: npsScore.default(D.npsSatisfiedFrom),
    npsNeutralFrom: npsScore.default(D.npsNeutralFrom)
  })
  .strict()
  .refine(
    (s) => s.npsNeutralFrom < s.npsSatisfiedFrom,
    'npsNeutralFrom must be below npsSatisfiedFrom'
  ) satisfies z.ZodType<SatisfactionConfig, unknown>;

/** The points each answer is worth. */
const LEVEL_SCORE: Record<SatisfactionLevel, number> = { Satisfied: 100, Neutral: 50, Unsatisfied: 0 };

export interface SatisfactionAnswer {
  aspect: 'product' | 'service';
  level: SatisfactionLevel;
  /** the UTC day it was given */
  on: IsoDate;
  /** the stage or review it was given at; null for an NPS answer */
  at: string | null;
  /** the NPS score; null for an answer on a stage or review */
  nps: number | null;
}

/** A score an NPS answer may carry: a number from 0 to 10. */
export function isNpsScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 10;
}

export function npsLevel(score: number, config: SatisfactionConfig): SatisfactionLevel {
  if (score >= config.npsSatisfiedFrom) return 'Satisfied';
  if (score >= config.npsNeutralFrom) return 'Neutral';
  return 'Unsatisfied';
}

/**
 * Every dated answer: stages Done by Completed_Date__c, reviews Completed by Scheduled_At__c
 * (else Due_Date__c), NPS answers by their event's time (a product answer). A stage or
 * review without its date cannot be placed in the window and gives none.
 */
export function satisfactionAnswers(
  stages: readonly ImplementationStage[],
  reviews: readonly BusinessReview[],
  nps: readonly NpsAnswer[],
  config: SatisfactionConfig
): SatisfactionAnswer[] {
  const asked = (
    touchpoint: {
      name: string;
      productSatisfaction: SatisfactionLevel | null;
      serviceSatisfaction: SatisfactionLevel | null;
    },
    on: IsoDate | null
  ): SatisfactionAnswer[] => {
    if (on === null) return [];
    const answers: SatisfactionAnswer[] = [];
    if (touchpoint.productSatisfaction)
      answers.push({ aspect: 'product', level: touchpoint.productSatisfaction, on, at: touchpoint.name, nps: null });
    if (touchpoint.serviceSatisfaction)
      answers.push({ aspect: 'service', level: touchpoint.serviceSatisfaction, on, at: touchpoint.name, nps: null });
    return answers;
  };
  return [
    ...stages.filter((s) => s.status === 'Done').flatMap((s) => asked(s, s.completedDate)),
    ...reviews
      .filter((r) => r.status === 'Completed')
      .flatMap((r) => asked(r, r.scheduledAt ? toDate(r.scheduledAt) : r.dueDate)),
    ...nps.map((answer): SatisfactionAnswer => ({
      aspect: 'product',
      level: npsLevel(answer.score, config),
      on: toDate(answer.at),
      at: null,
      nps: answer.score
    }))
  ];
}

/** Answers given from `from` to `today` (UTC days, both included). */
export function answersBetween(
  answers: readonly SatisfactionAnswer[],
  from: IsoDate,
  today: IsoDate
): SatisfactionAnswer[] {
  return answers.filter((a) => a.on >= from && a.on <= today);
}

/** The first day of the window ending today: answers on it or later count. */
export function windowStart(today: IsoDate, config: SatisfactionConfig): IsoDate {
  return addDays(today, 1 - config.windowDays);
}

const NAMED_UNSATISFIED = 3;

/** The mean of the answers in the window (Satisfied 100, Neutral 50, Unsatisfied 0); absent without any. */
export function assessSatisfaction(
  answers: readonly SatisfactionAnswer[],
  today: IsoDate,
  config: SatisfactionConfig
): MeasureAssessment {
  const inWindow = answersBetween(answers, windowStart(today, config), today);
  const window = `${config.windowDays} days`;
  if (inWindow.length === 0) return { score: null, explanation: `no satisfaction answer in the last ${window}` };
  const total = inWindow.reduce((sum, a) => sum + LEVEL_SCORE[a.level], 0);
  const satisfied = inWindow.filter((a) => a.level === 'Satisfied').length;
  return {
    score: total / inWindow.length,
    explanation: `${satisfied} of ${plural(inWindow.length, 'answer')} satisfied in ${window}${unsatisfiedNote(inWindow)}`
  };
}

/** ` (service unsatisfied at Kickoff, NPS 4 on 2026-11-02)`, newest first; empty when none is unsatisfied. */
export function unsatisfiedNote(answers: readonly SatisfactionAnswer[]): string {
  const unsatisfied = answers.filter((a) => a.level === 'Unsatisfied').sort((a, b) => b.on.localeCompare(a.on));
  if (unsatisfied.length === 0) return '';
  const named = unsatisfied.slice(0, NAMED_UNSATISFIED).map(describe);
  const more = unsatisfied.length - named.length;
  return ` (${named.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
}

function describe(answer: SatisfactionAnswer): string {
  return answer.nps === null ? `${answer.aspect} unsatisfied at ${answer.at}` : `NPS ${answer.nps} on ${answer.on}`;
}
