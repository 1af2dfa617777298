// Seeding the local org for sync tests, and reading an opportunity back with its children
// the way a person would check them: date-times as ISO UTC without milliseconds
// (`2026-05-01T09:00:00.000+0000` → `2026-05-01T09:00:00Z`), children in sequence order;
// and the key order a sync result must keep.

import type { Connection } from 'jsforce';
import { formatInstant } from '../../worker/core/dates.js';
import { SYNC_OWNED_OPPORTUNITY_FIELDS } from '../../worker/salesforce/fields.js';
import type { UsageEvent } from '../../worker/ingest/event.js';
import type { LocalOrg } from '../local-org/index.js';

/** The first keys of a sync result, in DESIGN §5.1's order (the CLI's --json keeps it). */
export const RESULT_KEY_ORDER = [
  'runId',
  'status',
  'startedAt',
  'finishedAt',
  'opportunitiesInScope',
  'writes',
  'failedRows',
  'apiCalls',
  'apiCallsByKind'
];

type Row = Record<string, unknown>;

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

/** A record's fields with Salesforce's attributes dropped and date-times in Cairn's form. */
function tidy(record: Row, fields: readonly string[]): Row {
  return Object.fromEntries(
    fields.map((field) => {
      const value = record[field] ?? null;
      return [field, typeof value === 'string' && DATETIME.test(value) ? formatInstant(value) : value];
    })
  );
}

export const OPPORTUNITY_FIELDS = ['Kickoff_Date__c', ...SYNC_OWNED_OPPORTUNITY_FIELDS] as const;
export const STAGE_FIELDS = [
  'Name',
  'Sequence__c',
  'Status__c',
  'Is_Kickoff__c',
  'Target_Date__c',
  'Completed_Date__c',
  'Stage_Key__c'
];
export const MILESTONE_FIELDS = [
  'Name',
  'Kind__c',
  'Sequence__c',
  'Status__c',
  'Target_Date__c',
  'Achieved_At__c',
  'Is_First_Value__c',
  'Usage_Metric__c',
  'Usage_Threshold__c',
  'Evidence__c',
  'Expansion_Signal__c',
  'Advocacy_Ask__c',
  'Milestone_Key__c'
];
export const REVIEW_FIELDS = [
  'Name',
  'Review_Type__c',
  'Sequence__c',
  'Due_Date__c',
  'Status__c',
  'Value_Summary__c',
  'Review_Key__c'
];
export const HEALTH_CHANGE_FIELDS = [
  'Score__c',
  'Previous_Score__c',
  'Grade__c',
  'Previous_Grade__c',
  'Changed_At__c',
  'Drivers__c',
  'Change_Key__c'
];
export const TASK_FIELDS = [
  'Subject',
  'Status',
  'Priority',
  'ActivityDate',
  'OwnerId',
  'WhoId',
  'Description',
  'Cairn_Alert_Key__c'
];

export interface OpportunityReadBack {
  fields: Row;
  stages: Row[];
  milestones: Row[];
  reviews: Row[];
  healthChanges: Row[];
}

async function children(
  conn: Connection,
  object: string,
  fields: readonly string[],
  opportunityId: string,
  order: string
): Promise<Row[]> {
  const result = await conn.query<Row>(
    `SELECT ${fields.join(', ')} FROM ${object} WHERE Opportunity__c = '${opportunityId}' ORDER BY ${order}`
  );
  return result.records.map((record) => tidy(record, fields));
}

export async function readOpportunity(conn: Connection, opportunityId: string): Promise<OpportunityReadBack> {
  const result = await conn.query<Row>(
    `SELECT ${OPPORTUNITY_FIELDS.join(', ')} FROM Opportunity WHERE Id = '${opportunityId}'`
  );
  const record = result.records[0];
  if (!record) throw new Error(`no Opportunity ${opportunityId}`);
  return {
    fields: tidy(record, OPPORTUNITY_FIELDS),
    stages: await children(conn, 'Implementation_Stage__c', STAGE_FIELDS, opportunityId, 'Sequence__c'),
    milestones: await children(conn, 'Success_Milestone__c', MILESTONE_FIELDS, opportunityId, 'Sequence__c'),
    reviews: await children(conn, 'Business_Review__c', REVIEW_FIELDS, opportunityId, 'Due_Date__c'),
    healthChanges: await children(conn, 'Health_Change__c', HEALTH_CHANGE_FIELDS, opportunityId, 'Changed_At__c')
  };
}

export interface SeedOpportunity {
  name: string;
  /** Account.Product_Account_Id__c; null for an account with no product usage */
  productAccountId: string | null;
  closeDate: string;
  stageName?: string;
  fields?: Row;
  stages?: Row[];
  milestones?: Row[];
}

/** Inserts an account and its opportunity (and any children given); returns the opportunity Id. */
export function seedOpportunity(org: LocalOrg, seed: SeedOpportunity): string {
  const [accountId] = org.insert('Account', [
    { Name: `${seed.name} Inc`, ...(seed.productAccountId ? { Product_Account_Id__c: seed.productAccountId } : {}) }
  ]);
  const [opportunityId] = org.insert('Opportunity', [
    {
      Name: seed.name,
      AccountId: accountId,
      StageName: seed.stageName ?? 'Closed Won',
      CloseDate: seed.closeDate,
      ...seed.fields
    }
  ]);
  if (!opportunityId) throw new Error(`seeding ${seed.name} failed`);
  if (seed.stages?.length)
    org.insert(
      'Implementation_Stage__c',
      seed.stages.map((s) => ({ Opportunity__c: opportunityId, ...s }))
    );
  if (seed.milestones?.length) {
    org.insert(
      'Success_Milestone__c',
      seed.milestones.map((m) => ({ Opportunity__c: opportunityId, ...m }))
    );
  }
  return opportunityId;
}

let messageCounter = 0;

/** A usage event with a unique messageId. */
export function event(accountId: string, userId: string, name: string, timestamp: string): UsageEvent {
  messageCounter += 1;
  return {
    accountId,
    userId,
    name,
    timestamp: new Date(timestamp).toISOString(),
    messageId: `test-${messageCounter}`,
    properties: null
  };
}
