// SOQL literals from values that may come from a person or a file. Every value that
// reaches a query string goes through one of these; nothing is concatenated raw.
// Escapes follow Salesforce's "Quoted String Escape Sequences" for SOQL.

import type { IsoDate } from '../core/types.js';

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f'
};

function escapeString(value: string): string {
  return value.replace(/[\\'"\n\r\t\b\f]/g, (c) => STRING_ESCAPES[c] ?? c);
}

/** A quoted SOQL string literal: `soqlString("O'Brien")` → `'O\'Brien'`. */
export function soqlString(value: string): string {
  return `'${escapeString(value)}'`;
}

export type LikeMatch = 'exact' | 'startsWith' | 'endsWith' | 'contains';

/**
 * A quoted literal for `LIKE` that matches `value` literally: `%` and `_` in the value are
 * escaped too, and only the wildcards `match` asks for are added around it.
 * `soqlLike('50%_off', 'contains')` → `'%50\%\_off%'`.
 */
export function soqlLike(value: string, match: LikeMatch = 'exact'): string {
  const literal = escapeString(value).replace(/[%_]/g, (c) => `\\${c}`);
  const before = match === 'endsWith' || match === 'contains' ? '%' : '';
  const after = match === 'startsWith' || match === 'contains' ? '%' : '';
  return `'${before}${literal}${after}'`;
}

/** `YYYY-MM-DD` naming a real day (2026-02-30 is refused, not rolled over to March). */
function isCalendarDate(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
}

/** A SOQL date literal (unquoted `YYYY-MM-DD`); a Date is taken as its UTC day. */
export function soqlDate(date: IsoDate | Date): string {
  const day = typeof date === 'string' ? date : date.toISOString().slice(0, 10);
  if (!isCalendarDate(day)) throw new Error(`"${day}" is not a calendar date (YYYY-MM-DD) and cannot be used in SOQL`);
  return day;
}

/** A SOQL date-time literal (unquoted, UTC, whole seconds): `2026-09-04T12:00:00Z`. */
export function soqlDateTime(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new Error('An invalid date cannot be used in SOQL');
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** A parenthesised list of string literals for `IN (...)`; SOQL has no empty list, so one is refused. */
export function soqlStringList(values: readonly string[]): string {
  if (values.length === 0) throw new Error('An IN list needs at least one value');
  return `(${values.map(soqlString).join(', ')})`;
}
