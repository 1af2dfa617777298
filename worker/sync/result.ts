// What a run reports (DESIGN §5.1's JSON, plus a few fields that explain it), and how the
// writer's reports of a run's write phases add up into it.

import { API_CALL_KINDS, type ApiCallKind } from '../salesforce/accounting.js';
import type { ScopeProblem } from '../salesforce/scope.js';
import type { RunKind } from '../store/store.js';
import { describeRejection, type PullResult } from '../sources/source.js';
import type { FailedRow, ObjectWriteCounts, WriteReport } from '../salesforce/write-types.js';
import type { RecordChange } from './diff.js';
import { WRITE_PHASES } from './diff.js';
import { rowFix } from './row-fix.js';

export type RunOutcome = 'succeeded' | 'partial' | 'failed';

/** A row Salesforce did not take, as the run result lists it: with what to do about it. */
export type ResultFailedRow = FailedRow & { fix: string };

/** One pull source's share of the run's usage import. */
export interface UsagePullResult {
  source: string;
  inserted: number;
  duplicates: number;
  rejected: number;
  /** the first few rejected events: their line (files) or position (other sources), and why */
  firstRejections?: string[];
  /** why the source could not be read this time; the run goes on with the usage already stored */
  error?: string;
}

const REJECTIONS_KEPT = 5;

/** A pull source's result as the run keeps it: counts, and the first few rejections in words. */
export function toUsagePullResult(pull: PullResult): UsagePullResult {
  return {
    source: pull.source,
    inserted: pull.inserted,
    duplicates: pull.duplicates,
    rejected: pull.rejected.length,
    ...(pull.rejected.length > 0
      ? {
          firstRejections: pull.rejected.slice(0, REJECTIONS_KEPT).map(describeRejection)
        }
      : {}),
    ...(pull.error ? { error: pull.error } : {})
  };
}

export interface SyncResult {
  runId: string;
  /** succeeded; partial when rows were quarantined (failedRows); failed when the run stopped (see error) */
  status: RunOutcome;
  startedAt: string;
  finishedAt: string;
  opportunitiesInScope: number;
  /** per object: records created and updated (zero for every object in a dry run) */
  writes: Record<string, ObjectWriteCounts>;
  failedRows: ResultFailedRow[];
  /** Salesforce API calls the run made */
  apiCalls: number;
  apiCallsByKind: Record<ApiCallKind, number>;
  /** full: the whole scope; targeted: the dirty accounts only (DESIGN §10) */
  kind: RunKind;
  retries: WriteReport['retries'];
  /** rows never sent, or with an unknown outcome, because the run stopped */
  notAttempted: number;
  durationMs: number;
  dryRun: boolean;
  /** dry run only: every write the run would make */
  plannedWrites?: PlannedWrite[];
  /** opportunities left out of the run because of a value the rules cannot use */
  skipped: ScopeProblem[];
  /** data problems the rules worked around, e.g. a milestone whose Usage_Metric__c is not a metric key */
  warnings: { opportunityId: string; message: string }[];
  usage: UsagePullResult[];
  /** why the run failed */
  error?: string;
}

export interface PlannedWrite {
  object: string;
  operation: RecordChange['operation'];
  key: string;
  opportunityId: string;
  values: RecordChange['values'];
  /** the org's values of those fields; null for a record to create */
  before: RecordChange['before'];
}

export function emptyWrites(): Record<string, ObjectWriteCounts> {
  return Object.fromEntries(WRITE_PHASES.flat().map((object) => [object, { created: 0, updated: 0 }]));
}

export function emptyCallsByKind(): Record<ApiCallKind, number> {
  return Object.fromEntries(API_CALL_KINDS.map((kind) => [kind, 0])) as Record<ApiCallKind, number>;
}

export function toResultFailedRow(row: FailedRow): ResultFailedRow {
  const { object, id, key, statusCode, message, fields } = row;
  return { object, id, key, statusCode, message, fields: [...fields], fix: rowFix(object, statusCode, fields) };
}

/** The write reports of a run's phases, added up (the rows written only counted: the store has them). */
export class WriteTally {
  readonly writes = emptyWrites();
  writtenRows = 0;
  readonly failedRows: FailedRow[] = [];
  /** rows sent again; the run takes its call retries and session renewals from the session, reads included */
  retriedRows = 0;
  notAttempted = 0;

  add(report: WriteReport): void {
    for (const [object, counts] of Object.entries(report.writes)) {
      const total = (this.writes[object] ??= { created: 0, updated: 0 });
      total.created += counts.created;
      total.updated += counts.updated;
    }
    this.writtenRows += report.written.length;
    // a loop, not push(...rows): spreading some 120,000 arguments overflows the call stack
    for (const row of report.failedRows) this.failedRows.push(row);
    this.retriedRows += report.retries.rows;
    this.notAttempted += report.notAttempted;
  }
}

export function toPlannedWrite(change: RecordChange): PlannedWrite {
  const { object, operation, key, opportunityId, values, before } = change;
  return { object, operation, key, opportunityId, values, before };
}
