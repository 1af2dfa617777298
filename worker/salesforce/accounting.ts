// Counting Salesforce API calls and keeping a run inside its budget. Every HTTP request a
// session sends passes through `AccountedTransport` (transport.ts), which calls
// `beforeCall` once per attempt — retries included, since Salesforce counts those too.

import { BudgetExhaustedError } from './errors.js';

export const API_CALL_KINDS = ['query', 'sobject', 'collections', 'bulk2', 'describe', 'limits', 'other'] as const;
export type ApiCallKind = (typeof API_CALL_KINDS)[number];

/** The same shape as the local org's `/__local/stats` `apiCalls`. */
export interface ApiCallCounts {
  total: number;
  byKind: Record<ApiCallKind, number>;
}

export interface OrgApiUsage {
  used: number;
  max: number;
}

export interface ApiBudget {
  percent: number;
  /** the org's remaining daily calls when the run started */
  remainingAtStart: number;
  /** the most calls this run may make, counted from its start */
  maxCalls: number;
}

export interface AccountingSnapshot {
  calls: ApiCallCounts;
  /** calls sent again after a transient failure (each is also in `calls`) */
  callRetries: number;
  /** times an expired session was renewed */
  sessionRenewals: number;
  /** the latest `Sforce-Limit-Info: api-usage=USED/MAX` seen */
  orgUsage: OrgApiUsage | null;
  budget: ApiBudget | null;
}

export const DEFAULT_API_BUDGET_PERCENT = 10;

export function emptyCounts(): ApiCallCounts {
  return {
    total: 0,
    byKind: Object.fromEntries(API_CALL_KINDS.map((kind) => [kind, 0])) as Record<ApiCallKind, number>
  };
}

/** Calls made between two snapshots of the counts. */
export function countsSince(before: ApiCallCounts, after: ApiCallCounts): ApiCallCounts {
  const counts = emptyCounts();
  counts.total = after.total - before.total;
  for (const kind of API_CALL_KINDS) counts.byKind[kind] = after.byKind[kind] - before.byKind[kind];
  return counts;
}

/** What kind of call a request URL is, by its path under `/services/data/vXX.X/`. */
export function callKind(url: string): ApiCallKind {
  const path = /\/services\/data\/v[\d.]+\/([^?#]*)/.exec(url)?.[1];
  if (path === undefined) return 'other';
  if (/^query(All)?(\/|$)/.test(path)) return 'query';
  if (/^composite\/sobjects(\/|$)/.test(path)) return 'collections';
  if (/^jobs\/ingest(\/|$)/.test(path)) return 'bulk2';
  if (/^sobjects\/?$/.test(path) || /^sobjects\/[^/]+\/describe(\/|$)/.test(path)) return 'describe';
  if (/^sobjects\//.test(path)) return 'sobject';
  if (/^limits(\/|$)/.test(path)) return 'limits';
  return 'other';
}

/** `api-usage=25/15000` → `{ used: 25, max: 15000 }`; null when the header has no usage. */
export function parseLimitInfo(header: string | undefined): OrgApiUsage | null {
  const match = header ? /(?:^|[\s,])api-usage=(\d+)\/(\d+)/.exec(header) : null; // not per-app-api-usage
  return match ? { used: Number(match[1]), max: Number(match[2]) } : null;
}

export class ApiAccounting {
  private calls = emptyCounts();
  private callRetries = 0;
  private sessionRenewals = 0;
  private orgUsage: OrgApiUsage | null = null;
  private budget: ApiBudget | null = null;

  /** Counts one call about to be sent, or refuses it when the budget is spent. */
  beforeCall(kind: ApiCallKind): void {
    if (this.budget && this.calls.total >= this.budget.maxCalls) {
      const { maxCalls, percent, remainingAtStart } = this.budget;
      throw new BudgetExhaustedError(this.calls.total, maxCalls, percent, remainingAtStart);
    }
    this.calls.total += 1;
    this.calls.byKind[kind] += 1;
  }

  recordRetry(): void {
    this.callRetries += 1;
  }

  recordRenewal(): void {
    this.sessionRenewals += 1;
  }

  recordLimitInfo(header: string | undefined): void {
    this.orgUsage = parseLimitInfo(header) ?? this.orgUsage;
  }

  /**
   * Sets the run's budget: `percent`% of the calls the org had left before the run began,
   * rounded down, counting every call of the run (also the `callsSoFar` it made to read
   * the usage, which `usage` already includes).
   */
  startBudget(percent: number, usage: OrgApiUsage, callsSoFar: number): ApiBudget {
    if (!(percent > 0 && percent <= 100)) {
      throw new Error(`apiBudgetPercent must be more than 0 and at most 100, got ${percent}`);
    }
    const remainingAtStart = Math.max(0, usage.max - usage.used + callsSoFar);
    this.budget = { percent, remainingAtStart, maxCalls: Math.floor((remainingAtStart * percent) / 100) };
    return { ...this.budget };
  }

  reset(): void {
    this.calls = emptyCounts();
    this.callRetries = 0;
    this.sessionRenewals = 0;
    this.budget = null;
  }

  snapshot(): AccountingSnapshot {
    return {
      calls: structuredClone(this.calls),
      callRetries: this.callRetries,
      sessionRenewals: this.sessionRenewals,
      orgUsage: this.orgUsage ? { ...this.orgUsage } : null,
      budget: this.budget ? { ...this.budget } : null
    };
  }
}
