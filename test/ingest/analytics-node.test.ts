// The real Segment client, @segment/analytics-node, sending to a running worker: events are
// stored once each, survive a restart and show up in the metrics; tracks that arrive before
// their users' group calls (the client sends batches concurrently) wait for them and count. Timestamps are the
// client's (the real clock), so the server and the metrics use the real clock too.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { Analytics } from '@segment/analytics-node';
import type { Store } from '../../worker/store/store.js';
import { BACKENDS, openTestStore, type TestStore } from '../store/backends.js';
import { counter, startServer, WRITE_KEY, type TestServer } from './worker-server.js';

jest.setTimeout(120_000);

describe.each(BACKENDS)('@segment/analytics-node → worker, %s store', (backend) => {
  let test_: TestStore;
  let store: Store;
  let server: TestServer;

  beforeAll(async () => {
    test_ = await openTestStore(backend);
    store = test_.store;
    server = await startServer(store);
  });
  afterAll(async () => {
    await server?.close();
    await test_?.dispose();
  });

  test('group, identify and track calls land in the store once each, survive a restart and count in the metrics', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: server.url, flushAt: 5, maxRetries: 0 });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));

    analytics.group({ userId: 'ann', groupId: 'acme-node', traits: { name: 'Acme' } });
    analytics.group({ userId: 'bob', groupId: 'acme-node' });
    analytics.identify({ userId: 'ann', traits: { email: 'ann@acme.example' } });
    for (let i = 0; i < 6; i++) analytics.track({ userId: 'ann', event: 'report_created', properties: { i } });
    for (let i = 0; i < 3; i++) analytics.track({ userId: 'bob', event: 'campaign_sent', properties: { i } });
    analytics.track({ userId: 'cy', event: 'report_created', context: { groupId: 'globex-node' } });
    // the same messageId twice, as a client retry would send it
    analytics.track({ userId: 'bob', event: 'campaign_sent', messageId: 'fixed-message-id' });
    analytics.track({ userId: 'bob', event: 'campaign_sent', messageId: 'fixed-message-id' });
    await analytics.closeAndFlush({ timeout: 20_000 });

    expect(errors).toEqual([]);
    const acme = await store.findEvents({ accountId: 'acme-node' });
    // 6 by ann + 3 by bob + 1 fixed-message-id (its repeat skipped)
    expect(acme).toHaveLength(10);
    expect(acme.filter((e) => e.userId === 'ann').map((e) => e.name)).toEqual(Array(6).fill('report_created'));
    expect(acme.filter((e) => e.userId === 'bob').map((e) => e.messageId)).toContain('fixed-message-id');
    expect(
      acme
        .filter((e) => e.messageId !== 'fixed-message-id')
        .every((e) => /^node-next-\d+-[0-9a-f-]{36}$/.test(e.messageId))
    ).toBe(true);
    expect(new Set(acme.filter((e) => e.userId === 'ann').map((e) => (e.properties as { i: number }).i))).toEqual(
      new Set([0, 1, 2, 3, 4, 5])
    );
    expect((await store.findEvents({ accountId: 'globex-node' })).map((e) => e.userId)).toEqual(['cy']);
    expect(await store.accountsForUsers(['ann', 'bob'])).toEqual(
      new Map([
        ['ann', 'acme-node'],
        ['bob', 'acme-node']
      ])
    );
    // 11 track events stored, 1 repeat skipped, nothing rejected (group and identify are not events)
    expect(await counter(server.metrics, 'cairn_events_ingested_total')).toBe(11);
    expect(await counter(server.metrics, 'cairn_events_duplicate_total')).toBe(1);
    expect(await counter(server.metrics, 'cairn_events_rejected_total')).toBe(0);

    // restart: close the server and the store, open them again
    await server.close();
    store = await test_.reopen();
    server = await startServer(store);
    expect(await store.findEvents({ accountId: 'acme-node' })).toEqual(acme);

    const now = new Date();
    const closeDate = new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    const metrics = await store.computeMetrics(
      [
        {
          opportunityId: 'opp-acme',
          productAccountId: 'acme-node',
          closeDate,
          licensedSeats: 4,
          eventNames: ['report_created', 'campaign_sent'],
          thresholds: [{ metric: 'event:campaign_sent', threshold: 4 }]
        }
      ],
      now
    );
    const usage = metrics.get('opp-acme');
    expect(usage?.eventCounts).toEqual({ 'event:report_created': 6, 'event:campaign_sent': 4 });
    // ann and bob of 4 seats: 100 × 2 / 4
    expect(usage?.activeUsers30d).toBe(2);
    expect(usage?.seatUtilization).toBe(50);
    expect(usage?.activeDays30d).toBeGreaterThanOrEqual(1);
    expect(usage?.lastActivity).toBe(acme.at(-1)?.timestamp);
    expect(usage?.thresholds[0]?.reachedAt).toBe(acme.filter((e) => e.name === 'campaign_sent')[3]?.timestamp);
  });

  test('a client with the wrong write key gets 401 and stores nothing', async () => {
    const analytics = new Analytics({ writeKey: 'not-the-key', host: server.url, flushAt: 2, maxRetries: 0 });
    const errors: { code?: string; reason?: unknown }[] = [];
    analytics.on('error', (error) => errors.push(error as { code?: string; reason?: unknown }));
    analytics.track({ userId: 'mallory', event: 'report_created', context: { groupId: 'wrong-key-node' } });
    analytics.track({ userId: 'mallory', event: 'report_created', context: { groupId: 'wrong-key-node' } });
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(errors.length).toBeGreaterThan(0);
    expect(String((errors[0]?.reason as Error | undefined)?.message)).toContain('[401]');
    expect(await store.findEvents({ accountId: 'wrong-key-node' })).toEqual([]);
  });
});

/**
 * A loopback proxy in front of the worker that holds back every request carrying a group
 * call, so the batches of tracks the client sends beside it arrive first — what happens by
 * chance when @segment/analytics-node sends its batches concurrently.
 */
async function groupsLastProxy(
  target: string,
  holdMs = 400
): Promise<{ url: string; arrivals: string[]; close(): Promise<void> }> {
  /** what reached the worker, in order: 'groups' for a batch with group calls, else 'tracks' */
  const arrivals: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const groups = body.includes('"type":"group"');
      const forward = () => {
        arrivals.push(groups ? 'groups' : 'tracks');
        const upstream = http.request(
          `${target}${req.url ?? '/'}`,
          { method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          }
        );
        upstream.on('error', () => res.destroy());
        upstream.end(body);
      };
      if (groups) setTimeout(forward, holdMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}

describe.each(BACKENDS)('out-of-order batches from @segment/analytics-node, %s store', (backend) => {
  let test_: TestStore;
  let store: Store;
  let server: TestServer;

  beforeEach(async () => {
    test_ = await openTestStore(backend);
    store = test_.store;
    server = await startServer(store);
  });
  afterEach(async () => {
    await server?.close();
    await test_?.dispose();
  });

  const USERS = Array.from({ length: 7 }, (_, i) => `u${i + 1}`);
  const metricsFor = async (account: string) => {
    const now = new Date();
    const metrics = await store.computeMetrics(
      [
        {
          opportunityId: 'opp',
          productAccountId: account,
          closeDate: new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10),
          licensedSeats: null,
          eventNames: ['report_created'],
          thresholds: []
        }
      ],
      now
    );
    return metrics.get('opp');
  };

  test('7 group calls then 40 tracks, flushAt 10: the tracks arrive first, and all 40 are stored once and counted', async () => {
    const proxy = await groupsLastProxy(server.url);
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: proxy.url, flushAt: 10, maxRetries: 0 });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));
    try {
      for (const userId of USERS) analytics.group({ userId, groupId: 'acme-late' });
      for (let i = 0; i < 40; i++) {
        analytics.track({ userId: USERS[i % USERS.length] as string, event: 'report_created', properties: { i } });
      }
      await analytics.closeAndFlush({ timeout: 20_000 });
    } finally {
      await proxy.close();
    }
    expect(errors).toEqual([]);
    // 47 messages in batches of 10: the one with the 7 group calls (and 3 tracks) reached the worker last
    expect(proxy.arrivals).toEqual(['tracks', 'tracks', 'tracks', 'tracks', 'groups']);

    const stored = await store.findEvents({ accountId: 'acme-late' });
    expect(stored).toHaveLength(40);
    expect(new Set(stored.map((e) => (e.properties as { i: number }).i)).size).toBe(40);
    expect((await store.pendingEvents(new Date())).total).toBe(0);
    expect(await counter(server.metrics, 'cairn_events_ingested_total')).toBe(40);
    expect(await counter(server.metrics, 'cairn_events_rejected_total')).toBe(0);
    const usage = await metricsFor('acme-late');
    expect(usage?.eventCounts).toEqual({ 'event:report_created': 40 });
    expect(usage?.activeUsers30d).toBe(7);
  });

  test('tracks, then a restart, then the group calls: nothing is lost, and replays stay duplicates', async () => {
    const tracks = new Analytics({ writeKey: WRITE_KEY, host: server.url, flushAt: 10, maxRetries: 0 });
    for (let i = 0; i < 20; i++) {
      tracks.track({
        userId: USERS[i % 3] as string,
        event: 'report_created',
        messageId: `restart-${i}`,
        properties: { i }
      });
    }
    await tracks.closeAndFlush({ timeout: 20_000 });
    expect((await store.pendingEvents(new Date())).total).toBe(20);
    const gauge = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(gauge).toMatch(/^cairn_events_pending_account 20$/m);
    expect((await metricsFor('acme-restart'))?.eventCounts).toEqual({ 'event:report_created': 0 });

    await server.close();
    store = await test_.reopen();
    server = await startServer(store);

    const groups = new Analytics({ writeKey: WRITE_KEY, host: server.url, flushAt: 10, maxRetries: 0 });
    for (const userId of USERS.slice(0, 3)) groups.group({ userId, groupId: 'acme-restart' });
    // the client replays the first five tracks (same messageIds)
    for (let i = 0; i < 5; i++) {
      groups.track({ userId: USERS[i % 3] as string, event: 'report_created', messageId: `restart-${i}` });
    }
    await groups.closeAndFlush({ timeout: 20_000 });

    expect(await store.findEvents({ accountId: 'acme-restart' })).toHaveLength(20);
    expect(await counter(server.metrics, 'cairn_events_duplicate_total')).toBe(5);
    expect(
      (await fetch(`${server.url}/metrics`).then((r) => r.text())).match(/^cairn_events_pending_account \d+$/m)?.[0]
    ).toBe('cairn_events_pending_account 0');
    expect((await metricsFor('acme-restart'))?.eventCounts).toEqual({ 'event:report_created': 20 });
  });

  test('a message the worker refuses is kept with its reason, though the client never reads the answer', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: server.url, flushAt: 2, maxRetries: 0 });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));
    analytics.track({ userId: 'ann', event: 'report_created', context: { groupId: 'acme-refused' } });
    // a date a year ahead: a clock or unit mistake
    analytics.track({
      userId: 'ann',
      event: 'report_created',
      timestamp: new Date(Date.now() + 365 * 86_400_000),
      messageId: 'from-the-future',
      context: { groupId: 'acme-refused' }
    });
    await analytics.closeAndFlush({ timeout: 20_000 });
    // the client sees success: the batch was answered 200
    expect(errors).toEqual([]);
    expect(await store.findEvents({ accountId: 'acme-refused' })).toHaveLength(1);
    const [kept] = await store.listRejections(new Date(0));
    expect(kept).toMatchObject({ via: 'segment', kind: 'bad_timestamp' });
    expect(kept?.reason).toMatch(/^timestamp: .* is more than a day after now/);
    expect(JSON.parse(kept?.raw ?? '{}')).toMatchObject({ messageId: 'from-the-future', type: 'track' });
    expect(await counter(server.metrics, 'cairn_events_rejected_total')).toBe(1);
  });
});
