// The User Interface API endpoints the component preview's wire adapters read and write
// (User Interface API Developer Guide: "Record", "Related List Records"): records as
// `{apiName, id, fields: {F: {value, displayValue}}, ...}`.

import { createHash } from 'node:crypto';
import { ApiError, notFound, type RowError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import { readJsonRecord } from '../data/input.js';
import type { WriteResult } from '../data/writes.js';
import { readField, type FieldDef, type Rec, type SObjectDef } from '../schema/index.js';
import { json, noContent, segment, type Reply, type Request } from './http.js';

const NO_RECORD_TYPE = '012000000000000AAA';

function recordOrNotFound(req: Request, rawId: string): { record: Rec; object: SObjectDef } {
  const id = normalizeId(rawId);
  const record = id ? req.org.store.get(id) : undefined;
  const object = id ? req.org.schema.objectForId(id) : undefined;
  if (!record || !object || record.IsDeleted === true) throw notFound();
  return { record, object };
}

/** `Opportunity.Account.Name` → `['Account', 'Name']` when it names `object`; null otherwise. */
function relativePath(object: SObjectDef, qualified: string): string[] | null {
  const parts = qualified.split('.');
  if (parts.length < 2 || parts[0]?.toLowerCase() !== object.name.toLowerCase()) return null;
  return parts.slice(1);
}

function listParam(req: Request, name: string, body: Record<string, unknown> | null): string[] {
  const fromBody = body?.[name];
  if (Array.isArray(fromBody)) return fromBody.map(String);
  return (req.url.searchParams.get(name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric'
});
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit'
});

/** Salesforce's en_US display value, or null where the UI API gives none (text, booleans, ids). */
function displayValue(field: FieldDef, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'date':
      return dateFormat.format(new Date(`${String(value)}T00:00:00Z`));
    case 'datetime':
      return dateTimeFormat.format(new Date(String(value).replace('+0000', 'Z')));
    case 'currency':
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: field.scale,
        maximumFractionDigits: field.scale
      }).format(Number(value));
    case 'percent':
      return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: field.scale }).format(Number(value))}%`;
    case 'double':
    case 'int':
      return new Intl.NumberFormat('en-US', { maximumFractionDigits: field.type === 'int' ? 0 : field.scale }).format(
        Number(value)
      );
    case 'picklist':
      return field.picklistValues.find((v) => v.value === value)?.label ?? String(value);
    default:
      return null;
  }
}

class Representer {
  private readonly userId: string;

  constructor(private readonly req: Request) {
    this.userId = req.session?.userId ?? req.org.adminUserId;
  }

  /**
   * A record with the given relative field paths. Unknown paths in `required` throw;
   * unknown `optional` ones are left out.
   */
  record(record: Rec, object: SObjectDef, required: string[][], optional: string[][]): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    const byHead = new Map<string, { required: string[][]; optional: string[][] }>();
    const add = (path: string[], isRequired: boolean) => {
      const [head, ...rest] = path;
      if (!head) return;
      if (rest.length === 0) {
        const field = object.field(head);
        if (!field || field.unsupported) {
          if (isRequired) throw new ApiError(400, 'INVALID_FIELD', `Cannot find field ${head} on ${object.name}`);
          return;
        }
        const value = readField(record, field, this.userId);
        fields[field.name] = { displayValue: displayValue(field, value), value };
        return;
      }
      const entry = byHead.get(head.toLowerCase()) ?? { required: [], optional: [] };
      (isRequired ? entry.required : entry.optional).push(rest);
      byHead.set(head.toLowerCase(), entry);
    };
    for (const p of required) add(p, true);
    for (const p of optional) add(p, false);
    for (const [head, paths] of byHead) {
      const ref = object.parentRelationship(head);
      if (!ref || !ref.relationshipName) {
        if (paths.required.length)
          throw new ApiError(400, 'INVALID_FIELD', `Cannot find relationship ${head} on ${object.name}`);
        continue;
      }
      const parentId = record[ref.name];
      const parent = typeof parentId === 'string' ? this.req.org.store.get(parentId) : undefined;
      const parentObject = parent ? this.req.org.schema.objectForId(parent.Id as string) : undefined;
      if (!parent || !parentObject) {
        fields[ref.relationshipName] = { displayValue: null, value: null };
        continue;
      }
      const nameField = parentObject.nameField;
      fields[ref.relationshipName] = {
        displayValue: nameField ? (parent[nameField.name] ?? null) : null,
        value: this.record(parent, parentObject, paths.required, paths.optional)
      };
    }
    return this.envelope(record, object, fields);
  }

  envelope(record: Rec, object: SObjectDef, fields: Record<string, unknown>): Record<string, unknown> {
    const modstamp = String(record.SystemModstamp);
    return {
      apiName: object.name,
      childRelationships: {},
      eTag: createHash('md5')
        .update(`${String(record.Id)}${modstamp}`)
        .digest('hex'),
      fields,
      id: record.Id,
      lastModifiedById: record.LastModifiedById ?? null,
      lastModifiedDate: record.LastModifiedDate ?? null,
      recordTypeId: NO_RECORD_TYPE,
      recordTypeInfo: null,
      systemModstamp: record.SystemModstamp ?? null,
      weakEtag: Date.parse(modstamp.replace('+0000', 'Z'))
    };
  }

  /** Every field the object has, as createRecord/updateRecord return. */
  allFields(record: Rec, object: SObjectDef): Record<string, unknown> {
    const paths = object.fields.filter((f) => !f.unsupported).map((f) => [f.name]);
    return this.record(record, object, paths, []);
  }
}

/** A failed write as the UI API answers it: field errors under output.fieldErrors. */
function recordError(result: Extract<WriteResult, { success: false }>, object: SObjectDef): ApiError {
  const fieldErrors: Record<string, unknown[]> = {};
  const errors: unknown[] = [];
  for (const e of result.errors as RowError[]) {
    if (e.fields.length === 0) {
      errors.push({
        constituentField: null,
        duplicateRecordError: null,
        errorCode: e.statusCode,
        field: null,
        fieldLabel: null,
        message: e.message
      });
      continue;
    }
    for (const name of e.fields) {
      const field = object.field(name);
      (fieldErrors[name] ??= []).push({
        constituentField: null,
        duplicateRecordError: null,
        errorCode: e.statusCode,
        field: name,
        fieldLabel: field?.label ?? name,
        message: e.message
      });
    }
  }
  return new ApiError(
    400,
    result.errors[0]?.statusCode ?? 'UNKNOWN_EXCEPTION',
    result.errors[0]?.message ?? 'error',
    undefined,
    {
      enhancedErrorType: 'RecordError',
      message: 'An error occurred while trying to update the record. Please try again.',
      output: { errors, fieldErrors }
    }
  );
}

async function fieldsBody(req: Request): Promise<{ apiName?: unknown; fields?: unknown }> {
  const body = (await req.json()) as { apiName?: unknown; fields?: unknown } | null;
  if (!body || typeof body.fields !== 'object' || body.fields === null) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The body must be {"apiName": "...", "fields": {...}}');
  }
  return body;
}

export async function uiApi(req: Request): Promise<Reply> {
  const area = req.segments[1];
  const rep = new Representer(req);
  const ctx = { userId: req.session?.userId ?? req.org.adminUserId, applyFaults: true };
  if (area === 'records' && req.segments.length === 2 && req.method === 'POST') {
    const body = await fieldsBody(req);
    const object = req.org.schema.object(String(body.apiName ?? ''));
    if (!object) throw new ApiError(400, 'INVALID_TYPE', `Object ${String(body.apiName)} is not supported in UI API`);
    const { input } = readJsonRecord(req.org.schema, object, body.fields);
    const result = req.org.writer.create(object, input, ctx);
    if (!result.success) throw recordError(result, object);
    const created = req.org.store.get(result.id) as Rec;
    return json(201, rep.allFields(created, object));
  }
  if (area === 'records' && req.segments.length === 3) {
    const { record, object } = recordOrNotFound(req, segment(req, 2));
    if (req.method === 'GET') {
      if (req.url.searchParams.get('layoutTypes'))
        throw new ApiError(
          400,
          'NOT_SUPPORTED',
          'layoutTypes is not supported by the local org; request fields or optionalFields'
        );
      const required = listParam(req, 'fields', null);
      const optional = listParam(req, 'optionalFields', null);
      if (!required.length && !optional.length)
        throw new ApiError(400, 'MISSING_ARGUMENT', 'Specify fields or optionalFields, e.g. ?fields=Opportunity.Name');
      const toPath = (q: string, isRequired: boolean) => {
        const path = relativePath(object, q);
        if (!path && isRequired)
          throw new ApiError(
            400,
            'INVALID_FIELD',
            `${q} is not a field of ${object.name}; qualify fields with the object name`
          );
        return path;
      };
      return json(
        200,
        rep.record(
          record,
          object,
          required.map((q) => toPath(q, true) as string[]),
          optional.map((q) => toPath(q, false)).filter((p): p is string[] => p !== null)
        )
      );
    }
    if (req.method === 'PATCH') {
      const body = await fieldsBody(req);
      const { input } = readJsonRecord(req.org.schema, object, body.fields);
      const result = req.org.writer.update(record.Id as string, input, ctx);
      if (!result.success) throw recordError(result, object);
      return json(200, rep.allFields(req.org.store.get(result.id) as Rec, object));
    }
    if (req.method === 'DELETE') {
      const result = req.org.writer.delete(record.Id as string, ctx);
      if (!result.success) throw recordError(result, object);
      return noContent();
    }
  }
  if (area === 'related-list-records' && req.segments.length === 4 && (req.method === 'GET' || req.method === 'POST')) {
    return relatedList(req, rep);
  }
  throw notFound();
}

async function relatedList(req: Request, rep: Representer): Promise<Reply> {
  const { record: parent, object: parentObject } = recordOrNotFound(req, segment(req, 2));
  const relatedListId = segment(req, 3);
  const rel = parentObject.childRelationship(relatedListId);
  const child = rel ? req.org.schema.object(rel.childSObject) : undefined;
  if (!rel || !child)
    throw new ApiError(404, 'NOT_FOUND', `${relatedListId} is not a related list of ${parentObject.name}`);
  const body = req.method === 'POST' ? ((await req.json()) as Record<string, unknown>) : null;
  if (body?.where || req.url.searchParams.get('where'))
    throw new ApiError(400, 'NOT_SUPPORTED', 'where is not supported by the local org');
  const toPath = (q: string) => relativePath(child, q) ?? q.split('.');
  const fields = listParam(req, 'fields', body);
  const optionalFields = listParam(req, 'optionalFields', body);
  const sortBy = listParam(req, 'sortBy', body);
  const pageSize = Math.min(1999, Math.max(1, Number(body?.pageSize ?? req.url.searchParams.get('pageSize') ?? 50)));
  const start = Math.max(0, Number(body?.pageToken ?? req.url.searchParams.get('pageToken') ?? 0) || 0);

  let rows = req.org.store.children(child.name, rel.field, parent.Id as string).filter((r) => r.IsDeleted !== true);
  const sorts = sortBy.map((s) => {
    const desc = s.startsWith('-');
    const path = toPath(desc ? s.slice(1) : s);
    const field = path.length === 1 ? child.field(path[0] as string) : undefined;
    if (!field) throw new ApiError(400, 'INVALID_FIELD', `Cannot sort by ${s}: not a field of ${child.name}`);
    return { field, desc };
  });
  if (sorts.length) {
    rows = [...rows].sort((a, b) => {
      for (const { field, desc } of sorts) {
        const x = a[field.name] ?? null;
        const y = b[field.name] ?? null;
        if (x === y) continue;
        const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        return desc ? -c : c;
      }
      return 0;
    });
  }
  const pageRows = rows.slice(start, start + pageSize);
  const next = start + pageSize < rows.length ? String(start + pageSize) : null;
  const previous = start > 0 ? String(Math.max(0, start - pageSize)) : null;
  const base = `/services/data/v${req.version}/ui-api/related-list-records/${String(parent.Id)}/${relatedListId}`;
  const url = (token: string | null) => (token === null ? null : `${base}?pageToken=${token}&pageSize=${pageSize}`);
  return json(200, {
    count: rows.length,
    currentPageToken: String(start),
    currentPageUrl: url(String(start)),
    fields,
    listInfoETag: null,
    listReference: {
      inContextOfRecordId: parent.Id,
      listViewApiName: null,
      objectApiName: child.name,
      parentObjectApiName: parentObject.name,
      recordTypeId: null,
      relatedListId
    },
    nextPageToken: next,
    nextPageUrl: url(next),
    optionalFields,
    pageSize,
    previousPageToken: previous,
    previousPageUrl: url(previous),
    records: pageRows.map((r) => rep.record(r, child, [['Id'], ...fields.map(toPath)], optionalFields.map(toPath))),
    sortBy
  });
}
