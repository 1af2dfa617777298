// sObject Collections: create (POST), update (PATCH), upsert (PATCH <Type>/<ExternalIdField>),
// delete (DELETE ?ids=) and retrieve (GET/POST <Type>), up to 200 records, per-row results
// in request order, with allOrNone rollback (REST API Developer Guide: "sObject Collections").

import { ApiError, notFound, rowError, unsupportedTypeMessage, type RowError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import { readJsonRecord, type WriteInput } from '../data/input.js';
import type { WriteContext, WriteResult } from '../data/writes.js';
import type { FieldDef, SObjectDef, Value } from '../schema/index.js';
import { json, segment, type Reply, type Request } from './http.js';
import { objectOrNotFound, recordBody } from './sobjects.js';

const MAX_RECORDS = 200;
const ROLLED_BACK = rowError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header'
);

type Operation = 'create' | 'update' | 'upsert' | 'delete';

/** One row, read and ready to run. */
interface Row {
  run(ctx: WriteContext): WriteResult;
  /** the id to report when the row fails before a write knows it */
  id: string | null;
}

export async function collections(req: Request): Promise<Reply> {
  const parts = req.segments.slice(2).map((_, i) => segment(req, i + 2));
  if (req.method === 'DELETE' && parts.length === 0) return remove(req);
  if (parts.length === 0 && (req.method === 'POST' || req.method === 'PATCH')) {
    const body = await collectionBody(req);
    return run(
      req,
      req.method === 'POST' ? 'create' : 'update',
      body.allOrNone,
      body.records.map((r) => readRow(req, r, req.method === 'POST' ? 'create' : 'update'))
    );
  }
  if (parts.length === 1 && (req.method === 'GET' || req.method === 'POST'))
    return retrieve(req, objectOrNotFound(req, parts[0] as string));
  if (parts.length === 2 && req.method === 'PATCH') {
    const object = objectOrNotFound(req, parts[0] as string);
    const keyField = object.field(parts[1] as string);
    if (!keyField || !(keyField.externalId || keyField.type === 'id')) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `Provided external ID field does not exist or is not accessible: ${parts[1] as string}`
      );
    }
    const body = await collectionBody(req);
    return run(
      req,
      'upsert',
      body.allOrNone,
      body.records.map((r) => upsertRow(req, object, keyField, r))
    );
  }
  throw notFound();
}

async function collectionBody(req: Request): Promise<{ allOrNone: boolean; records: unknown[] }> {
  const body = (await req.json()) as { allOrNone?: unknown; records?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.records)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be {"allOrNone": boolean, "records": [...]}');
  }
  if (body.records.length > MAX_RECORDS) {
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`
    );
  }
  return { allOrNone: body.allOrNone === true, records: body.records };
}

function typeOf(req: Request, record: unknown): SObjectDef {
  const type = (record as { attributes?: { type?: unknown } } | null)?.attributes?.type;
  if (typeof type !== 'string') throw new ApiError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  const object = req.org.schema.object(type);
  if (!object) throw new ApiError(400, 'INVALID_TYPE', unsupportedTypeMessage(type));
  return object;
}

function readRow(req: Request, record: unknown, op: 'create' | 'update'): Row {
  const object = typeOf(req, record);
  const { input, id } = readJsonRecord(req.org.schema, object, record);
  const writer = req.org.writer;
  if (op === 'create') {
    if (id !== undefined && id !== null)
      return failing(null, rowError('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']));
    return { id: null, run: (ctx) => writer.create(object, input, ctx) };
  }
  if (typeof id !== 'string' || id === '')
    return failing(null, rowError('MISSING_ARGUMENT', 'Id not specified in an update call'));
  const normalized = normalizeId(id);
  if (normalized && req.org.schema.objectForId(normalized) !== object) {
    return failing(normalized, rowError('MALFORMED_ID', `Id ${id} is not an id of type ${object.name}`, ['Id']));
  }
  return { id: normalized, run: (ctx) => writer.update(id, input, ctx) };
}

function upsertRow(req: Request, object: SObjectDef, keyField: FieldDef, record: unknown): Row {
  const type = (record as { attributes?: { type?: unknown } } | null)?.attributes?.type;
  if (type !== undefined && (typeof type !== 'string' || req.org.schema.object(type) !== object)) {
    throw new ApiError(400, 'INVALID_TYPE', `Records of type ${String(type)} cannot be upserted on ${object.name}`);
  }
  const { input, id } = readJsonRecord(req.org.schema, object, record);
  let key: Value;
  const values: WriteInput['values'] = new Map(input.values);
  if (keyField.type === 'id') key = typeof id === 'string' ? id : null;
  else {
    key = values.get(keyField) ?? null;
    values.delete(keyField);
  }
  return { id: null, run: (ctx) => req.org.writer.upsert(object, keyField, key, { ...input, values }, ctx) };
}

function failing(id: string | null, error: RowError): Row {
  return { id, run: () => ({ success: false, id, errors: [error] }) };
}

/** Runs the rows in order; with allOrNone, one failure rolls every row back. */
function run(req: Request, op: Operation, allOrNone: boolean, rows: Row[]): Reply {
  const ctx: WriteContext = { userId: req.session?.userId ?? req.org.adminUserId, applyFaults: true };
  const store = req.org.store;
  if (allOrNone) store.begin();
  const results = rows.map((row) => {
    const result = row.run(ctx);
    return result.success || result.id !== null ? result : { ...result, id: row.id };
  });
  const anyFailed = results.some((r) => !r.success);
  if (allOrNone) {
    if (anyFailed) store.rollback();
    else store.commit();
  }
  return json(
    200,
    results.map((result, i) => {
      if (allOrNone && anyFailed && result.success) {
        const id = op === 'create' || (op === 'upsert' && result.created) ? null : result.id;
        return shape(op, { success: false, id: id ?? rows[i]?.id ?? null, errors: [ROLLED_BACK] });
      }
      return shape(op, result);
    })
  );
}

function shape(op: Operation, result: WriteResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (result.success || result.id !== null) out.id = result.id;
  out.success = result.success;
  out.errors = result.success ? [] : result.errors;
  if (op === 'upsert') out.created = result.success ? result.created : false;
  return out;
}

function remove(req: Request): Reply {
  const ids = (req.url.searchParams.get('ids') ?? '').split(',').filter((s) => s !== '');
  if (ids.length === 0)
    throw new ApiError(400, 'MISSING_ARGUMENT', 'ids is required: DELETE composite/sobjects?ids=<id>,<id>');
  if (ids.length > MAX_RECORDS)
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`
    );
  const allOrNone = req.url.searchParams.get('allOrNone') === 'true';
  return run(
    req,
    'delete',
    allOrNone,
    ids.map((raw) => ({ id: normalizeId(raw), run: (ctx) => req.org.writer.delete(raw, ctx) }))
  );
}

async function retrieve(req: Request, object: SObjectDef): Promise<Reply> {
  let ids: string[];
  let fields: string | null;
  if (req.method === 'POST') {
    const body = (await req.json()) as { ids?: unknown; fields?: unknown };
    ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
    fields = Array.isArray(body.fields) ? body.fields.map(String).join(',') : null;
  } else {
    ids = (req.url.searchParams.get('ids') ?? '').split(',').filter((s) => s !== '');
    fields = req.url.searchParams.get('fields');
  }
  if (!fields) throw new ApiError(400, 'MISSING_ARGUMENT', 'fields is required: list the fields to retrieve');
  if (ids.length > 2000)
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 2000 records into this call'
    );
  return json(
    200,
    ids.map((raw) => {
      const id = normalizeId(raw);
      const record = id ? req.org.store.get(id) : undefined;
      if (!record || record.IsDeleted === true || req.org.schema.objectForId(id as string) !== object) return null;
      return recordBody(req, object, record, fields);
    })
  );
}
