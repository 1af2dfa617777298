// Ingestion into the store: events through Store.insertEvents one batch at a time, the way
// the HTTP endpoint stores each request's batch (one transaction per batch, committed
// before the next begins). Only the time spent in the store counts: generating the events
// is the benchmark's own work.

import type { UsageEvent } from '../../worker/ingest/event.js';
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
