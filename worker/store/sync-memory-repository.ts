// The sync's memory between runs: the values Salesforce last acknowledged per record, and
// each opportunity's health history.
import { append, chunksOf } from '../core/lists.js';
import type { HealthSnapshot } from '../core/types.js';
import type { Driver } from './driver.js';
import { INSERT_CHUNK, toIso } from './sql.js';

export interface WrittenRecord {
  /** the record's key, e.g. an Opportunity Id or a Milestone_Key__c */
  key: string;
  /** field API name → value Salesforce acknowledged */
  values: Record<string, unknown>;
}

export interface OpportunityHealthSnapshot extends HealthSnapshot {
  opportunityId: string;
}

export interface SyncMemoryRepository {
  /** key → last acknowledged values, for all keys of `object` or the ones given. */
  lastWrites(object: string, keys?: readonly string[]): Promise<Map<string, Record<string, unknown>>>;
  /** Merges the acknowledged values into what is kept for each key (fields not sent stay). */
  recordWrites(object: string, writes: readonly WrittenRecord[]): Promise<void>;
  /** One point per opportunity and instant; a second score for the same instant replaces the first. */
  addHealthSnapshots(snapshots: readonly OpportunityHealthSnapshot[]): Promise<void>;
  /** opportunityId → its snapshots, oldest first, optionally only those at or after `since`. */
  healthHistory(opportunityIds: readonly string[], since?: Date): Promise<Map<string, HealthSnapshot[]>>;
}

export function syncMemoryRepository(driver: Driver): SyncMemoryRepository {
  return {
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
    }
  };
}
