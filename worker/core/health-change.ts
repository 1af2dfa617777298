// Health_Change__c: the explainable health history, kept small (DESIGN §2).

import { formatInstant } from './dates.js';
import type { HealthConfig } from './health.js';
import type { HealthChange, HealthGrade } from './types.js';

export interface HealthChangeInputs {
  opportunityId: string;
  /** this run's score; null (no measure present) never writes a record */
  score: number | null;
  grade: HealthGrade | null;
  /** this run's driver lines (Health_Drivers__c) */
  drivers: string | null;
  /** the newest Health_Change__c of the opportunity */
  last: HealthChange | null;
  now: Date;
}

/**
 * A record is written for the first score, then only when the grade changed or the score
 * moved by at least `minScoreMove` (5) points since the last record. Its Drivers__c is a
 * line saying what moved, e.g. `score 72 → 64 (-8), grade B → C`, then the driver lines.
 * Change_Key__c is `<oppId>:<now, ISO UTC>`.
 */
export function decideHealthChange(inputs: HealthChangeInputs, config: HealthConfig['change']): HealthChange | null {
  const { score, grade, last } = inputs;
  if (score === null || grade === null) return null;
  if (last !== null && last.grade === grade && Math.abs(score - last.score) < config.minScoreMove) return null;

  const changedAt = formatInstant(inputs.now);
  return {
    key: `${inputs.opportunityId}:${changedAt}`,
    score,
    previousScore: last?.score ?? null,
    grade,
    previousGrade: last?.grade ?? null,
    changedAt,
    drivers: [whatMoved(score, grade, last), ...(inputs.drivers ? [inputs.drivers] : [])].join('\n')
  };
}

function whatMoved(score: number, grade: HealthGrade, last: HealthChange | null): string {
  if (last === null) return `first score ${score}, grade ${grade}`;
  const delta = score - last.score;
  const signed = delta > 0 ? `+${delta}` : String(delta);
  const grades = last.grade === grade ? `grade ${grade} unchanged` : `grade ${last.grade} → ${grade}`;
  return `score ${last.score} → ${score} (${signed}), ${grades}`;
}
