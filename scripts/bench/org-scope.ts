// Reading what a sync changed in the org: the worker's own scope query, page by page, and
// each opportunity's records (itself, its children, its Cairn Tasks, and for the first
// opportunity of each account the account's contacts) with the fields the worker writes.
// The naive baseline writes the difference between two orgs one call a record; the
// minimum write calls are counted from the difference between before and after a sync.

import jsforce, { type Connection } from 'jsforce';
import { createHash } from 'node:crypto';
import { chunksOf } from '../../worker/core/lists.js';
import { accountIdIn, IDS_PER_QUERY, contactsQuery } from '../../worker/salesforce/account-records.js';
import { scopeQuery } from '../../worker/salesforce/scope.js';
import { soqlStringList } from '../../worker/salesforce/soql.js';
import { EXTERNAL_KEY_FIELD, FIELD_TYPES, fieldsOf, WORKER_FIELDS } from '../../worker/salesforce/fields.js';
import type { WrittenObject } from '../../worker/salesforce/objects/index.js';
import { normalize } from '../../worker/sync/diff.js';
import type { LocalOrg } from '../../test/local-org/index.js';

export type SfRecord = Record<string, unknown>;

export interface ScopePage {
  done: boolean;
  nextRecordsUrl?: string;
  totalSize: number;
  records: SfRecord[];
}

/** How the worker writes a record: children with an external key by upsert, Tasks new by insert, the rest by Id. */
export type WriteOperation = 'upsert' | 'update' | 'insert';

export interface OrgRecord {
  object: WrittenObject;
  record: SfRecord;
  operation: WriteOperation;
}

/** Where scopePages puts an account's contacts: on the first of its opportunities it meets. */
const ACCOUNT_CONTACTS = '__accountContacts';

/** Where scopePages puts an opportunity's Cairn Tasks. */
const OPPORTUNITY_TASKS = '__cairnTasks';

/** The child relationships the scope query reads (and the contacts and Tasks scopePages adds), and their objects. */
const CHILDREN: readonly (readonly [string, WrittenObject])[] = [
  ['Implementation_Stages__r', 'Implementation_Stage__c'],
  ['Success_Milestones__r', 'Success_Milestone__c'],
  ['Business_Reviews__r', 'Business_Review__c'],
  ['Health_Changes__r', 'Health_Change__c'],
  [ACCOUNT_CONTACTS, 'Contact'],
  [OPPORTUNITY_TASKS, 'Task']
];

export function connectionTo(org: Pick<LocalOrg, 'url' | 'accessToken'>, version: string): Connection {
  return new jsforce.Connection({ instanceUrl: org.url, accessToken: org.accessToken, version });
}

/** The scope's pages, as the worker's own scope query returns them (children included). */
export async function* scopePages(conn: Connection, version: string, now: Date): AsyncGenerator<ScopePage> {
  const seen = new Set<string>();
  let page = await conn.request<ScopePage>(`/services/data/v${version}/query?q=${encodeURIComponent(scopeQuery(now))}`);
  const totalSize = page.totalSize;
  await addContacts(conn, page.records, seen);
  await addTasks(conn, page.records);
  yield page;
  while (!page.done && page.nextRecordsUrl) {
    page = await conn.request<ScopePage>(page.nextRecordsUrl);
    await addContacts(conn, page.records, seen);
    await addTasks(conn, page.records);
    yield { ...page, totalSize };
  }
}

/** Puts each account's contacts on the first opportunity of the account (in scope order). */
async function addContacts(conn: Connection, opportunities: SfRecord[], seen: Set<string>): Promise<void> {
  const first = new Map<string, SfRecord>();
  for (const opportunity of opportunities) {
    const accountId = opportunity.AccountId as string | null;
    if (!accountId || seen.has(accountId)) continue;
    seen.add(accountId);
    first.set(accountId, opportunity);
    opportunity[ACCOUNT_CONTACTS] = { records: [] };
  }
  for (const chunk of chunksOf([...first.keys()], IDS_PER_QUERY)) {
    const result = await conn.query<SfRecord>(contactsQuery(accountIdIn(chunk)), {
      autoFetch: true,
      maxFetch: 1_000_000
    });
    for (const contact of result.records) {
      (first.get(contact.AccountId as string)?.[ACCOUNT_CONTACTS] as { records: SfRecord[] }).records.push(contact);
    }
  }
}

/** Puts each opportunity's Cairn Tasks, open or closed, on it. */
async function addTasks(conn: Connection, opportunities: SfRecord[]): Promise<void> {
  const byId = new Map(opportunities.map((o) => [String(o.Id), o]));
  for (const opportunity of opportunities) opportunity[OPPORTUNITY_TASKS] = { records: [] };
  for (const chunk of chunksOf([...byId.keys()], IDS_PER_QUERY)) {
    const result = await conn.query<SfRecord>(
      `SELECT ${fieldsOf('Task').join(', ')} FROM Task WHERE Cairn_Alert_Key__c != null AND WhatId IN ${soqlStringList(chunk)}`,
      { autoFetch: true, maxFetch: 1_000_000 }
    );
    for (const task of result.records) {
      (byId.get(String(task.WhatId))?.[OPPORTUNITY_TASKS] as { records: SfRecord[] }).records.push(task);
    }
  }
}

function operationOf(object: WrittenObject, record: SfRecord): WriteOperation {
  const keyField = EXTERNAL_KEY_FIELD[object];
  if (keyField === null) return 'update';
  const key = record[keyField];
  return typeof key === 'string' && key !== '' ? 'upsert' : 'update';
}

/** An opportunity read by the scope query and each of its child records. */
export function recordsOf(opportunity: SfRecord): OrgRecord[] {
  const records: OrgRecord[] = [{ object: 'Opportunity', record: opportunity, operation: 'update' }];
  for (const [relationship, object] of CHILDREN) {
    const children = (opportunity[relationship] as { records?: SfRecord[] } | null | undefined)?.records ?? [];
    for (const record of children) records.push({ object, record, operation: operationOf(object, record) });
  }
  return records;
}

/** The values of the fields the worker writes, normalised the way the sync compares them. */
function fingerprint(object: WrittenObject, record: SfRecord): string {
  const types = FIELD_TYPES[object];
  const values = WORKER_FIELDS[object].write.map((field) => {
    const type = types[field];
    return type ? normalize(type, record[field]) : (record[field] ?? null);
  });
  return createHash('sha1').update(JSON.stringify(values)).digest('base64');
}

/** Record Id → fingerprint of everything in scope: what a sync is compared against. */
export async function snapshotScope(conn: Connection, version: string, now: Date): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for await (const page of scopePages(conn, version, now)) {
    for (const opportunity of page.records) {
      for (const { object, record } of recordsOf(opportunity))
        snapshot.set(String(record.Id), fingerprint(object, record));
    }
  }
  return snapshot;
}

/** `Object|operation` → records created or changed since `before` was taken. */
export async function changesSince(
  conn: Connection,
  version: string,
  now: Date,
  before: ReadonlyMap<string, string>
): Promise<Record<string, number>> {
  const changes: Record<string, number> = {};
  for await (const page of scopePages(conn, version, now)) {
    for (const opportunity of page.records) {
      for (const { object, record, operation } of recordsOf(opportunity)) {
        if (before.get(String(record.Id)) === fingerprint(object, record)) continue;
        // a Task the sync made is an insert; one it closed, an update
        const made = object === 'Task' && !before.has(String(record.Id)) ? 'insert' : operation;
        const target = `${object}|${made}`;
        changes[target] = (changes[target] ?? 0) + 1;
      }
    }
  }
  return changes;
}
