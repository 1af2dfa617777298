// CSV as Bulk API 2.0 reads and writes it.

import { parse } from 'csv-parse/sync';

export const COLUMN_DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`'
};

/** Rows of cells; throws with csv-parse's message on malformed CSV (unbalanced quotes, ragged rows). */
export function parseCsv(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, relax_column_count: false, skip_empty_lines: true, bom: true }) as string[][];
}

const quote = (cell: string): string => `"${cell.replace(/"/g, '""')}"`;
const quoteIfNeeded = (cell: string, delimiter: string): string =>
  /["\r\n]/.test(cell) || cell.includes(delimiter) ? quote(cell) : cell;

/**
 * A result file: `prefix` columns (sf__Id, ...) quoted, the uploaded header as it was,
 * every value quoted, as Salesforce writes successfulResults and failedResults.
 */
export function resultCsv(
  prefix: string[],
  header: string[],
  rows: string[][],
  delimiter: string,
  lineEnding: string
): string {
  const lines = [[...prefix.map(quote), ...header.map((h) => quoteIfNeeded(h, delimiter))].join(delimiter)];
  for (const row of rows) lines.push(row.map(quote).join(delimiter));
  return lines.join(lineEnding) + lineEnding;
}

/** The uploaded rows as they were (unprocessedrecords). */
export function plainCsv(header: string[], rows: string[][], delimiter: string, lineEnding: string): string {
  return (
    [header, ...rows].map((r) => r.map((c) => quoteIfNeeded(c, delimiter)).join(delimiter)).join(lineEnding) +
    lineEnding
  );
}
