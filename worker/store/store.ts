// The one module that owns the worker's persisted state: usage events, the user → account
// map from Segment group calls, pull-source cursors, and the sync's memory (last written
// values, health history, run history with failed rows, the sync lock). Every method that
// writes has committed its change (on disk, for the embedded store) when it resolves.
import { randomUUID } from 'node:crypto';
import { append, chunksOf } from '../core/lists.js';
import type { HealthSnapshot, IsoDateTime, MetricsRequest, UsageMetrics } from '../core/types.js';
import type { UsageEvent } from '../ingest/event.js';
import type { Driver, Queryable } from './driver.js';
import { computeMetrics } from './metrics-query.js';
import { migrate } from './migrations.js';
import { openPgliteDriver } from './pglite-driver.js';
import { openPostgresDriver } from './postgres-driver.js';

export interface InsertResult {
  /** events newly stored */
  inserted: number;
  /** events skipped because their messageId was already stored (or repeated in the same call) */
  duplicates: number;
}

/** A Segment group call: from `at` on, this user's events belong to this account. */
export interface GroupCall {
  userId: string;
  accountId: string;
  at: IsoDateTime;
}

export interface WrittenRecord {
  /** the record's key, e.g. an Opportunity Id or a Milestone_Key__c */
  key: string;
  /** field API name → value Salesforce acknowledged */
  values: Record<string, unknown>;
}

export interface OpportunityHealthSnapshot extends HealthSnapshot {
  opportunityId: string;
}

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface RunRecord {
  id: string;
  startedAt: IsoDateTime;
  finishedAt: IsoDateTime | null;
  status: RunStatus;
  /** whatever the sync recorded: counts per object and operation, API calls, retries, ... */
  summary: Record<string, unknown> | null;
  failedRowCount: number;
}

export interface FailedRow {
  object: string;
  recordId: string | null;
  key: string | null;
  statusCode: string;
  message: string;
  /** the fields Salesforce named in its error */
  errorFields: string[];
  /** the values the row tried to write */
  fields: Record<string, unknown> | null;
}

export interface RunDetail extends RunRecord {
  failedRows: FailedRow[];
}

export interface EventFilter {
  accountId?: string;
  userId?: string;
  /** at most this many, oldest first (default 1000) */
  limit?: number;
}

export interface Store {
  readonly kind: 'embedded' | 'postgres';
  /** the directory, or the URL with its password masked */
  readonly location: string;
  /** resolves when the database answers; for readiness checks */
  ping(): Promise<void>;

  /** Stores events not seen before (by messageId), all in one transaction. */
  insertEvents(events: readonly UsageEvent[]): Promise<InsertResult>;
  /** Events as stored, oldest first: for the CLI, the demo and tests. */
  findEvents(filter?: EventFilter): Promise<UsageEvent[]>;
  /** Records group calls; per user the call with the latest `at` wins (ties: the later call). */
  recordGroups(calls: readonly GroupCall[]): Promise<void>;
  /** userId → accountId from the latest group call, for the users that have one. */
  accountsForUsers(userIds: readonly string[]): Promise<Map<string, string>>;

  getCursor(source: string): Promise<string | null>;
  setCursor(source: string, cursor: string): Promise<void>;

  /** DESIGN §4.1 for each request, keyed by opportunityId; see metrics-query.ts for the exact windows. */
  computeMetrics(requests: readonly MetricsRequest[], now: Date): Promise<Map<string, UsageMetrics>>;

  /** key → last acknowledged values, for all keys of `object` or the ones given. */
  lastWrites(object: string, keys?: readonly string[]): Promise<Map<string, Record<string, unknown>>>;
  /** Merges the acknowledged values into what is kept for each key (fields not sent stay). */
  recordWrites(object: string, writes: readonly WrittenRecord[]): Promise<void>;

  /** One point per opportunity and instant; a second score for the same instant replaces the first. */
  addHealthSnapshots(snapshots: readonly OpportunityHealthSnapshot[]): Promise<void>;
  /** opportunityId → its snapshots, oldest first, optionally only those at or after `since`. */
  healthHistory(opportunityIds: readonly string[], since?: Date): Promise<Map<string, HealthSnapshot[]>>;

  /** Records a run as `running` and returns its id. */
  startRun(startedAt: Date): Promise<string>;
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
  addFailedRows(runId: string, rows: readonly FailedRow[]): Promise<void>;
  /** newest first */
  listRuns(limit?: number): Promise<RunRecord[]>;
  getRun(id: string): Promise<RunDetail | null>;

  /**
   * Runs `fn` while holding the store's sync lock, or throws SyncAlreadyRunningError at
   * once. PostgreSQL: an advisory lock, effective across processes. Embedded: an
   * in-process lock (only one process can open an embedded store anyway).
   */
  withSyncLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INSERT_CHUNK = 1000;

function toIso(value: unknown): IsoDateTime {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens (creating and migrating as needed) the store: a postgres:// URL or a directory for the embedded store. */
export async function openStore(location: string): Promise<Store> {
  const driver = isPostgresUrl(location) ? await openPostgresDriver(location) : await openPgliteDriver(location);
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return createStore(driver);
}

async function insertChunk(tx: Queryable, events: readonly UsageEvent[]): Promise<number> {
  const rows = await tx.query(
    `INSERT INTO events (message_id, account_id, user_id, name, ts, properties)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
     ON CONFLICT (message_id) DO NOTHING
     RETURNING 1`,
    [
      events.map((e) => e.messageId),
      events.map((e) => e.accountId),
      events.map((e) => e.userId),
      events.map((e) => e.name),
      events.map((e) => e.timestamp),
      events.map((e) => (e.properties === null ? null : JSON.stringify(e.properties)))
    ]
  );
  return rows.length;
}

function createStore(driver: Driver): Store {
  return {
    kind: driver.kind,
    location: driver.location,

    async ping() {
      await driver.query('SELECT 1');
    },

    async insertEvents(events) {
      if (events.length === 0) return { inserted: 0, duplicates: 0 };
      const inserted = await driver.transaction(async (tx) => {
        let count = 0;
        for (const chunk of chunksOf(events, INSERT_CHUNK)) count += await insertChunk(tx, chunk);
        return count;
      });
      return { inserted, duplicates: events.length - inserted };
    },

    async findEvents(filter = {}) {
      const rows = await driver.query<{
        message_id: string;
        account_id: string;
        user_id: string;
        name: string;
        ts: unknown;
        properties: Record<string, unknown> | null;
      }>(
        `SELECT message_id, account_id, user_id, name, ts, properties FROM events
         WHERE ($1::text IS NULL OR account_id = $1) AND ($2::text IS NULL OR user_id = $2)
         ORDER BY ts, message_id LIMIT $3`,
        [filter.accountId ?? null, filter.userId ?? null, filter.limit ?? 1000]
      );
      return rows.map((row) => ({
        accountId: row.account_id,
        userId: row.user_id,
        name: row.name,
        timestamp: toIso(row.ts),
        messageId: row.message_id,
        properties: row.properties
      }));
    },

    async recordGroups(calls) {
      if (calls.length === 0) return;
      // the latest call per user; among equal instants the later call in the list wins
      const latest = new Map<string, GroupCall>();
      for (const call of calls) {
        const seen = latest.get(call.userId);
        if (!seen || Date.parse(call.at) >= Date.parse(seen.at)) latest.set(call.userId, call);
      }
      const chosen = [...latest.values()];
      await driver.query(
        `INSERT INTO user_accounts (user_id, account_id, grouped_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
         ON CONFLICT (user_id) DO UPDATE
           SET account_id = excluded.account_id, grouped_at = excluded.grouped_at, updated_at = now()
           WHERE excluded.grouped_at >= user_accounts.grouped_at`,
        [chosen.map((c) => c.userId), chosen.map((c) => c.accountId), chosen.map((c) => c.at)]
      );
    },

    async accountsForUsers(userIds) {
      if (userIds.length === 0) return new Map();
      const rows = await driver.query<{ user_id: string; account_id: string }>(
        'SELECT user_id, account_id FROM user_accounts WHERE user_id = ANY($1::text[])',
        [[...new Set(userIds)]]
      );
      return new Map(rows.map((row) => [row.user_id, row.account_id]));
    },

    async getCursor(source) {
      const [row] = await driver.query<{ cursor: string }>('SELECT cursor FROM source_cursors WHERE source = $1', [
        source
      ]);
      return row?.cursor ?? null;
    },

    async setCursor(source, cursor) {
      await driver.query(
        `INSERT INTO source_cursors (source, cursor) VALUES ($1, $2)
         ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = now()`,
        [source, cursor]
      );
    },

    computeMetrics(requests, now) {
      return computeMetrics(driver, requests, now);
    },

    async lastWrites(object, keys) {
      const rows = await driver.query<{ record_key: string; fields: Record<string, unknown> }>(
        `SELECT record_key, fields FROM last_writes
         WHERE object = $1 AND ($2::text[] IS NULL OR record_key = ANY($2::text[]))`,
        [object, keys ? [...keys] : null]
      );
      return new Map(rows.map((row) => [row.record_key, row.fields]));
    },

    async recordWrites(object, writes) {
      if (writes.length === 0) return;
      // one row per key: merge repeated keys in order so a single statement never touches a row twice
      const merged = new Map<string, Record<string, unknown>>();
      for (const write of writes) merged.set(write.key, { ...merged.get(write.key), ...write.values });
      const keys = [...merged.keys()];
      // one transaction of INSERT_CHUNK-row statements: a single statement with a full sync's
      // 100,000+ rows grew the embedded store by 800 MB, which PGlite never gives back
      await driver.transaction(async (tx) => {
        for (const chunk of chunksOf(keys, INSERT_CHUNK)) {
          await tx.query(
            `INSERT INTO last_writes (object, record_key, fields)
             SELECT $1, * FROM unnest($2::text[], $3::jsonb[])
             ON CONFLICT (object, record_key) DO UPDATE
               SET fields = last_writes.fields || excluded.fields, written_at = now()`,
            [object, chunk, chunk.map((key) => JSON.stringify(merged.get(key)))]
          );
        }
      });
    },

    async addHealthSnapshots(snapshots) {
      if (snapshots.length === 0) return;
      const unique = new Map(snapshots.map((s) => [`${s.opportunityId}|${toIso(s.at)}`, s]));
      const rows = [...unique.values()];
      await driver.query(
        `INSERT INTO health_snapshots (opportunity_id, at, score)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::smallint[])
         ON CONFLICT (opportunity_id, at) DO UPDATE SET score = excluded.score`,
        [rows.map((s) => s.opportunityId), rows.map((s) => s.at), rows.map((s) => s.score)]
      );
    },

    async healthHistory(opportunityIds, since) {
      const history = new Map<string, HealthSnapshot[]>();
      if (opportunityIds.length === 0) return history;
      const rows = await driver.query<{ opportunity_id: string; at: unknown; score: number }>(
        `SELECT opportunity_id, at, score FROM health_snapshots
         WHERE opportunity_id = ANY($1::text[]) AND ($2::timestamptz IS NULL OR at >= $2)
         ORDER BY opportunity_id, at`,
        [[...new Set(opportunityIds)], since?.toISOString() ?? null]
      );
      for (const row of rows) append(history, row.opportunity_id, { at: toIso(row.at), score: row.score });
      return history;
    },

    async startRun(startedAt) {
      const id = randomUUID();
      await driver.query(`INSERT INTO sync_runs (id, started_at, status) VALUES ($1, $2, 'running')`, [
        id,
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
          rows.map((r) => r.recordId),
          rows.map((r) => r.key),
          rows.map((r) => r.statusCode),
          rows.map((r) => r.message),
          rows.map((r) => (r.fields === null ? null : JSON.stringify(r.fields))),
          rows.map((r) => JSON.stringify(r.errorFields))
        ]
      );
    },

    async listRuns(limit = 20) {
      const rows = await driver.query<RunRow>(
        `SELECT r.id, r.started_at, r.finished_at, r.status, r.summary,
                (SELECT count(*)::int FROM failed_rows f WHERE f.run_id = r.id) AS failed_row_count
         FROM sync_runs r ORDER BY r.started_at DESC, r.id LIMIT $1`,
        [limit]
      );
      return rows.map(toRunRecord);
    },

    async getRun(id) {
      const [row] = await driver.query<RunRow>(
        `SELECT r.id, r.started_at, r.finished_at, r.status, r.summary,
                (SELECT count(*)::int FROM failed_rows f WHERE f.run_id = r.id) AS failed_row_count
         FROM sync_runs r WHERE r.id = $1`,
        [id]
      );
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
          recordId: f.record_id,
          key: f.record_key,
          statusCode: f.status_code,
          message: f.message,
          errorFields: f.error_fields,
          fields: f.fields
        }))
      };
    },

    withSyncLock(fn) {
      return driver.withSyncLock(fn);
    },

    close() {
      return driver.close();
    }
  };
}

interface RunRow {
  id: string;
  started_at: unknown;
  finished_at: unknown;
  status: RunStatus;
  summary: Record<string, unknown> | null;
  failed_row_count: number;
}

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    startedAt: toIso(row.started_at),
    finishedAt: row.finished_at === null ? null : toIso(row.finished_at),
    status: row.status,
    summary: row.summary,
    failedRowCount: row.failed_row_count
  };
}
