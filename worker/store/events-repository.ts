// Usage events and the user → account map from Segment group calls. An event whose account
// is not known yet (a track before its user's group call) is stored all the same, with no
// account: the metrics leave it out until a group call for its user fills the account in.
import { append, chunksOf } from '../core/lists.js';
import { isNpsScore } from '../core/satisfaction.js';
import type { ProductUser } from '../core/people.js';
import type { IsoDateTime, NpsAnswer, UsageEvent } from '../core/types.js';
import type { Driver, Queryable } from './driver.js';
import { markDirty } from './dirty-accounts-repository.js';
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

/** A Segment identify call: from `at` on, this user's email is `email` (null: none given). */
export interface IdentifyCall {
  userId: string;
  email: string | null;
  at: IsoDateTime;
}

/** Events stored without an account, and those among them that have waited long. */
export interface PendingEvents {
  /** every event waiting for its account */
  total: number;
  /** those received before `olderThan` */
  waiting: number;
  /** the users of the waiting events, most events first (at most `userLimit`) */
  users: { userId: string; events: number; since: IsoDateTime }[];
  /** how many users have waiting events in all */
  userCount: number;
}

export interface EventsRepository {
  /**
   * Stores events not seen before (by messageId), all in one transaction. An event without
   * an account takes its user's stored one, or waits for the user's group call.
   * `receivedAt` (default: the database's clock) dates the events' arrival. The accounts of
   * the events stored are marked dirty in the same transaction (dirty-accounts-repository.ts).
   */
  insertEvents(events: readonly UsageEvent[], receivedAt?: Date): Promise<InsertResult>;
  /** Events as stored, oldest first: for the CLI, the demo and tests. */
  findEvents(filter?: EventFilter): Promise<UsageEvent[]>;
  /**
   * Records group calls (per user the call with the latest `at` wins; ties: the later call)
   * and gives the users' waiting events their account. Returns how many events it resolved.
   */
  recordGroups(calls: readonly GroupCall[]): Promise<{ resolved: number }>;
  /**
   * Records identify calls: per user the one with the latest `at` wins (ties: the later call);
   * one without an email keeps the email known (clients often send a few traits at a time).
   */
  recordIdentities(calls: readonly IdentifyCall[]): Promise<void>;
  /**
   * The users of each account with events at or before `now`: their latest event, the UTC days
   * they were active in (now − 30 d, now], and the email of their latest identify call.
   */
  productUsers(accountIds: readonly string[], now: Date): Promise<Map<string, ProductUser[]>>;
  /** userId → accountId from the latest group call, for the users that have one. */
  accountsForUsers(userIds: readonly string[]): Promise<Map<string, string>>;
  /** The events waiting for an account, and which received before `olderThan` still wait. */
  pendingEvents(olderThan: Date, userLimit?: number): Promise<PendingEvents>;
  /**
   * NPS answers (DESIGN §9.2) by account: events named `eventName` of `accountIds` in
   * (from, to] whose `properties.score` is a number from 0 to 10, oldest first.
   */
  npsAnswers(accountIds: readonly string[], eventName: string, from: Date, to: Date): Promise<Map<string, NpsAnswer[]>>;
}

/**
 * Taken by every transaction that stores account-less events or records group calls, so a
 * group call committed while a batch of its user's tracks is being stored cannot miss them.
 */
const ACCOUNT_RESOLUTION_LOCK = 0x41636374; // "Acct"

async function insertChunk(tx: Queryable, events: readonly UsageEvent[], receivedAt: Date | null): Promise<number> {
  const rows = await tx.query(
    `INSERT INTO events (message_id, account_id, user_id, name, ts, properties, received_at)
     SELECT e.message_id, COALESCE(e.account_id, ua.account_id), e.user_id, e.name, e.ts, e.properties,
            COALESCE($7::timestamptz, now())
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
       AS e (message_id, account_id, user_id, name, ts, properties)
     LEFT JOIN user_accounts ua ON e.account_id IS NULL AND ua.user_id = e.user_id
     ON CONFLICT (message_id) DO NOTHING
     RETURNING account_id`,
    [
      events.map((e) => e.messageId),
      events.map((e) => e.accountId),
      events.map((e) => e.userId),
      events.map((e) => e.name),
      events.map((e) => e.timestamp),
      events.map((e) => (e.properties === null ? null : JSON.stringify(e.properties))),
      receivedAt
    ]
  );
  await markDirty(
    tx,
    rows.map((row) => row.account_id as string | null),
    receivedAt
  );
  return rows.length;
}

/**
 * The latest call per user, in user id order; among equal instants the later call in the
 * list wins. The order is the one every transaction locks the users' rows in, so batches
 * upserting the same users at once cannot deadlock on PostgreSQL.
 */
function latestPerUser<C extends { userId: string; at: IsoDateTime }>(calls: readonly C[]): C[] {
  const latest = new Map<string, C>();
  for (const call of calls) {
    const seen = latest.get(call.userId);
    if (!seen || Date.parse(call.at) >= Date.parse(seen.at)) latest.set(call.userId, call);
  }
  return [...latest.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

export function eventsRepository(driver: Driver): EventsRepository {
  return {
    async insertEvents(events, receivedAt) {
      if (events.length === 0) return { inserted: 0, duplicates: 0 };
      const inserted = await driver.transaction(async (tx) => {
        if (events.some((e) => e.accountId === null)) {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [ACCOUNT_RESOLUTION_LOCK]);
        }
        let count = 0;
        for (const chunk of chunksOf(events, INSERT_CHUNK)) count += await insertChunk(tx, chunk, receivedAt ?? null);
        return count;
      });
      return { inserted, duplicates: events.length - inserted };
    },

    async findEvents(filter = {}) {
      const rows = await driver.query<{
        message_id: string;
        account_id: string | null;
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
      if (calls.length === 0) return { resolved: 0 };
      const chosen = latestPerUser(calls);
      const userIds = chosen.map((c) => c.userId);
      return driver.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [ACCOUNT_RESOLUTION_LOCK]);
        await tx.query(
          `INSERT INTO user_accounts (user_id, account_id, grouped_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
           ON CONFLICT (user_id) DO UPDATE
             SET account_id = excluded.account_id, grouped_at = excluded.grouped_at, updated_at = now()
             WHERE excluded.grouped_at >= user_accounts.grouped_at`,
          [userIds, chosen.map((c) => c.accountId), chosen.map((c) => c.at)]
        );
        const resolved = await tx.query(
          `UPDATE events e SET account_id = ua.account_id
           FROM user_accounts ua
           WHERE e.account_id IS NULL AND e.user_id = ua.user_id COLLATE "C" AND ua.user_id = ANY($1::text[])
           RETURNING e.account_id`,
          [userIds]
        );
        // the events counted from now on: their accounts' values may change
        await markDirty(
          tx,
          resolved.map((row) => row.account_id as string),
          null
        );
        return { resolved: resolved.length };
      });
    },

    async accountsForUsers(userIds) {
      if (userIds.length === 0) return new Map();
      const rows = await driver.query<{ user_id: string; account_id: string }>(
        'SELECT user_id, account_id FROM user_accounts WHERE user_id = ANY($1::text[])',
        [[...new Set(userIds)]]
      );
      return new Map(rows.map((row) => [row.user_id, row.account_id]));
    },

    async recordIdentities(calls) {
      if (calls.length === 0) return;
      const chosen = latestPerUser(calls);
      await driver.query(
        `INSERT INTO user_identities (user_id, email, identified_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
         ON CONFLICT (user_id) DO UPDATE
           SET email = COALESCE(excluded.email, user_identities.email), identified_at = excluded.identified_at, updated_at = now()
         WHERE user_identities.identified_at <= excluded.identified_at`,
        [chosen.map((c) => c.userId), chosen.map((c) => c.email), chosen.map((c) => c.at)]
      );
    },

    async productUsers(accountIds, now) {
      const users = new Map<string, ProductUser[]>();
      if (accountIds.length === 0) return users;
      const rows = await driver.query<{
        account_id: string;
        user_id: string;
        last_ts: unknown;
        days: string[] | null;
        email: string | null;
      }>(
        `SELECT e.account_id, e.user_id, max(e.ts) AS last_ts,
                array_agg(DISTINCT to_char(e.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD'))
                  FILTER (WHERE e.ts > $2::timestamptz - interval '720 hours') AS days,
                min(i.email) AS email
         FROM events e LEFT JOIN user_identities i ON i.user_id = e.user_id
         WHERE e.account_id = ANY($1::text[]) AND e.ts <= $2
         GROUP BY e.account_id, e.user_id
         ORDER BY e.account_id, e.user_id COLLATE "C"`,
        [[...new Set(accountIds)], now.toISOString()]
      );
      for (const row of rows) {
        append(users, row.account_id, {
          userId: row.user_id,
          email: row.email,
          lastActivity: toIso(row.last_ts),
          activeDays30d: [...(row.days ?? [])].sort()
        });
      }
      return users;
    },

    async npsAnswers(accountIds, eventName, from, to) {
      const answers = new Map<string, NpsAnswer[]>();
      if (accountIds.length === 0) return answers;
      const rows = await driver.query<{ account_id: string; user_id: string; ts: unknown; score: unknown }>(
        `SELECT account_id, user_id, ts, properties->'score' AS score FROM events
         WHERE account_id = ANY($1::text[]) AND name = $2 AND ts > $3 AND ts <= $4
           AND jsonb_typeof(properties->'score') = 'number'
         ORDER BY ts, message_id COLLATE "C"`,
        [[...new Set(accountIds)], eventName, from.toISOString(), to.toISOString()]
      );
      for (const row of rows) {
        // ingestion refuses other scores; events stored before npsEvent named them may hold any
        if (!isNpsScore(row.score)) continue;
        append(answers, row.account_id, { userId: row.user_id, at: toIso(row.ts), score: Number(row.score) });
      }
      return answers;
    },

    async pendingEvents(olderThan, userLimit = 10) {
      const [counts] = await driver.query<{ total: string; waiting: string; users: string }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE received_at < $1) AS waiting,
                count(DISTINCT user_id) FILTER (WHERE received_at < $1) AS users
         FROM events WHERE account_id IS NULL`,
        [olderThan]
      );
      const users =
        Number(counts?.waiting ?? 0) === 0
          ? []
          : await driver.query<{ user_id: string; events: string; since: unknown }>(
              `SELECT user_id, count(*) AS events, min(received_at) AS since
               FROM events WHERE account_id IS NULL AND received_at < $1
               GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT $2`,
              [olderThan, userLimit]
            );
      return {
        total: Number(counts?.total ?? 0),
        waiting: Number(counts?.waiting ?? 0),
        users: users.map((row) => ({ userId: row.user_id, events: Number(row.events), since: toIso(row.since) })),
        userCount: Number(counts?.users ?? 0)
      };
    }
  };
}
