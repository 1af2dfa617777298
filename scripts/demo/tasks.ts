// The demo's account-manager view: the open Tasks Cairn raised, per owner, most urgent first.

import type { Connection } from 'jsforce';
import { append } from '../../worker/core/lists.js';

interface TaskRow {
  OwnerId: string;
  Subject: string;
  Priority: string;
  ActivityDate: string | null;
}

/** Per owner: how many open Cairn Tasks, and each one's priority, due date and subject. */
export async function demoTasks(connection: Connection): Promise<string> {
  const tasks = await connection.query<TaskRow>(
    'SELECT OwnerId, Subject, Priority, ActivityDate FROM Task ' +
      'WHERE Cairn_Alert_Key__c != null AND IsClosed = false ORDER BY ActivityDate, Subject',
    { autoFetch: true, maxFetch: 100_000 }
  );
  if (tasks.records.length === 0) return '   No open Cairn Tasks.';
  const users = await connection.query<{ Id: string; Name: string }>('SELECT Id, Name FROM User');
  const names = new Map(users.records.map((u) => [u.Id, u.Name]));
  const byOwner = new Map<string, TaskRow[]>();
  for (const row of tasks.records) append(byOwner, names.get(row.OwnerId) ?? row.OwnerId, row);
  const urgency = (row: TaskRow) => (row.Priority === 'High' ? 0 : 1);
  return [...byOwner.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([owner, rows]) =>
      [
        `   ${owner}: ${rows.length} open (${rows.filter((r) => r.Priority === 'High').length} high priority)`,
        ...[...rows]
          .sort((a, b) => urgency(a) - urgency(b))
          .map((r) => `     ${r.Priority.padEnd(6)} due ${r.ActivityDate ?? '—'}  ${r.Subject}`)
      ].join('\n')
    )
    .join('\n');
}
