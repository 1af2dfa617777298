// What a run covers, the one thing a full run and a targeted run (DESIGN §10) do differently:
// which opportunities it reads, which accounts' cases and contacts and opportunities' Tasks, and which dirty accounts
// it clears when it succeeds. Everything else (rules, diff, writes, records) is run.ts's.

import { chunksOf } from '../core/lists.js';
import type { Opportunity } from '../core/types.js';
import { accountIdIn, IDS_PER_QUERY, type AccountRecords } from '../salesforce/account-records.js';
import { tasksOfScope, whatIdIn } from '../salesforce/alert-tasks.js';
import { accountsInScope, readScope, type ScopeRead } from '../salesforce/scope.js';
import type { SalesforceSession } from '../salesforce/session.js';
import type { DirtyMark, RunKind, Store } from '../store/store.js';
import type { UsagePullResult } from './result.js';

export interface Coverage {
  kind: RunKind;
  /** runs `fn` holding the store's sync lock (a targeted run took it already, to decide whether to run) */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  readScope(session: SalesforceSession, now: Date): Promise<ScopeRead>;
  /** conditions on AccountId selecting the accounts of `opportunities`, one query (and its pages) each */
  accountConditions(opportunities: readonly Opportunity[], now: Date): string[];
  /** conditions on a Task's WhatId selecting `opportunities`' Cairn Tasks, one query (and its pages) each */
  taskConditions(opportunities: readonly Opportunity[], now: Date): string[];
  /** the dirty accounts the run covers (asked after the usage pull), cleared once it succeeds */
  dirty(): Promise<DirtyMark[]>;
  /** the usage pull already made under the run's lock; the run then pulls none itself */
  usage?: UsagePullResult[];
}

/** The whole scope: one query for it, one semi-join for its accounts' records; it covers every dirty account. */
export function fullCoverage(store: Store): Coverage {
  return {
    kind: 'full',
    withLock: (fn) => store.withSyncLock(fn),
    readScope: (session, now) => readScope(session, now),
    accountConditions: (_opportunities, now) => [accountsInScope(now)],
    taskConditions: (_opportunities, now) => [tasksOfScope(now)],
    dirty: () => store.dirtyAccounts()
  };
}

/**
 * The in-scope opportunities of the dirty accounts `marks` only: the scope read by
 * Product_Account_Id__c and the accounts' records by AccountId, IDS_PER_QUERY ids a query.
 */
export function targetedCoverage(marks: readonly DirtyMark[], usage: UsagePullResult[]): Coverage {
  return {
    kind: 'targeted',
    withLock: (fn) => fn(),
    async readScope(session, now) {
      const read: ScopeRead = { opportunities: [], problems: [] };
      for (const ids of chunksOf(
        marks.map((m) => m.accountId),
        IDS_PER_QUERY
      )) {
        const part = await readScope(session, now, { productAccountIds: ids });
        read.opportunities.push(...part.opportunities);
        read.problems.push(...part.problems);
      }
      return read;
    },
    accountConditions: (opportunities) =>
      chunksOf([...new Set(opportunities.flatMap((o) => (o.accountId ? [o.accountId] : [])))], IDS_PER_QUERY).map(
        accountIdIn
      ),
    taskConditions: (opportunities) =>
      chunksOf(
        opportunities.map((o) => o.id),
        IDS_PER_QUERY
      ).map(whatIdIn),
    dirty: () => Promise.resolve([...marks]),
    usage
  };
}

/** The records `read` finds for each condition, put together (the conditions select different accounts). */
export async function readEachCondition<T>(
  conditions: readonly string[],
  read: (condition: string) => Promise<AccountRecords<T>>
): Promise<AccountRecords<T>> {
  const all: AccountRecords<T> = { byAccount: new Map(), problems: [] };
  for (const condition of conditions) {
    const part = await read(condition);
    for (const [accountId, records] of part.byAccount) all.byAccount.set(accountId, records);
    all.problems.push(...part.problems);
  }
  return all;
}
