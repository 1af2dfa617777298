// SOQL date literals as inclusive date ranges relative to today (UTC, en_US weeks that
// start on Sunday, fiscal year = calendar year, the default org settings).
// Source: SOQL and SOSL Reference, "Date Formats and Date Literals in WHERE".

import { addDays, addMonths } from '../core/clock.js';

export interface DateRange {
  /** first day, inclusive */
  start: string;
  /** last day, inclusive */
  end: string;
}

const weekStart = (date: string): string => addDays(date, -new Date(date + 'T00:00:00Z').getUTCDay());
const monthStart = (date: string): string => date.slice(0, 8) + '01';
const quarterStart = (date: string): string => {
  const month = Number(date.slice(5, 7));
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
};
const yearStart = (date: string): string => date.slice(0, 4) + '-01-01';

type Unit = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** The first day of the unit `offset` units away from the one holding `today`. */
function unitStart(unit: Unit, today: string, offset: number): string {
  switch (unit) {
    case 'DAY':
      return addDays(today, offset);
    case 'WEEK':
      return addDays(weekStart(today), 7 * offset);
    case 'MONTH':
      return addMonths(monthStart(today), offset);
    case 'QUARTER':
      return addMonths(quarterStart(today), 3 * offset);
    case 'YEAR':
      return addMonths(yearStart(today), 12 * offset);
  }
}

/** Units from `from` (unit offset) spanning `count` units. */
function span(unit: Unit, today: string, from: number, count: number): DateRange {
  return { start: unitStart(unit, today, from), end: addDays(unitStart(unit, today, from + count), -1) };
}

const UNIT_OF: Record<string, Unit> = {
  DAYS: 'DAY',
  WEEKS: 'WEEK',
  MONTHS: 'MONTH',
  QUARTERS: 'QUARTER',
  YEARS: 'YEAR',
  FISCAL_QUARTERS: 'QUARTER',
  FISCAL_YEARS: 'YEAR'
};

/** The range of a date literal (`TODAY`, `LAST_N_DAYS` with n, ...), or null when unknown. */
export function dateLiteralRange(literal: string, n: number | null, today: string): DateRange | null {
  const name = literal.toUpperCase();
  switch (name) {
    case 'YESTERDAY':
      return span('DAY', today, -1, 1);
    case 'TODAY':
      return span('DAY', today, 0, 1);
    case 'TOMORROW':
      return span('DAY', today, 1, 1);
    case 'LAST_90_DAYS':
      return { start: addDays(today, -90), end: today };
    case 'NEXT_90_DAYS':
      return { start: addDays(today, 1), end: addDays(today, 90) };
  }
  const simple = /^(LAST|THIS|NEXT)_(FISCAL_)?(WEEK|MONTH|QUARTER|YEAR)$/.exec(name);
  if (simple) {
    const offset = simple[1] === 'LAST' ? -1 : simple[1] === 'THIS' ? 0 : 1;
    return span(simple[3] as Unit, today, offset, 1);
  }
  if (n === null || !Number.isInteger(n) || n < 0) return null;
  const withN = /^(LAST|NEXT)_N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)$/.exec(name);
  if (withN) {
    const unit = UNIT_OF[withN[2] as string] as Unit;
    if (unit === 'DAY') {
      // LAST_N_DAYS:n includes today; NEXT_N_DAYS:n starts tomorrow.
      return withN[1] === 'LAST'
        ? { start: addDays(today, -n), end: today }
        : { start: addDays(today, 1), end: addDays(today, n) };
    }
    return withN[1] === 'LAST' ? span(unit, today, -n, n) : span(unit, today, 1, n);
  }
  const ago = /^N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)_AGO$/.exec(name);
  if (ago) return span(UNIT_OF[ago[1] as string] as Unit, today, -n, 1);
  return null;
}
