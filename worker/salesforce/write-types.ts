// What the writer is asked to write and what it reports back.

import type { ApiCallCounts } from './accounting.js';
import type { BackoffPolicy } from './backoff.js';
import type { SalesforceStopError } from './errors.js';

import type { FieldValue } from './objects/define.js';

export type { FieldValue };

export interface WriteRecord {
  /**
   * the record Id for an update, the external key for an upsert; for an insert, the caller's
   * name for the row, which one of its values must hold (Task's Cairn_Alert_Key__c): it is not
   * sent on its own, but found again in that field by a later run and in Bulk API 2.0 results
   */
  key: string;
  /** field API name → value; fields left out are not touched */
  values: Record<string, FieldValue>;
}

/**
 * `insert` creates every row (Tasks, which have no unique key to upsert on); the caller makes
 * sure they are new. An insert row whose outcome is unknown is never sent again (write.ts).
 */
export type WriteOperation = 'update' | 'upsert' | 'insert';

export interface WriteBatch {
  object: string;
  operation: WriteOperation;
  /** the External ID field an upsert matches on, e.g. Stage_Key__c */
  externalIdField?: string;
  records: WriteRecord[];
}

export interface WriteOptions {
  /** this many records or more for one object and operation go through Bulk API 2.0; fewer through sObject Collections */
  bulkThreshold: number;
  /** sObject Collections calls in flight at once */
  concurrency: number;
  /** rows that failed with a lock or transient error are sent again, alone, up to this many attempts in all */
  rowRetry: BackoffPolicy & { maxAttempts: number };
  /** Bulk API 2.0 job polling: waits grow from baseDelayMs to maxDelayMs; the job is aborted after timeoutMs */
  bulkPoll: BackoffPolicy & { timeoutMs: number };
}

export const DEFAULT_WRITE_OPTIONS: WriteOptions = {
  bulkThreshold: 2000,
  concurrency: 4,
  rowRetry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 },
  bulkPoll: { baseDelayMs: 1000, maxDelayMs: 10_000, timeoutMs: 600_000 }
};

export interface WrittenRow {
  object: string;
  key: string;
  id: string;
  created: boolean;
}

/** A row Salesforce did not take, with its error: quarantined and reported, never dropped. */
export interface FailedRow {
  object: string;
  /** the record's Id when known (updates, or an upsert that matched) */
  id: string | null;
  key: string;
  statusCode: string;
  message: string;
  /** the fields Salesforce named in its error (API names) */
  fields: string[];
}

/** What Salesforce said was wrong with a row it refused. */
export type RowError = Pick<FailedRow, 'statusCode' | 'message' | 'fields'>;

export interface ObjectWriteCounts {
  created: number;
  updated: number;
}

export interface WriteReport {
  /** per object: records created and updated */
  writes: Record<string, ObjectWriteCounts>;
  written: WrittenRow[];
  failedRows: FailedRow[];
  /**
   * rows never sent, or whose outcome is unknown: because the run stopped (budget, daily limit,
   * session), or inserts whose call failed in a way that may have created them (no answer, a
   * server error) — not sent again, so the next run reads the org before creating them
   */
  notAttempted: number;
  retries: {
    /** rows sent again after a lock or transient row error */
    rows: number;
    /** calls sent again after a transient failure (503, connection reset, ...) */
    calls: number;
    sessionRenewals: number;
  };
  /** the calls this write made, by kind */
  apiCalls: ApiCallCounts;
}

/** What writeChanges did, and the stop condition that cut it short (null when it wrote everything it could). */
export interface WriteOutcome {
  report: WriteReport;
  stop: SalesforceStopError | null;
}

/** One object and operation, with the field that names each row (`Id`, the external id field, or an insert's key field). */
export interface WriteTarget {
  object: string;
  operation: WriteOperation;
  keyField: string;
}

/** What Salesforce said about one row; `unknown` when nothing says whether an insert created it. */
export type RowResult =
  | { key: string; id: string; ok: true; created: boolean }
  | ({ key: string; id: string | null; ok: false } & RowError)
  | { key: string; ok: 'unknown' };
