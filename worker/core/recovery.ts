// DESIGN §9.6: the recovery path (Health_Next_Grade__c) — the smallest single change that lifts
// the grade one step, for each measure a person can act on.

import {
  formatNumber,
  linear,
  roundedScore,
  type HealthConfig,
  type HealthMeasureKey,
  type HealthResult
} from './health.js';
import type { SupportConfig } from './support.js';
import { plural } from './words.js';
import type { HealthGrade } from './types.js';

/** The countable facts behind each measure's score, for the levers of §9.6. */
export interface RecoveryLevers {
  /** seat_utilization: licensed seats and active users (30 days) */
  seats: { licensed: number; active: number } | null;
  /** milestones due by today and how many are Achieved */
  milestones: { due: number; achieved: number } | null;
  /** implementation stages due by today and how many are Done */
  implementation: { due: number; done: number } | null;
  /** key people, engaged ones, and Left ones (a Left person cannot be re-engaged) */
  keyPeople: { total: number; engaged: number; left: number } | null;
  /**
   * open cases that cost points: High-or-escalated ones and stale ones (see support.ts), and
   * whether closing them all leaves the measure absent (no other open case, none created lately)
   */
  support: { highOrEscalated: number; stale: number; absentOnceClosed: boolean } | null;
}

const NEXT_GRADE: Record<Exclude<HealthGrade, 'A'>, Exclude<HealthGrade, 'F'>> = { B: 'A', C: 'B', D: 'C', F: 'D' };
const MAX_OPTIONS = 2;

/** A change of N = 1…room units, the measure's score after it (null: it leaves the score), and how to say it. */
interface Lever {
  room: number;
  scoreAfter: (n: number) => number | null;
  text: (n: number) => string;
}

/**
 * `<next grade> at <T>: <option>[; or <option>]`, the options biggest points lost first; null for
 * grade A or no grade. The text stays far below 255 characters: two options of a few words and
 * numbers each.
 */
export function nextGradePath(
  health: HealthResult,
  levers: RecoveryLevers,
  config: HealthConfig,
  support: SupportConfig
): string | null {
  if (health.grade === null || health.grade === 'A') return null;
  const next = NEXT_GRADE[health.grade];
  const threshold = config.grades[next];
  const present = health.measures.filter((m) => m.score !== null);
  const scores = new Map(present.map((m) => [m.key, m.score ?? 0]));
  const options = present.flatMap((m) => {
    const lever = leverFor(m.key, levers, config, support);
    if (!lever) return [];
    for (let n = 1; n <= lever.room; n++) {
      const after = lever.scoreAfter(n);
      const changed = new Map(scores);
      if (after === null) changed.delete(m.key);
      else changed.set(m.key, after);
      if (changed.size > 0 && roundedScore(changed, config) >= threshold) return [lever.text(n)];
    }
    return [];
  });
  const path = options.length > 0 ? options.slice(0, MAX_OPTIONS).join('; or ') : 'no single change lifts the grade';
  return `${next} at ${threshold}: ${path}`;
}

/** The lever of a measure, or null when it has none (activity_trend, satisfaction) or no facts. */
function leverFor(
  key: HealthMeasureKey,
  levers: RecoveryLevers,
  config: HealthConfig,
  support: SupportConfig
): Lever | null {
  switch (key) {
    case 'seat_utilization':
      return levers.seats && seatLever(levers.seats, config);
    case 'milestones':
      return (
        levers.milestones &&
        shareLever(levers.milestones.due, levers.milestones.achieved, (n) => `achieve ${more(n, 'due milestone')}`)
      );
    case 'implementation':
      return (
        levers.implementation &&
        shareLever(levers.implementation.due, levers.implementation.done, (n) => `finish ${more(n, 'due stage')}`)
      );
    case 'key_people': {
      if (!levers.keyPeople) return null;
      const { total, engaged, left } = levers.keyPeople;
      return {
        room: total - engaged - left,
        scoreAfter: (n) => (100 * (engaged + n)) / total,
        text: (n) => `re-engage ${n} ${n === 1 ? 'key person' : 'key people'}`
      };
    }
    case 'support':
      return levers.support && supportLever(levers.support, support);
    case 'recency':
      return { room: 1, scoreAfter: () => 100, text: () => 'any product activity' };
    case 'activity_trend':
    case 'satisfaction':
      return null;
  }
}

function seatLever(seats: { licensed: number; active: number }, config: HealthConfig): Lever {
  const { licensed, active } = seats;
  const { zeroAtPercent, fullAtPercent } = config.seatUtilization;
  const percent = (users: number) => (100 * users) / licensed;
  return {
    room: licensed - active,
    scoreAfter: (n) => linear(percent(active + n), zeroAtPercent, fullAtPercent),
    text: (n) =>
      `activate ${more(n, 'seat')} (${formatNumber(percent(active), 0)}% → ${formatNumber(percent(active + n), 0)}%)`
  };
}

/** milestones and implementation: 100 × counted ÷ due, as health.ts scores them. */
function shareLever(due: number, counted: number, text: (n: number) => string): Lever {
  return { room: due - counted, scoreAfter: (n) => (100 * (counted + n)) / due, text };
}

/** Closing the High or escalated cases first, each worth more points than a stale one. */
function supportLever(cases: NonNullable<RecoveryLevers['support']>, config: SupportConfig): Lever {
  const { highOrEscalated, stale, absentOnceClosed } = cases;
  return {
    room: highOrEscalated + stale,
    scoreAfter: (n) => {
      // closing the last open case of an account with no recent one: support is absent (§9.4)
      if (absentOnceClosed && n === highOrEscalated + stale) return null;
      const high = Math.max(0, highOrEscalated - n);
      const older = stale - Math.max(0, n - highOrEscalated);
      const lost = config.highPriorityPenalty * high + config.stalePenalty * older;
      return Math.min(100, Math.max(0, 100 - lost));
    },
    text: (n) => `close ${plural(n, 'open case')}`
  };
}

/** `1 more seat`, `2 more seats`. */
function more(count: number, noun: string): string {
  return `${count} more ${count === 1 ? noun : `${noun}s`}`;
}
