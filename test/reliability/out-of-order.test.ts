// Several real @segment/analytics-node clients at once against a running worker process on a
// PostgreSQL store (real concurrent connections): each product instance sends its users'
// tracks first and their group calls last, in small concurrent batches, so tracks, group
// calls and the resolution of waiting events interleave across requests and connections.
// Every acknowledged track must end up stored once, under its account, and none left
// waiting; replays of every message stay duplicates.

import { Analytics } from '@segment/analytics-node';
import type { Store } from '../../worker/store/store.js';
import { startIngestionWorker, type IngestionWorker } from './helpers/ingestion-worker.js';
import type { RunningWorker } from './helpers/worker-process.js';

const WRITE_KEY = 'out-of-order-write-key';
const CLIENTS = 6;
const USERS_PER_CLIENT = 8;
const TRACKS_PER_USER = 12;

let running: IngestionWorker;
let worker: RunningWorker;
let store: Store;

beforeAll(async () => {
  running = await startIngestionWorker(WRITE_KEY);
  ({ worker, store } = running);
}, 120_000);

afterAll(() => running?.stop(), 60_000);

/** One product instance: its users' tracks, then their group calls, as one client sends them. */
async function sendInstance(client: number, round: number): Promise<unknown[]> {
  const analytics = new Analytics({ writeKey: WRITE_KEY, host: worker.url, flushAt: 7, maxRetries: 3 });
  const errors: unknown[] = [];
  analytics.on('error', (error) => errors.push(error));
  const users = Array.from({ length: USERS_PER_CLIENT }, (_, u) => `c${client}-u${u}`);
  for (let t = 0; t < TRACKS_PER_USER; t++) {
    for (const userId of users) {
      analytics.track({
        userId,
        event: 'report_created',
        messageId: `c${client}-${userId}-${t}`,
        properties: { round }
      });
    }
  }
  for (const userId of users) analytics.group({ userId, groupId: `account-${client}` });
  await analytics.closeAndFlush({ timeout: 60_000 });
  return errors;
}

test('6 clients at once, tracks before group calls: every track stored once under its account, none left waiting; replays are duplicates', async () => {
  const errors = (await Promise.all(Array.from({ length: CLIENTS }, (_, c) => sendInstance(c, 1)))).flat();
  expect(errors).toEqual([]);
  for (let client = 0; client < CLIENTS; client++) {
    const stored = await store.findEvents({ accountId: `account-${client}`, limit: 10_000 });
    expect({ client, events: stored.length }).toEqual({ client, events: USERS_PER_CLIENT * TRACKS_PER_USER });
  }
  expect((await store.pendingEvents(new Date())).total).toBe(0);

  // every client sends it all again, same messageIds: nothing new, nothing moves
  const again = (await Promise.all(Array.from({ length: CLIENTS }, (_, c) => sendInstance(c, 2)))).flat();
  expect(again).toEqual([]);
  const all = CLIENTS * USERS_PER_CLIENT * TRACKS_PER_USER;
  const metrics = await fetch(`${worker.url}/metrics`).then((r) => r.text());
  expect(metrics).toMatch(new RegExp(`^cairn_events_ingested_total ${all}$`, 'm'));
  expect(metrics).toMatch(new RegExp(`^cairn_events_duplicate_total ${all}$`, 'm'));
  expect(metrics).toMatch(/^cairn_events_pending_account 0$/m);
  const stored = await Promise.all(
    Array.from({ length: CLIENTS }, (_, c) => store.findEvents({ accountId: `account-${c}`, limit: 10_000 }))
  );
  // the first round's properties are kept: a replay never overwrites
  expect(stored.flat().every((e) => (e.properties as { round: number }).round === 1)).toBe(true);
}, 180_000);
