// DESIGN §4.2: the health score, its grade and the driver lines that explain it.

import { z } from 'zod';
import { daysBetween, toDate } from './dates.js';
import { plural } from './words.js';
import type { HealthGrade, ImplementationStage, IsoDate, SuccessMilestone, UsageMetrics } from './types.js';

/** In DESIGN table order, which is also the tie order of driver lines. */
export const HEALTH_MEASURES = [
  'seat_utilization',
  'activity_trend',
  'milestones',
  'implementation',
  'recency',
  'support',
  'satisfaction',
  'key_people'
] as const;
export type HealthMeasureKey = (typeof HEALTH_MEASURES)[number];

/**
 * The DESIGN §9.4 measures read what people record in Salesforce besides usage. Absent, they
 * are left out of the driver lines, so an org without cases or answers keeps exactly the
 * health fields it had (a §4.2 measure is listed as absent).
 */
const SIGNAL_MEASURES: ReadonlySet<HealthMeasureKey> = new Set(['support', 'satisfaction', 'key_people']);

export interface HealthConfig {
  weights: Record<HealthMeasureKey, number>;
  /** percent of seats active: at or below zeroAt scores 0, at or above fullAt scores 100 */
  seatUtilization: { zeroAtPercent: number; fullAtPercent: number };
  /** active users last 30 days ÷ the 30 days before */
  activityTrend: { zeroAtRatio: number; fullAtRatio: number };
  /** whole UTC days since the last event */
  recency: { fullWithinDays: number; zeroAfterDays: number };
  /** lowest score of each grade; below D is F */
  grades: { A: number; B: number; C: number; D: number };
  /** Health_Change__c is written when the score moves by at least this many points (or the grade changes) */
  change: { minScoreMove: number };
  /** Health_Trend__c compares with the score about lookbackDays ago, given history at least minHistoryDays old */
  trend: { lookbackDays: number; minHistoryDays: number };
}

export const DEFAULT_HEALTH_CONFIG: HealthConfig = {
  weights: {
    seat_utilization: 30,
    activity_trend: 20,
    milestones: 20,
    implementation: 15,
    recency: 15,
    support: 10,
    satisfaction: 10,
    key_people: 10
  },
  seatUtilization: { zeroAtPercent: 10, fullAtPercent: 60 },
  activityTrend: { zeroAtRatio: 0.5, fullAtRatio: 1.0 },
  recency: { fullWithinDays: 3, zeroAfterDays: 30 },
  grades: { A: 85, B: 70, C: 55, D: 40 },
  change: { minScoreMove: 5 },
  trend: { lookbackDays: 30, minHistoryDays: 7 }
};

const D = DEFAULT_HEALTH_CONFIG;
const nonNegative = z.number().finite().min(0);
const score = z.number().finite().min(0).max(100);

/** The `health` section of config/cairn.json: every key optional, defaults as DESIGN §4.2. */
export const healthConfigSchema = z
  .object({
    weights: z
      .object({
        seat_utilization: nonNegative.default(D.weights.seat_utilization),
        activity_trend: nonNegative.default(D.weights.activity_trend),
        milestones: nonNegative.default(D.weights.milestones),
        implementation: nonNegative.default(D.weights.implementation),
        recency: nonNegative.default(D.weights.recency),
        support: nonNegative.default(D.weights.support),
        satisfaction: nonNegative.default(D.weights.satisfaction),
        key_people: nonNegative.default(D.weights.key_people)
      })
      .strict()
      .refine((w) => Object.values(w).some((v) => v > 0), 'at least one weight must be above 0')
      .prefault({}),
    seatUtilization: z
      .object({
        zeroAtPercent: nonNegative.default(D.seatUtilization.zeroAtPercent),
        fullAtPercent: nonNegative.default(D.seatUtilization.fullAtPercent)
      })
      .strict()
      .refine((s) => s.zeroAtPercent < s.fullAtPercent, 'zeroAtPercent must be below fullAtPercent')
      .prefault({}),
    activityTrend: z
      .object({
        zeroAtRatio: nonNegative.default(D.activityTrend.zeroAtRatio),
        fullAtRatio: nonNegative.default(D.activityTrend.fullAtRatio)
      })
      .strict()
      .refine((t) => t.zeroAtRatio < t.fullAtRatio, 'zeroAtRatio must be below fullAtRatio')
      .prefault({}),
    recency: z
      .object({
        fullWithinDays: nonNegative.default(D.recency.fullWithinDays),
        zeroAfterDays: nonNegative.default(D.recency.zeroAfterDays)
      })
      .strict()
      .refine((r) => r.fullWithinDays < r.zeroAfterDays, 'fullWithinDays must be below zeroAfterDays')
      .prefault({}),
    grades: z
      .object({
        A: score.default(D.grades.A),
        B: score.default(D.grades.B),
        C: score.default(D.grades.C),
        D: score.default(D.grades.D)
      })
      .strict()
      .refine((g) => g.A > g.B && g.B > g.C && g.C > g.D, 'grade cut-offs must fall strictly: A > B > C > D')
      .prefault({}),
    change: z
      .object({ minScoreMove: z.number().finite().positive().default(D.change.minScoreMove) })
      .strict()
      .prefault({}),
    trend: z
      .object({
        lookbackDays: z.number().finite().positive().default(D.trend.lookbackDays),
        minHistoryDays: nonNegative.default(D.trend.minHistoryDays)
      })
      .strict()
      .refine((t) => t.minHistoryDays <= t.lookbackDays, 'minHistoryDays must not exceed lookbackDays')
      .prefault({})
  })
  .strict() satisfies z.ZodType<HealthConfig, unknown>;

export interface HealthInputs {
  /** null: the opportunity has no usage at all (no Product_Account_Id__c) */
  metrics: UsageMetrics | null;
  milestones: readonly SuccessMilestone[];
  stages: readonly ImplementationStage[];
  today: IsoDate;
  /** DESIGN §9.4, assessed by support.ts, satisfaction.ts and people.ts */
  support: MeasureAssessment;
  satisfaction: MeasureAssessment;
  keyPeople: MeasureAssessment;
}

export interface HealthMeasure {
  key: HealthMeasureKey;
  weight: number;
  /** 0–100; null when the measure is absent */
  score: number | null;
  /** weight × (100 − score) / Σ weights of the present measures; null when absent */
  pointsLost: number | null;
  /** the driver line, e.g. `-14.0 seat_utilization: 22% of seats active (target 60%)` */
  line: string;
}

export interface HealthResult {
  /** 0–100, or null when no measure is present */
  score: number | null;
  grade: HealthGrade | null;
  /** present measures by points lost, worst first (ties in DESIGN table order), then the absent ones */
  measures: HealthMeasure[];
  /** the measure lines joined by newlines (Health_Drivers__c); null when the score is null */
  drivers: string | null;
}

/** One measure's score (null: absent) and the words after its driver line's `<key>: `. */
export interface MeasureAssessment {
  score: number | null;
  explanation: string;
}

const NO_USAGE = 'no product usage: the account has no Product_Account_Id__c';

export function scoreHealth(inputs: HealthInputs, config: HealthConfig): HealthResult {
  const assessments: Record<HealthMeasureKey, MeasureAssessment> = {
    seat_utilization: seatUtilization(inputs.metrics, config),
    activity_trend: activityTrend(inputs.metrics, config),
    milestones: milestonesDue(inputs.milestones, inputs.today),
    implementation: stagesDue(inputs.stages, inputs.today),
    recency: recency(inputs.metrics, inputs.today, config),
    support: inputs.support,
    satisfaction: inputs.satisfaction,
    key_people: inputs.keyPeople
  };
  // a signal measure turned off (weight 0) is not scored nor listed
  const isSignalOff = (key: HealthMeasureKey) => SIGNAL_MEASURES.has(key) && config.weights[key] === 0;
  const present = HEALTH_MEASURES.filter((key) => assessments[key].score !== null && !isSignalOff(key));
  const totalWeight = present.reduce((sum, key) => sum + config.weights[key], 0);
  if (totalWeight === 0) {
    const measures = HEALTH_MEASURES.filter((key) => !SIGNAL_MEASURES.has(key)).map((key) =>
      absentMeasure(key, config, assessments[key])
    );
    return { score: null, grade: null, measures, drivers: null };
  }

  const healthScore = roundedScore(new Map(present.map((key) => [key, assessments[key].score ?? 0])), config);
  const presentMeasures = present
    .map((key): HealthMeasure => {
      const { score: measureScore, explanation } = assessments[key];
      const weight = config.weights[key];
      const pointsLost = tidy((weight * (100 - (measureScore ?? 0))) / totalWeight);
      return { key, weight, score: measureScore, pointsLost, line: `-${pointsLost.toFixed(1)} ${key}: ${explanation}` };
    })
    // Array.prototype.sort is stable: equal losses keep DESIGN table order.
    .sort((a, b) => (b.pointsLost ?? 0) - (a.pointsLost ?? 0));
  const absent = HEALTH_MEASURES.filter((key) => assessments[key].score === null && !SIGNAL_MEASURES.has(key)).map(
    (key) => absentMeasure(key, config, assessments[key])
  );
  const measures = [...presentMeasures, ...absent];
  return {
    score: healthScore,
    grade: gradeFor(healthScore, config),
    measures,
    drivers: measures.map((m) => m.line).join('\n')
  };
}

/**
 * round(Σ wᵢ·sᵢ / Σ wᵢ) over the measures in `scores` (their weights summing above 0), summed in
 * DESIGN table order: the score, and what it would be with one measure's score changed (§9.6).
 */
export function roundedScore(scores: ReadonlyMap<HealthMeasureKey, number>, config: HealthConfig): number {
  const keys = HEALTH_MEASURES.filter((key) => scores.has(key));
  const totalWeight = keys.reduce((sum, key) => sum + config.weights[key], 0);
  const weighted = keys.reduce((sum, key) => sum + config.weights[key] * (scores.get(key) ?? 0), 0);
  return Math.round(tidy(weighted / totalWeight));
}

export function gradeFor(healthScore: number, config: HealthConfig): HealthGrade {
  const { A, B, C, D: dCut } = config.grades;
  if (healthScore >= A) return 'A';
  if (healthScore >= B) return 'B';
  if (healthScore >= C) return 'C';
  if (healthScore >= dCut) return 'D';
  return 'F';
}

function absentMeasure(key: HealthMeasureKey, config: HealthConfig, assessment: MeasureAssessment): HealthMeasure {
  return {
    key,
    weight: config.weights[key],
    score: null,
    pointsLost: null,
    line: `absent ${key}: ${assessment.explanation}`
  };
}

/** 0 at or below `zeroAt`, 100 at or above `fullAt`, linear between. */
export function linear(value: number, zeroAt: number, fullAt: number): number {
  const fraction = (value - zeroAt) / (fullAt - zeroAt);
  return tidy(100 * Math.min(1, Math.max(0, fraction)));
}

/**
 * Rounds away float noise (7.999999999999999 → 8, 84.49999999 → 84.5) so rounding the score
 * and printing points lost to one decimal give the results hand arithmetic gives.
 */
function tidy(value: number): number {
  return Number(value.toFixed(6));
}

function seatUtilization(metrics: UsageMetrics | null, config: HealthConfig): MeasureAssessment {
  if (!metrics) return { score: null, explanation: NO_USAGE };
  if (metrics.seatUtilization === null) return { score: null, explanation: 'no licensed seats on the opportunity' };
  const { zeroAtPercent, fullAtPercent } = config.seatUtilization;
  return {
    score: linear(metrics.seatUtilization, zeroAtPercent, fullAtPercent),
    explanation: `${formatNumber(metrics.seatUtilization, 0)}% of seats active (target ${formatNumber(fullAtPercent, 1)}%)`
  };
}

function activityTrend(metrics: UsageMetrics | null, config: HealthConfig): MeasureAssessment {
  if (!metrics) return { score: null, explanation: NO_USAGE };
  const now = metrics.activeUsers30d;
  const before = metrics.activeUsersPrior30d;
  if (now === 0 && before === 0) return { score: null, explanation: 'no active users in either 30-day window' };
  if (before === 0) {
    return { score: 100, explanation: `${users(now)} in the last 30 days, none in the 30 days before` };
  }
  const ratio = now / before;
  const { zeroAtRatio, fullAtRatio } = config.activityTrend;
  return {
    score: linear(ratio, zeroAtRatio, fullAtRatio),
    explanation: `${users(now)} in the last 30 days vs ${before} in the 30 days before (ratio ${ratio.toFixed(2)}, target ${fullAtRatio.toFixed(2)})`
  };
}

/** Milestones due by today (target on or before it), and how many of them are Achieved. */
export function dueMilestones(
  milestones: readonly SuccessMilestone[],
  today: IsoDate
): { due: number; achieved: number } {
  const due = milestones.filter((m) => m.targetDate !== null && m.targetDate <= today);
  return { due: due.length, achieved: due.filter((m) => m.status === 'Achieved').length };
}

/** Implementation stages due by today, and how many of them are Done. */
export function dueStages(stages: readonly ImplementationStage[], today: IsoDate): { due: number; done: number } {
  const due = stages.filter((s) => s.targetDate !== null && s.targetDate <= today);
  return { due: due.length, done: due.filter((s) => s.status === 'Done').length };
}

function milestonesDue(milestones: readonly SuccessMilestone[], today: IsoDate): MeasureAssessment {
  const { due, achieved } = dueMilestones(milestones, today);
  if (due === 0) return { score: null, explanation: 'no milestones due yet' };
  return {
    score: (100 * achieved) / due,
    explanation: `${achieved} of ${plural(due, 'milestone')} due by today achieved`
  };
}

function stagesDue(stages: readonly ImplementationStage[], today: IsoDate): MeasureAssessment {
  const { due, done } = dueStages(stages, today);
  if (due === 0) return { score: null, explanation: 'no implementation stages due yet' };
  return {
    score: (100 * done) / due,
    explanation: `${done} of ${plural(due, 'stage')} due by today done`
  };
}

/** Counted in whole UTC days (last activity's date to today) so the score is stable within a day. */
function recency(metrics: UsageMetrics | null, today: IsoDate, config: HealthConfig): MeasureAssessment {
  if (!metrics) return { score: null, explanation: NO_USAGE };
  if (metrics.lastActivity === null) return { score: 0, explanation: 'no product activity yet' };
  const days = Math.max(0, daysBetween(toDate(metrics.lastActivity), today));
  const { fullWithinDays, zeroAfterDays } = config.recency;
  const target = `target within ${plural(fullWithinDays, 'day')}`;
  const when = days === 0 ? 'today' : `${plural(days, 'day')} ago`;
  return {
    score: 100 - linear(days, fullWithinDays, zeroAfterDays),
    explanation: `last activity ${when} (${target})`
  };
}

function users(count: number): string {
  return `${count} active ${count === 1 ? 'user' : 'users'}`;
}

/** At most `decimals` places, no trailing zeros: 60 → "60", 22.25 → "22.3" (1 place). */
export function formatNumber(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}
