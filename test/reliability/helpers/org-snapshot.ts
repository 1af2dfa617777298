// Everything a sync writes in an org, read back for comparison: the sync-owned Opportunity
// fields keyed by Opportunity Id, and every child record (alert Tasks included) keyed by its
// external key, with its parent,
// without record Ids (a child created on a retry gets another Id than in a clean run, and
// that is fine). Two orgs seeded alike and synced to the same end compare equal; a
// duplicate child, a missing one or a wrong value shows up as a difference.

import type { Connection } from 'jsforce';
import { formatInstant } from '../../../worker/core/dates.js';
import {
  HEALTH_CHANGE_FIELDS,
  MILESTONE_FIELDS,
  OPPORTUNITY_FIELDS,
  REVIEW_FIELDS,
  STAGE_FIELDS,
  TASK_FIELDS
} from '../../sync/org-records.js';

type Row = Record<string, unknown>;

/** Each object the sync creates under an Opportunity: its external key and its parent field. */
export const CHILDREN = [
  { object: 'Implementation_Stage__c', key: 'Stage_Key__c', parent: 'Opportunity__c', fields: STAGE_FIELDS },
  { object: 'Success_Milestone__c', key: 'Milestone_Key__c', parent: 'Opportunity__c', fields: MILESTONE_FIELDS },
  { object: 'Business_Review__c', key: 'Review_Key__c', parent: 'Opportunity__c', fields: REVIEW_FIELDS },
  { object: 'Health_Change__c', key: 'Change_Key__c', parent: 'Opportunity__c', fields: HEALTH_CHANGE_FIELDS },
  { object: 'Task', key: 'Cairn_Alert_Key__c', parent: 'WhatId', fields: TASK_FIELDS }
] as const;

export interface OrgSnapshot {
  /** Opportunity Id → its sync-owned fields */
  opportunities: Record<string, Row>;
  /** object → external key (or `(no key) <n>` for hand-made rows) → fields */
  children: Record<string, Record<string, Row>>;
  /** object → rows, so a duplicate under another key cannot hide */
  counts: Record<string, number>;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

function tidy(record: Row, fields: readonly string[]): Row {
  return Object.fromEntries(
    fields.map((field) => {
      const value = record[field] ?? null;
      return [field, typeof value === 'string' && DATETIME.test(value) ? formatInstant(value) : value];
    })
  );
}

async function all(conn: Connection, soql: string): Promise<Row[]> {
  const result = await conn.query<Row>(soql, { autoFetch: true, maxFetch: 1_000_000 });
  return result.records;
}

const RECORD_ID = /\b[a-zA-Z0-9]{18}\b/g;

/**
 * An alert Task's key names the review or milestone it is about by record Id (DESIGN §9.5),
 * and a record created on a retry gets another Id than in a clean run: name it by its
 * external key, `{<key>}`, instead.
 */
function withExternalKeys(alertKey: string, externalKeys: ReadonlyMap<string, string>): string {
  return alertKey.replace(RECORD_ID, (id) => {
    const key = externalKeys.get(id);
    return key === undefined ? id : `{${key}}`;
  });
}

export async function snapshotOrg(conn: Connection): Promise<OrgSnapshot> {
  const snapshot: OrgSnapshot = { opportunities: {}, children: {}, counts: {} };
  const opportunities = await all(conn, `SELECT Id, ${OPPORTUNITY_FIELDS.join(', ')} FROM Opportunity`);
  for (const row of opportunities) snapshot.opportunities[String(row.Id)] = tidy(row, OPPORTUNITY_FIELDS);
  snapshot.counts.Opportunity = opportunities.length;
  const externalKeys = new Map<string, string>();
  for (const { object, key, parent, fields } of CHILDREN) {
    const rows = await all(conn, `SELECT Id, ${parent}, ${fields.join(', ')} FROM ${object}`);
    const byKey: Record<string, Row> = {};
    rows.forEach((row, index) => {
      const tidied = tidy(row, [parent, ...fields]);
      if (typeof row[key] !== 'string') {
        byKey[`(no key) ${index}`] = tidied;
        return;
      }
      const externalKey = withExternalKeys(row[key], externalKeys);
      externalKeys.set(String(row.Id), externalKey);
      byKey[externalKey] = { ...tidied, [key]: externalKey };
    });
    snapshot.children[object] = byKey;
    snapshot.counts[object] = rows.length;
  }
  return snapshot;
}
