// CSV for Bulk API 2.0 ingest jobs: how values are written (a cleared field is `#N/A`; an
// empty cell means "leave as is") and how result files are read.

import { parse } from 'csv-parse/sync';
import type { FieldValue } from './write-types.js';

/** Bulk API 2.0's marker for "set this field to null". */
export const CSV_NULL = '#N/A';

// Plain decimal notation: Salesforce does not read exponents such as 1e-7. One formatter for
// every cell: toLocaleString with options builds a new one per call, which was a tenth of a
// 100,000-row sync's CPU time.
const DECIMAL = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 20 });

function formatNumber(value: number): string {
  return DECIMAL.format(value);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV cell. `undefined` (the field is not written for this row) is an empty cell;
 * null and the empty string both clear the field, since Salesforce stores no empty text.
 */
export function csvCell(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  if (value === null || value === '') return CSV_NULL;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  return quote(value);
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\n`;
}

/**
 * A result file (header row first) as one object per row, every cell a string; with `keep`,
 * only those columns (a bulk job's results repeat every field sent, which nobody reads back).
 */
export function parseCsv(text: string, keep?: ReadonlySet<string>): Record<string, string>[] {
  if (text.trim() === '') return [];
  const columns = keep ? (header: string[]) => header.map((name) => (keep.has(name) ? name : false)) : true;
  return parse(text, { columns, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
}
