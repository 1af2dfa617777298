// `postgres` source: the user's SQL against the product database or warehouse, given the
// cursor as $1, returning account_id, user_id, event, timestamp, message_id (and optionally
// properties, JSON).
//
// Cursor: the (timestamp, message_id) of the last row imported, saved as JSON. $1 is its
// timestamp (1970-01-01T00:00:00Z at first), so the query narrows to rows at or after it
// (`WHERE occurred_at >= $1`); Cairn pages through those rows in (timestamp, message_id)
// order, `pageSize` at a time, starting after the cursor, so rows sharing a timestamp are
// neither lost nor read twice. Rows inserted later with an older timestamp are not seen:
// point the query at an append-only time column.
import pg from 'pg';
import { maskUrlPassword, type Secret } from '../config/secret.js';
import type { PostgresSourceConfig } from '../config/schema.js';
import { validateEvent, type UsageEvent } from '../ingest/event.js';
import type { Store } from '../store/store.js';
import { addCounts, collectPull, sourceRejection, type PullResult, type PullSource } from './source.js';

export const REQUIRED_COLUMNS = ['account_id', 'user_id', 'event', 'timestamp', 'message_id'] as const;

interface Cursor {
  timestamp: string;
  messageId: string;
}

const START: Cursor = { timestamp: '1970-01-01T00:00:00.000000Z', messageId: '' };

interface SourceRow {
  account_id: string | null;
  user_id: string | null;
  event: string | null;
  timestamp: string | null;
  message_id: string | null;
  properties?: unknown;
}

function readCursor(saved: string | null): Cursor {
  if (saved === null) return START;
  const parsed = JSON.parse(saved) as Partial<Cursor>;
  return { timestamp: parsed.timestamp ?? START.timestamp, messageId: parsed.messageId ?? START.messageId };
}

export function postgresSource(config: PostgresSourceConfig, connectionString: Secret): PullSource {
  const label = `source "${config.name}"`;
  if (!/\$1(?!\d)/.test(config.query)) {
    throw new Error(
      `${label}: the query must use $1, the newest timestamp already imported, e.g. WHERE occurred_at >= $1`
    );
  }
  const inner = config.query.trim().replace(/;\s*$/, '');

  return {
    name: config.name,
    pull: (store: Store, now: Date, npsEvent?: string): Promise<PullResult> =>
      collectPull(config.name, async (result) => {
        const client = new pg.Client({ connectionString: connectionString.reveal(), connectionTimeoutMillis: 10_000 });
        try {
          await client.connect();
        } catch (error) {
          throw new Error(
            `${label}: cannot connect to ${maskUrlPassword(connectionString.reveal())}: ${(error as Error).message}`
          );
        }
        try {
          let cursor = readCursor(await store.getCursor(config.name));
          const probe = await client
            .query(`SELECT * FROM (${inner}) AS src LIMIT 0`, [cursor.timestamp])
            .catch((error: Error) => {
              throw new Error(`${label}: the query failed: ${error.message}`);
            });
          const columns = probe.fields.map((f) => f.name);
          const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
          if (missing.length > 0) {
            throw new Error(
              `${label}: the query must return the columns ${REQUIRED_COLUMNS.join(', ')}; missing ${missing.join(', ')} (it returns ${columns.join(', ') || 'no columns'})`
            );
          }
          const properties = columns.includes('properties') ? ', src.properties' : '';
          // byte-wise ("C") order of message ids, so paging does not depend on the database's collation
          const page = `SELECT src.account_id::text AS account_id, src.user_id::text AS user_id, src.event::text AS event,
                        to_char(src."timestamp"::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "timestamp",
                        src.message_id::text AS message_id${properties}
                      FROM (${inner}) AS src
                      WHERE (src."timestamp"::timestamptz, src.message_id::text COLLATE "C") > ($2::timestamptz, $3::text COLLATE "C")
                      ORDER BY src."timestamp"::timestamptz, src.message_id::text COLLATE "C"
                      LIMIT $4`;
          let seen = 0;
          for (;;) {
            const { rows } = await client
              .query<SourceRow>(page, [cursor.timestamp, cursor.timestamp, cursor.messageId, config.pageSize])
              .catch((error: Error) => {
                throw new Error(`${label}: the query failed: ${error.message}`);
              });
            const events: UsageEvent[] = [];
            for (const row of rows) {
              const checked = validateEvent(
                {
                  accountId: row.account_id ?? undefined,
                  userId: row.user_id ?? undefined,
                  name: row.event ?? undefined,
                  timestamp: row.timestamp ?? undefined,
                  messageId: row.message_id ?? undefined,
                  properties: row.properties
                },
                {
                  now,
                  labels: { accountId: 'account_id', userId: 'user_id', name: 'event', messageId: 'message_id' },
                  npsEvent
                }
              );
              if (checked.ok) events.push(checked.event);
              else result.rejected.push(sourceRejection({ index: seen }, checked, row));
              seen++;
            }
            addCounts(result, await store.insertEvents(events, now));
            const last = rows.at(-1);
            if (last?.timestamp && last.message_id !== null) {
              cursor = { timestamp: last.timestamp, messageId: last.message_id };
              await store.setCursor(config.name, JSON.stringify(cursor));
            }
            if (rows.length < config.pageSize) return;
          }
        } finally {
          await client.end().catch(() => undefined);
        }
      })
  };
}
