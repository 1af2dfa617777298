// The worker's field list, derived from the object declarations (objects/): what it reads
// and writes of each object. The metadata checks prove every custom field here exists in
// force-app, the `Cairn_Sync_Integration` permission set grants exactly these (read for
// `read`, edit for `write`), the describe check confirms them in the target org before a
// run writes, and the scope query selects `read` ∪ `write`. Master-detail and Name fields
// are listed because the worker sends them on create, although permission sets cannot name them.

import type { FieldType } from './objects/define.js';
import { contact, OBJECTS, opportunity, WRITTEN_OBJECTS, type WrittenObject } from './objects/index.js';

export interface ObjectFields {
  read: readonly string[];
  write: readonly string[];
}

export type WorkerObject = (typeof OBJECTS)[number]['name'];

type Declared = {
  name: string;
  read: readonly string[];
  write: Readonly<Record<string, FieldType>>;
  externalKey: string | null;
};

/** The fields an object's declaration reads and writes; the external key is written too (as the upsert's key). */
function declaredFields({ read, write, externalKey }: Declared): ObjectFields {
  return { read, write: [...Object.keys(write), ...(externalKey ? [externalKey] : [])] };
}

export const WORKER_FIELDS = Object.fromEntries(
  (OBJECTS as readonly Declared[]).map((object) => [object.name, declaredFields(object)])
) as Readonly<Record<WorkerObject, ObjectFields>>;

/** The fields of a written object only the worker writes: every written one but those it only fills. */
function syncOwned({ write, fillOnly }: { write: object; fillOnly: readonly string[] }): readonly string[] {
  return Object.keys(write).filter((field) => !fillOnly.includes(field));
}

/** The Opportunity fields only the worker writes. */
export const SYNC_OWNED_OPPORTUNITY_FIELDS: readonly string[] = syncOwned(opportunity);

/** The Contact fields only the worker writes (DESIGN §9.1). */
export const SYNC_OWNED_CONTACT_FIELDS: readonly string[] = syncOwned(contact);

/**
 * Fields a permission set cannot grant, because Salesforce gives them to everyone who can see
 * the record: Id, Name, required fields (CloseDate), fields derived by the platform (IsWon from
 * the stage, IsClosed and ClosedDate from the case or task status, OwnerId), audit fields
 * (CreatedDate) and master-detail fields (editable with the parent). AccountId is not among
 * them: it has field-level security like Amount and Type. An `Object.Field` entry holds for that
 * object only: a task always has a Subject, Status and Priority, so they have no field-level
 * security on Task, while Case.Subject and Case.Priority have it. Task's WhatId, WhoId,
 * ActivityDate and Description do have it.
 */
export const FIELDS_OUTSIDE_PERMISSION_SETS: ReadonlySet<string> = new Set([
  'Id',
  'Name',
  'IsWon',
  'CloseDate',
  'IsClosed',
  'ClosedDate',
  'CreatedDate',
  'LastActivityDate',
  'Opportunity__c',
  'OpportunityId',
  'ContactId',
  'Role',
  'IsPrimary',
  'OwnerId',
  'Task.Subject',
  'Task.Status',
  'Task.Priority'
]);

/** Every field of an object the worker touches, reads first. */
export function fieldsOf(object: WorkerObject): string[] {
  const { read, write } = WORKER_FIELDS[object];
  return [...new Set<string>([...read, ...write])];
}

/** The type of every field the worker writes (DESIGN §2), by object. */
export const FIELD_TYPES = Object.fromEntries(
  WRITTEN_OBJECTS.map(({ name, write }): [string, Readonly<Record<string, FieldType>>] => [name, write])
) as Readonly<Record<WrittenObject, Readonly<Record<string, FieldType>>>>;

/** The External ID field each written object is upserted on (DESIGN §2); null for those written by Id. */
export const EXTERNAL_KEY_FIELD = Object.fromEntries(
  WRITTEN_OBJECTS.map(({ name, externalKey }) => [name, externalKey])
) as Readonly<Record<WrittenObject, string | null>>;

/** `Object.Field` of each field the worker fills when blank and otherwise leaves to people. */
export const FILL_ONLY_FIELDS: ReadonlySet<string> = new Set(
  WRITTEN_OBJECTS.flatMap(({ name, fillOnly }) => (fillOnly as readonly string[]).map((field) => `${name}.${field}`))
);
