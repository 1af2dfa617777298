// The `postgres` pull source against the real PostgreSQL test server: a product table in a
// schema of its own, read into a store on the same server (another schema).
import { jest } from '@jest/globals';
import { Secret } from '../../worker/config/secret.js';
import type { PostgresSourceConfig } from '../../worker/config/schema.js';
import { postgresSource } from '../../worker/sources/postgres-source.js';
import { pullAll } from '../../worker/sources/pull-all.js';
import type { Store } from '../../worker/store/store.js';
import { createTestSchema, openTestStore, withTestPostgres, type TestStore } from '../store/backends.js';

jest.setTimeout(120_000);

const NOW = new Date('2026-05-01T12:00:00Z');

let test_: TestStore;
let store: Store;
let product: Awaited<ReturnType<typeof createTestSchema>>;

const QUERY = (schema: string) =>
  `SELECT account AS account_id, uid AS user_id, ev AS event, occurred_at AS timestamp, id AS message_id, props AS properties
   FROM ${schema}.usage_events WHERE occurred_at >= $1`;

async function insertRows(
  rows: [string, string, string | number | null, string, string, object | null][]
): Promise<void> {
  await withTestPostgres(async (client) => {
    for (const row of rows) {
      await client.query(
        `INSERT INTO ${product.schema}.usage_events (id, account, uid, ev, occurred_at, props) VALUES ($1, $2, $3, $4, $5, $6)`,
        [row[0], row[1], row[2] === null ? null : String(row[2]), row[3], row[4], row[5]]
      );
    }
  });
}

beforeAll(async () => {
  product = await createTestSchema();
  await withTestPostgres((client) =>
    client.query(`CREATE TABLE ${product.schema}.usage_events (
      id text PRIMARY KEY, account text, uid text, ev text, occurred_at timestamptz NOT NULL, props jsonb)`)
  );
  test_ = await openTestStore('postgres');
  store = test_.store;
});
afterAll(async () => {
  await test_?.dispose();
  await product?.drop();
});

function source(name: string, overrides: Partial<PostgresSourceConfig> = {}) {
  return postgresSource(
    {
      type: 'postgres',
      name,
      connectionStringEnv: 'PRODUCT_DB_URL',
      query: QUERY(product.schema),
      pageSize: 2,
      ...overrides
    },
    new Secret(product.url)
  );
}

test('imports page by page, rows sharing a timestamp included, and resumes after its cursor', async () => {
  await insertRows([
    ['e1', 'acme-pg', 'u1', 'report_created', '2026-04-01T10:00:00Z', { plan: 'pro' }],
    // three rows at one instant: the page boundary (2 rows a page) falls between them
    ['e2', 'acme-pg', 'u2', 'report_created', '2026-04-02T10:00:00Z', null],
    ['e3', 'acme-pg', 'u3', 'campaign_sent', '2026-04-02T10:00:00Z', null],
    ['e4', 'acme-pg', 42, 'campaign_sent', '2026-04-02T10:00:00Z', null],
    ['e5', 'acme-pg', null, 'campaign_sent', '2026-04-03T10:00:00Z', null]
  ]);
  const pg = source('product-db');
  expect(await pg.pull(store, NOW)).toEqual({
    source: 'product-db',
    inserted: 4,
    duplicates: 0,
    rejected: [
      {
        index: 4,
        reason: 'user_id: required',
        kind: 'invalid_shape',
        raw: expect.stringContaining('"message_id":"e5"')
      }
    ]
  });
  const stored = await store.findEvents({ accountId: 'acme-pg' });
  expect(stored.map((e) => [e.messageId, e.userId, e.name, e.timestamp])).toEqual([
    ['e1', 'u1', 'report_created', '2026-04-01T10:00:00.000Z'],
    ['e2', 'u2', 'report_created', '2026-04-02T10:00:00.000Z'],
    ['e3', 'u3', 'campaign_sent', '2026-04-02T10:00:00.000Z'],
    ['e4', '42', 'campaign_sent', '2026-04-02T10:00:00.000Z']
  ]);
  expect(stored[0]?.properties).toEqual({ plan: 'pro' });
  expect(JSON.parse((await store.getCursor('product-db')) ?? 'null')).toEqual({
    timestamp: '2026-04-03T10:00:00.000000Z',
    messageId: 'e5'
  });

  await insertRows([
    ['e6', 'acme-pg', 'u1', 'report_created', '2026-04-03T10:00:00Z', null], // same instant as the cursor, later id: read
    ['e0', 'acme-pg', 'u1', 'report_created', '2026-04-03T10:00:00Z', null], // same instant, earlier id: already passed
    ['e7', 'acme-pg', 'u1', 'report_created', '2026-04-04T10:00:00Z', null]
  ]);
  expect(await pg.pull(store, NOW)).toEqual({ source: 'product-db', inserted: 2, duplicates: 0, rejected: [] });
  expect((await store.findEvents({ accountId: 'acme-pg' })).map((e) => e.messageId)).toEqual([
    'e1',
    'e2',
    'e3',
    'e4',
    'e6',
    'e7'
  ]);
  // nothing new: one empty page
  expect(await pg.pull(store, NOW)).toEqual({ source: 'product-db', inserted: 0, duplicates: 0, rejected: [] });
});

test('a query without a required column is refused with the columns it returns', async () => {
  const pg = source('no-message-id', {
    query: `SELECT account AS account_id, uid AS user_id, ev AS event, occurred_at AS timestamp FROM ${product.schema}.usage_events WHERE occurred_at >= $1`
  });
  expect((await pg.pull(store, NOW)).error).toBe(
    'source "no-message-id": the query must return the columns account_id, user_id, event, timestamp, message_id; missing message_id (it returns account_id, user_id, event, timestamp)'
  );
});

test('a query that does not use $1 is refused before it runs', () => {
  expect(() => source('no-cursor', { query: `SELECT * FROM ${product.schema}.usage_events` })).toThrow(
    'source "no-cursor": the query must use $1, the newest timestamp already imported, e.g. WHERE occurred_at >= $1'
  );
});

test('a failing query or an unreachable server is the pull’s error, without the password', async () => {
  const broken = source('broken', { query: `SELECT * FROM ${product.schema}.no_such_table WHERE x >= $1` });
  expect((await broken.pull(store, NOW)).error).toMatch(
    /^source "broken": the query failed: relation ".+\.no_such_table" does not exist$/
  );

  const unreachable = postgresSource(
    { type: 'postgres', name: 'down', connectionStringEnv: 'X', query: QUERY(product.schema), pageSize: 10 },
    new Secret('postgres://reader:s3cr3t@127.0.0.1:1/product')
  );
  const result = await unreachable.pull(store, NOW);
  expect(result.error).toMatch(
    /^source "down": cannot connect to postgres:\/\/reader:\*\*\*@127\.0\.0\.1:1\/product: /
  );
  expect(result.error).not.toContain('s3cr3t');
});

test('pullAll runs every source, reporting a failing one without stopping the others', async () => {
  await insertRows([['all-1', 'pull-all', 'u1', 'report_created', '2026-04-10T10:00:00Z', null]]);
  const results = await pullAll(
    store,
    {
      sources: [
        {
          type: 'postgres',
          name: 'all-pg',
          connectionStringEnv: 'PRODUCT_DB_URL',
          query: QUERY(product.schema),
          pageSize: 100
        },
        { type: 'file', name: 'all-file', path: '/nonexistent/usage.jsonl' },
        {
          type: 'postgres',
          name: 'all-unset',
          connectionStringEnv: 'UNSET_URL',
          query: QUERY(product.schema),
          pageSize: 100
        }
      ],
      secrets: { sources: { 'all-pg': new Secret(product.url) } }
    },
    NOW
  );
  expect(results).toEqual([
    // a fresh cursor reads all 9 rows: e5 (5th in (timestamp, id) order) has no user; of the 8 valid,
    // e0 (skipped by product-db's cursor) and all-1 are new, the other 6 already stored
    {
      source: 'all-pg',
      inserted: 2,
      duplicates: 6,
      rejected: [
        {
          index: 5,
          reason: 'user_id: required',
          kind: 'invalid_shape',
          raw: expect.stringContaining('"message_id":"e5"')
        }
      ]
    },
    {
      source: 'all-file',
      inserted: 0,
      duplicates: 0,
      rejected: [],
      error: 'source "all-file": no file at /nonexistent/usage.jsonl'
    },
    { source: 'all-unset', inserted: 0, duplicates: 0, rejected: [], error: 'source "all-unset": UNSET_URL is not set' }
  ]);
});
