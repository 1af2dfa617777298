// Files of DESIGN §3 events: JSONL (one event object per line) or CSV with the columns
// accountId, userId, name, timestamp, messageId and optionally properties (JSON text).
// A line that fails validation is reported with its line number and the rest is imported,
// in pages of `pageSize` events, each committed before the next is read.
import { createReadStream, existsSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { validateEvent, type UsageEvent } from '../ingest/event.js';
import type { Store } from '../store/store.js';
import { rawMessage } from '../ingest/raw-message.js';
import { addCounts, keepRejections, sourceRejection, type PullResult } from './source.js';

export const CSV_COLUMNS = ['accountId', 'userId', 'name', 'timestamp', 'messageId'] as const;
const OPTIONAL_CSV_COLUMNS = ['properties'];
const DEFAULT_PAGE_SIZE = 1000;

type Line = { line: number; value: unknown } | { line: number; reason: string; raw: string };

async function firstCharacter(path: string): Promise<string> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 4096 })) {
    const text = (chunk as string).replace(/^\uFEFF/, '').trimStart();
    if (text) return text[0] as string;
  }
  return '';
}

/** .csv → CSV; .jsonl / .ndjson / .json → JSONL; anything else by its first character ('{' is JSONL). */
async function isCsv(path: string): Promise<boolean> {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return true;
  if (['.jsonl', '.ndjson', '.json'].includes(extension)) return false;
  return (await firstCharacter(path)) !== '{';
}

async function* jsonLines(path: string): AsyncGenerator<Line> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    try {
      yield { line, value: JSON.parse(trimmed) };
    } catch (error) {
      yield { line, reason: `not valid JSON (${(error as Error).message})`, raw: trimmed };
    }
  }
}

function checkHeader(path: string, header: string[]): string[] {
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
  const unknown = header.filter(
    (column) => !(CSV_COLUMNS as readonly string[]).includes(column) && !OPTIONAL_CSV_COLUMNS.includes(column)
  );
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      missing.length > 0 ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` : ''
    ].filter(Boolean);
    throw new Error(
      `${path}: the CSV header has ${problems.join(' and ')}; expected ${CSV_COLUMNS.join(', ')} and optionally properties (JSON)`
    );
  }
  return header;
}

async function* csvLines(path: string): AsyncGenerator<Line> {
  const skipped: Line[] = [];
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      columns: (header: string[]) =>
        checkHeader(
          path,
          header.map((h) => h.trim())
        ),
      info: true,
      skip_empty_lines: true,
      trim: true,
      skip_records_with_error: true
    })
  );
  parser.on('skip', (error: Error & { lines?: number; raw?: string }) => {
    skipped.push({ line: error.lines ?? 0, reason: `not a valid CSV record (${error.message})`, raw: error.raw ?? '' });
  });
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    yield* skipped.splice(0);
    const { properties, ...fields } = record;
    if (properties === undefined || properties === '') {
      yield { line: info.lines, value: fields };
      continue;
    }
    try {
      yield { line: info.lines, value: { ...fields, properties: JSON.parse(properties) } };
    } catch (error) {
      yield {
        line: info.lines,
        reason: `properties: not valid JSON (${(error as Error).message})`,
        raw: rawMessage(record)
      };
    }
  }
  yield* skipped.splice(0);
}

/** Imports every valid event of a JSONL or CSV file. Throws for a missing file or a bad CSV header (nothing imported). */
export async function importEventFile(
  store: Store,
  path: string,
  now: Date,
  result: PullResult,
  npsEvent?: string,
  pageSize = DEFAULT_PAGE_SIZE
): Promise<PullResult> {
  if (!existsSync(path)) throw new Error(`no file at ${path}`);
  let page: UsageEvent[] = [];
  const commit = async () => {
    addCounts(result, await store.insertEvents(page, now));
    page = [];
  };
  for await (const entry of (await isCsv(path)) ? csvLines(path) : jsonLines(path)) {
    if ('reason' in entry) {
      result.rejected.push({ line: entry.line, reason: entry.reason, kind: 'invalid_shape', raw: entry.raw });
      continue;
    }
    const checked = validateEvent(entry.value, { now, npsEvent });
    if (checked.ok) page.push(checked.event);
    else result.rejected.push(sourceRejection({ line: entry.line }, checked, entry.value));
    if (page.length >= pageSize) await commit();
  }
  await commit();
  // the CSV parser reports a malformed record as soon as it reads it, ahead of the records before it
  result.rejected.sort((a, b) => ('line' in a ? a.line : 0) - ('line' in b ? b.line : 0));
  return result;
}

/** `cairn-worker ingest FILE`: imports a JSONL or CSV file of events. */
export async function ingestFile(
  store: Store,
  path: string,
  now: Date = new Date(),
  npsEvent?: string
): Promise<PullResult> {
  const result = await importEventFile(
    store,
    path,
    now,
    { source: path, inserted: 0, duplicates: 0, rejected: [] },
    npsEvent
  );
  await keepRejections(store, result, `file ${path}`, now);
  return result;
}
