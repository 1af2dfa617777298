// Ingestion: events into the store through Store.insertEvents one batch at a time, the way
// the HTTP endpoint stores each request's batch (one transaction per batch, committed
// before the next begins), and a bounded load through the worker's own POST /v1/batch.
// For the store path only the time spent in the store counts: generating the events is
// the benchmark's own work.

import PQueue from 'p-queue';
import { Secret } from '../../worker/config/secret.js';
import type { UsageEvent } from '../../worker/ingest/event.js';
import { createApp } from '../../worker/server/app.js';
import { listen } from '../../worker/server/listen.js';
import type { Store } from '../../worker/store/store.js';

export interface IngestFigures {
  seconds: number;
  eventsPerSecond: number;
  events: number;
  inserted: number;
  duplicates: number;
  batchSize: number;
}

export async function ingestBatches(
  store: Store,
  batches: Iterable<UsageEvent[]>,
  onProgress: (events: number) => void = () => undefined
): Promise<IngestFigures> {
  let storeMs = 0;
  let events = 0;
  let inserted = 0;
  let duplicates = 0;
  let batchSize = 0;
  for (const batch of batches) {
    batchSize = Math.max(batchSize, batch.length);
    const start = performance.now();
    const result = await store.insertEvents(batch);
    storeMs += performance.now() - start;
    events += batch.length;
    inserted += result.inserted;
    duplicates += result.duplicates;
    onProgress(events);
  }
  const seconds = Math.round(storeMs) / 1000;
  return {
    seconds,
    eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : events,
    events,
    inserted,
    duplicates,
    batchSize
  };
}

export interface HttpIngestFigures {
  events: number;
  requests: number;
  eventsPerRequest: number;
  /** requests in flight at once */
  concurrency: number;
  seconds: number;
  eventsPerSecond: number;
  /** per request, from sending it to its answer (the events are committed before it) */
  latencyMs: { p50: number; p99: number; max: number };
  rejected: number;
  /** requests sent again after the connection dropped */
  retries: number;
  /** requests that failed every attempt or were refused; their events are not stored */
  failedRequests: number;
  firstFailure: string | null;
}

const HTTP_ATTEMPTS = 3;

/** The worker's own HTTP app (Segment endpoints) on loopback, for the duration of `fn`. */
async function withIngestionServer<T>(store: Store, writeKey: string, fn: (url: string) => Promise<T>): Promise<T> {
  const app = createApp({ store, writeKey: new Secret(writeKey), log: () => undefined });
  const server = await listen(app, 0, '127.0.0.1');
  try {
    return await fn(server.url);
  } finally {
    await server.close();
  }
}

/** The value at `share` of the sorted list (nearest rank). */
function percentile(sorted: readonly number[], share: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
  return Math.round(value * 10) / 10;
}

/**
 * A bounded load through POST /v1/batch, the way @segment/analytics-node sends: each batch
 * one request of track calls with the account as context.groupId, Basic auth with the
 * write key, `concurrency` requests in flight.
 */
export async function ingestOverHttp(
  store: Store,
  batches: Iterable<UsageEvent[]>,
  concurrency: number
): Promise<HttpIngestFigures> {
  const writeKey = 'bench-write-key';
  const authorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  return withIngestionServer(store, writeKey, async (url) => {
    const latencies: number[] = [];
    let events = 0;
    let rejected = 0;
    let eventsPerRequest = 0;
    let retries = 0;
    const failures: string[] = [];
    const send = async (batch: UsageEvent[]) => {
      const body = JSON.stringify({
        batch: batch.map((e) => ({
          type: 'track',
          event: e.name,
          userId: e.userId,
          timestamp: e.timestamp,
          messageId: e.messageId,
          context: { groupId: e.accountId }
        }))
      });
      // like a Segment client, a request the connection dropped is sent again (messageIds make that safe)
      for (let attempt = 1; ; attempt++) {
        const sent = performance.now();
        try {
          const response = await fetch(`${url}/v1/batch`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body
          });
          const answer = (await response.json()) as { success?: boolean; rejected?: unknown[] };
          latencies.push(performance.now() - sent);
          if (!response.ok || answer.success !== true) {
            failures.push(`POST /v1/batch answered ${response.status}: ${JSON.stringify(answer).slice(0, 200)}`);
            return;
          }
          rejected += answer.rejected?.length ?? 0;
          events += batch.length;
          eventsPerRequest = Math.max(eventsPerRequest, batch.length);
          return;
        } catch (error) {
          if (attempt < HTTP_ATTEMPTS) {
            retries += 1;
            continue;
          }
          failures.push(
            `POST /v1/batch failed ${HTTP_ATTEMPTS} times: ${(error as Error).message} (${String((error as Error).cause)})`
          );
          return;
        }
      }
    };
    const queue = new PQueue({ concurrency });
    const start = performance.now();
    for (const batch of batches) {
      await queue.onSizeLessThan(concurrency);
      void queue.add(() => send(batch));
    }
    await queue.onIdle();
    const seconds = Math.round(performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      events,
      requests: latencies.length,
      eventsPerRequest,
      concurrency,
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : events,
      latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: percentile(latencies, 1) },
      rejected,
      retries,
      failedRequests: failures.length,
      firstFailure: failures[0] ?? null
    };
  });
}
