// What one Salesforce object is to the worker, declared once: its name, how the scope query
// reaches it, its external key, the fields it reads and the fields it writes (with their
// types), and the two mappers between its records and the core's types. The field list, the
// field types, the external keys, the fill-only fields and the scope's child subqueries are
// all derived from these declarations (fields.ts, scope.ts, worker/sync).
//
// The mappers are typed by the declared fields: the reader only takes a declared field name,
// and the writer must return a value for every declared written field and no other.

import type { RecordReader } from './record-reader.js';

/** A field's value: null clears it. Dates `YYYY-MM-DD`, date-times ISO 8601 UTC, numbers finite. */
export type FieldValue = string | number | boolean | null;

/** How a field holds its value, so values read and values wanted compare like with like. */
export type FieldType =
  { kind: 'text' } | { kind: 'boolean' } | { kind: 'date' } | { kind: 'datetime' } | { kind: 'number'; scale: number };

export const text: FieldType = { kind: 'text' };
export const boolean: FieldType = { kind: 'boolean' };
export const date: FieldType = { kind: 'date' };
export const datetime: FieldType = { kind: 'datetime' };
export const integer: FieldType = { kind: 'number', scale: 0 };
export function decimal(scale: number): FieldType {
  return { kind: 'number', scale };
}

type Written = Readonly<Record<string, FieldType>>;

/** How a query reaches an object's records as a child set of their parent record. */
export interface ChildSet {
  /** the parent's child relationship, e.g. Account's `Cases` */
  relationship: string;
  /** the field naming the parent, e.g. `AccountId` */
  parentField: string;
  orderBy: string;
}

/** The values the writer gives: one for every written field, keyed by its API name. */
export type WrittenValues<W extends Written> = { [F in keyof W]: FieldValue };

interface Declaration<N extends string, R extends readonly string[], W extends Written, K extends string | null, Out> {
  /** the object's API name */
  name: N;
  /** how the scope query selects it under Opportunity: the child relationship and its ORDER BY (and LIMIT) */
  child: { relationship: string; orderBy: string } | null;
  /** the External ID field it is upserted on; null when it is written by Id */
  externalKey: K;
  /** fields the worker only reads */
  read: R;
  /** fields the worker writes, with their types (the external key is written as the key, not among these) */
  write: W;
  /** written fields the worker fills when blank and otherwise leaves to people (DESIGN §4.4) */
  fillOnly: readonly (keyof W & string)[];
  /** A Salesforce record as the core sees it; a value the core cannot use throws, naming the field. */
  fromSalesforce: (record: RecordReader<R[number] | (keyof W & string) | Exclude<K, null>>) => Out;
}

export interface ObjectDeclaration<
  N extends string = string,
  R extends readonly string[] = readonly string[],
  W extends Written = Written,
  K extends string | null = string | null,
  Out = unknown,
  In = never
> extends Declaration<N, R, W, K, Out> {
  /** The core's item as the values to write, for the opportunity `opportunityId`. */
  toSalesforce: (item: In, opportunityId: string) => WrittenValues<W>;
}

/** An object the worker reads and writes. */
export function defineObject<
  const N extends string,
  const R extends readonly string[],
  const W extends Written,
  const K extends string | null,
  Out,
  In,
  V extends WrittenValues<W>
>(
  declaration: ObjectDeclaration<N, R, W, K, Out, In> & {
    // a value for a field the declaration does not write is an error too
    toSalesforce: (item: In, opportunityId: string) => V & Record<Exclude<keyof V, keyof W>, never>;
  }
): ObjectDeclaration<N, R, W, K, Out, In> {
  return declaration;
}

/** An object the worker only reads. */
export function defineReadOnlyObject<const N extends string, const R extends readonly string[], Out>(
  declaration: Omit<Declaration<N, R, Record<never, FieldType>, null, Out>, 'write' | 'fillOnly' | 'externalKey'>
): Declaration<N, R, Record<never, FieldType>, null, Out> {
  return { ...declaration, write: {}, fillOnly: [], externalKey: null };
}

export type ReadOnlyDeclaration = ReturnType<typeof defineReadOnlyObject>;
