// API calls as Salesforce counts them against DailyApiRequests, by kind, for
// GET /__local/stats and the Sforce-Limit-Info header.

export const CALL_KINDS = ['query', 'sobject', 'collections', 'bulk2', 'describe', 'limits', 'other'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export interface Stats {
  apiCalls: {
    total: number;
    /** calls that create, update, upsert or delete (sobject, collections, bulk2 job creation and upload) */
    writes: number;
    byKind: Record<CallKind, number>;
  };
}

export class ApiUsage {
  private total = 0;
  private writes = 0;
  private byKind = emptyKinds();

  record(kind: CallKind, write: boolean): void {
    this.total++;
    this.byKind[kind]++;
    if (write) this.writes++;
  }

  get used(): number {
    return this.total;
  }

  stats(): Stats {
    return { apiCalls: { total: this.total, writes: this.writes, byKind: { ...this.byKind } } };
  }

  reset(): void {
    this.total = 0;
    this.writes = 0;
    this.byKind = emptyKinds();
  }
}

function emptyKinds(): Record<CallKind, number> {
  return Object.fromEntries(CALL_KINDS.map((k) => [k, 0])) as Record<CallKind, number>;
}
