// Reading the won opportunities in scope (DESIGN §4) with their accounts and child records,
// every page of them: the top level and any child set Salesforce cut short are followed by
// nextRecordsUrl to the end (no maxFetch cap that would drop records silently).

import { addDays, addMonths, toDate } from '../core/dates.js';
import type { Opportunity } from '../core/types.js';
import { checkReadable } from './describe-check.js';
import { asStopError } from './errors.js';
import { fieldsOf } from './fields.js';
import { toOpportunity, type ScopeProblem, type SfRecord } from './scope-records.js';
import { dataPath, type SalesforceSession } from './session.js';
import { soqlDate } from './soql.js';

export type { ScopeProblem } from './scope-records.js';

export interface ScopeRead {
  opportunities: Opportunity[];
  /** opportunities left out of this run because a value is one the core has no rule for */
  problems: ScopeProblem[];
}

interface QueryPage {
  done: boolean;
  nextRecordsUrl?: string;
  records: SfRecord[];
}

const CHILD_QUERIES = [
  { relationship: 'Implementation_Stages__r', object: 'Implementation_Stage__c', order: 'Sequence__c' },
  { relationship: 'Success_Milestones__r', object: 'Success_Milestone__c', order: 'Sequence__c' },
  { relationship: 'Business_Reviews__r', object: 'Business_Review__c', order: 'Sequence__c' },
  // only the newest health change: the last one written is what a new one is compared with
  { relationship: 'Health_Changes__r', object: 'Health_Change__c', order: 'Changed_At__c DESC LIMIT 1' }
] as const;

/**
 * The scope query at `now`: won, CloseDate on or after the same day three years ago, and
 * no contract end date or one at most 30 days ago (UTC days).
 */
export function scopeQuery(now: Date): string {
  const today = toDate(now);
  const children = CHILD_QUERIES.map(
    ({ relationship, object, order }) =>
      `(SELECT ${fieldsOf(object).join(', ')} FROM ${relationship} ORDER BY ${order})`
  );
  return [
    `SELECT ${[...fieldsOf('Opportunity'), 'Account.Name', 'Account.Product_Account_Id__c', ...children].join(', ')}`,
    'FROM Opportunity',
    `WHERE IsWon = true AND CloseDate >= ${soqlDate(addMonths(today, -36))}`,
    `AND (Contract_End_Date__c = null OR Contract_End_Date__c >= ${soqlDate(addDays(today, -30))})`,
    'ORDER BY CloseDate, Id'
  ].join(' ');
}

/** Every record of a query result, following nextRecordsUrl until Salesforce says done. */
async function allPages(session: SalesforceSession, first: QueryPage): Promise<SfRecord[]> {
  const records = [...first.records];
  let page = first;
  while (!page.done && page.nextRecordsUrl) {
    page = await session.connection.request<QueryPage>(page.nextRecordsUrl);
    records.push(...page.records);
  }
  return records;
}

async function query(session: SalesforceSession, soql: string): Promise<SfRecord[]> {
  const first = await session.connection.request<QueryPage>(dataPath(session, `query?q=${encodeURIComponent(soql)}`));
  return allPages(session, first);
}

/** Completes the child sets Salesforce returned only a first page of. */
async function completeChildren(session: SalesforceSession, record: SfRecord): Promise<void> {
  for (const { relationship } of CHILD_QUERIES) {
    const child = record[relationship] as QueryPage | null | undefined;
    if (child && !child.done) {
      record[relationship] = { done: true, records: await allPages(session, child) };
    }
  }
}

/**
 * Reads the scope at `now`. A field or object missing from the org (or hidden from the
 * integration user) ends in a PermissionGapError naming it.
 */
export async function readScope(session: SalesforceSession, now: Date): Promise<ScopeRead> {
  let records: SfRecord[];
  try {
    records = await query(session, scopeQuery(now));
  } catch (error) {
    const code = (error as { errorCode?: string }).errorCode;
    if (code === 'INVALID_FIELD' || code === 'INVALID_TYPE') {
      await checkReadable(session); // throws the PermissionGapError naming what is missing
    }
    throw asStopError(error) ?? error;
  }
  const read: ScopeRead = { opportunities: [], problems: [] };
  for (const record of records) {
    await completeChildren(session, record);
    const mapped = toOpportunity(record);
    if ('opportunityId' in mapped) read.problems.push(mapped);
    else read.opportunities.push(mapped);
  }
  return read;
}
