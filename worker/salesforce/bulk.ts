// Bulk API 2.0 ingest: one job per object and operation (split only past Salesforce's
// upload size), CSV uploaded as one string so a failed upload can be sent again, polled
// with growing waits, and all three result sets read back and matched to rows by key.
// Written on conn.request rather than jsforce's bulk2 helper, whose upload is a stream
// (cannot be retried) and whose polling has a fixed interval and a 30-second default limit.
//
// An insert job's rows are matched back by its key field (Task's Cairn_Alert_Key__c), a real
// column of the object that the result files echo as uploaded. Row order is no match key:
// Salesforce splits a job into batches processed in parallel and does not keep the upload's
// order in its result files. Once an insert job has been asked to start processing
// (UploadComplete), a failure leaves its rows' outcome unknown: they are never sent in a
// second job, which could create them twice; before that, Salesforce processes nothing, so
// the rows can go again.

import { backoffDelay, sleep } from './backoff.js';
import { csvCell, csvLine, parseCsv } from './csv.js';
import { asStopError } from './errors.js';
import { callErrorCode, missingResult, parseBulkError } from './row-errors.js';
import { dataPath, type SalesforceSession } from './session.js';
import type { RowResult, WriteOptions, WriteRecord, WriteTarget } from './write-types.js';

/** Salesforce takes up to 150 MB of base64 per upload, about 100 MB of CSV. */
const MAX_UPLOAD_BYTES = 100_000_000;

type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

interface JobInfo {
  id: string;
  state: JobState;
  errorMessage?: string;
}

const FINAL_STATES: ReadonlySet<JobState> = new Set(['JobComplete', 'Failed', 'Aborted']);

interface Upload {
  csv: string;
  records: WriteRecord[];
}

/**
 * The rows as CSV uploads of at most MAX_UPLOAD_BYTES, each with the header line. The size
 * is counted line by line: measuring the growing CSV string for every row would make
 * building a 50,000-row upload take minutes (quadratic in its size).
 */
function uploads(target: WriteTarget, records: readonly WriteRecord[]): Upload[] {
  // an insert's key field is among its values: it is the first column, as every key field is
  const fields = [...new Set(records.flatMap((record) => Object.keys(record.values)))].filter(
    (field) => field !== target.keyField
  );
  const header = csvLine([target.keyField, ...fields]);
  const headerBytes = Buffer.byteLength(header);
  const result: Upload[] = [];
  let lines: string[] = [header];
  let bytes = headerBytes;
  let current: WriteRecord[] = [];
  for (const record of records) {
    const line = csvLine([csvCell(record.key), ...fields.map((field) => csvCell(record.values[field]))]);
    const lineBytes = Buffer.byteLength(line);
    if (current.length > 0 && bytes + lineBytes > MAX_UPLOAD_BYTES) {
      result.push({ csv: lines.join(''), records: current });
      lines = [header];
      bytes = headerBytes;
      current = [];
    }
    lines.push(line);
    bytes += lineBytes;
    current.push(record);
  }
  result.push({ csv: lines.join(''), records: current });
  return result;
}

function jobPath(session: SalesforceSession, jobId?: string, resource?: string): string {
  return dataPath(session, ['jobs/ingest', jobId, resource].filter(Boolean).join('/'));
}

function json(method: 'POST' | 'PATCH', url: string, body: unknown) {
  return { method, url, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } as const;
}

/** How far a job got: once `started`, Salesforce may be processing its rows. */
interface JobProgress {
  started: boolean;
}

async function runJob(
  session: SalesforceSession,
  target: WriteTarget,
  upload: Upload,
  poll: WriteOptions['bulkPoll'],
  progress: JobProgress
): Promise<RowResult[]> {
  const conn = session.connection;
  const job = await conn.request<JobInfo>(
    json('POST', jobPath(session), {
      object: target.object,
      operation: target.operation,
      ...(target.operation === 'upsert' ? { externalIdFieldName: target.keyField } : {}),
      contentType: 'CSV',
      lineEnding: 'LF'
    })
  );
  await conn.request({
    method: 'PUT',
    url: jobPath(session, job.id, 'batches'),
    body: upload.csv,
    headers: { 'content-type': 'text/csv' }
  });
  progress.started = true;
  await conn.request(json('PATCH', jobPath(session, job.id), { state: 'UploadComplete' }));

  const startedAt = Date.now();
  let info = job;
  for (let check = 1; !FINAL_STATES.has(info.state); check++) {
    if (Date.now() - startedAt > poll.timeoutMs) {
      info = await conn.request<JobInfo>(json('PATCH', jobPath(session, job.id), { state: 'Aborted' }));
      break;
    }
    await sleep(backoffDelay(check, poll));
    info = await conn.request<JobInfo>(jobPath(session, job.id));
  }

  const columns = new Set([target.keyField, 'sf__Id', 'sf__Created', 'sf__Error']);
  const read = (resource: string) =>
    conn
      .request<string>(jobPath(session, job.id, resource), { responseType: 'text/plain' })
      .then((text) => parseCsv(text, columns));
  const [successful, failed, unprocessed] = await Promise.all([
    read('successfulResults'),
    read('failedResults'),
    read('unprocessedrecords')
  ]);
  return matchResults(target, upload.records, { successful, failed, unprocessed }, info);
}

function matchResults(
  target: WriteTarget,
  records: readonly WriteRecord[],
  sets: Record<'successful' | 'failed' | 'unprocessed', Record<string, string>[]>,
  info: JobInfo
): RowResult[] {
  const byKey = new Map<string, RowResult>();
  for (const row of sets.successful) {
    const key = row[target.keyField] ?? '';
    byKey.set(key, { key, id: row.sf__Id ?? '', ok: true, created: row.sf__Created === 'true' });
  }
  for (const row of sets.failed) {
    const key = row[target.keyField] ?? '';
    byKey.set(key, { key, id: row.sf__Id || null, ok: false, ...parseBulkError(row.sf__Error ?? '') });
  }
  // A job that failed before processing any row was refused as a whole (a bad header, bad
  // CSV) and would fail the same way again. One that failed part-way hit a problem while
  // processing: the rows it never reached are sent again like any unprocessed row.
  const refusedWhole = info.state === 'Failed' && sets.successful.length + sets.failed.length === 0;
  const unprocessed = refusedWhole
    ? { statusCode: 'BULK_JOB_FAILED', message: `the Bulk API job failed: ${info.errorMessage ?? 'no reason given'}` }
    : {
        statusCode: 'UNPROCESSED',
        message: `the Bulk API job ended (${info.state}${info.errorMessage ? `: ${info.errorMessage}` : ''}) before processing this row`
      };
  for (const row of sets.unprocessed) {
    const key = row[target.keyField] ?? '';
    byKey.set(key, { key, id: null, ok: false, ...unprocessed, fields: [] });
  }
  return records.map(
    (record) =>
      byKey.get(record.key) ?? missingResult(target, record.key, 'the Bulk API job returned no result for this row')
  );
}

/**
 * Writes the rows with Bulk API 2.0 and returns one result per row, in order. A job that
 * cannot be created or loaded fails its rows with the call's error code (an insert job that
 * had started: its rows are `unknown`); stop conditions (budget, daily limit, session) are thrown.
 */
export async function writeBulk(
  session: SalesforceSession,
  target: WriteTarget,
  records: readonly WriteRecord[],
  poll: WriteOptions['bulkPoll']
): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const upload of uploads(target, records)) {
    const progress: JobProgress = { started: false };
    try {
      for (const result of await runJob(session, target, upload, poll, progress)) results.push(result);
    } catch (error) {
      const stop = asStopError(error);
      if (stop) throw stop;
      if (target.operation === 'insert' && progress.started) {
        for (const record of upload.records) results.push({ key: record.key, ok: 'unknown' });
        continue;
      }
      const statusCode = callErrorCode(error);
      const message = `the Bulk API job could not run: ${(error as Error).message}`;
      for (const record of upload.records) {
        results.push({ key: record.key, id: null, ok: false, statusCode, message, fields: [] });
      }
    }
  }
  return results;
}
