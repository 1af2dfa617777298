// Reading the Cairn Tasks of the opportunities in scope (DESIGN §9.5): every open one and
// those closed recently, every page. Which opportunities is a condition on WhatId: the
// scope's semi-join for a run, or a list of ids.

import { append } from '../core/lists.js';
import type { AlertTask } from '../core/types.js';
import { fieldsOf } from './fields.js';
import { InvalidValue, RecordReader } from './objects/record-reader.js';
import { task } from './objects/task.js';
import { workerFieldPages } from './query-pages.js';
import { scopeCondition } from './scope.js';
import type { SalesforceSession } from './session.js';
import { soqlDateTime, soqlStringList } from './soql.js';

/** The opportunities in scope at `now`, as a condition on a Task's WhatId (one semi-join). */
export function tasksOfScope(now: Date): string {
  return `WhatId IN (SELECT Id FROM Opportunity WHERE ${scopeCondition(now)})`;
}

/** `WhatId IN ('006…', …)` for up to IDS_PER_QUERY opportunity ids. */
export function whatIdIn(opportunityIds: readonly string[]): string {
  return `WhatId IN ${soqlStringList(opportunityIds)}`;
}

export function alertTasksQuery(whatIds: string, closedSince: Date): string {
  return [
    `SELECT ${fieldsOf('Task').join(', ')} FROM Task`,
    `WHERE Cairn_Alert_Key__c != null AND ${whatIds}`,
    `AND (IsClosed = false OR LastModifiedDate >= ${soqlDateTime(closedSince)})`,
    'ORDER BY CreatedDate, Id'
  ].join(' ');
}

export interface AlertTasksRead {
  /** by WhatId (the opportunity) */
  byOpportunity: Map<string, AlertTask[]>;
  /** Tasks left out because a value could not be read, with why */
  problems: { opportunityId: string; message: string }[];
}

/** The Cairn Tasks of `whatIds` that are open, or were modified (closed) at or after `closedSince`. */
export async function readAlertTasks(
  session: SalesforceSession,
  whatIds: string,
  closedSince: Date
): Promise<AlertTasksRead> {
  const read: AlertTasksRead = { byOpportunity: new Map(), problems: [] };
  for await (const page of workerFieldPages(session, alertTasksQuery(whatIds, closedSince))) {
    for (const record of page) {
      try {
        const found = task.fromSalesforce(new RecordReader(record));
        append(read.byOpportunity, found.opportunityId, found);
      } catch (error) {
        if (!(error instanceof InvalidValue)) throw error;
        read.problems.push({
          opportunityId: String(record.WhatId ?? ''),
          message: `Task ${String(record.Id ?? '?')} left out of the alerts: ${error.message}`
        });
      }
    }
  }
  return read;
}
