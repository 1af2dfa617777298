// Reading what hangs off the accounts in scope rather than their opportunities (DESIGN §9):
// support cases and contacts, every page of them. Which accounts is a condition on AccountId:
// the scope's semi-join (scope.ts accountsInScope) for a run, or a list of ids.

import { append } from '../core/lists.js';
import type { Contact, SupportCase } from '../core/types.js';
import { fieldsOf } from './fields.js';
import { supportCase } from './objects/case.js';
import { contact } from './objects/contact.js';
import { InvalidValue, RecordReader, type SfRecord } from './objects/record-reader.js';
import { workerFieldPages } from './query-pages.js';
import type { SalesforceSession } from './session.js';
import { soqlDateTime, soqlStringList } from './soql.js';

/** Ids per query when records are chosen by a list of ids: 200 keep it well inside Salesforce's URL and SOQL limits. */
export const IDS_PER_QUERY = 200;

/** `AccountId IN ('001…', …)` for up to IDS_PER_QUERY account ids. */
export function accountIdIn(accountIds: readonly string[]): string {
  return `AccountId IN ${soqlStringList(accountIds)}`;
}

export interface AccountRecords<T> {
  /** by AccountId (18 characters, as the scope reads it); an account without any has an empty list */
  byAccount: Map<string, T[]>;
  /** records left out because a value could not be read, with why */
  problems: { accountId: string; message: string }[];
}

interface AccountRecordDeclaration<T extends { accountId: string }> {
  name: 'Case' | 'Contact';
  fromSalesforce: (record: RecordReader<never>) => T;
}

/** Every record of `declaration` that `query` selects, by account. */
async function readAccountRecords<T extends { accountId: string }>(
  session: SalesforceSession,
  declaration: AccountRecordDeclaration<T>,
  query: string,
  what: string
): Promise<AccountRecords<T>> {
  const read: AccountRecords<T> = { byAccount: new Map(), problems: [] };
  for await (const page of workerFieldPages(session, query)) {
    for (const record of page) keep(read, declaration, record, what);
  }
  return read;
}

function keep<T extends { accountId: string }>(
  read: AccountRecords<T>,
  declaration: AccountRecordDeclaration<T>,
  record: SfRecord,
  what: string
): void {
  try {
    const found = declaration.fromSalesforce(new RecordReader(record));
    append(read.byAccount, found.accountId, found);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    read.problems.push({
      accountId: String(record.AccountId ?? ''),
      message: `${declaration.name} ${String(record.Id ?? '?')} left out of ${what}: ${error.message}`
    });
  }
}

export function casesQuery(accounts: string, from: Date): string {
  const since = soqlDateTime(from);
  return [
    `SELECT ${fieldsOf('Case').join(', ')} FROM Case`,
    `WHERE ${accounts}`,
    `AND (IsClosed = false OR CreatedDate >= ${since} OR ClosedDate >= ${since})`,
    'ORDER BY CreatedDate, Id'
  ].join(' ');
}

/** The cases of `accounts` that are open, or were created or closed at or after `from`. */
export function readCases(
  session: SalesforceSession,
  accounts: string,
  from: Date
): Promise<AccountRecords<SupportCase>> {
  return readAccountRecords(session, supportCase, casesQuery(accounts, from), 'the support measure');
}

export function contactsQuery(accounts: string): string {
  return `SELECT ${fieldsOf('Contact').join(', ')} FROM Contact WHERE ${accounts} ORDER BY Id`;
}

/** Every contact of `accounts`. */
export function readContacts(session: SalesforceSession, accounts: string): Promise<AccountRecords<Contact>> {
  return readAccountRecords(session, contact, contactsQuery(accounts), 'the people rules');
}
