// sObject resources: describeGlobal, basic info, describe, and single-record create, read,
// update, delete and upsert by external id (REST API Developer Guide: "sObject Basic
// Information", "sObject Describe", "sObject Rows", "sObject Rows by External ID").

import { ApiError, notFound } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import { readJsonRecord, type WriteInput } from '../data/input.js';
import { coerceCsv } from '../data/values.js';
import type { WriteResult } from '../data/writes.js';
import { basicInfo, describeGlobal, describeObject } from '../schema/describe.js';
import { readField, type FieldDef, type Rec, type SObjectDef, type Value } from '../schema/index.js';
import { json, noContent, segment, type Reply, type Request } from './http.js';

/** Versions from 46.0 answer an upsert that updates with 200 and a body; older ones with 204. */
const UPSERT_BODY_SINCE = 46;

export function objectOrNotFound(req: Request, name: string): SObjectDef {
  const object = req.org.schema.object(name);
  if (!object) throw notFound();
  return object;
}

const ctx = (req: Request) => ({ userId: req.session?.userId ?? req.org.adminUserId, applyFaults: true });

/** A failed single-record write as its HTTP answer. */
function failure(result: Extract<WriteResult, { success: false }>): ApiError {
  const first = result.errors[0];
  const status =
    first &&
    (first.statusCode === 'ENTITY_IS_DELETED' || first.statusCode === 'INVALID_CROSS_REFERENCE_KEY') &&
    first.fields.length === 0
      ? 404
      : 400;
  return ApiError.fromRows(status, result.errors);
}

/** A record as GET sobjects/<Type>/<id> returns it: every field, or those in `fields`. */
export function recordBody(
  req: Request,
  object: SObjectDef,
  record: Rec,
  fieldList: string | null
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: req.org.runner.attributes(record, req.version) };
  const fields =
    fieldList === null
      ? object.fields.filter((f) => !f.unsupported)
      : fieldList.split(',').map((name) => fieldOrInvalid(object, name.trim()));
  const userId = req.session?.userId ?? req.org.adminUserId;
  for (const field of fields) out[field.name] = readField(record, field, userId);
  return out;
}

function fieldOrInvalid(object: SObjectDef, name: string): FieldDef {
  const field = object.field(name);
  if (!field || field.unsupported) {
    throw new ApiError(
      400,
      'INVALID_FIELD',
      `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
    );
  }
  return field;
}

/** The live record of `object` behind a URL id, or the 404 Salesforce answers. */
function recordOrNotFound(req: Request, object: SObjectDef, rawId: string): Rec {
  const id = normalizeId(rawId);
  const record = id ? req.org.store.get(id) : undefined;
  if (!record || req.org.schema.objectForId(id as string) !== object) throw notFound();
  if (record.IsDeleted === true) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
  return record;
}

export async function sobjects(req: Request): Promise<Reply> {
  const parts = req.segments.slice(1).map((_, i) => segment(req, i + 1));
  if (parts.length === 0) return json(200, describeGlobal(req.org.schema, req.version));
  const object = objectOrNotFound(req, parts[0] as string);
  if (parts.length === 1) {
    if (req.method === 'GET') return json(200, basicInfo(object, req.version));
    return create(req, object);
  }
  if (parts.length === 2 && parts[1] === 'describe') return json(200, describeObject(object, req.version));
  if (parts.length === 2 && req.method === 'POST' && parts[1]?.toLowerCase() === 'id') return create(req, object, true);
  if (parts.length === 2) return byId(req, object, parts[1] as string);
  if (parts.length === 3) return byExternalId(req, object, parts[1] as string, parts[2] as string);
  throw notFound();
}

async function create(req: Request, object: SObjectDef, asUpsert = false): Promise<Reply> {
  const { input, id } = readJsonRecord(req.org.schema, object, await req.json());
  if (id !== undefined && id !== null) throw new ApiError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call');
  const result = req.org.writer.create(object, input, ctx(req));
  if (!result.success) throw failure(result);
  return json(
    201,
    asUpsert
      ? { id: result.id, success: true, errors: [], created: true }
      : { id: result.id, success: true, errors: [] }
  );
}

async function byId(req: Request, object: SObjectDef, rawId: string): Promise<Reply> {
  switch (req.method) {
    case 'GET':
      return json(
        200,
        recordBody(req, object, recordOrNotFound(req, object, rawId), req.url.searchParams.get('fields'))
      );
    case 'PATCH': {
      if (normalizeId(rawId) === null)
        throw new ApiError(400, 'MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${rawId}`);
      const record = recordOrNotFound(req, object, rawId);
      const { input, id } = readJsonRecord(req.org.schema, object, await req.json());
      if (id !== undefined && normalizeId(String(id)) !== record.Id)
        throw new ApiError(
          400,
          'INVALID_FIELD',
          `The Id in the body (${String(id)}) does not match the Id in the URL (${rawId})`
        );
      const result = req.org.writer.update(record.Id as string, input, ctx(req));
      if (!result.success) throw failure(result);
      return noContent();
    }
    case 'DELETE': {
      if (normalizeId(rawId) === null)
        throw new ApiError(400, 'MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${rawId}`);
      const record = recordOrNotFound(req, object, rawId);
      const result = req.org.writer.delete(record.Id as string, ctx(req));
      if (!result.success) throw failure(result);
      return noContent();
    }
  }
  throw notFound();
}

/** The key field of sobjects/<Type>/<Field>/<Value>, or Salesforce's 404. */
function keyField(object: SObjectDef, name: string): FieldDef {
  const field = object.field(name);
  if (!field || !(field.externalId || field.type === 'id')) {
    throw new ApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
  }
  return field;
}

function keyValue(field: FieldDef, text: string): Value {
  const coerced = coerceCsv(field, text, 1);
  if ('error' in coerced || coerced.value === undefined)
    throw new ApiError(400, 'MALFORMED_ID', `${field.label}: invalid value for an external id: ${text}`);
  return coerced.value;
}

function multipleMatches(req: Request, object: SObjectDef, matches: Rec[]): Reply {
  return json(
    300,
    matches.map((m) => `/services/data/v${req.version}/sobjects/${object.name}/${String(m.Id)}`)
  );
}

async function byExternalId(req: Request, object: SObjectDef, fieldName: string, text: string): Promise<Reply> {
  const field = keyField(object, fieldName);
  if (field.type === 'id') {
    if (req.method === 'PATCH') {
      const record = recordOrNotFound(req, object, text);
      return upsertReply(
        req,
        req.org.writer.update(
          record.Id as string,
          readJsonRecord(req.org.schema, object, await req.json()).input,
          ctx(req)
        )
      );
    }
    return byId(req, object, text);
  }
  const key = keyValue(field, text);
  const matches = req.org.store.findByKey(object, field.name, key);
  if (matches.length > 1) return multipleMatches(req, object, matches);
  const match = matches[0];
  switch (req.method) {
    case 'GET':
      if (!match) throw notFound();
      return json(200, recordBody(req, object, match, req.url.searchParams.get('fields')));
    case 'DELETE': {
      if (!match) throw notFound();
      const result = req.org.writer.delete(match.Id as string, ctx(req));
      if (!result.success) throw failure(result);
      return noContent();
    }
    case 'PATCH':
    case 'POST': {
      const { input, id } = readJsonRecord(req.org.schema, object, await req.json());
      if (id !== undefined)
        throw new ApiError(400, 'INVALID_FIELD', 'Id cannot be set in the body of an upsert by external id');
      checkBodyKey(input, field, key);
      if (!match && req.url.searchParams.get('updateOnly') === 'true') throw notFound();
      return upsertReply(req, req.org.writer.upsert(object, field, key, input, ctx(req)));
    }
  }
  throw notFound();
}

function checkBodyKey(input: WriteInput, field: FieldDef, key: Value): void {
  if (!input.values.has(field)) return;
  const inBody = input.values.get(field);
  const same =
    typeof inBody === 'string' && typeof key === 'string' ? inBody.toLowerCase() === key.toLowerCase() : inBody === key;
  if (!same)
    throw new ApiError(
      400,
      'INVALID_FIELD',
      `The value of ${field.name} in the body (${String(inBody)}) does not match the value in the URL (${String(key)})`
    );
  input.values.delete(field);
}

function upsertReply(req: Request, result: WriteResult): Reply {
  if (!result.success) throw failure(result);
  if (result.created) return json(201, { id: result.id, success: true, errors: [], created: true });
  if (Number(req.version) < UPSERT_BODY_SINCE) return noContent();
  return json(200, { id: result.id, success: true, errors: [], created: false });
}
