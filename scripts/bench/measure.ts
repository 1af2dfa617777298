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

/**
 * Samples this process's resident set size every `intervalMs` and keeps the peak of each
 * phase and of the whole run. The kernel's own high-water mark (resourceUsage().maxRSS)
 * catches peaks between samples but never goes down, so it only gives the whole run's peak.
 */
export class MemorySampler {
  #peak = 0;
  #phasePeak = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
    this.sample();
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
    if (rss > this.#phasePeak) this.#phasePeak = rss;
    return rss;
  }

  /** Starts a new phase: its peak counts from the current size. */
  startPhase(): void {
    this.#phasePeak = 0;
    this.sample();
  }

  /** The current phase's peak so far, in MB. */
  phasePeakMb(): number {
    this.sample();
    return toMb(this.#phasePeak);
  }

  /** The whole run's peak, in MB: the larger of the samples and the kernel's high-water mark. */
  peakMb(): number {
    this.sample();
    return toMb(Math.max(this.#peak, process.resourceUsage().maxRSS * 1024));
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
