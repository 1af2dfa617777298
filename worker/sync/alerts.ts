// The alerts step of a run (DESIGN §9.5): each opportunity's alert plan as Task records to
// write, and what the store remembers once Salesforce acknowledged them.

import { alertsFor, type AlertMemory } from '../core/alert-lifecycle.js';
import { pendingTargetIn, type AlertFacts } from '../core/alerts.js';
import type { CoreConfig } from '../core/config.js';
import type { AlertTask } from '../core/types.js';
import { task, taskClosing } from '../salesforce/objects/task.js';
import type { WriteBatch, WriteReport, WrittenRow } from '../salesforce/write-types.js';
import type { RememberedAlert, Store } from '../store/store.js';
import { createdRecords, type RecordState } from './records.js';

/** What a run remembers of its alerts: by the written row's key (the new Task's alert key, or the closed Task's Id). */
export interface AlertBookkeeping {
  onWrite: Map<string, RememberedAlert>;
  /** clearings that need no write (their Task was closed by a person) */
  cleared: RememberedAlert[];
}

export function emptyBookkeeping(): AlertBookkeeping {
  return { onWrite: new Map(), cleared: [] };
}

/** The Task records one opportunity's alerts want, noting in `bookkeeping` what to remember of each. */
export function alertRecords(
  facts: AlertFacts,
  tasks: readonly AlertTask[],
  memory: ReadonlyMap<string, AlertMemory>,
  config: CoreConfig,
  bookkeeping: AlertBookkeeping
): RecordState[] {
  const plan = alertsFor(facts, tasks, memory, config.alerts);
  const opportunityId = facts.opportunity.id;
  const remembered = (alert: { key: string; occurrence: number }, cleared: boolean): RememberedAlert => ({
    key: alert.key,
    opportunityId,
    occurrence: alert.occurrence,
    cleared
  });
  for (const alert of plan.cleared) bookkeeping.cleared.push(remembered(alert, true));
  return [
    ...createdRecords(opportunityId, 'Task', plan.create, ({ alert, ...created }) => {
      bookkeeping.onWrite.set(created.key, remembered(alert, false));
      return task.toSalesforce(created, opportunityId);
    }),
    ...plan.close.map((closing): RecordState => {
      bookkeeping.onWrite.set(closing.task.id, remembered(closing.alert, true));
      return {
        opportunityId,
        object: 'Task',
        id: closing.task.id,
        key: null,
        desired: taskClosing(closing),
        org: { values: taskClosing(closing.task) }
      };
    })
  ];
}

/** Remembers the alerts whose Task writes Salesforce acknowledged in `report`. */
export async function rememberWrittenAlerts(
  store: Store,
  report: WriteReport,
  bookkeeping: AlertBookkeeping
): Promise<void> {
  const written = report.written.flatMap((row) => {
    const alert = row.object === 'Task' ? bookkeeping.onWrite.get(row.key) : undefined;
    return alert ? [alert] : [];
  });
  await store.rememberAlerts(written);
}

/**
 * Names the records an earlier phase created in the alert keys of the Tasks still to write
 * (`{<external key>}` → the new Id; core/alerts.ts pendingTarget). A Task whose record was not
 * written is left for the next run, which reads the record with its Id.
 */
export function resolvePendingTargets(
  phases: WriteBatch[][],
  written: readonly WrittenRow[],
  bookkeeping: AlertBookkeeping
): void {
  const created = new Map(written.map((row) => [row.key, row.id]));
  for (const phase of phases) {
    for (const batch of phase) {
      if (batch.object !== 'Task' || batch.operation !== 'insert') continue;
      batch.records = batch.records.flatMap((record) => {
        const pending = pendingTargetIn(record.key);
        if (!pending) return [record];
        const id = created.get(pending.externalKey);
        const alert = bookkeeping.onWrite.get(record.key);
        bookkeeping.onWrite.delete(record.key);
        if (!id || !alert) return [];
        const key = record.key.replace(pending.target, id);
        bookkeeping.onWrite.set(key, { ...alert, key: alert.key.replace(pending.target, id) });
        return [{ key, values: { ...record.values, Cairn_Alert_Key__c: key } }];
      });
    }
  }
}
