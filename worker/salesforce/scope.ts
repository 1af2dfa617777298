// Reading the won opportunities in scope (DESIGN §4) with their accounts and child records,
// every page of them: the top level and any child set Salesforce cut short are followed by
// nextRecordsUrl to the end (no maxFetch cap that would drop records silently).

import { addDays, addMonths, toDate } from '../core/dates.js';
import type { IsoDate, Opportunity } from '../core/types.js';
import { fieldsOf } from './fields.js';
import { account, ACCOUNT_RELATIONSHIP } from './objects/account.js';
import { SCOPE_CHILDREN } from './objects/index.js';
import { ACCOUNT_OPPORTUNITIES } from './objects/opportunity.js';
import { allPages, workerFieldPages, type QueryPage } from './query-pages.js';
import { toOpportunity, type ScopeProblem, type SfRecord } from './scope-records.js';
import type { SalesforceSession } from './session.js';
import { soqlDate, soqlString, soqlStringList } from './soql.js';

export type { ScopeProblem } from './scope-records.js';

export interface ScopeRead {
  opportunities: Opportunity[];
  /** opportunities left out of this run because a value is one the core has no rule for */
  problems: ScopeProblem[];
}

/** The child sets read with each opportunity (the newest health change only: it is what a new one is compared with). */
const CHILD_QUERIES = SCOPE_CHILDREN.flatMap(({ name, child }) => (child ? [{ object: name, ...child }] : []));

/** The account's fields, read through the opportunity's lookup (its Id is the opportunity's AccountId). */
const ACCOUNT_FIELDS = account.read
  .filter((field) => field !== 'Id')
  .map((field) => `${ACCOUNT_RELATIONSHIP}.${field}`);

/** The first days the scope takes at `now` (UTC days). */
export interface ScopeCutoffs {
  /** CloseDate on or after this day: the same day three years ago */
  closeDateFrom: IsoDate;
  /** Contract_End_Date__c blank, or on or after this day: 30 days ago */
  contractEndFrom: IsoDate;
}

export function scopeCutoffs(now: Date): ScopeCutoffs {
  const today = toDate(now);
  return { closeDateFrom: addMonths(today, -36), contractEndFrom: addDays(today, -30) };
}

export interface ScopeOptions {
  /** only these opportunities (15- or 18-character ids), and still only those in scope */
  opportunityIds?: readonly string[];
}

/** What the scope reads of each opportunity: its fields, its account's, and its child sets. */
export function opportunitySelection(): string[] {
  const children = CHILD_QUERIES.map(
    ({ relationship, object, orderBy }) =>
      `(SELECT ${fieldsOf(object).join(', ')} FROM ${relationship} ORDER BY ${orderBy})`
  );
  return [...fieldsOf('Opportunity'), ...ACCOUNT_FIELDS, ...children];
}

/**
 * The scope query at `now`: won, CloseDate on or after the same day three years ago, and
 * no contract end date or one at most 30 days ago (UTC days).
 */
export function scopeQuery(now: Date, options: ScopeOptions = {}): string {
  return [
    `SELECT ${opportunitySelection().join(', ')}`,
    'FROM Opportunity',
    `WHERE ${scopeCondition(now)}`,
    ...(options.opportunityIds ? [`AND Id IN ${soqlStringList(options.opportunityIds)}`] : []),
    `ORDER BY ${ACCOUNT_OPPORTUNITIES.orderBy}`
  ].join(' ');
}

/** The scope as a WHERE condition on Opportunity (UTC days at `now`). */
export function scopeCondition(now: Date): string {
  const { closeDateFrom, contractEndFrom } = scopeCutoffs(now);
  return (
    `IsWon = true AND CloseDate >= ${soqlDate(closeDateFrom)}` +
    ` AND (Contract_End_Date__c = null OR Contract_End_Date__c >= ${soqlDate(contractEndFrom)})`
  );
}

/**
 * The accounts of the opportunities in scope, as a condition on a record's AccountId: one
 * semi-join, so reading their cases or contacts costs one query (and its pages), not one per
 * batch of account ids.
 */
export function accountsInScope(now: Date): string {
  return `AccountId IN (SELECT AccountId FROM Opportunity WHERE ${scopeCondition(now)})`;
}

/** A child set of `record` to its end (Salesforce may return only its first page); none when it is null. */
export async function childRecords(
  session: SalesforceSession,
  record: SfRecord,
  relationship: string
): Promise<SfRecord[]> {
  const child = record[relationship] as QueryPage | null | undefined;
  if (!child) return [];
  return child.done ? child.records : allPages(session, child);
}

/**
 * One opportunity as the scope query returned it, with its child sets completed, as the
 * core's Opportunity, or the problem that keeps it out of the run.
 */
export async function scopeOpportunity(
  session: SalesforceSession,
  record: SfRecord
): Promise<Opportunity | ScopeProblem> {
  for (const { relationship } of CHILD_QUERIES) {
    if (record[relationship])
      record[relationship] = { done: true, records: await childRecords(session, record, relationship) };
  }
  return toOpportunity(record);
}

/** Puts one mapped opportunity in `read`. */
export function keepInScope(read: ScopeRead, mapped: Opportunity | ScopeProblem): void {
  if ('opportunityId' in mapped) read.problems.push(mapped);
  else read.opportunities.push(mapped);
}

/**
 * Reads the scope at `now` (or the opportunities of `options.opportunityIds` that are in
 * it). A field or object missing from the org (or hidden from the integration user) ends
 * in a PermissionGapError naming it.
 */
export async function readScope(session: SalesforceSession, now: Date, options: ScopeOptions = {}): Promise<ScopeRead> {
  const read: ScopeRead = { opportunities: [], problems: [] };
  // page by page: Salesforce's JSON of a page is dropped once mapped, never held for the whole scope
  for await (const page of workerFieldPages(session, scopeQuery(now, options))) {
    for (const record of page) keepInScope(read, await scopeOpportunity(session, record));
  }
  return read;
}

/** The values that put one opportunity in or out of scope. */
export interface ScopeStanding {
  id: string;
  name: string;
  isWon: boolean;
  closeDate: IsoDate | null;
  contractEndDate: IsoDate | null;
}

/** One opportunity's scope values by its id (15 or 18 characters); null when the org has no such opportunity. */
export async function readScopeStanding(
  session: SalesforceSession,
  opportunityId: string
): Promise<ScopeStanding | null> {
  const soql = `SELECT Id, Name, IsWon, CloseDate, Contract_End_Date__c FROM Opportunity WHERE Id = ${soqlString(opportunityId)}`;
  // one record at most: the first page is the whole answer
  const [record] = (await workerFieldPages(session, soql).next()).value ?? [];
  if (!record) return null;
  const text = (field: string): string | null => (typeof record[field] === 'string' ? (record[field] as string) : null);
  return {
    id: text('Id') ?? opportunityId,
    name: text('Name') ?? '',
    isWon: record.IsWon === true,
    closeDate: text('CloseDate'),
    contractEndDate: text('Contract_End_Date__c')
  };
}

/** Why an opportunity is not in scope at `now`, in words; null when it is. */
export function outOfScopeReason(standing: ScopeStanding, now: Date): { rule: 'won' | 'dates'; reason: string } | null {
  const { closeDateFrom, contractEndFrom } = scopeCutoffs(now);
  if (!standing.isWon) return { rule: 'won', reason: 'it is not won (IsWon is false)' };
  if (standing.closeDate === null || standing.closeDate < closeDateFrom) {
    return {
      rule: 'dates',
      reason: `it closed on ${standing.closeDate ?? '(no date)'}, more than three years ago (the scope starts at CloseDate ${closeDateFrom})`
    };
  }
  if (standing.contractEndDate !== null && standing.contractEndDate < contractEndFrom) {
    return {
      rule: 'dates',
      reason: `its contract ended on ${standing.contractEndDate}, more than 30 days ago (the scope keeps contracts ending on or after ${contractEndFrom})`
    };
  }
  return null;
}
