// Only changed values are written (DESIGN §4.8). Pure: records in (records.ts), the writes
// to make out.
//
// The rule, per field of each record the run wants:
// 1. The run read the record from the org (`org: { values }`): the field is sent when the
//    org's value, normalised, differs from the desired one. The org is the truth, so a
//    sync-owned value someone changed by hand is put back by the next run, and a value the
//    org already holds is never sent again. The store's acknowledged writes cannot
//    suppress such a write: they could only be older than what the run just read.
// 2. The run read the opportunity's children and the record is not among them
//    (`org: 'absent'`): it is created, with every desired field — upserted on its External
//    ID, or, for an object without one (Task), inserted: the alerts step (alerts.ts) made
//    sure no Task with its key exists.
// 3. The run does not read such records (`org: 'unread'`: Health_Change__c history, of
//    which only the newest is read): the store's last acknowledged write for the key
//    stands in for the org. Nothing is sent when it holds every desired value; otherwise
//    every desired field is sent, since the upsert may be creating the record.
// 4. A fill-only field (its object declaration's `fillOnly`: Kickoff_Date__c) is filled,
//    never overwritten or cleared: it is sent only when the org's value is blank and the
//    desired one is not (DESIGN §4.4).
//
// Normalising first means one value in two spellings is not a change: numbers at the
// field's scale (Number(16,2) holds 1.006 as 1.01), dates by their day, date-times by
// their instant (`…00.000+0000` = `…00Z`), blank text as null (null = '' = undefined),
// line endings and surrounding whitespace of text, a blank checkbox as false.

import { EXTERNAL_KEY_FIELD, FIELD_TYPES, FILL_ONLY_FIELDS } from '../salesforce/fields.js';
import type { FieldType } from '../salesforce/objects/define.js';
import type { WrittenObject } from '../salesforce/objects/index.js';
import type { RecordState, Values } from './records.js';
import type { WriteBatch, WriteOperation } from '../salesforce/write-types.js';

/** A record to send: the fields that changed (or every field, for a record to create). */
export interface RecordChange {
  object: WrittenObject;
  operation: WriteOperation;
  /** the Id for an update, the external key for an upsert, the record's key (never sent) for an insert */
  key: string;
  /** for an upsert, the External ID field `key` is matched on */
  externalIdField?: string;
  values: Values;
  /** what the org held for those fields (the store's record for unread ones); null for a record to create */
  before: Values | null;
  opportunityId: string;
}

/**
 * The order of writes: the children, then the opportunity's own fields, then the health
 * change explaining them. Each phase is written after the one before has finished, so a
 * run that stops midway never leaves an opportunity's status ahead of the records it is
 * based on.
 */
export const WRITE_PHASES: readonly (readonly WrittenObject[])[] = [
  ['Implementation_Stage__c', 'Success_Milestone__c', 'Business_Review__c'],
  ['Opportunity', 'Contact'],
  ['Health_Change__c', 'Task']
];

type Normal = string | number | boolean | null;

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A value in one canonical form per field type; values that do not parse stay as text, so they differ. */
export function normalize(type: FieldType, value: unknown): Normal {
  if (type.kind === 'boolean') return value === true || value === 'true';
  if (isBlank(value)) return null;
  switch (type.kind) {
    case 'text':
      return String(value).replace(/\r\n?/g, '\n').trim();
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      return Number.isFinite(n) ? Number(n.toFixed(type.scale)) : String(value);
    }
    case 'date': {
      const s = String(value).trim();
      if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
      const instant = instantOf(s);
      return instant === null ? s : new Date(instant).toISOString().slice(0, 10);
    }
    case 'datetime': {
      // Salesforce keeps date-times to the second: an event at 10:00:05.678 is held as 10:00:05
      const instant = instantOf(String(value).trim());
      return instant === null ? String(value) : Math.floor(instant / 1000) * 1000;
    }
  }
}

/** Epoch milliseconds of an ISO date-time, also in Salesforce's `+0000` spelling; null when it is not one. */
function instantOf(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}

export function sameValue(type: FieldType, a: unknown, b: unknown): boolean {
  return normalize(type, a) === normalize(type, b);
}

function typeOf(object: WrittenObject, field: string): FieldType {
  const type = FIELD_TYPES[object][field];
  if (!type)
    throw new Error(`${object}.${field} is not among the fields its declaration in worker/salesforce/objects/ writes`);
  return type;
}

function changedFields(record: RecordState, held: Record<string, unknown>): string[] {
  return Object.entries(record.desired)
    .filter(([field, wanted]) => {
      const type = typeOf(record.object, field);
      if (FILL_ONLY_FIELDS.has(`${record.object}.${field}`)) return isBlank(held[field]) && !isBlank(wanted);
      return !sameValue(type, wanted, held[field]);
    })
    .map(([field]) => field);
}

function pick(values: Record<string, unknown>, fields: readonly string[]): Values {
  return Object.fromEntries(fields.map((field) => [field, (values[field] ?? null) as Values[string]]));
}

/**
 * The change one record needs, or null when the org (or, for unread records, the store)
 * already holds what the run wants. `lastWritten` is the store's acknowledged values for
 * the record's key; it is consulted only for unread records.
 */
export function diffRecord(record: RecordState, lastWritten?: Record<string, unknown>): RecordChange | null {
  const all = Object.keys(record.desired);
  let fields: string[];
  let before: Values | null;
  if (record.org === 'absent') {
    fields = all;
    before = null;
  } else if (record.org === 'unread') {
    const known = lastWritten ?? {};
    if (changedFields(record, known).length === 0) return null;
    fields = all;
    before = lastWritten ? pick(known, all) : null;
  } else {
    fields = changedFields(record, record.org.values);
    before = pick(record.org.values, fields);
  }
  if (fields.length === 0) return null;

  const values = pick(record.desired, fields);
  const externalIdField = EXTERNAL_KEY_FIELD[record.object];
  if (record.key !== null && externalIdField) {
    return {
      object: record.object,
      operation: 'upsert',
      key: record.key,
      externalIdField,
      values,
      before,
      opportunityId: record.opportunityId
    };
  }
  if (record.id === null && record.org === 'absent' && record.key !== null) {
    // an object without an External ID (Task): created by insert, named by its key
    return {
      object: record.object,
      operation: 'insert',
      key: record.key,
      values,
      before,
      opportunityId: record.opportunityId
    };
  }
  if (record.id === null) {
    throw new Error(
      `${record.object} of opportunity ${record.opportunityId} has neither an Id nor an external key to write it by`
    );
  }
  return {
    object: record.object,
    operation: 'update',
    key: record.id,
    values,
    before,
    opportunityId: record.opportunityId
  };
}

/** The changes of many records; `lastWrites` maps object → key → acknowledged values (for unread records). */
export function diffRecords(
  records: readonly RecordState[],
  lastWrites: ReadonlyMap<string, ReadonlyMap<string, Record<string, unknown>>> = new Map()
): RecordChange[] {
  return records.flatMap((record) => {
    const lastWritten = record.key === null ? undefined : lastWrites.get(record.object)?.get(record.key);
    const change = diffRecord(record, lastWritten);
    return change ? [change] : [];
  });
}

/** The changes as the writer's batches, one per object and operation, grouped into WRITE_PHASES (empty ones left out). */
export function writePhases(changes: readonly RecordChange[]): WriteBatch[][] {
  const batchesOf = (objects: readonly WrittenObject[]): WriteBatch[] =>
    objects.flatMap((object) =>
      (['upsert', 'update', 'insert'] as const).flatMap((operation): WriteBatch[] => {
        const rows = changes.filter((c) => c.object === object && c.operation === operation);
        if (rows.length === 0) return [];
        return [
          {
            object,
            operation,
            ...(operation === 'upsert' ? { externalIdField: rows[0]?.externalIdField as string } : {}),
            records: rows.map((c) => ({ key: c.key, values: c.values }))
          }
        ];
      })
    );
  return WRITE_PHASES.map(batchesOf).filter((phase) => phase.length > 0);
}
