// The one place for date arithmetic. Dates are `YYYY-MM-DD` strings read as UTC calendar
// days; instants are ISO 8601 UTC strings. Two dates compare correctly as strings.

import type { IsoDate, IsoDateTime } from './types.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(date: IsoDate): Date {
  const match = ISO_DATE.exec(date);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!parsed || parsed.toISOString().slice(0, 10) !== date) {
    throw new Error(`"${date}" is not a calendar date: expected YYYY-MM-DD, e.g. 2026-03-04`);
  }
  return parsed;
}

function format(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** The UTC date of an instant: the run's "today" is `toDate(now)`. */
export function toDate(instant: Date | IsoDateTime): IsoDate {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) throw new Error(`"${String(instant)}" is not an ISO 8601 instant`);
  return format(at);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return format(new Date(parseDate(date).getTime() + days * DAY_MS));
}

/**
 * Adds calendar months, clamping to the last day of the target month when the day does not
 * exist there: 2026-01-31 + 1 month = 2026-02-28, 2028-01-31 + 1 month = 2028-02-29,
 * 2026-03-31 − 1 month = 2026-02-28. Always add to the original date (close + 3n months),
 * never chain, so one short month does not pull every later date back.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const start = parseDate(date);
  const monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay))));
}

/** Whole days from `from` to `to` (negative when `to` is earlier): daysBetween('2026-01-30', '2026-02-02') = 3. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / DAY_MS);
}

/** `now` minus some days, as an instant (for rolling windows measured in exact time). */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * An instant in the form Cairn prints it: ISO 8601 UTC, milliseconds dropped when zero
 * (`2026-03-04T10:12:00.000+0000` → `2026-03-04T10:12:00Z`).
 */
export function formatInstant(instant: Date | IsoDateTime): IsoDateTime {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) throw new Error(`"${String(instant)}" is not an ISO 8601 instant`);
  return at.toISOString().replace('.000Z', 'Z');
}
