// Segment-compatible ingestion over real HTTP (fetch to a listening server), on both store
// backends: auth, every bad-input rule of DESIGN §3, partial batches, duplicates, group
// resolution and hostile payloads.
import { gzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import type { Store } from '../../worker/store/store.js';
import { BACKENDS, openTestStore, type TestStore } from '../store/backends.js';
import { basicAuth, counter, startServer, WRITE_KEY, type TestServer } from './worker-server.js';

jest.setTimeout(120_000);

const NOW = new Date('2026-05-01T12:00:00Z');

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

let sequence = 0;
const id = (prefix: string) => `${prefix}-${++sequence}`;

function track(accountId: string | undefined, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'track',
    userId: 'u1',
    event: 'report_created',
    timestamp: '2026-04-20T10:00:00.000Z',
    messageId: id('msg'),
    ...(accountId === undefined ? {} : { context: { groupId: accountId } }),
    ...overrides
  };
}

describe.each(BACKENDS)('Segment ingestion over HTTP, %s store', (backend) => {
  let test_: TestStore;
  let store: Store;
  let server: TestServer;

  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const stored = async (accountId: string) => store.findEvents({ accountId });

  beforeAll(async () => {
    test_ = await openTestStore(backend);
    store = test_.store;
    server = await startServer(store, { now: () => NOW });
  });
  afterAll(async () => {
    await server?.close();
    await test_?.dispose();
  });

  describe('service endpoints', () => {
    test('GET /healthz answers ok', async () => {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    test('GET /readyz checks the store, and any added check, with the reason when one fails', async () => {
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ready',
        checks: [
          { name: 'store', ok: true },
          { name: 'events', ok: true }
        ]
      });

      const failing = await startServer(store, {
        checks: [{ name: 'salesforce', check: () => Promise.reject(new Error('INVALID_SESSION_ID: Session expired')) }]
      });
      try {
        const bad = await fetch(`${failing.url}/readyz`);
        expect(bad.status).toBe(503);
        expect(await bad.json()).toEqual({
          status: 'unavailable',
          checks: [
            { name: 'store', ok: true },
            { name: 'events', ok: true },
            { name: 'salesforce', ok: false, reason: 'INVALID_SESSION_ID: Session expired' }
          ]
        });
      } finally {
        await failing.close();
      }
    });

    test('GET /metrics serves every DESIGN §5.3 metric as Prometheus text', async () => {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      for (const name of [
        'cairn_events_ingested_total',
        'cairn_events_duplicate_total',
        'cairn_events_rejected_total',
        'cairn_events_pending_account',
        'cairn_sync_runs_total',
        'cairn_sync_records_written_total',
        'cairn_sync_failed_rows_total',
        'cairn_salesforce_api_calls_total',
        'cairn_sync_duration_seconds'
      ]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
    });

    test('an unknown route answers 404 in JSON', async () => {
      const response = await fetch(`${server.url}/v2/track`, { method: 'POST' });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'no route for POST /v2/track' });
    });
  });

  describe('auth', () => {
    test('a missing, wrong or non-Basic write key gets 401 and stores nothing', async () => {
      const account = id('auth');
      for (const authorization of ['', basicAuth('wrong-key'), `Bearer ${WRITE_KEY}`, basicAuth(`${WRITE_KEY}x`)]) {
        const reply = await post('/v1/batch', { batch: [track(account)] }, { authorization });
        expect(reply).toEqual({
          status: 401,
          body: {
            success: false,
            error:
              'bad or missing write key: send HTTP Basic auth with the write key as the user name and an empty password'
          }
        });
      }
      expect(await stored(account)).toEqual([]);
    });

    test('the write key as user name is accepted, with or without the colon', async () => {
      const account = id('auth-ok');
      expect((await post('/v1/batch', { batch: [track(account)] })).status).toBe(200);
      const noColon = `Basic ${Buffer.from(WRITE_KEY).toString('base64')}`;
      expect((await post('/v1/batch', { batch: [track(account)] }, { authorization: noColon })).status).toBe(200);
      expect(await stored(account)).toHaveLength(2);
    });

    test('without CAIRN_WRITE_KEY ingestion answers 503 and says how to open it', async () => {
      const closed = await startServer(store, { writeKey: null, now: () => NOW });
      try {
        const account = id('closed');
        const response = await fetch(`${closed.url}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: basicAuth() },
          body: JSON.stringify({ batch: [track(account)] })
        });
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({
          success: false,
          error:
            'ingestion is closed: set CAIRN_WRITE_KEY to the write key your Segment clients send, then restart the worker'
        });
        expect(await stored(account)).toEqual([]);
      } finally {
        await closed.close();
      }
    });
  });

  describe('whole-request refusals store nothing', () => {
    test('unparseable JSON gets 400', async () => {
      const account = id('broken');
      const text = JSON.stringify({ batch: [track(account), track(account)] });
      const reply = await post('/v1/batch', text.slice(0, -5));
      expect(reply.status).toBe(400);
      expect(reply.body.success).toBe(false);
      expect(reply.body.error).toMatch(/^request body is not valid JSON \(.+\); nothing was stored$/);
      expect(await stored(account)).toEqual([]);
    });

    test('a body over the limit gets 413', async () => {
      const account = id('big');
      // 600 events of about 1 KB each: over 512,000 bytes in total, every event valid on its own
      const batch = Array.from({ length: 600 }, () => track(account, { properties: { padding: 'x'.repeat(1000) } }));
      const reply = await post('/v1/batch', { batch });
      expect(reply).toEqual({
        status: 413,
        body: {
          success: false,
          error: 'request body is over the 512000-byte limit; nothing was stored. Send smaller batches'
        }
      });
      expect(await stored(account)).toEqual([]);
    });

    test('the limit is configurable, and counts the inflated size of a gzip body', async () => {
      const small = await startServer(store, { now: () => NOW, maxBodyBytes: 2000 });
      try {
        const account = id('gz');
        const body = JSON.stringify({ batch: [track(account, { properties: { padding: 'y'.repeat(3000) } })] });
        const response = await fetch(`${small.url}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: basicAuth() },
          body: gzipSync(body)
        });
        expect(response.status).toBe(413);
        const okBody = JSON.stringify({ batch: [track(account)] });
        const ok = await fetch(`${small.url}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: basicAuth() },
          body: gzipSync(okBody)
        });
        expect(ok.status).toBe(200);
        expect(await stored(account)).toHaveLength(1);
      } finally {
        await small.close();
      }
    });

    test('a body that is not an object with a batch array gets 400', async () => {
      const expected = {
        status: 400,
        body: { success: false, error: 'expected a JSON object with a "batch" array of Segment messages' }
      };
      expect(await post('/v1/batch', [track('x')])).toEqual(expected);
      expect(await post('/v1/batch', { batch: 'track' })).toEqual(expected);
      expect(await post('/v1/batch', { messages: [] })).toEqual(expected);
      expect(await post('/v1/batch', '')).toEqual(expected);
      expect((await post('/v1/batch', 'null')).status).toBe(400);
      expect((await post('/v1/batch', '"just a string"')).status).toBe(400);
    });
  });

  describe('batches', () => {
    test('store the valid events, list the rejected ones with their index and reason, and keep them with their kind', async () => {
      const keptBefore = (await store.listRejections(new Date(0))).length;
      const account = id('partial');
      const valid = [
        track(account, { messageId: 'p-ok-1' }),
        track(account, { messageId: 'p-ok-2', userId: 'u2', event: 'campaign_sent' })
      ];
      const reply = await post('/v1/batch', {
        batch: [
          valid[0],
          track(account, { userId: undefined, anonymousId: 'anon-1' }),
          track(account, { timestamp: 'last tuesday' }),
          'not a message',
          track(account, { event: undefined }),
          { ...track(account), type: 'page', name: 'Home' },
          track(account, { messageId: undefined }),
          track(undefined, { userId: 'nobody-grouped' }),
          valid[1],
          { ...track(account), type: 'purchase' }
        ]
      });
      expect(reply).toEqual({
        status: 200,
        body: {
          success: true,
          rejected: [
            {
              index: 1,
              reason:
                'userId: required; Cairn ties usage to known users, so anonymous calls (anonymousId only) are not stored'
            },
            {
              index: 2,
              reason: 'timestamp: expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got "last tuesday"'
            },
            { index: 3, reason: 'expected a Segment message (a JSON object)' },
            { index: 4, reason: 'event: required' },
            { index: 5, reason: 'page calls are not stored; Cairn counts track events (use analytics.track)' },
            { index: 6, reason: 'messageId: required' },
            { index: 9, reason: 'type: expected "track", "identify" or "group", got "purchase"' }
          ]
        }
      });
      expect((await stored(account)).map((e) => [e.messageId, e.userId, e.name])).toEqual([
        ['p-ok-1', 'u1', 'report_created'],
        ['p-ok-2', 'u2', 'campaign_sent']
      ]);
      // a track of a user with no group call is stored, waiting for its account
      expect((await store.findEvents({ userId: 'nobody-grouped' })).map((e) => e.accountId)).toEqual([null]);

      const kept = (await store.listRejections(new Date(0))).slice(keptBefore);
      expect(kept.map((r) => [r.via, r.kind, r.receivedAt])).toEqual([
        ['segment', 'unsupported', NOW.toISOString()],
        ['segment', 'bad_timestamp', NOW.toISOString()],
        ['segment', 'invalid_shape', NOW.toISOString()],
        ['segment', 'invalid_shape', NOW.toISOString()],
        ['segment', 'unsupported', NOW.toISOString()],
        ['segment', 'invalid_shape', NOW.toISOString()],
        ['segment', 'invalid_shape', NOW.toISOString()]
      ]);
      expect(kept[1]?.reason).toBe(
        'timestamp: expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got "last tuesday"'
      );
      expect(JSON.parse(kept[1]?.raw ?? '')).toMatchObject({ type: 'track', timestamp: 'last tuesday' });
      expect(kept[2]?.raw).toBe('not a message');
      expect(
        (await server.metrics.registry.getSingleMetricAsString('cairn_events_rejected_total')).split('\n').slice(2)
      ).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^cairn_events_rejected_total\{reason="invalid_shape"\} \d+$/),
          expect.stringMatching(/^cairn_events_rejected_total\{reason="bad_timestamp"\} \d+$/),
          expect.stringMatching(/^cairn_events_rejected_total\{reason="unsupported"\} \d+$/),
          'cairn_events_rejected_total{reason="too_large"} 0'
        ])
      );
    });

    test('an all-valid batch answers plain success, and an empty batch is fine', async () => {
      const account = id('clean');
      expect(await post('/v1/batch', { batch: [track(account), track(account)] })).toEqual({
        status: 200,
        body: { success: true }
      });
      expect(await post('/v1/batch', { batch: [] })).toEqual({ status: 200, body: { success: true } });
      expect(await stored(account)).toHaveLength(2);
    });

    test('a repeated messageId is stored once, within a batch and across requests, and counted', async () => {
      const server2 = await startServer(store, { now: () => NOW });
      try {
        const account = id('dup');
        const first = track(account, { messageId: 'dup-1' });
        const send = (batch: unknown[]) =>
          fetch(`${server2.url}/v1/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: basicAuth() },
            body: JSON.stringify({ batch })
          });
        expect((await send([first, first, track(account, { messageId: 'dup-2' })])).status).toBe(200);
        expect((await send([first, track(account, { messageId: 'dup-2' }), { bad: true }])).status).toBe(200);
        expect((await stored(account)).map((e) => e.messageId)).toEqual(['dup-1', 'dup-2']);
        // stored: dup-1, dup-2; skipped: dup-1 (same batch), dup-1 and dup-2 (second request); rejected: { bad: true }
        expect(await counter(server2.metrics, 'cairn_events_ingested_total')).toBe(2);
        expect(await counter(server2.metrics, 'cairn_events_duplicate_total')).toBe(3);
        expect(await counter(server2.metrics, 'cairn_events_rejected_total')).toBe(1);
      } finally {
        await server2.close();
      }
    });

    test('the batch context applies to each message, and a message’s own context wins', async () => {
      const account = id('ctx');
      const other = id('ctx-other');
      await post('/v1/batch', {
        context: { groupId: account },
        batch: [
          { type: 'track', userId: 'cu', event: 'a', timestamp: '2026-04-20T10:00:00Z', messageId: id('c') },
          {
            type: 'track',
            userId: 'cu',
            event: 'b',
            timestamp: '2026-04-20T10:00:00Z',
            messageId: id('c'),
            context: { groupId: other }
          }
        ]
      });
      expect((await stored(account)).map((e) => e.name)).toEqual(['a']);
      expect((await stored(other)).map((e) => e.name)).toEqual(['b']);
    });
  });

  describe('NPS answers (satisfaction.npsEvent, DESIGN §9.2)', () => {
    test('an NPS track without a score from 0 to 10 is refused with why; the rest of the batch is kept', async () => {
      const account = id('nps');
      const answer = (score: unknown, messageId: string) =>
        track(account, { event: 'nps_submitted', messageId, properties: score === undefined ? {} : { score } });
      const reply = await post('/v1/batch', {
        batch: [
          answer(0, 'nps-0'),
          answer('ten', 'nps-text'),
          answer(10, 'nps-10'),
          answer(11, 'nps-11'),
          answer(undefined, 'nps-none'),
          answer(7.5, 'nps-7.5'),
          answer(-1, 'nps-negative'),
          track(account, { messageId: 'nps-other', properties: { score: 'any' } })
        ]
      });
      const why = (got: string) =>
        `properties.score: "nps_submitted" is an NPS answer and needs a number from 0 to 10, got ${got}`;
      expect(reply).toEqual({
        status: 200,
        body: {
          success: true,
          rejected: [
            { index: 1, reason: why('"ten"') },
            { index: 3, reason: why('11') },
            { index: 4, reason: why('none') },
            { index: 6, reason: why('-1') }
          ]
        }
      });
      expect((await stored(account)).map((e) => e.messageId).sort()).toEqual(
        ['nps-0', 'nps-10', 'nps-7.5', 'nps-other'].sort()
      );
      const kept = (await store.listRejections(new Date(0))).filter((r) => r.raw.includes(account));
      expect(kept.map((r) => [r.kind, r.reason])).toEqual(
        expect.arrayContaining([
          ['invalid_shape', why('"ten"')],
          ['invalid_shape', why('11')]
        ])
      );
      expect(kept).toHaveLength(4);
    });

    test('the event name comes from the configuration', async () => {
      const custom = await startServer(store, { now: () => NOW, npsEvent: 'survey_answered' });
      try {
        const account = id('nps-custom');
        const response = await fetch(`${custom.url}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: basicAuth() },
          body: JSON.stringify({
            batch: [
              track(account, { event: 'survey_answered', messageId: id('s'), properties: { score: 'great' } }),
              track(account, { event: 'nps_submitted', messageId: id('s'), properties: { score: 'great' } })
            ]
          })
        });
        const body = (await response.json()) as { rejected: { index: number }[] };
        expect(body.rejected.map((r) => r.index)).toEqual([0]);
      } finally {
        await custom.close();
      }
    });
  });

  describe('accounts from group calls', () => {
    test('a track without context.groupId takes the account of the user’s latest group call', async () => {
      const user = id('user');
      const [acme, globex] = [id('acme'), id('globex')];
      await post('/v1/group', { userId: user, groupId: acme, timestamp: '2026-04-01T00:00:00Z', messageId: id('g') });
      await post('/v1/track', track(undefined, { userId: user, messageId: 'grp-1' }));
      await post('/v1/batch', {
        batch: [
          track(undefined, { userId: user, messageId: 'grp-2' }), // before this batch's group call: the stored account
          { type: 'group', userId: user, groupId: globex, timestamp: '2026-04-10T00:00:00Z', messageId: id('g') },
          track(undefined, { userId: user, messageId: 'grp-3' }) // after it: the new account
        ]
      });
      await post('/v1/track', track(undefined, { userId: user, messageId: 'grp-4' }));
      expect((await stored(acme)).map((e) => e.messageId)).toEqual(['grp-1', 'grp-2']);
      expect((await stored(globex)).map((e) => e.messageId)).toEqual(['grp-3', 'grp-4']);
    });

    test('a user’s first track may come before its group call in the same batch', async () => {
      const user = id('newcomer');
      const account = id('signup');
      const reply = await post('/v1/batch', {
        batch: [
          track(undefined, { userId: user, event: 'signed_up', messageId: id('s') }),
          { type: 'group', userId: user, groupId: account, messageId: id('g') }
        ]
      });
      expect(reply).toEqual({ status: 200, body: { success: true } });
      expect((await stored(account)).map((e) => e.name)).toEqual(['signed_up']);
    });

    test('group and identify calls are checked', async () => {
      expect(await post('/v1/group', { userId: 'u', messageId: id('g') })).toEqual({
        status: 400,
        body: { success: false, error: 'groupId: required' }
      });
      expect(await post('/v1/group', { anonymousId: 'a', groupId: 'x', messageId: id('g') })).toEqual({
        status: 400,
        body: {
          success: false,
          error:
            'userId: required; Cairn ties usage to known users, so anonymous calls (anonymousId only) are not stored'
        }
      });
      expect(await post('/v1/identify', { userId: 'u', traits: { email: 'a@b.c' }, messageId: id('i') })).toEqual({
        status: 200,
        body: { success: true }
      });
      expect(await post('/v1/identify', { traits: {}, messageId: id('i') })).toEqual({
        status: 400,
        body: { success: false, error: 'userId: required' }
      });
    });
  });

  describe('identify calls (DESIGN §9.2)', () => {
    test('keep the email of each user’s latest identify; a bad email is refused, the rest of the batch kept', async () => {
      const account = id('ident');
      const identify = (userId: string, traits: unknown, timestamp: string) => ({
        type: 'identify',
        userId,
        traits,
        timestamp,
        messageId: id('i')
      });
      const reply = await post('/v1/batch', {
        batch: [
          identify('id-ann', { email: 'Ann@Acme.example', name: 'Ann' }, '2026-04-01T10:00:00Z'),
          identify('id-ann', { email: 'ann.lee@acme.example' }, '2026-04-02T10:00:00Z'), // later: wins
          identify('id-ann', { email: 'old@acme.example' }, '2026-03-01T10:00:00Z'), // older: ignored
          identify('id-bo', { email: 'not an email' }, '2026-04-01T10:00:00Z'),
          identify('id-bo', { email: 42 }, '2026-04-01T10:00:00Z'),
          identify('id-cy', 'traits', '2026-04-01T10:00:00Z'),
          identify('id-di', {}, '2026-04-01T10:00:00Z'), // no email: kept, as none
          track(account, { userId: 'id-ann', messageId: id('t') }),
          track(account, { userId: 'id-di', messageId: id('t') })
        ]
      });
      expect(reply).toEqual({
        status: 200,
        body: {
          success: true,
          rejected: [
            { index: 3, reason: 'traits.email: expected an email address, got "not an email"' },
            { index: 4, reason: 'traits.email: expected an email address, got 42' },
            { index: 5, reason: 'traits: expected an object' }
          ]
        }
      });
      const users = await store.productUsers([account], NOW);
      expect(users.get(account)?.map((u) => [u.userId, u.email])).toEqual([
        ['id-ann', 'ann.lee@acme.example'],
        ['id-di', null]
      ]);
    });
  });

  describe('single track calls', () => {
    test('store a valid event; an invalid one gets 400 with the reason', async () => {
      const account = id('single');
      expect(await post('/v1/track', track(account, { messageId: 'single-1' }))).toEqual({
        status: 200,
        body: { success: true }
      });
      expect(await post('/v1/track', track(account, { event: '' }))).toEqual({
        status: 400,
        body: { success: false, error: 'event: expected the event name as a non-empty string' }
      });
      expect(await post('/v1/track', [track(account)])).toEqual({
        status: 400,
        body: { success: false, error: 'expected a JSON object: one Segment track message' }
      });
      expect((await stored(account)).map((e) => e.messageId)).toEqual(['single-1']);
    });
  });

  describe('timestamps', () => {
    test('a missing timestamp becomes receivedAt, else the request time; bad or far-future ones are rejected', async () => {
      const account = id('ts');
      const reply = await post('/v1/batch', {
        batch: [
          track(account, { timestamp: undefined, messageId: 'ts-now' }),
          track(account, { timestamp: undefined, receivedAt: '2026-04-30T08:00:00Z', messageId: 'ts-received' }),
          track(account, { timestamp: '2026-04-30T10:00:00+02:00', messageId: 'ts-offset' }),
          track(account, { timestamp: '2026-05-03T00:00:00Z', messageId: 'ts-future' })
        ]
      });
      expect(reply.body.rejected).toEqual([
        {
          index: 3,
          reason:
            'timestamp: 2026-05-03T00:00:00.000Z is more than a day after now (2026-05-01T12:00:00.000Z); check the clock or the units'
        }
      ]);
      expect((await stored(account)).map((e) => [e.messageId, e.timestamp])).toEqual([
        // same instant: ordered by message id
        ['ts-offset', '2026-04-30T08:00:00.000Z'],
        ['ts-received', '2026-04-30T08:00:00.000Z'],
        ['ts-now', '2026-05-01T12:00:00.000Z']
      ]);
    });
  });

  describe('hostile payloads', () => {
    test('JSON sent with another content type is still read as JSON; a form body is refused', async () => {
      const account = id('ctype');
      const asText = await post('/v1/batch', JSON.stringify({ batch: [track(account)] }), {
        'content-type': 'text/plain'
      });
      expect(asText).toEqual({ status: 200, body: { success: true } });
      const form = await post('/v1/batch', 'batch=track&userId=u1', {
        'content-type': 'application/x-www-form-urlencoded'
      });
      expect(form.status).toBe(400);
      expect(await stored(account)).toHaveLength(1);
    });

    test('deeply nested properties are rejected without harming the rest of the batch', async () => {
      const account = id('deep');
      const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const message = (properties: string) =>
        `{"type":"track","userId":"u1","event":"deep","timestamp":"2026-04-20T10:00:00Z","messageId":"${id(
          'd'
        )}","context":{"groupId":"${account}"},"properties":${properties}}`;
      // 34 levels: past the properties limit; 5,000 levels: would overflow a recursive JSON.stringify
      const body = `{"batch":[${message(nested(34))},${message(nested(5000))},${JSON.stringify(track(account, { messageId: 'deep-ok' }))}]}`;
      const reply = await post('/v1/batch', body);
      expect(reply).toEqual({
        status: 200,
        body: {
          success: true,
          rejected: [
            { index: 0, reason: 'properties: must not nest deeper than 32 levels' },
            { index: 1, reason: 'message nests deeper than 40 levels' }
          ]
        }
      });
      expect((await stored(account)).map((e) => e.messageId)).toEqual(['deep-ok']);
    });

    test('text PostgreSQL cannot store is rejected per event, with the reason', async () => {
      const account = id('nul');
      const body = `{"batch":[
        {"type":"track","userId":"u\\u0000","event":"e","timestamp":"2026-04-20T10:00:00Z","messageId":"${id('n')}","context":{"groupId":"${account}"}},
        {"type":"track","userId":"u1","event":"e","timestamp":"2026-04-20T10:00:00Z","messageId":"${id('n')}","context":{"groupId":"${account}"},"properties":{"s":"\\ud800"}},
        ${JSON.stringify(track(account, { messageId: 'nul-ok' }))}]}`;
      const reply = await post('/v1/batch', body);
      expect(reply.body.rejected).toEqual([
        { index: 0, reason: 'userId: contains a NUL character (\\u0000), which cannot be stored' },
        {
          index: 1,
          reason:
            'properties: must not contain a string that contains an unpaired UTF-16 surrogate, which is not valid Unicode'
        }
      ]);
      expect((await stored(account)).map((e) => e.messageId)).toEqual(['nul-ok']);
    });

    test('unicode and injection-looking strings are stored verbatim', async () => {
      const account = id("acme'; DROP TABLE events; --");
      const event = track(account, {
        userId: 'Zoë 李 🚀 \u202e',
        event: "report'); DELETE FROM events WHERE ('1'='1",
        messageId: '<script>alert(1)</script>',
        properties: { sql: "' OR 1=1 --", html: '<img src=x onerror=alert(1)>', json: '{"not":"parsed"}', emoji: '👩‍💻' }
      });
      expect((await post('/v1/batch', { batch: [event] })).status).toBe(200);
      expect(await stored(account)).toEqual([
        {
          accountId: account,
          userId: 'Zoë 李 🚀 \u202e',
          name: "report'); DELETE FROM events WHERE ('1'='1",
          timestamp: '2026-04-20T10:00:00.000Z',
          messageId: '<script>alert(1)</script>',
          properties: {
            sql: "' OR 1=1 --",
            html: '<img src=x onerror=alert(1)>',
            json: '{"not":"parsed"}',
            emoji: '👩‍💻'
          }
        }
      ]);
    });

    test('a __proto__ key is kept as data and pollutes nothing', async () => {
      const account = id('proto');
      const body = `{"batch":[{"type":"track","userId":"u1","event":"e","timestamp":"2026-04-20T10:00:00Z","messageId":"${id(
        'p'
      )}","context":{"groupId":"${account}"},"properties":{"__proto__":{"polluted":true}}}]}`;
      expect((await post('/v1/batch', body)).status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const [event] = await stored(account);
      expect(JSON.stringify(event?.properties)).toBe('{"__proto__":{"polluted":true}}');
    });

    test('a message over Segment’s 32 KB limit is rejected on its own', async () => {
      const account = id('fat');
      const reply = await post('/v1/batch', {
        batch: [track(account, { properties: { blob: 'z'.repeat(40_000) } }), track(account, { messageId: 'fat-ok' })]
      });
      expect((reply.body.rejected as { index: number; reason: string }[])[0]).toEqual({
        index: 0,
        reason: expect.stringMatching(/^message is 40\d\d\d bytes; Segment messages are at most 32768$/)
      });
      expect((await stored(account)).map((e) => e.messageId)).toEqual(['fat-ok']);
    });
  });

  test('what was acknowledged is committed: it is there after the store is closed and reopened', async () => {
    const account = id('durable');
    expect((await post('/v1/batch', { batch: [track(account, { messageId: 'durable-1' })] })).status).toBe(200);
    await server.close();
    store = await test_.reopen();
    server = await startServer(store, { now: () => NOW });
    expect((await stored(account)).map((e) => e.messageId)).toEqual(['durable-1']);
  });
});
