// DESIGN §7's targets, and the fewest write calls a sync could have made.

import type { ObjectWriteCounts } from '../../worker/salesforce/write-types.js';

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
  byObject: Record<string, number>;
}

/**
 * Per object: ⌈records ÷ 200⌉ collections calls below the bulk threshold, else one Bulk API
 * 2.0 job (its creation and upload: two write calls).
 */
export function minimumWriteCalls(
  writes: Readonly<Record<string, ObjectWriteCounts>>,
  bulkThreshold: number
): MinimumWrites {
  const byObject: Record<string, number> = {};
  let total = 0;
  for (const [object, { created, updated }] of Object.entries(writes)) {
    const records = created + updated;
    const calls =
      records === 0 ? 0 : records < bulkThreshold ? Math.ceil(records / COLLECTION_SIZE) : BULK_JOB_WRITE_CALLS;
    byObject[object] = calls;
    total += calls;
  }
  return { total, byObject };
}

export function withinSlack(writeCalls: number, minimum: number): boolean {
  return writeCalls <= minimum * WRITE_CALL_SLACK;
}
