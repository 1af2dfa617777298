// What a compiled SOQL query is: the object, the columns to return, a filter, the sort,
// LIMIT and OFFSET. Produced by compile.ts, run by execute.ts.

import {
  readField,
  type ChildRelationship,
  type FieldDef,
  type Rec,
  type SObjectDef,
  type Value
} from '../schema/index.js';
import type { Store } from '../data/store.js';

/** One parent relationship step of a field path: `Account` in `Account.Name`. */
export interface Hop {
  field: FieldDef;
  relationshipName: string;
  targets: SObjectDef[];
}

export interface FieldPath {
  hops: Hop[];
  /** canonical name of the last field (looked up on the actual parent object at run time) */
  fieldName: string;
  field: FieldDef;
}

export type Column =
  | { kind: 'field'; path: FieldPath }
  | { kind: 'child'; relationshipName: string; rel: ChildRelationship; plan: QueryPlan };

export interface SortKey {
  path: FieldPath;
  desc: boolean;
  nullsLast: boolean;
}

/** Who reads and what: formula fields like `CS_Owner__c = $User.Id` depend on the user. */
export interface ReadScope {
  includeDeleted: boolean;
  userId: string;
}

export interface ExecContext extends ReadScope {
  store: Store;
  /** runs a semi-join's inner query */
  run(plan: QueryPlan): Rec[];
}

export type Matcher = (record: Rec) => boolean;

export interface Filter {
  bind(ctx: ExecContext): Matcher;
  /** ids a top-level `Id =`/`IN` or reference `=`/`IN` condition limits the rows to */
  narrow: { field: FieldDef; ids: string[] } | null;
}

export interface QueryPlan {
  object: SObjectDef;
  count: boolean;
  columns: Column[];
  filter: Filter | null;
  orderBy: SortKey[];
  limit: number | null;
  offset: number;
}

/** The value at the end of a field path, following parent ids through the store. */
export function valueAt(record: Rec, path: FieldPath, ctx: { store: Store; userId: string }): Value {
  let current: Rec | undefined = record;
  for (const hop of path.hops) {
    const parentId: Value | undefined = current[hop.field.name];
    if (typeof parentId !== 'string') return null;
    current = ctx.store.get(parentId);
    if (!current) return null;
  }
  return readField(current, path.field, ctx.userId);
}
