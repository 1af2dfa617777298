// Reading the Cairn Tasks of the opportunities in scope (DESIGN §9.5): every open one and
// those closed recently, every page. Which opportunities is a condition on WhatId: the
// scope's semi-join for a full run; a targeted run reads them as a subquery of its
// opportunities (account-scope.ts).

import type { AlertTask } from '../core/types.js';
import { fieldsOf } from './fields.js';
import { readGrouped, type GroupedRecords, type Grouping } from './grouped-records.js';
import { OPPORTUNITY_TASKS, task } from './objects/task.js';
import { scopeCondition } from './scope.js';
import type { SalesforceSession } from './session.js';
import { soqlDateTime } from './soql.js';

export const ALERT_TASKS: Grouping<AlertTask> = {
  declaration: task,
  parentField: OPPORTUNITY_TASKS.parentField,
  readFor: 'the alerts'
};

/** The opportunities in scope at `now`, as a condition on a Task's WhatId (one semi-join). */
export function tasksOfScope(now: Date): string {
  return `WhatId IN (SELECT Id FROM Opportunity WHERE ${scopeCondition(now)})`;
}

/** Cairn's Tasks that are open, or were modified (closed) at or after `closedSince`, as a condition on Task. */
export function alertTasksFilter(closedSince: Date): string {
  return `Cairn_Alert_Key__c != null AND (IsClosed = false OR LastModifiedDate >= ${soqlDateTime(closedSince)})`;
}

export function alertTasksQuery(whatIds: string, closedSince: Date): string {
  return `SELECT ${fieldsOf('Task').join(', ')} FROM Task WHERE ${whatIds} AND ${alertTasksFilter(closedSince)} ORDER BY ${OPPORTUNITY_TASKS.orderBy}`;
}

/** The Cairn Tasks of `whatIds` that are open, or were modified (closed) at or after `closedSince`, by opportunity. */
export function readAlertTasks(
  session: SalesforceSession,
  whatIds: string,
  closedSince: Date
): Promise<GroupedRecords<AlertTask>> {
  return readGrouped(session, ALERT_TASKS, alertTasksQuery(whatIds, closedSince));
}
