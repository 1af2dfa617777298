// The figures every phase reports: wall time, API calls by kind (the local org's own count,
// as /__local/stats gives it), write calls, and memory.

import type { Stats } from '../../test/local-org/index.js';

export const CALL_KINDS = ['query', 'collections', 'bulk2', 'sobject', 'describe', 'limits', 'other'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export interface ApiCalls extends Record<CallKind, number> {
  total: number;
}

/** The calls made between two readings of the local org's stats. */
export interface CallDelta {
  apiCalls: ApiCalls;
  /** calls that create, update, upsert or delete */
  writeCalls: number;
}

export function callsBetween(before: Stats, after: Stats): CallDelta {
  const apiCalls = { total: after.apiCalls.total - before.apiCalls.total } as ApiCalls;
  for (const kind of CALL_KINDS) apiCalls[kind] = after.apiCalls.byKind[kind] - before.apiCalls.byKind[kind];
  return { apiCalls, writeCalls: after.apiCalls.writes - before.apiCalls.writes };
}

export const MB = 1024 * 1024;

export function toMb(bytes: number): number {
  return Math.round(bytes / MB);
}

/** Seconds since `start` (from performance.now()), to the millisecond. */
export function secondsSince(start: number): number {
  return Math.round(performance.now() - start) / 1000;
}

/** This process's peak resident set size so far, in MB: the kernel's high-water mark, which misses no peak. */
export function peakRssMb(): number {
  return toMb(process.resourceUsage().maxRSS * 1024);
}
