// Usage events and the user → account map from Segment group calls.
import { chunksOf } from '../core/lists.js';
import type { IsoDateTime, UsageEvent } from '../core/types.js';
import type { Driver, Queryable } from './driver.js';
import { INSERT_CHUNK, toIso } from './sql.js';

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

export interface EventFilter {
  accountId?: string;
  userId?: string;
  /** at most this many, oldest first (default 1000) */
  limit?: number;
}

export interface EventsRepository {
  /** Stores events not seen before (by messageId), all in one transaction. */
  insertEvents(events: readonly UsageEvent[]): Promise<InsertResult>;
  /** Events as stored, oldest first: for the CLI, the demo and tests. */
  findEvents(filter?: EventFilter): Promise<UsageEvent[]>;
  /** Records group calls; per user the call with the latest `at` wins (ties: the later call). */
  recordGroups(calls: readonly GroupCall[]): Promise<void>;
  /** userId → accountId from the latest group call, for the users that have one. */
  accountsForUsers(userIds: readonly string[]): Promise<Map<string, string>>;
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

export function eventsRepository(driver: Driver): EventsRepository {
  return {
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
    }
  };
}
