// Reading what hangs off the accounts in scope rather than their opportunities (DESIGN §9):
// support cases and contacts, 200 accounts a query, every page of them.

import { append, chunksOf } from '../core/lists.js';
import type { Contact, SupportCase } from '../core/types.js';
import { fieldsOf } from './fields.js';
import { supportCase } from './objects/case.js';
import { contact } from './objects/contact.js';
import { InvalidValue, RecordReader, type SfRecord } from './objects/record-reader.js';
import { workerFieldPages } from './query-pages.js';
import type { SalesforceSession } from './session.js';
import { soqlDateTime, soqlStringList } from './soql.js';

/** Accounts per query: 200 ids keep the query well inside Salesforce's URL and SOQL limits. */
export const ACCOUNTS_PER_QUERY = 200;

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

/** `condition(ids)` is the WHERE clause for one chunk of account ids. */
async function readAccountRecords<T extends { accountId: string }>(
  session: SalesforceSession,
  declaration: AccountRecordDeclaration<T>,
  accountIds: readonly string[],
  query: (ids: readonly string[]) => string,
  what: string
): Promise<AccountRecords<T>> {
  const unique = [...new Set(accountIds)];
  const read: AccountRecords<T> = { byAccount: new Map(unique.map((id) => [id, []])), problems: [] };
  for (const chunk of chunksOf(unique, ACCOUNTS_PER_QUERY)) {
    for await (const page of workerFieldPages(session, query(chunk))) {
      for (const record of page) keep(read, declaration, record, what);
    }
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

export function casesQuery(accountIds: readonly string[], from: Date): string {
  const since = soqlDateTime(from);
  return [
    `SELECT ${fieldsOf('Case').join(', ')} FROM Case`,
    `WHERE AccountId IN ${soqlStringList(accountIds)}`,
    `AND (IsClosed = false OR CreatedDate >= ${since} OR ClosedDate >= ${since})`,
    'ORDER BY CreatedDate, Id'
  ].join(' ');
}

/** The cases of `accountIds` that are open, or were created or closed at or after `from`. */
export function readCases(
  session: SalesforceSession,
  accountIds: readonly string[],
  from: Date
): Promise<AccountRecords<SupportCase>> {
  return readAccountRecords(session, supportCase, accountIds, (ids) => casesQuery(ids, from), 'the support measure');
}

export function contactsQuery(accountIds: readonly string[]): string {
  return `SELECT ${fieldsOf('Contact').join(', ')} FROM Contact WHERE AccountId IN ${soqlStringList(accountIds)} ORDER BY Id`;
}

/** Every contact of `accountIds`. */
export function readContacts(
  session: SalesforceSession,
  accountIds: readonly string[]
): Promise<AccountRecords<Contact>> {
  return readAccountRecords(session, contact, accountIds, contactsQuery, 'the people rules');
}
