import type { Refusal } from '../ingest/event.js';
import { rawMessage } from '../ingest/raw-message.js';
import type { Store } from '../store/store.js';

/**
 * An event a source could not import: its file line (1-based) or its position in the pull
 * (0-based), why, and what it was (the file's line, or the row as JSON).
 */
export type SourceRejection = ({ line: number } | { index: number }) & Omit<Refusal, 'ok'> & { raw: string };

/** The rejection of an event at `at` (a line or an index), keeping what it was. */
export function sourceRejection(
  at: { line: number } | { index: number },
  refusal: Omit<Refusal, 'ok'>,
  candidate: unknown
): SourceRejection {
  return { ...at, reason: refusal.reason, kind: refusal.kind, raw: rawMessage(candidate) };
}

/** Keeps a pull's rejections in the store's rejected messages (`npm run worker -- rejected`). */
export async function keepRejections(store: Store, result: PullResult, via: string, at: Date): Promise<void> {
  await store.recordRejections(
    result.rejected.map(({ kind, reason, raw }) => ({ via, kind, reason, raw })),
    at
  );
}

/** A rejection as people read it: `line 7: …` for a file, `event 3: …` otherwise. */
export function describeRejection(rejection: SourceRejection): string {
  return `${'line' in rejection ? `line ${rejection.line}` : `event ${rejection.index}`}: ${rejection.reason}`;
}

export interface PullResult {
  /** the source's name (or the file path for `ingest FILE`) */
  source: string;
  inserted: number;
  duplicates: number;
  rejected: SourceRejection[];
  /** why the pull stopped early; the pages committed before it stay stored */
  error?: string;
}

/**
 * A pull source (DESIGN §3): imports what is new since its saved cursor, committing each
 * page of events and then its cursor, so an interrupted pull resumes where it stopped and a
 * page read twice only counts duplicates. `pull` does not throw: a failure ends the pull
 * with `error` set and the counts of what was committed before it.
 */
export interface PullSource {
  readonly name: string;
  /** `npsEvent` (satisfaction.npsEvent): events of this name must carry an NPS score */
  pull(store: Store, now: Date, npsEvent?: string): Promise<PullResult>;
}

/** Adds one committed page's counts to a running result. */
export function addCounts(result: PullResult, counts: { inserted: number; duplicates: number }): void {
  result.inserted += counts.inserted;
  result.duplicates += counts.duplicates;
}

/** Runs a pull's body on a fresh result, turning a failure into `error`. */
export async function collectPull(source: string, body: (result: PullResult) => Promise<void>): Promise<PullResult> {
  const result: PullResult = { source, inserted: 0, duplicates: 0, rejected: [] };
  try {
    await body(result);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}
