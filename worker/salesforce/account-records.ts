// Reading what hangs off the accounts in scope rather than their opportunities (DESIGN §9):
// support cases and contacts, every page of them. Which accounts is a condition on AccountId:
// the scope's semi-join (scope.ts accountsInScope) for a full run, or a list of ids; a
// targeted run reads them as subqueries of its accounts (account-scope.ts).

import type { Contact, SupportCase } from '../core/types.js';
import { fieldsOf } from './fields.js';
import { readGrouped, type GroupedRecords, type Grouping } from './grouped-records.js';
import { ACCOUNT_CASES, supportCase } from './objects/case.js';
import { ACCOUNT_CONTACTS, contact } from './objects/contact.js';
import type { SalesforceSession } from './session.js';
import { soqlDateTime, soqlStringList } from './soql.js';

/** Ids per query when records are chosen by a list of ids: 200 keep it well inside Salesforce's URL and SOQL limits. */
export const IDS_PER_QUERY = 200;

/** `AccountId IN ('001…', …)` for up to IDS_PER_QUERY account ids. */
export function accountIdIn(accountIds: readonly string[]): string {
  return `AccountId IN ${soqlStringList(accountIds)}`;
}

export const CASES: Grouping<SupportCase> = {
  declaration: supportCase,
  parentField: ACCOUNT_CASES.parentField,
  readFor: 'the support measure'
};

export const CONTACTS: Grouping<Contact> = {
  declaration: contact,
  parentField: ACCOUNT_CONTACTS.parentField,
  readFor: 'the people rules'
};

/** The cases that are open, or were created or closed at or after `from`, as a condition on Case. */
export function casesFilter(from: Date): string {
  const since = soqlDateTime(from);
  return `(IsClosed = false OR CreatedDate >= ${since} OR ClosedDate >= ${since})`;
}

export function casesQuery(accounts: string, from: Date): string {
  return `SELECT ${fieldsOf('Case').join(', ')} FROM Case WHERE ${accounts} AND ${casesFilter(from)} ORDER BY ${ACCOUNT_CASES.orderBy}`;
}

/** The cases of `accounts` that are open, or were created or closed at or after `from`, by account. */
export function readCases(
  session: SalesforceSession,
  accounts: string,
  from: Date
): Promise<GroupedRecords<SupportCase>> {
  return readGrouped(session, CASES, casesQuery(accounts, from));
}

export function contactsQuery(accounts: string): string {
  return `SELECT ${fieldsOf('Contact').join(', ')} FROM Contact WHERE ${accounts} ORDER BY ${ACCOUNT_CONTACTS.orderBy}`;
}

/** Every contact of `accounts`, by account. */
export function readContacts(session: SalesforceSession, accounts: string): Promise<GroupedRecords<Contact>> {
  return readGrouped(session, CONTACTS, contactsQuery(accounts));
}
