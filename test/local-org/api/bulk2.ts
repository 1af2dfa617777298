// Bulk API 2.0 ingest jobs (Bulk API 2.0 and Bulk API Developer Guide: "Create a Job",
// "Upload Job Data", "Close or Abort a Job", "Get Job Info", "Get Job Successful Record
// Results", "Get Job Failed Record Results", "Get Job Unprocessed Record Results").
// Rows are processed when the upload is marked complete; each row succeeds or fails on its
// own, like Salesforce's bulk processing (no all-or-none).

import { ApiError, notFound } from '../core/errors.js';
import { readCsvHeader, readCsvRow, type CsvColumn } from '../data/input.js';
import type { WriteContext, WriteResult } from '../data/writes.js';
import type { FieldDef, SObjectDef } from '../schema/index.js';
import { COLUMN_DELIMITERS, parseCsv, plainCsv, resultCsv } from '../csv.js';
import { json, noContent, segment, type Reply, type Request } from './http.js';

const OPERATIONS = ['insert', 'update', 'upsert', 'delete', 'hardDelete'] as const;
type Operation = (typeof OPERATIONS)[number];
type State = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

export interface IngestJob {
  id: string;
  operation: Operation;
  object: SObjectDef;
  externalIdField: FieldDef | null;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  state: State;
  apiVersion: number;
  lineEnding: 'LF' | 'CRLF';
  columnDelimiter: string;
  errorMessage: string | null;
  csv: string | null;
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  processingMs: number;
}

const jobState = (status: number, message: string) => new ApiError(status, 'INVALIDJOBSTATE', message);

function jobOrNotFound(req: Request): IngestJob {
  const job = req.org.jobs.get(segment(req, 2));
  if (!job) throw notFound();
  return job;
}

export async function bulk2(req: Request): Promise<Reply> {
  const parts = req.segments.slice(2);
  if (parts.length === 0) {
    if (req.method === 'POST') return create(req);
    if (req.method === 'GET')
      return json(200, {
        done: true,
        records: [...req.org.jobs.values()].map((j) => info(j, false)),
        nextRecordsUrl: null
      });
  }
  if (parts.length === 1) {
    const job = jobOrNotFound(req);
    if (req.method === 'GET') return json(200, info(job, true));
    if (req.method === 'PATCH') return changeState(req, job);
    if (req.method === 'DELETE') {
      if (job.state === 'Open' || job.state === 'UploadComplete' || job.state === 'InProgress') {
        throw jobState(400, `Job ${job.id} must be complete, failed or aborted before it can be deleted`);
      }
      req.org.jobs.delete(job.id);
      return noContent();
    }
  }
  if (parts.length === 2) {
    const job = jobOrNotFound(req);
    const delimiter = COLUMN_DELIMITERS[job.columnDelimiter] ?? ',';
    const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
    const csv = (text: string, rows: number): Reply => ({
      status: 200,
      text,
      contentType: 'text/csv',
      headers: { 'Sforce-NumberOfRecords': String(rows) }
    });
    switch (`${req.method} ${parts[1]}`) {
      case 'PUT batches':
        return upload(req, job);
      case 'GET successfulResults':
        return csv(
          resultCsv(['sf__Id', 'sf__Created'], job.header, job.successful, delimiter, eol),
          job.successful.length
        );
      case 'GET failedResults':
        return csv(resultCsv(['sf__Id', 'sf__Error'], job.header, job.failed, delimiter, eol), job.failed.length);
      case 'GET unprocessedrecords':
        return csv(plainCsv(job.header, job.unprocessed, delimiter, eol), job.unprocessed.length);
    }
  }
  throw notFound();
}

async function create(req: Request): Promise<Reply> {
  const body = (await req.json()) as Record<string, unknown>;
  const invalid = (message: string) => new ApiError(400, 'INVALIDJOB', message);
  const objectName = typeof body.object === 'string' ? body.object : '';
  const object = req.org.schema.object(objectName);
  if (!object) throw invalid(`Unable to find object: ${objectName}`);
  const operation = body.operation as Operation;
  if (!OPERATIONS.includes(operation))
    throw invalid(`Invalid operation: ${String(body.operation)}; use one of ${OPERATIONS.join(', ')}`);
  let externalIdField: FieldDef | null = null;
  if (operation === 'upsert') {
    const name = typeof body.externalIdFieldName === 'string' ? body.externalIdFieldName : '';
    if (!name) throw invalid('External ID was blank for the upsert operation: set externalIdFieldName');
    externalIdField = object.field(name) ?? null;
    if (!externalIdField || !(externalIdField.externalId || externalIdField.type === 'id')) {
      throw invalid(`The field ${name} on ${object.name} is not an external ID field`);
    }
  }
  if (body.contentType !== undefined && body.contentType !== 'CSV')
    throw invalid(`contentType ${String(body.contentType)} is not supported; use CSV`);
  const lineEnding = body.lineEnding ?? 'LF';
  if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw invalid(`lineEnding must be LF or CRLF`);
  const columnDelimiter = String(body.columnDelimiter ?? 'COMMA');
  if (!(columnDelimiter in COLUMN_DELIMITERS))
    throw invalid(`columnDelimiter must be one of ${Object.keys(COLUMN_DELIMITERS).join(', ')}`);
  const now = req.org.clock.nowDateTime();
  const job: IngestJob = {
    id: req.org.ids.next('750'),
    operation,
    object,
    externalIdField,
    createdById: req.session?.userId ?? req.org.adminUserId,
    createdDate: now,
    systemModstamp: now,
    state: 'Open',
    apiVersion: Number(req.version),
    lineEnding,
    columnDelimiter,
    errorMessage: null,
    csv: null,
    header: [],
    successful: [],
    failed: [],
    unprocessed: [],
    processingMs: 0
  };
  req.org.jobs.set(job.id, job);
  return json(200, { ...info(job, false), contentUrl: `services/data/v${req.version}/jobs/ingest/${job.id}/batches` });
}

function info(job: IngestJob, full: boolean): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object.name,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: job.apiVersion,
    jobType: 'V2Ingest',
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter
  };
  if (job.externalIdField) base.externalIdFieldName = job.externalIdField.name;
  if (!full) return base;
  return {
    ...base,
    numberRecordsProcessed: job.successful.length + job.failed.length,
    numberRecordsFailed: job.failed.length,
    retries: 0,
    totalProcessingTime: job.processingMs,
    apiActiveProcessingTime: job.processingMs,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {})
  };
}

async function upload(req: Request, job: IngestJob): Promise<Reply> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('text/csv'))
    throw new ApiError(400, 'INVALIDJOB', `Content-Type must be text/csv, not ${type || '(none)'}`);
  if (job.state !== 'Open') throw jobState(409, `Job ${job.id} is not open for data (state ${job.state})`);
  if (job.csv !== null)
    throw jobState(
      409,
      `Data was already uploaded to job ${job.id}; a job takes one upload, create another job for more data`
    );
  job.csv = (await req.body()).toString('utf8');
  return { status: 201 };
}

async function changeState(req: Request, job: IngestJob): Promise<Reply> {
  const body = (await req.json()) as { state?: unknown };
  if (body.state === 'UploadComplete') {
    if (job.state !== 'Open') throw jobState(400, `Job ${job.id} is not open (state ${job.state})`);
    job.state = 'UploadComplete';
    const reply = json(200, info(job, false));
    processJob(req, job);
    return reply;
  }
  if (body.state === 'Aborted') {
    if (job.state !== 'Open' && job.state !== 'UploadComplete')
      throw jobState(400, `Job ${job.id} can no longer be aborted (state ${job.state})`);
    job.state = 'Aborted';
    job.systemModstamp = req.org.clock.nowDateTime();
    return json(200, info(job, false));
  }
  throw new ApiError(400, 'INVALIDJOBSTATE', `state must be UploadComplete or Aborted, not ${String(body.state)}`);
}

/** `CODE:message:Field1,Field2 --`, as Salesforce writes sf__Error. */
function errorCell(result: Extract<WriteResult, { success: false }>): string {
  return result.errors
    .map((e) => `${e.statusCode}:${e.message}:${e.fields.join(',')}${e.fields.length ? ' ' : ''}--`)
    .join(' ');
}

function processJob(req: Request, job: IngestJob): void {
  const started = Date.now();
  const fail = (message: string, rows: string[][]) => {
    job.state = 'Failed';
    job.errorMessage = message;
    job.unprocessed = rows;
  };
  let rows: string[][];
  try {
    rows = parseCsv(job.csv ?? '', COLUMN_DELIMITERS[job.columnDelimiter] ?? ',');
  } catch (e) {
    fail(`InvalidBatch : ${(e as Error).message}`, []);
    return;
  }
  job.header = rows[0] ?? [];
  const data = rows.slice(1);
  const header = readCsvHeader(req.org.schema, job.object, job.header);
  if ('unknown' in header) return fail(`InvalidBatch : Field name not found : ${header.unknown}`, data);
  const hasId = header.columns.some((c) => c.kind === 'id');
  if ((job.operation === 'update' || job.operation === 'delete' || job.operation === 'hardDelete') && !hasId) {
    return fail(`InvalidBatch : Field name not found : Id`, data);
  }
  if ((job.operation === 'delete' || job.operation === 'hardDelete') && header.columns.length !== 1) {
    return fail('InvalidBatch : The delete operation takes only the Id column', data);
  }
  const keyField = job.externalIdField;
  if (keyField && keyField.type !== 'id' && !header.columns.some((c) => c.kind === 'field' && c.field === keyField)) {
    return fail(`InvalidBatch : Field name not found : ${keyField.name}`, data);
  }
  const ctx: WriteContext = { userId: job.createdById, applyFaults: true };
  const stopAfter = req.org.faults.bulkJobFailsAfterRows;
  for (const [index, cells] of data.entries()) {
    if (stopAfter !== null && index >= stopAfter) {
      fail(
        `InternalServerError : processing stopped after ${stopAfter} rows (a fault injected by the local org)`,
        data.slice(index)
      );
      job.processingMs = Date.now() - started;
      job.systemModstamp = req.org.clock.nowDateTime();
      return;
    }
    const result = runRow(req, job, header.columns, cells, ctx);
    if (result.success) job.successful.push([result.id, String(result.created), ...cells]);
    else job.failed.push([result.id ?? '', errorCell(result), ...cells]);
  }
  job.state = 'JobComplete';
  job.processingMs = Date.now() - started;
  job.systemModstamp = req.org.clock.nowDateTime();
}

function runRow(req: Request, job: IngestJob, columns: CsvColumn[], cells: string[], ctx: WriteContext): WriteResult {
  const { input, id } = readCsvRow(columns, cells);
  const writer = req.org.writer;
  switch (job.operation) {
    case 'insert':
      if (id)
        return {
          success: false,
          id: null,
          errors: [{ statusCode: 'INVALID_FIELD', message: 'cannot specify Id in an insert call', fields: ['Id'] }]
        };
      return writer.create(job.object, input, ctx);
    case 'update':
      if (!id)
        return {
          success: false,
          id: null,
          errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }]
        };
      return writer.update(id, input, ctx);
    case 'upsert': {
      const keyField = job.externalIdField as FieldDef;
      if (keyField.type === 'id') return writer.upsert(job.object, keyField, id || null, input, ctx);
      const values = new Map(input.values);
      const key = values.get(keyField) ?? null;
      values.delete(keyField);
      return writer.upsert(job.object, keyField, key, { ...input, values }, ctx);
    }
    case 'delete':
    case 'hardDelete':
      return writer.delete(id, ctx);
  }
}
