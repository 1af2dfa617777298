// Before a run reads or writes, the org's describe says whether every field is there and
// open to the integration user (DESIGN §4.8). A gap is reported as a PermissionGapError
// that names each object.field and what fixes it.

import type { DescribeSObjectResult } from 'jsforce';
import { PermissionGapError, type PermissionGap } from './errors.js';
import { fieldsOf, WORKER_FIELDS, type WorkerObject } from './fields.js';
import type { SalesforceSession } from './session.js';
import type { WriteBatch } from './write-types.js';

type FieldNeed = 'read' | 'update' | 'create' | 'externalId';

type Needs = Map<string, Map<string, Set<FieldNeed>>>;

function need(needs: Needs, object: string, field: string, what: FieldNeed): void {
  const fields = needs.get(object) ?? new Map<string, Set<FieldNeed>>();
  needs.set(object, fields);
  const set = fields.get(field) ?? new Set<FieldNeed>();
  fields.set(field, set);
  set.add(what);
}

function gapsIn(object: string, describe: DescribeSObjectResult | null, fields: Map<string, Set<FieldNeed>>) {
  if (!describe) return [{ object, field: null, problem: 'object-missing' } satisfies PermissionGap];
  const byName = new Map(describe.fields.map((field) => [field.name.toLowerCase(), field]));
  const gaps: PermissionGap[] = [];
  for (const [name, needs] of fields) {
    const field = byName.get(name.toLowerCase());
    if (!field) gaps.push({ object, field: name, problem: 'field-missing' });
    else if (needs.has('update') && !field.updateable) gaps.push({ object, field: name, problem: 'not-updateable' });
    else if (needs.has('create') && !field.createable) gaps.push({ object, field: name, problem: 'not-createable' });
    else if (needs.has('externalId') && !field.externalId)
      gaps.push({ object, field: name, problem: 'not-external-id' });
  }
  return gaps;
}

async function check(session: SalesforceSession, needs: Needs): Promise<void> {
  const objects = [...needs.keys()];
  const describes = await Promise.all(objects.map((object) => session.describe(object)));
  const gaps = objects.flatMap((object, index) =>
    gapsIn(object, describes[index] ?? null, needs.get(object) as Map<string, Set<FieldNeed>>)
  );
  if (gaps.length > 0) throw new PermissionGapError(gaps);
}

/**
 * Checks that every field the batches write exists and may be written: `updateable` for an
 * update; for an upsert `createable` (it may create the row; create-only fields such as
 * the master-detail Opportunity__c are createable but never updateable), and the match
 * field must be an External ID. Describes are cached for the run by the session.
 */
export async function checkWritable(session: SalesforceSession, batches: readonly WriteBatch[]): Promise<void> {
  const needs: Needs = new Map();
  for (const batch of batches) {
    const fieldNeed: FieldNeed = batch.operation === 'update' ? 'update' : 'create';
    if (batch.operation === 'upsert' && batch.externalIdField) {
      need(needs, batch.object, batch.externalIdField, 'externalId');
      need(needs, batch.object, batch.externalIdField, 'create');
    }
    for (const record of batch.records) {
      for (const field of Object.keys(record.values)) need(needs, batch.object, field, fieldNeed);
    }
  }
  await check(session, needs);
}

/** Checks that every field of fields.ts the worker reads is visible in the org. */
export async function checkReadable(session: SalesforceSession): Promise<void> {
  const needs: Needs = new Map();
  for (const object of Object.keys(WORKER_FIELDS) as WorkerObject[]) {
    for (const field of fieldsOf(object)) need(needs, object, field, 'read');
  }
  await check(session, needs);
}
