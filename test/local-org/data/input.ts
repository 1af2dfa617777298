// Reading a record's values from a write request: a JSON body (REST, collections, UI API)
// or a Bulk API 2.0 CSV row. Unknown fields and undeserializable JSON fail the whole
// request, as Salesforce's deserializer does; CSV type errors fail only their row.

import { ApiError, type RowError } from '../core/errors.js';
import type { FieldDef, SObjectDef, Schema, Value } from '../schema/index.js';
import { coerceCsv, coerceJson } from './values.js';

/** A parent named by one of its external ids, e.g. `"Account": {"Product_Account_Id__c": "acme"}`. */
export interface ParentRef {
  field: FieldDef;
  target: SObjectDef;
  keyField: FieldDef;
  key: Value;
}

export interface WriteInput {
  values: Map<FieldDef, Value>;
  parentRefs: ParentRef[];
  /** problems found while reading the row; the row fails with them */
  errors: RowError[];
}

export const emptyInput = (): WriteInput => ({ values: new Map(), parentRefs: [], errors: [] });

const noSuchColumn = (name: string, object: SObjectDef) =>
  new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);

/** A parent reference field and the target object and key field a relationship path names. */
export function resolveParentKey(schema: Schema, object: SObjectDef, relationshipName: string, keyName: string) {
  const field = object.parentRelationship(relationshipName);
  if (!field) return null;
  const targetName = field.referenceTo.length === 1 ? field.referenceTo[0] : undefined;
  const target = targetName ? schema.object(targetName) : undefined;
  const keyField = target?.field(keyName);
  if (!target || !keyField || !(keyField.externalId || keyField.idLookup)) return null;
  return { field, target, keyField };
}

/**
 * The values of one JSON record. `attributes` is skipped; `Id` is returned apart for the
 * caller to place. Throws ApiError for what Salesforce rejects before saving anything.
 */
export function readJsonRecord(schema: Schema, object: SObjectDef, body: unknown): { input: WriteInput; id: unknown } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${object.name} from ${Array.isArray(body) ? 'START_ARRAY' : 'VALUE_STRING'}`
    );
  }
  const input = emptyInput();
  let id: unknown;
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'attributes') continue;
    if (key.toLowerCase() === 'id') {
      id = raw;
      continue;
    }
    const field = object.field(key);
    if (field) {
      if (field.unsupported)
        throw new ApiError(400, 'INVALID_FIELD', `${object.name}.${field.name}: ${field.unsupported}`);
      const coerced = coerceJson(field, raw);
      if ('parserError' in coerced) throw new ApiError(400, 'JSON_PARSER_ERROR', coerced.parserError);
      input.values.set(field, coerced.value);
      continue;
    }
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const keys = Object.keys(raw).filter((k) => k !== 'attributes');
      const keyName = keys.length === 1 ? keys[0] : undefined;
      const resolved = keyName ? resolveParentKey(schema, object, key, keyName) : null;
      if (resolved && keyName) {
        const coerced = coerceJson(resolved.keyField, (raw as Record<string, unknown>)[keyName]);
        if ('parserError' in coerced) throw new ApiError(400, 'JSON_PARSER_ERROR', coerced.parserError);
        input.parentRefs.push({ ...resolved, key: coerced.value });
        continue;
      }
    }
    throw noSuchColumn(key, object);
  }
  return { input, id };
}

/** What one CSV column of a bulk job writes. */
export type CsvColumn =
  | { kind: 'id' }
  | { kind: 'field'; field: FieldDef }
  | { kind: 'parent'; field: FieldDef; target: SObjectDef; keyField: FieldDef };

/** The columns of a bulk job's CSV header, or the name Salesforce reports as not found. */
export function readCsvHeader(
  schema: Schema,
  object: SObjectDef,
  header: string[]
): { columns: CsvColumn[] } | { unknown: string } {
  const columns: CsvColumn[] = [];
  for (const name of header) {
    if (name.toLowerCase() === 'id') {
      columns.push({ kind: 'id' });
      continue;
    }
    const field = object.field(name);
    if (field && !field.unsupported) {
      columns.push({ kind: 'field', field });
      continue;
    }
    const dot = name.indexOf('.');
    const resolved = dot > 0 ? resolveParentKey(schema, object, name.slice(0, dot), name.slice(dot + 1)) : null;
    if (!resolved) return { unknown: name };
    columns.push({ kind: 'parent', ...resolved });
  }
  return { columns };
}

/** One CSV row's values; the Id column's text is returned apart. */
export function readCsvRow(columns: CsvColumn[], cells: string[]): { input: WriteInput; id: string } {
  const input = emptyInput();
  let id = '';
  columns.forEach((column, i) => {
    const text = cells[i] ?? '';
    if (column.kind === 'id') {
      id = text;
      return;
    }
    const coerced = coerceCsv(column.kind === 'field' ? column.field : column.keyField, text, i + 1);
    if ('error' in coerced) {
      input.errors.push(coerced.error);
      return;
    }
    if (coerced.value === undefined) return;
    if (column.kind === 'field') input.values.set(column.field, coerced.value);
    else
      input.parentRefs.push({
        field: column.field,
        target: column.target,
        keyField: column.keyField,
        key: coerced.value
      });
  });
  return { input, id };
}
