// The real Segment client, @segment/analytics-node, sending to a running worker: events are
// stored once each, survive a restart and show up in the metrics. Timestamps are the
// client's (the real clock), so the server and the metrics use the real clock too.
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
