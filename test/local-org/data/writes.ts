// Create, update, upsert and delete of one record, validated the way Salesforce validates a
// save: createable/updateable fields, parent references, required fields, lengths,
// restricted picklists, number ranges, unique and external-id duplicates, derived values,
// audit fields, side effects on related records and cascades. Every write path (REST,
// collections, Bulk API 2.0, UI API, the in-process `insert`) goes through here, so they all
// behave alike.

import type { Clock } from '../core/clock.js';
import { rowError, type RowError } from '../core/errors.js';
import { normalizeId, type IdAllocator } from '../core/ids.js';
import type { FieldDef, Rec, Schema, SObjectDef, Value } from '../schema/index.js';
import type { WriteInput } from './input.js';
import type { Store } from './store.js';
import { checkValue } from './values.js';

export type WriteResult =
  { success: true; id: string; created: boolean } | { success: false; id: string | null; errors: RowError[] };

export interface WriteContext {
  userId: string;
  /** roll the lock-failure dice for this row (false for the in-process seeding helpers) */
  applyFaults: boolean;
  /**
   * Create the record as at this wire date-time (CreatedDate, LastModifiedDate and derived
   * dates), as "Set Audit Fields upon Record Creation" lets an import do; seeding only.
   */
  createdAt?: string;
}

const fail = (errors: RowError[], id: string | null = null): WriteResult => ({ success: false, id, errors });

const unableToWrite = (fields: FieldDef[]): RowError =>
  rowError(
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${fields.map((f) => f.name).join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    fields.map((f) => f.name)
  );

/** Per object, the fields create looks at for every record, worked out once. */
interface CreatePlan {
  defaults: [string, Value][];
  required: FieldDef[];
  autoNumbers: FieldDef[];
  hasOwner: boolean;
}

export class Writer {
  private readonly autoNumbers = new Map<string, number>();
  private readonly plans = new Map<SObjectDef, CreatePlan>();

  private plan(object: SObjectDef): CreatePlan {
    let plan = this.plans.get(object);
    if (!plan) {
      plan = {
        defaults: object.fields
          .filter((f) => !f.calculated && (f.defaultValue !== null || f.type === 'boolean'))
          .map((f) => [f.name, f.defaultValue ?? false]),
        required: object.fields.filter((f) => f.required),
        autoNumbers: object.fields.filter((f) => f.autoNumber),
        hasOwner: object.field('OwnerId') !== undefined
      };
      this.plans.set(object, plan);
    }
    return plan;
  }

  constructor(
    private readonly schema: Schema,
    private readonly store: Store,
    private readonly ids: IdAllocator,
    private readonly clock: Clock,
    /** true when a fault makes this row fail to lock */
    private readonly lockFails: () => boolean
  ) {}

  create(object: SObjectDef, input: WriteInput, ctx: WriteContext): WriteResult {
    if (!object.createable)
      return fail([rowError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be inserted: ${object.name}`)]);
    if (input.errors.length) return fail(input.errors);
    const notCreateable: FieldDef[] = [];
    for (const field of input.values.keys()) if (!field.createable) notCreateable.push(field);
    if (notCreateable.length) return fail([unableToWrite(notCreateable)]);
    const resolved = this.resolveParents(input);
    if ('errors' in resolved) return fail(resolved.errors);

    // Records are sparse: a field that is not there is null.
    const plan = this.plan(object);
    const record: Record<string, Value> = {};
    const given = new Set<string>();
    for (const [name, value] of plan.defaults) record[name] = value;
    if (plan.hasOwner) record.OwnerId = ctx.userId;
    const errors: RowError[] = [];
    for (const [field, raw] of resolved.values) {
      given.add(field.name);
      const checked = this.checkField(field, raw);
      if ('error' in checked) {
        errors.push(checked.error);
        record[field.name] = raw; // present, if invalid: the row fails with the field's error, not as missing
      } else if (checked.value === null) record[field.name] = field.type === 'boolean' ? false : null;
      else record[field.name] = checked.value;
    }
    const now = ctx.createdAt ?? this.clock.nowDateTime();
    object.derive?.(record, given, true, now);
    for (const name of Object.keys(record)) if (record[name] === null) delete record[name];
    const missing = plan.required.filter((f) => record[f.name] === undefined);
    if (missing.length) {
      return fail([
        rowError(
          'REQUIRED_FIELD_MISSING',
          `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`,
          missing.map((f) => f.name)
        )
      ]);
    }
    if (errors.length) return fail(errors);
    const duplicate = this.findDuplicate(object, record, null);
    if (duplicate) return fail([duplicate]);
    if (ctx.applyFaults && this.lockFails()) return fail([lockError(object, null)]);

    const id = this.ids.next(object.keyPrefix);
    for (const field of plan.autoNumbers) record[field.name] = this.nextAutoNumber(object, field);
    Object.assign(record, {
      Id: id,
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: ctx.userId,
      LastModifiedDate: now,
      LastModifiedById: ctx.userId,
      SystemModstamp: now
    });
    this.store.put(Object.freeze(record));
    object.afterSave?.(record, this.store, now);
    return { success: true, id, created: true };
  }

  /** Update by id; `rawId` may be 15 or 18 characters. */
  update(rawId: string, input: WriteInput, ctx: WriteContext): WriteResult {
    const found = this.findLive(rawId);
    if ('errors' in found) return found.errors;
    const { current, object } = found;
    const id = current.Id as string;
    if (!object.updateable)
      return fail(
        [rowError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be updated: ${object.name}`)],
        id
      );
    if (input.errors.length) return fail(input.errors, id);
    const resolved = this.resolveParents(input);
    if ('errors' in resolved) return fail(resolved.errors, id);
    const notUpdateable = [...resolved.values]
      .filter(([f, v]) => !f.updateable && !(f.cascadeDelete && sameId(v, current[f.name] ?? null)))
      .map(([f]) => f);
    if (notUpdateable.length) return fail([unableToWrite(notUpdateable)], id);

    const record: Record<string, Value> = { ...current };
    const given = new Set<string>();
    const errors: RowError[] = [];
    for (const [field, raw] of resolved.values) {
      if (!field.updateable) continue;
      given.add(field.name);
      const checked = this.checkField(field, raw);
      if ('error' in checked) {
        errors.push(checked.error);
        record[field.name] = raw;
      } else record[field.name] = field.type === 'boolean' && checked.value === null ? false : checked.value;
    }
    const now = this.clock.nowDateTime();
    object.derive?.(record, given, false, now);
    for (const name of Object.keys(record)) if (record[name] === null) delete record[name];
    const missing = this.plan(object).required.filter((f) => given.has(f.name) && record[f.name] === undefined);
    if (missing.length) {
      return fail(
        [
          rowError(
            'REQUIRED_FIELD_MISSING',
            `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`,
            missing.map((f) => f.name)
          )
        ],
        id
      );
    }
    if (errors.length) return fail(errors, id);
    const duplicate = this.findDuplicate(object, record, id);
    if (duplicate) return fail([duplicate], id);
    if (ctx.applyFaults && this.lockFails()) return fail([lockError(object, id)], id);
    Object.assign(record, { LastModifiedDate: now, LastModifiedById: ctx.userId, SystemModstamp: now });
    this.store.put(Object.freeze(record));
    object.afterSave?.(record, this.store, now);
    return { success: true, id, created: false };
  }

  /**
   * Upsert on an external-id field (or Id): creates when no live record holds the key,
   * updates when exactly one does. The key is written on create.
   */
  upsert(object: SObjectDef, keyField: FieldDef, key: Value, input: WriteInput, ctx: WriteContext): WriteResult {
    if (keyField.type === 'id') {
      if (key === null || key === '') return this.create(object, input, ctx);
      return this.update(String(key), input, ctx);
    }
    if (key === null || key === '') {
      return fail([rowError('MISSING_ARGUMENT', `${keyField.name} not specified`, [keyField.name])]);
    }
    const matches = this.store.findByKey(object, keyField.name, key);
    if (matches.length > 1) {
      return fail([
        rowError(
          'DUPLICATE_EXTERNAL_ID',
          `${keyField.label}: more than one record found for external id field: [${matches.map((m) => m.Id).join(', ')}]`,
          [keyField.name]
        )
      ]);
    }
    const match = matches[0];
    const values = new Map(input.values);
    if (!match) {
      values.set(keyField, key);
      return this.create(object, { ...input, values }, ctx);
    }
    values.delete(keyField);
    return this.update(match.Id as string, { ...input, values }, ctx);
  }

  delete(rawId: string, ctx: WriteContext): WriteResult {
    const found = this.findLive(rawId);
    if ('errors' in found) return found.errors;
    const { current, object } = found;
    const id = current.Id as string;
    if (!object.deletable)
      return fail([rowError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id')], id);
    for (const rel of object.childRelationships.filter((r) => r.restrictedDelete)) {
      const blocking = this.store.children(rel.childSObject, rel.field, id).filter((c) => c.IsDeleted !== true);
      if (blocking.length) {
        const child = this.schema.object(rel.childSObject);
        return fail(
          [
            rowError(
              'DELETE_FAILED',
              `Your attempt to delete ${String(current.Name ?? id)} could not be completed because it is associated with the following ${child?.labelPlural ?? rel.childSObject}.: ${blocking.map((b) => String(b.Name ?? b.Id)).join(', ')}`
            )
          ],
          id
        );
      }
    }
    if (ctx.applyFaults && this.lockFails()) return fail([lockError(object, id)], id);
    this.softDelete(object, current, ctx.userId);
    return { success: true, id, created: false };
  }

  /** The live record behind an id, or the row error Salesforce gives for a bad one. */
  private findLive(rawId: string): { current: Rec; object: SObjectDef } | { errors: WriteResult } {
    const id = normalizeId(rawId);
    if (id === null) return { errors: fail([rowError('MALFORMED_ID', `malformed id ${rawId}`)]) };
    const current = this.store.get(id);
    const object = this.schema.objectForId(id);
    if (!current || !object)
      return { errors: fail([rowError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')], id) };
    if (current.IsDeleted === true) return { errors: fail([rowError('ENTITY_IS_DELETED', 'entity is deleted')], id) };
    return { current, object };
  }

  private softDelete(object: SObjectDef, record: Rec, userId: string): void {
    const id = record.Id as string;
    const now = this.clock.nowDateTime();
    this.store.put(
      Object.freeze({
        ...record,
        IsDeleted: true,
        LastModifiedDate: now,
        LastModifiedById: userId,
        SystemModstamp: now
      })
    );
    for (const rel of object.childRelationships) {
      const child = this.schema.object(rel.childSObject);
      if (!child) continue;
      for (const row of this.store.children(rel.childSObject, rel.field, id)) {
        if (row.IsDeleted === true) continue;
        if (rel.cascadeDelete) this.softDelete(child, row, userId);
        else this.store.put(Object.freeze({ ...row, [rel.field]: null, SystemModstamp: now }));
      }
    }
  }

  private resolveParents(input: WriteInput): { values: Map<FieldDef, Value> } | { errors: RowError[] } {
    if (!input.parentRefs.length) return { values: input.values };
    const values = new Map(input.values);
    for (const ref of input.parentRefs) {
      const matches = this.store.findByKey(ref.target, ref.keyField.name, ref.key);
      if (matches.length !== 1) {
        const what = matches.length ? 'matches more than one record' : 'not found';
        return {
          errors: [
            rowError(
              'INVALID_FIELD',
              `Foreign key external ID: ${String(ref.key)} ${what} for field ${ref.keyField.name} in entity ${ref.target.name}`,
              [ref.field.name]
            )
          ]
        };
      }
      values.set(ref.field, matches[0]?.Id ?? null);
    }
    return { values };
  }

  private checkField(field: FieldDef, raw: Value): { value: Value } | { error: RowError } {
    const checked = checkValue(field, raw);
    if ('error' in checked || field.type !== 'reference' || checked.value === null) return checked;
    const id = checked.value as string;
    const target = this.schema.objectForId(id);
    if (!target || !field.referenceTo.includes(target.name)) {
      return {
        error: rowError('FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${id}`, [field.name])
      };
    }
    const parent = this.store.get(id);
    if (!parent) {
      return {
        error: rowError(
          'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
          `insufficient access rights on cross-reference id: ${id}`,
          [field.name]
        )
      };
    }
    if (parent.IsDeleted === true) return { error: rowError('ENTITY_IS_DELETED', 'entity is deleted', [field.name]) };
    return checked;
  }

  private findDuplicate(object: SObjectDef, record: Record<string, Value>, selfId: string | null): RowError | null {
    for (const field of object.fields) {
      if (!field.unique) continue;
      const value = record[field.name];
      if (value === null || value === undefined) continue;
      const other = this.store.findByKey(object, field.name, value).find((r) => r.Id !== selfId);
      if (!other) continue;
      if (object.name === 'User' && field.name === 'Username') {
        return rowError(
          'DUPLICATE_USERNAME',
          'Duplicate Username.<br>Another user has already selected this username.<br>Please select another.',
          [field.name]
        );
      }
      return rowError(
        'DUPLICATE_VALUE',
        `duplicate value found: ${field.name} duplicates value on record with id: ${String(other.Id)}`
      );
    }
    return null;
  }

  private nextAutoNumber(object: SObjectDef, field: FieldDef): string {
    const key = `${object.name}.${field.name}`;
    const n = (this.autoNumbers.get(key) ?? 0) + 1;
    this.autoNumbers.set(key, n);
    return (field.autoNumberFormat ?? '{0}').replace(/\{(0+)\}/, (_, zeros: string) =>
      String(n).padStart(zeros.length, '0')
    );
  }

  autoNumberSnapshot(): Record<string, number> {
    return Object.fromEntries(this.autoNumbers);
  }

  restoreAutoNumbers(counters: Record<string, number>): void {
    this.autoNumbers.clear();
    for (const [key, n] of Object.entries(counters)) this.autoNumbers.set(key, n);
  }
}

function sameId(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  return normalizeId(String(a)) === normalizeId(String(b));
}

function lockError(object: SObjectDef, id: string | null): RowError {
  return rowError(
    'UNABLE_TO_LOCK_ROW',
    `unable to obtain exclusive access to this record or 1 records: ${id ?? object.keyPrefix}`
  );
}
