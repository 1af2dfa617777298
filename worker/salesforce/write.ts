// Writing changes to Salesforce (DESIGN §4.8): each object and operation goes through sObject
// Collections in calls of 200 run a few at a time, or one Bulk API 2.0 job above the bulk
// threshold. Every row's result is read back: lock and transient failures are sent again,
// alone, with growing waits; permanent ones are quarantined in the report, never dropped.
//
// Inserts (Tasks) can create a record twice where updates and upserts cannot, so they are
// resent only when Salesforce said the row failed (a lock on its row, a job that never reached
// it): nothing was created. An insert whose outcome is unknown — its call failed without a
// clear refusal, e.g. the connection dropped after Salesforce committed, or a result is
// missing — is never sent again: it is counted in `notAttempted` and not reported written, so
// the next run reads the org (the alerts step reads Tasks by Cairn_Alert_Key__c) before it
// creates anything. Every insert row carries its key in one of its fields for that reason.

import PQueue from 'p-queue';
import { chunksOf } from '../core/lists.js';
import { countsSince } from './accounting.js';
import { backoffDelay, sleep } from './backoff.js';
import { writeBulk } from './bulk.js';
import { COLLECTION_SIZE, writeCollection } from './collections.js';
import { SalesforceStopError } from './errors.js';
import { isTransientRowError } from './row-errors.js';
import type { SalesforceSession } from './session.js';
import {
  DEFAULT_WRITE_OPTIONS,
  type FailedRow,
  type FieldValue,
  type RowResult,
  type WriteBatch,
  type WriteOptions,
  type WriteOutcome,
  type WriteRecord,
  type WriteReport,
  type WriteTarget,
  type WrittenRow
} from './write-types.js';

interface Pending {
  target: WriteTarget;
  records: WriteRecord[];
}

interface Merged {
  object: string;
  operation: WriteTarget['operation'];
  /** Id or the upsert's External ID field; for an insert, found from the values */
  keyField: string | null;
  records: WriteRecord[];
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

function checkValue(where: string, field: string, value: FieldValue): void {
  const ok =
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value));
  if (!ok)
    throw new Error(
      `${where}: ${field} is ${String(value)}; a value must be text, a finite number, true/false or null`
    );
}

/**
 * The field holding every insert row's key (the first such field of the first row): how a
 * later run, and a Bulk API 2.0 job's results, find the row again.
 */
function insertKeyField(object: string, records: readonly WriteRecord[]): string {
  const [first] = records;
  const candidates = first ? Object.keys(first.values).filter((field) => first.values[field] === first.key) : [];
  const field = candidates.find((candidate) => records.every((record) => record.values[candidate] === record.key));
  if (field) return field;
  const example = records.find((record) => !candidates.some((candidate) => record.values[candidate] === record.key));
  throw new Error(
    `an insert of ${object} needs each row's key in one of its fields (for Task, Cairn_Alert_Key__c), so that a ` +
      `later run can find what was created and Bulk API 2.0 results can be matched to rows; ` +
      `no field holds the key "${example?.key ?? ''}" in every row`
  );
}

/** Merges batches per object and operation, and refuses malformed ones with what is wrong. */
function plan(batches: readonly WriteBatch[]): Pending[] {
  const byTarget = new Map<string, Merged>();
  for (const batch of batches) {
    const { object, operation, externalIdField } = batch;
    if (!API_NAME.test(object)) throw new Error(`"${object}" is not an object API name`);
    if (operation === 'upsert' && !(externalIdField && API_NAME.test(externalIdField))) {
      throw new Error(`an upsert of ${object} needs externalIdField, the External ID field it matches on`);
    }
    if (operation === 'update' && externalIdField) {
      throw new Error(`an update of ${object} matches on Id; externalIdField is for upserts`);
    }
    if (operation === 'insert' && externalIdField) {
      throw new Error(`an insert of ${object} creates every row; externalIdField is for upserts`);
    }
    const keyField = operation === 'update' ? 'Id' : operation === 'insert' ? null : (externalIdField as string);
    const id = `${object}|${operation}|${keyField ?? ''}`;
    const pending = byTarget.get(id) ?? { object, operation, keyField, records: [] };
    byTarget.set(id, pending);
    // a loop, not push(...records): spreading some 120,000 arguments overflows the call stack
    for (const record of batch.records) pending.records.push(record);
  }
  const planned: Pending[] = [];
  for (const merged of byTarget.values()) {
    const { object, operation, keyField, records } = merged;
    if (records.length === 0) continue;
    const seen = new Set<string>();
    for (const record of records) {
      const where = `${object} ${operation} of ${keyField ?? 'key'} "${record.key}"`;
      if (!record.key || (operation === 'update' && !RECORD_ID.test(record.key))) {
        throw new Error(`${where}: the key must be ${operation === 'update' ? 'a record Id' : 'non-empty'}`);
      }
      if (seen.has(record.key.toLowerCase())) throw new Error(`${where}: the same key appears twice`);
      seen.add(record.key.toLowerCase());
      for (const [field, value] of Object.entries(record.values)) {
        if (!API_NAME.test(field)) throw new Error(`${where}: "${field}" is not a field API name`);
        if (keyField && field.toLowerCase() === keyField.toLowerCase()) {
          throw new Error(`${where}: ${field} is the key; give it as the record's key, not among its values`);
        }
        checkValue(where, field, value);
      }
    }
    planned.push({ target: { object, operation, keyField: keyField ?? insertKeyField(object, records) }, records });
  }
  return planned;
}

function rowCount(pending: readonly Pending[]): number {
  return pending.reduce((sum, { records }) => sum + records.length, 0);
}

/** The state of one writeChanges call across its attempts. */
class WriteRun {
  readonly written: WrittenRow[] = [];
  readonly failed: FailedRow[] = [];
  notAttempted = 0;
  rowRetries = 0;
  stop: SalesforceStopError | null = null;

  constructor(
    private readonly session: SalesforceSession,
    private readonly options: WriteOptions
  ) {}

  /** Sends every pending row once; returns the rows to send again. */
  async attempt(pending: readonly Pending[], last: boolean): Promise<Pending[]> {
    const queue = new PQueue({ concurrency: this.options.concurrency });
    const again = new Map<WriteTarget, WriteRecord[]>();
    const tasks = pending.flatMap(({ target, records }) => {
      if (records.length >= this.options.bulkThreshold) {
        return [{ target, records, send: () => writeBulk(this.session, target, records, this.options.bulkPoll) }];
      }
      return chunksOf(records, COLLECTION_SIZE).map((chunk) => ({
        target,
        records: chunk,
        send: () => writeCollection(this.session, target, chunk)
      }));
    });
    await Promise.all(
      tasks.map(({ target, records, send }) =>
        queue.add(async () => {
          if (this.stop) {
            this.notAttempted += records.length;
            return;
          }
          let results: RowResult[];
          try {
            results = await send();
          } catch (error) {
            if (!(error instanceof SalesforceStopError)) throw error;
            this.stop ??= error;
            this.notAttempted += records.length;
            return;
          }
          results.forEach((result, index) => {
            if (result.ok === 'unknown') {
              this.notAttempted += 1;
              return;
            }
            const retry = !result.ok && isTransientRowError(result.statusCode) && !last && !this.stop;
            if (retry) {
              const rows = again.get(target) ?? [];
              again.set(target, rows);
              rows.push(records[index] as WriteRecord);
            } else this.record(target, result);
          });
        })
      )
    );
    return [...again].map(([target, records]) => ({ target, records }));
  }

  private record(target: WriteTarget, result: Exclude<RowResult, { ok: 'unknown' }>): void {
    if (result.ok) {
      this.written.push({ object: target.object, key: result.key, id: result.id, created: result.created });
      return;
    }
    const { key, id, statusCode, message, fields } = result;
    const knownId = id ?? (target.operation === 'update' ? key : null);
    this.failed.push({ object: target.object, id: knownId, key, statusCode, message, fields });
  }
}

/**
 * Writes the batches and reports every row's outcome. Malformed batches are refused before
 * any call. A stop condition (BudgetExhaustedError, DailyLimitError, SessionExpiredError)
 * ends the write once the calls in flight have finished, and is returned as `stop` with the
 * report of what was written.
 */
export async function writeChanges(
  session: SalesforceSession,
  batches: readonly WriteBatch[],
  options: Partial<WriteOptions> = {}
): Promise<WriteOutcome> {
  const settings: WriteOptions = { ...DEFAULT_WRITE_OPTIONS, ...options };
  let pending = plan(batches);
  const before = session.accounting.snapshot();
  const run = new WriteRun(session, settings);
  for (let attempt = 1; pending.length > 0 && !run.stop; attempt++) {
    if (attempt > 1) {
      run.rowRetries += rowCount(pending);
      await sleep(backoffDelay(attempt - 1, settings.rowRetry));
    }
    pending = await run.attempt(pending, attempt >= settings.rowRetry.maxAttempts);
  }
  run.notAttempted += rowCount(pending);

  const after = session.accounting.snapshot();
  const writes: WriteReport['writes'] = {};
  for (const batch of batches) writes[batch.object] ??= { created: 0, updated: 0 };
  for (const row of run.written) {
    const counts = (writes[row.object] ??= { created: 0, updated: 0 });
    if (row.created) counts.created += 1;
    else counts.updated += 1;
  }
  const report: WriteReport = {
    writes,
    written: run.written,
    failedRows: run.failed,
    notAttempted: run.notAttempted,
    retries: {
      rows: run.rowRetries,
      calls: after.callRetries - before.callRetries,
      sessionRenewals: after.sessionRenewals - before.sessionRenewals
    },
    apiCalls: countsSince(before.calls, after.calls)
  };
  return { report, stop: run.stop };
}
