// What the store's repositories share about rows and statements.
import type { IsoDateTime } from '../core/types.js';

/** rows per statement in the chunked transactions */
export const INSERT_CHUNK = 1000;

/** A timestamptz as either driver returns it (a Date, or text), as ISO UTC. */
export function toIso(value: unknown): IsoDateTime {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
