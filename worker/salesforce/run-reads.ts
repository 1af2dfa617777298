// What a run reads from Salesforce before it computes: the opportunities in scope with their
// child sets, their Cairn Tasks, and their accounts' cases and contacts.
//   - A full run reads them over the whole scope: four queries (and their pages), the
//     Tasks, cases and contacts selected by semi-joins on the scope.
//   - A targeted run (DESIGN §10) reads them for the dirty product accounts only: one query
//     per IDS_PER_QUERY accounts, rooted at Account, with the opportunities, their child
//     sets and Tasks, the cases and the contacts as subqueries nested two levels deep, which
//     Salesforce's REST query allows from API version 58.0.
// Every child set Salesforce cut short is followed to its end.

import { chunksOf } from '../core/lists.js';
import type { AlertTask, Contact, SupportCase } from '../core/types.js';
import { CASES, casesFilter, CONTACTS, IDS_PER_QUERY, readCases, readContacts } from './account-records.js';
import { ALERT_TASKS, alertTasksFilter, readAlertTasks, tasksOfScope } from './alert-tasks.js';
import { fieldsOf } from './fields.js';
import { groupInto, noRecords, type GroupedRecords } from './grouped-records.js';
import { ACCOUNT_CASES } from './objects/case.js';
import { ACCOUNT_CONTACTS } from './objects/contact.js';
import { ACCOUNT_OPPORTUNITIES } from './objects/opportunity.js';
import { OPPORTUNITY_TASKS } from './objects/task.js';
import { workerFieldPages } from './query-pages.js';
import {
  accountsInScope,
  childRecords,
  keepInScope,
  opportunitySelection,
  readScope,
  scopeCondition,
  scopeOpportunity,
  type ScopeRead
} from './scope.js';
import type { SalesforceSession } from './session.js';
import { soqlStringList } from './soql.js';

export interface ReadWindows {
  /** cases open, or created or closed at or after this instant */
  casesFrom: Date;
  /** Tasks open, or modified at or after this instant; null reads no Task (every alert rule is off) */
  tasksClosedSince: Date | null;
}

export interface RunReads {
  scope: ScopeRead;
  /** by AccountId */
  cases: GroupedRecords<SupportCase>;
  /** by AccountId */
  contacts: GroupedRecords<Contact>;
  /** by WhatId, the opportunity */
  tasks: GroupedRecords<AlertTask>;
}

function noReads(): RunReads {
  return { scope: { opportunities: [], problems: [] }, cases: noRecords(), contacts: noRecords(), tasks: noRecords() };
}

/** The whole scope at `now`, and what hangs off it. */
export async function readWholeScope(session: SalesforceSession, now: Date, windows: ReadWindows): Promise<RunReads> {
  const reads = noReads();
  reads.scope = await readScope(session, now);
  if (reads.scope.opportunities.some((o) => o.accountId !== null)) {
    reads.cases = await readCases(session, accountsInScope(now), windows.casesFrom);
    reads.contacts = await readContacts(session, accountsInScope(now));
  }
  if (reads.scope.opportunities.length > 0 && windows.tasksClosedSince) {
    reads.tasks = await readAlertTasks(session, tasksOfScope(now), windows.tasksClosedSince);
  }
  return reads;
}

/**
 * The accounts with these Product_Account_Id__c values (at most IDS_PER_QUERY) that have an
 * opportunity in scope at `now`, with those opportunities and what hangs off them.
 */
export function accountScopeQuery(productAccountIds: readonly string[], now: Date, windows: ReadWindows): string {
  const tasks = windows.tasksClosedSince
    ? [
        `(SELECT ${fieldsOf('Task').join(', ')} FROM ${OPPORTUNITY_TASKS.relationship}` +
          ` WHERE ${alertTasksFilter(windows.tasksClosedSince)} ORDER BY ${OPPORTUNITY_TASKS.orderBy})`
      ]
    : [];
  const opportunities =
    `(SELECT ${[...opportunitySelection(), ...tasks].join(', ')} FROM ${ACCOUNT_OPPORTUNITIES.relationship}` +
    ` WHERE ${scopeCondition(now)} ORDER BY ${ACCOUNT_OPPORTUNITIES.orderBy})`;
  const cases =
    `(SELECT ${fieldsOf('Case').join(', ')} FROM ${ACCOUNT_CASES.relationship}` +
    ` WHERE ${casesFilter(windows.casesFrom)} ORDER BY ${ACCOUNT_CASES.orderBy})`;
  const contacts = `(SELECT ${fieldsOf('Contact').join(', ')} FROM ${ACCOUNT_CONTACTS.relationship} ORDER BY ${ACCOUNT_CONTACTS.orderBy})`;
  return [
    `SELECT Id, ${opportunities}, ${cases}, ${contacts}`,
    'FROM Account',
    `WHERE Product_Account_Id__c IN ${soqlStringList(productAccountIds)}`,
    `AND Id IN (SELECT AccountId FROM Opportunity WHERE ${scopeCondition(now)})`,
    'ORDER BY Id'
  ].join(' ');
}

/** The in-scope opportunities of the accounts with these Product_Account_Id__c values, and what hangs off them. */
export async function readAccountsScope(
  session: SalesforceSession,
  now: Date,
  productAccountIds: readonly string[],
  windows: ReadWindows
): Promise<RunReads> {
  const reads = noReads();
  for (const ids of chunksOf(productAccountIds, IDS_PER_QUERY)) {
    for await (const page of workerFieldPages(session, accountScopeQuery(ids, now, windows))) {
      for (const account of page) {
        for (const record of await childRecords(session, account, ACCOUNT_OPPORTUNITIES.relationship)) {
          keepInScope(reads.scope, await scopeOpportunity(session, record));
          groupInto(reads.tasks, ALERT_TASKS, await childRecords(session, record, OPPORTUNITY_TASKS.relationship));
        }
        groupInto(reads.cases, CASES, await childRecords(session, account, ACCOUNT_CASES.relationship));
        groupInto(reads.contacts, CONTACTS, await childRecords(session, account, ACCOUNT_CONTACTS.relationship));
      }
    }
  }
  return reads;
}
