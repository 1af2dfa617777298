// Everything a sync writes in an org, read back for comparison: the sync-owned Opportunity
// fields keyed by Opportunity Id, and every child record keyed by its external key,
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
  STAGE_FIELDS
} from '../../sync/org-records.js';

type Row = Record<string, unknown>;

const CHILDREN = [
  { object: 'Implementation_Stage__c', key: 'Stage_Key__c', fields: STAGE_FIELDS },
  { object: 'Success_Milestone__c', key: 'Milestone_Key__c', fields: MILESTONE_FIELDS },
  { object: 'Business_Review__c', key: 'Review_Key__c', fields: REVIEW_FIELDS },
  { object: 'Health_Change__c', key: 'Change_Key__c', fields: HEALTH_CHANGE_FIELDS }
] as const;

export const CHILD_OBJECTS = CHILDREN.map((child) => child.object);

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

export async function snapshotOrg(conn: Connection): Promise<OrgSnapshot> {
  const snapshot: OrgSnapshot = { opportunities: {}, children: {}, counts: {} };
  const opportunities = await all(conn, `SELECT Id, ${OPPORTUNITY_FIELDS.join(', ')} FROM Opportunity`);
  for (const row of opportunities) snapshot.opportunities[String(row.Id)] = tidy(row, OPPORTUNITY_FIELDS);
  snapshot.counts.Opportunity = opportunities.length;
  for (const { object, key, fields } of CHILDREN) {
    const rows = await all(conn, `SELECT Opportunity__c, ${fields.join(', ')} FROM ${object}`);
    const byKey: Record<string, Row> = {};
    rows.forEach((row, index) => {
      byKey[typeof row[key] === 'string' ? (row[key] as string) : `(no key) ${index}`] = tidy(row, [
        'Opportunity__c',
        ...fields
      ]);
    });
    snapshot.children[object] = byKey;
    snapshot.counts[object] = rows.length;
  }
  return snapshot;
}
