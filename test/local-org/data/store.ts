// Records in memory, indexed by id, by object, by unique/external-id value and by parent
// (for child subqueries, cascades and related lists). Records are never mutated in place:
// a write puts a new object, so an open query cursor keeps the rows it matched. A
// transaction journal lets an all-or-none call roll back.

import type { Rec, Schema, SObjectDef, Value } from '../schema/index.js';

type KeyIndex = Map<string, Set<string>>;

/** The fields of one object the store indexes, worked out once. */
interface IndexPlan {
  /** reference fields someone can ask children of: named child relationships, or parents that can be deleted */
  references: { field: string; index: KeyIndex }[];
  /** unique and external-id fields */
  keys: { field: string; caseSensitive: boolean; index: KeyIndex }[];
}

export class Store {
  private readonly records = new Map<string, Rec>();
  private readonly byObject = new Map<string, Map<string, Rec>>();
  private readonly keyIndexes = new Map<string, KeyIndex>();
  private readonly childIndexes = new Map<string, KeyIndex>();
  private readonly plans = new Map<SObjectDef, IndexPlan>();
  private journal: Map<string, Rec | undefined> | null = null;
  /** goes up on every change, so a saver can tell whether there is anything new */
  revision = 0;

  constructor(private readonly schema: Schema) {}

  get(id: string): Rec | undefined {
    return this.records.get(id);
  }

  /** Every record of an object, deleted ones included, in creation order. */
  all(objectName: string): Iterable<Rec> {
    return this.byObject.get(objectName)?.values() ?? [];
  }

  size(objectName: string): number {
    return this.byObject.get(objectName)?.size ?? 0;
  }

  /** Records (deleted ones included) whose `field` refers to `parentId`, in creation order. */
  children(childObject: string, field: string, parentId: string): Rec[] {
    const ids = this.childIndexes.get(`${childObject}.${field}`)?.get(parentId);
    const out: Rec[] = [];
    if (!ids) return out;
    for (const id of ids) {
      const record = this.records.get(id);
      if (record) out.push(record);
    }
    return out;
  }

  /** Live records whose unique or external-id `field` holds `value`. */
  findByKey(object: SObjectDef, fieldName: string, value: Value): Rec[] {
    const field = object.field(fieldName);
    if (!field || value === null) return [];
    const ids = this.keyIndexes.get(`${object.name}.${field.name}`)?.get(keyOf(value, field.caseSensitive));
    if (!ids) return [];
    return [...ids].map((id) => this.records.get(id)).filter((r): r is Rec => r !== undefined);
  }

  put(record: Rec): void {
    const id = record.Id as string;
    const object = this.objectOf(id);
    const previous = this.records.get(id);
    if (this.journal && !this.journal.has(id)) this.journal.set(id, previous);
    this.revision++;
    if (previous) this.unindex(object, previous);
    this.records.set(id, record);
    let objectRecords = this.byObject.get(object.name);
    if (!objectRecords) {
      objectRecords = new Map();
      this.byObject.set(object.name, objectRecords);
    }
    objectRecords.set(id, record);
    this.index(object, record);
  }

  /** Removes a record for good (rollback of a create, hard delete, reset). */
  remove(id: string): void {
    const previous = this.records.get(id);
    if (!previous) return;
    if (this.journal && !this.journal.has(id)) this.journal.set(id, previous);
    this.revision++;
    const object = this.objectOf(id);
    this.unindex(object, previous);
    this.records.delete(id);
    this.byObject.get(object.name)?.delete(id);
  }

  clear(): void {
    this.revision++;
    this.records.clear();
    this.byObject.clear();
    for (const index of this.keyIndexes.values()) index.clear();
    for (const index of this.childIndexes.values()) index.clear();
    this.journal = null;
  }

  /** Starts recording changes so `rollback` can undo them. */
  begin(): void {
    if (this.journal) throw new Error('a transaction is already open');
    this.journal = new Map();
  }

  commit(): void {
    this.journal = null;
  }

  rollback(): void {
    const journal = this.journal;
    this.journal = null;
    if (!journal) return;
    for (const [id, previous] of [...journal].reverse()) {
      if (previous) this.put(previous);
      else this.remove(id);
    }
  }

  private objectOf(id: string): SObjectDef {
    const object = this.schema.objectForId(id);
    if (!object) throw new Error(`no object has key prefix ${id.slice(0, 3)} (id ${id})`);
    return object;
  }

  private plan(object: SObjectDef): IndexPlan {
    let plan = this.plans.get(object);
    if (plan) return plan;
    const indexFor = (indexes: Map<string, KeyIndex>, name: string): KeyIndex => {
      let index = indexes.get(name);
      if (!index) {
        index = new Map();
        indexes.set(name, index);
      }
      return index;
    };
    plan = {
      references: object.fields
        .filter(
          (f) =>
            f.type === 'reference' &&
            (f.childRelationshipName !== null || f.referenceTo.some((t) => this.schema.object(t)?.deletable))
        )
        .map((f) => ({ field: f.name, index: indexFor(this.childIndexes, `${object.name}.${f.name}`) })),
      keys: object.fields
        .filter((f) => f.unique || f.externalId)
        .map((f) => ({
          field: f.name,
          caseSensitive: f.caseSensitive,
          index: indexFor(this.keyIndexes, `${object.name}.${f.name}`)
        }))
    };
    this.plans.set(object, plan);
    return plan;
  }

  private index(object: SObjectDef, record: Rec): void {
    const id = record.Id as string;
    const plan = this.plan(object);
    for (const { field, index } of plan.references) {
      const value = record[field];
      if (typeof value === 'string') addTo(index, value, id);
    }
    if (record.IsDeleted === true) return;
    for (const { field, caseSensitive, index } of plan.keys) {
      const value = record[field];
      if (value !== null && value !== undefined) addTo(index, keyOf(value, caseSensitive), id);
    }
  }

  private unindex(object: SObjectDef, record: Rec): void {
    const id = record.Id as string;
    const plan = this.plan(object);
    for (const { field, index } of plan.references) {
      const value = record[field];
      if (typeof value === 'string') removeFrom(index, value, id);
    }
    for (const { field, caseSensitive, index } of plan.keys) {
      const value = record[field];
      if (value !== null && value !== undefined) removeFrom(index, keyOf(value, caseSensitive), id);
    }
  }
}

function keyOf(value: Value, caseSensitive: boolean): string {
  const text = String(value);
  return caseSensitive ? text : text.toLowerCase();
}

function addTo(index: KeyIndex, key: string, id: string): void {
  const ids = index.get(key);
  if (ids) ids.add(id);
  else index.set(key, new Set([id]));
}

function removeFrom(index: KeyIndex, key: string, id: string): void {
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}
