// DESIGN §7's targets, and the fewest write calls a sync could have made.

/** records per sObject Collections call */
export const COLLECTION_SIZE = 200;
/** write calls of one Bulk API 2.0 job as Salesforce (and the local org) count them: the job's creation and its upload */
export const BULK_JOB_WRITE_CALLS = 2;
/** a sync may use at most this much more than the minimum */
export const WRITE_CALL_SLACK = 1.1;
export const NAIVE_RATIO_TARGET = 100;
export const FULL_SYNC_MEMORY_LIMIT_MB = 1024;

export interface MinimumWrites {
  total: number;
  /** per `Object|operation` */
  byTarget: Record<string, number>;
}

/**
 * Per object and operation (an upsert by external key and an update by Id cannot share a
 * call): ⌈records ÷ 200⌉ sObject Collections calls below the bulk threshold, else one Bulk
 * API 2.0 job (its creation and upload: two write calls). `records` is keyed `Object|operation`.
 */
export function minimumWriteCalls(records: Readonly<Record<string, number>>, bulkThreshold: number): MinimumWrites {
  const byTarget: Record<string, number> = {};
  let total = 0;
  for (const [target, count] of Object.entries(records)) {
    const calls = count === 0 ? 0 : count < bulkThreshold ? Math.ceil(count / COLLECTION_SIZE) : BULK_JOB_WRITE_CALLS;
    byTarget[target] = calls;
    total += calls;
  }
  return { total, byTarget };
}

export function withinSlack(writeCalls: number, minimum: number): boolean {
  return writeCalls <= minimum * WRITE_CALL_SLACK;
}
