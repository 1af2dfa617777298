// Run history: each sync run's start, end, status and summary, the rows Salesforce refused,
// and the sync lock that keeps two runs from going at once.
import { randomUUID } from 'node:crypto';
import type { IsoDateTime } from '../core/types.js';
import type { Driver } from './driver.js';
import { toIso } from './sql.js';

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

/** full: the whole scope (schedule, POST /sync, CLI); targeted: the dirty accounts only (DESIGN §10) */
export type RunKind = 'full' | 'targeted';

export interface RunRecord {
  id: string;
  kind: RunKind;
  startedAt: IsoDateTime;
  finishedAt: IsoDateTime | null;
  status: RunStatus;
  /** whatever the sync recorded: counts per object and operation, API calls, retries, ... */
  summary: Record<string, unknown> | null;
  failedRowCount: number;
}

/**
 * A refused row as the run history keeps it: the sync's FailedRow (same names: `fields` are the
 * fields Salesforce named in its error) plus the values the row tried to write. The columns
 * keep their first names: `fields` holds the values, `error_fields` the named fields.
 */
export interface StoredFailedRow {
  object: string;
  id: string | null;
  key: string | null;
  statusCode: string;
  message: string;
  fields: readonly string[];
  values: Record<string, unknown> | null;
}

export interface RunDetail extends RunRecord {
  failedRows: StoredFailedRow[];
}

export interface RunsRepository {
  /** Records a run as `running` and returns its id. */
  startRun(startedAt: Date, kind?: RunKind): Promise<string>;
  /**
   * Records every run still `running` as failed, with `reason` as its error, and returns
   * their ids. Called by a run that holds the sync lock: no other run can be going then, so
   * such a record is one whose worker stopped before recording its end (killed, crashed).
   */
  abandonUnfinishedRuns(at: Date, reason: string): Promise<string[]>;
  finishRun(
    id: string,
    result: { finishedAt: Date; status: Exclude<RunStatus, 'running'>; summary: Record<string, unknown> }
  ): Promise<void>;
  addFailedRows(runId: string, rows: readonly StoredFailedRow[]): Promise<void>;
  /** newest first */
  listRuns(limit?: number): Promise<RunRecord[]>;
  getRun(id: string): Promise<RunDetail | null>;
  /**
   * Runs `fn` while holding the store's sync lock, or throws SyncAlreadyRunningError at
   * once. PostgreSQL: an advisory lock, effective across processes. Embedded: an
   * in-process lock (only one process can open an embedded store anyway).
   */
  withSyncLock<T>(fn: () => Promise<T>): Promise<T>;
}

interface RunRow {
  id: string;
  kind: RunKind;
  started_at: unknown;
  finished_at: unknown;
  status: RunStatus;
  summary: Record<string, unknown> | null;
  failed_row_count: number;
}

const RUN_COLUMNS = `r.id, r.kind, r.started_at, r.finished_at, r.status, r.summary,
  (SELECT count(*)::int FROM failed_rows f WHERE f.run_id = r.id) AS failed_row_count`;

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind,
    startedAt: toIso(row.started_at),
    finishedAt: row.finished_at === null ? null : toIso(row.finished_at),
    status: row.status,
    summary: row.summary,
    failedRowCount: row.failed_row_count
  };
}

export function runsRepository(driver: Driver): RunsRepository {
  return {
    async startRun(startedAt, kind = 'full') {
      const id = randomUUID();
      await driver.query(`INSERT INTO sync_runs (id, kind, started_at, status) VALUES ($1, $2, $3, 'running')`, [
        id,
        kind,
        startedAt.toISOString()
      ]);
      return id;
    },

    async abandonUnfinishedRuns(at, reason) {
      const rows = await driver.query<{ id: string }>(
        `UPDATE sync_runs SET status = 'failed', finished_at = $1, summary = $2::jsonb WHERE status = 'running' RETURNING id`,
        [at.toISOString(), JSON.stringify({ status: 'failed', error: reason })]
      );
      return rows.map((row) => row.id);
    },

    async finishRun(id, { finishedAt, status, summary }) {
      const rows = await driver.query(
        'UPDATE sync_runs SET finished_at = $2, status = $3, summary = $4::jsonb WHERE id = $1 RETURNING id',
        [id, finishedAt.toISOString(), status, JSON.stringify(summary)]
      );
      if (rows.length === 0) throw new Error(`no sync run ${id} to finish`);
    },

    async addFailedRows(runId, rows) {
      if (rows.length === 0) return;
      await driver.query(
        `INSERT INTO failed_rows (run_id, object, record_id, record_key, status_code, message, fields, error_fields)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[])`,
        [
          runId,
          rows.map((r) => r.object),
          rows.map((r) => r.id),
          rows.map((r) => r.key),
          rows.map((r) => r.statusCode),
          rows.map((r) => r.message),
          rows.map((r) => (r.values === null ? null : JSON.stringify(r.values))),
          rows.map((r) => JSON.stringify(r.fields))
        ]
      );
    },

    async listRuns(limit = 20) {
      const rows = await driver.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM sync_runs r ORDER BY r.started_at DESC, r.id LIMIT $1`,
        [limit]
      );
      return rows.map(toRunRecord);
    },

    async getRun(id) {
      const [row] = await driver.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM sync_runs r WHERE r.id = $1`, [id]);
      if (!row) return null;
      const failed = await driver.query<{
        object: string;
        record_id: string | null;
        record_key: string | null;
        status_code: string;
        message: string;
        fields: Record<string, unknown> | null;
        error_fields: string[];
      }>(
        `SELECT object, record_id, record_key, status_code, message, fields, error_fields
         FROM failed_rows WHERE run_id = $1 ORDER BY id`,
        [id]
      );
      return {
        ...toRunRecord(row),
        failedRows: failed.map((f) => ({
          object: f.object,
          id: f.record_id,
          key: f.record_key,
          statusCode: f.status_code,
          message: f.message,
          fields: f.error_fields,
          values: f.fields
        }))
      };
    },

    withSyncLock(fn) {
      return driver.withSyncLock(fn);
    }
  };
}
