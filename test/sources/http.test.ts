// The `http` pull source against a nock'ed third-party usage API (no real network).
import { jest } from '@jest/globals';
import nock from 'nock';
import { Secret } from '../../worker/config/secret.js';
import type { HttpSourceConfig } from '../../worker/config/schema.js';
import { httpSource } from '../../worker/sources/http-source.js';
import type { Store } from '../../worker/store/store.js';
import { openTestStore, type TestStore } from '../store/backends.js';

jest.setTimeout(120_000);

const NOW = new Date('2026-05-01T12:00:00Z');
const API = 'https://usage.example.com';
const TOKEN = 'tok_live_abcdef123456';
const fast = { retryDelaysMs: [1, 1, 1] };

let test_: TestStore;
let store: Store;
beforeAll(async () => {
  nock.disableNetConnect();
  test_ = await openTestStore('embedded');
  store = test_.store;
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await test_?.dispose();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

function config(name: string, overrides: Partial<HttpSourceConfig> = {}): HttpSourceConfig {
  return { type: 'http', name, url: `${API}/v2/events`, tokenEnv: 'USAGE_API_TOKEN', pageSize: 2, ...overrides };
}
const event = (accountId: string, messageId: string, extra: Record<string, unknown> = {}) => ({
  accountId,
  userId: 'u1',
  name: 'report_created',
  timestamp: '2026-04-20T10:00:00Z',
  messageId,
  ...extra
});
const api = () => nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

test('pages through the endpoint by cursor, saving the cursor after each committed page', async () => {
  api()
    .get('/v2/events')
    .query({ limit: '2' })
    .reply(200, { events: [event('hp', 'hp-1'), event('hp', 'hp-2')], nextCursor: 'c2' })
    .get('/v2/events')
    .query({ cursor: 'c2', limit: '2' })
    .reply(200, { events: [event('hp', 'hp-3'), event('hp', 'hp-4', { timestamp: 'never' })], nextCursor: 'c3' })
    .get('/v2/events')
    .query({ cursor: 'c3', limit: '2' })
    .reply(200, { events: [event('hp', 'hp-5')], nextCursor: null });
  const source = httpSource(config('usage-api'), new Secret(TOKEN), fast);
  expect(await source.pull(store, NOW)).toEqual({
    source: 'usage-api',
    inserted: 4,
    duplicates: 0,
    rejected: [
      {
        index: 3,
        reason: 'timestamp: expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got "never"',
        kind: 'bad_timestamp',
        raw: '{"accountId":"hp","userId":"u1","name":"report_created","timestamp":"never","messageId":"hp-4"}'
      }
    ]
  });
  expect(await store.getCursor('usage-api')).toBe('c3');
  expect((await store.findEvents({ accountId: 'hp' })).map((e) => e.messageId)).toEqual([
    'hp-1',
    'hp-2',
    'hp-3',
    'hp-5'
  ]);

  // the next run starts from the saved cursor; a page seen before only counts duplicates
  api()
    .get('/v2/events')
    .query({ cursor: 'c3', limit: '2' })
    .reply(200, { events: [event('hp', 'hp-5'), event('hp', 'hp-6')], nextCursor: 'c3' });
  expect(await source.pull(store, NOW)).toEqual({ source: 'usage-api', inserted: 1, duplicates: 1, rejected: [] });
});

test('retries 503 and network errors with backoff, then succeeds', async () => {
  api()
    .get('/v2/events')
    .query({ limit: '2' })
    .reply(503, 'down for maintenance')
    .get('/v2/events')
    .query({ limit: '2' })
    .replyWithError('socket hang up')
    .get('/v2/events')
    .query({ limit: '2' })
    .reply(200, { events: [event('retry', 'r-1')] });
  const result = await httpSource(config('retrying'), new Secret(TOKEN), fast).pull(store, NOW);
  expect(result).toEqual({ source: 'retrying', inserted: 1, duplicates: 0, rejected: [] });
});

test('gives up after the last retry, naming the status and the URL', async () => {
  api().get('/v2/events').query({ limit: '2' }).times(4).reply(502);
  const result = await httpSource(config('flaky'), new Secret(TOKEN), fast).pull(store, NOW);
  expect(result.error).toBe(`source "flaky": GET ${API}/v2/events?limit=2 answered 502 Bad Gateway, after 4 attempts`);
});

test('a 4xx stops at once with the status, the URL and the variable to check, never the token', async () => {
  api().get('/v2/events').query({ limit: '2' }).reply(401, { error: 'invalid token' });
  const result = await httpSource(config('locked'), new Secret(TOKEN), fast).pull(store, NOW);
  expect(result).toEqual({
    source: 'locked',
    inserted: 0,
    duplicates: 0,
    rejected: [],
    error: `source "locked": GET ${API}/v2/events?limit=2 answered 401 Unauthorized; check the token in USAGE_API_TOKEN`
  });
  expect(JSON.stringify(result)).not.toContain(TOKEN);
});

test('pages committed before a failure stay stored, and the next run resumes from their cursor', async () => {
  api()
    .get('/v2/events')
    .query({ limit: '2' })
    .reply(200, { events: [event('resume', 'rs-1')], nextCursor: 'p2' })
    .get('/v2/events')
    .query({ cursor: 'p2', limit: '2' })
    .reply(404);
  const source = httpSource(config('resuming'), new Secret(TOKEN), fast);
  const result = await source.pull(store, NOW);
  expect(result).toMatchObject({
    inserted: 1,
    error: `source "resuming": GET ${API}/v2/events?cursor=p2&limit=2 answered 404 Not Found`
  });
  expect(await store.getCursor('resuming')).toBe('p2');
});

test('an answer that is not the expected JSON is an error', async () => {
  api().get('/v2/events').query({ limit: '2' }).reply(200, '<html>login</html>', { 'content-type': 'text/html' });
  expect((await httpSource(config('html'), new Secret(TOKEN), fast).pull(store, NOW)).error).toBe(
    `source "html": GET ${API}/v2/events?limit=2 answered 200 with a body that is not JSON`
  );
  api().get('/v2/events').query({ limit: '2' }).reply(200, { data: [] });
  expect((await httpSource(config('shape'), new Secret(TOKEN), fast).pull(store, NOW)).error).toBe(
    `source "shape": GET ${API}/v2/events?limit=2 answered without an "events" array; expected {"events": [...], "nextCursor": "..."}`
  );
});

test('an endpoint without a token gets no Authorization header', async () => {
  nock(API, { badheaders: ['authorization'] })
    .get('/open')
    .query({ limit: '500' })
    .reply(200, { events: [event('open', 'o-1')] });
  const result = await httpSource(
    config('open', { url: `${API}/open`, tokenEnv: undefined, pageSize: 500 }),
    undefined,
    fast
  ).pull(store, NOW);
  expect(result.inserted).toBe(1);
});
