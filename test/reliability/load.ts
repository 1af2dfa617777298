// A loopback load test of Segment ingestion: `events` track events in /v1/batch requests of
// `batchSize`, `concurrency` requests in flight, against a running worker. Bounded in count
// and in time (no new request after `maxDurationMs`). Reports the sustained rate and the
// request latency percentiles; the reliability test prints them and the benchmark
// (npm run bench) can call it too. Never asserted on time.

import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  /** the worker's base URL, e.g. http://127.0.0.1:8700 */
  url: string;
  writeKey: string;
  /** default 20,000 */
  events?: number;
  /** default 100 */
  batchSize?: number;
  /** requests in flight at once; default 8 */
  concurrency?: number;
  /** no request is started after this long; default 60 s */
  maxDurationMs?: number;
  /** messageIds are `<runId>-<n>`, so runs do not collide; default a random id */
  runId?: string;
  /** the events' account (context.groupId); default `load-test` */
  accountId?: string;
}

export interface LoadResult {
  /** events the worker answered 200 for */
  eventsAcknowledged: number;
  requests: number;
  /** requests answered with anything but 200, or not answered */
  failedRequests: number;
  /** the first failure, to say why */
  firstFailure: string | null;
  durationMs: number;
  eventsPerSecond: number;
  /** request latency, milliseconds */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** true when maxDurationMs ended the run before every event was sent */
  stoppedByTime: boolean;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export async function runLoadTest(options: LoadOptions): Promise<LoadResult> {
  const total = options.events ?? 20_000;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 8;
  const maxDurationMs = options.maxDurationMs ?? 60_000;
  const runId = options.runId ?? `load-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const accountId = options.accountId ?? 'load-test';
  const authorization = `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`;
  const timestamp = new Date(Date.now() - 60_000).toISOString();

  const latencies: number[] = [];
  let next = 0;
  let acknowledged = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  let stoppedByTime = false;
  const started = performance.now();

  const body = (from: number, to: number): string =>
    JSON.stringify({
      batch: Array.from({ length: to - from }, (_, i) => ({
        type: 'track',
        userId: `user-${(from + i) % 50}`,
        event: 'load_test',
        timestamp,
        messageId: `${runId}-${from + i}`,
        context: { groupId: accountId }
      }))
    });

  async function lane(): Promise<void> {
    while (next < total) {
      if (performance.now() - started > maxDurationMs) {
        stoppedByTime = true;
        return;
      }
      const from = next;
      const to = Math.min(total, from + batchSize);
      next = to;
      const payload = body(from, to);
      const sent = performance.now();
      try {
        const response = await fetch(`${options.url}/v1/batch`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: payload
        });
        const text = await response.text();
        latencies.push(performance.now() - sent);
        if (response.status === 200) acknowledged += to - from;
        else {
          failed += 1;
          firstFailure ??= `${response.status} ${text.slice(0, 200)}`;
        }
      } catch (error) {
        latencies.push(performance.now() - sent);
        failed += 1;
        firstFailure ??= (error as Error).message;
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, () => lane()));
  const durationMs = performance.now() - started;
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    eventsAcknowledged: acknowledged,
    requests: latencies.length,
    failedRequests: failed,
    firstFailure,
    durationMs: Math.round(durationMs),
    eventsPerSecond: Math.round((acknowledged / durationMs) * 1000),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? Number.NaN)
    },
    stoppedByTime
  };
}
