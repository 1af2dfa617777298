// Reading the support cases of the accounts in scope (DESIGN §9.4): each account's open
// cases and those created or closed in the support lookback, 200 accounts a query.

import { append, chunksOf } from '../core/lists.js';
import type { SupportCase } from '../core/types.js';
import { fieldsOf } from './fields.js';
import { supportCase } from './objects/case.js';
import { InvalidValue, RecordReader } from './objects/record-reader.js';
import { workerFieldPages } from './query-pages.js';
import type { SalesforceSession } from './session.js';
import { soqlDateTime, soqlStringList } from './soql.js';

/** Accounts per query: 200 ids keep the query well inside Salesforce's URL and SOQL limits. */
export const ACCOUNTS_PER_CASE_QUERY = 200;

export interface CasesRead {
  /** by AccountId (18 characters, as the scope reads it); an account without cases has an empty list */
  byAccount: Map<string, SupportCase[]>;
  /** cases left out because a value could not be read, with why */
  problems: { accountId: string; message: string }[];
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
export async function readCases(
  session: SalesforceSession,
  accountIds: readonly string[],
  from: Date
): Promise<CasesRead> {
  const unique = [...new Set(accountIds)];
  const read: CasesRead = { byAccount: new Map(unique.map((id) => [id, []])), problems: [] };
  for (const chunk of chunksOf(unique, ACCOUNTS_PER_CASE_QUERY)) {
    for await (const page of workerFieldPages(session, casesQuery(chunk, from))) {
      for (const record of page) {
        try {
          const found = supportCase.fromSalesforce(new RecordReader(record));
          append(read.byAccount, found.accountId, found);
        } catch (error) {
          if (!(error instanceof InvalidValue)) throw error;
          read.problems.push({
            accountId: String(record.AccountId ?? ''),
            message: `case ${String(record.Id ?? '?')} left out of the support measure: ${error.message}`
          });
        }
      }
    }
  }
  return read;
}
