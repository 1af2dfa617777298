// The naive baseline: the same first sync written the way a quick script would write it,
// one REST call per record (sObject create or update), 16 at a time, against a second
// local org seeded exactly like the first.
//
// It does not recompute anything. It reads the scope from its own org like the worker
// does (paged), reads the same page of the org the worker synced, and writes every record
// whose worker-written fields differ — which is, field for field, what the full sync
// wrote. When writing them all would take longer than `timeBudgetSeconds`, it writes a
// sample of the first records, still reads and diffs every page to count the rest, and
// adds the rest's time at the sample's pace (the call count needs no estimate: one call a
// record).

import type { Connection } from 'jsforce';
import PQueue from 'p-queue';
import { sameValue } from '../../worker/sync/diff.js';
import { FIELD_TYPES, WORKER_FIELDS } from '../../worker/salesforce/fields.js';
import type { WrittenObject } from '../../worker/salesforce/objects/index.js';
import type { LocalOrg } from '../../test/local-org/index.js';
import { callsBetween, secondsSince, type CallDelta } from './measure.js';
import { connectionTo, recordsOf, scopePages, type ScopePage, type SfRecord } from './org-scope.js';

export interface NaiveWrite {
  object: WrittenObject;
  /** set for an update */
  id: string | null;
  values: SfRecord;
}

export interface NaiveFigures extends CallDelta {
  seconds: number;
  recordsWritten: number;
  /** per object: records written (or, when extrapolated, to write) */
  recordsByObject: Record<string, number>;
  failedCalls: number;
  /** present when only a sample was written: the time is scaled up from it */
  extrapolated: { sampleRecords: number; sampleSeconds: number; sampleCalls: number; totalRecords: number } | null;
}

export interface NaiveOptions {
  /** the org the worker synced: the values to write */
  synced: LocalOrg;
  /** a second org seeded like the first, untouched by the worker */
  fresh: LocalOrg;
  apiVersion: string;
  now: Date;
  concurrency?: number;
  /** write everything when the projected time stays under this; else a sample (default 240 s) */
  timeBudgetSeconds?: number;
  /** the sample the projection is made from (default 5,000 records) */
  sampleRecords?: number;
  onProgress?: (written: number) => void;
}

/** The writes that turn one opportunity's records in `before` into those in `after`: a create for each new record, an update of the changed fields for the rest. */
export function naiveWrites(before: SfRecord, after: SfRecord): NaiveWrite[] {
  const existing = new Map(recordsOf(before).map(({ record }) => [String(record.Id), record]));
  return recordsOf(after).flatMap(({ object, record }): NaiveWrite[] => {
    const was = existing.get(String(record.Id));
    const values: SfRecord = {};
    if (was) {
      for (const [field, type] of Object.entries(FIELD_TYPES[object])) {
        if (!sameValue(type, record[field], was[field])) values[field] = record[field] ?? null;
      }
      return Object.keys(values).length > 0 ? [{ object, id: String(record.Id), values }] : [];
    }
    for (const field of WORKER_FIELDS[object].write) {
      if (record[field] !== null && record[field] !== undefined) values[field] = record[field];
    }
    return [{ object, id: null, values }];
  });
}

async function send(conn: Connection, write: NaiveWrite): Promise<boolean> {
  const sobject = conn.sobject(write.object);
  const result =
    write.id === null ? await sobject.create(write.values) : await sobject.update({ Id: write.id, ...write.values });
  return result.success;
}

/** Writes are sent in slices of this many, so the time budget is checked as the run goes. */
const SLICE = 1_000;

export async function runNaiveBaseline(options: NaiveOptions): Promise<NaiveFigures> {
  const { synced, fresh, apiVersion, now } = options;
  const budget = options.timeBudgetSeconds ?? 240;
  const sample = options.sampleRecords ?? 5_000;
  const own = connectionTo(fresh, apiVersion);
  const target = scopePages(connectionTo(synced, apiVersion), apiVersion, now);
  const queue = new PQueue({ concurrency: options.concurrency ?? 16 });

  const before = fresh.stats();
  const start = performance.now();
  const recordsByObject: Record<string, number> = {};
  let opportunitiesSeen = 0;
  let queued = 0;
  let sent = 0;
  let written = 0;
  let failedCalls = 0;
  let sampling: { seconds: number; calls: number; records: number } | null = null;

  for await (const page of scopePages(own, apiVersion, now)) {
    const wanted = (await target.next()).value as ScopePage | undefined;
    if (!wanted || wanted.records.length !== page.records.length) {
      throw new Error('the two orgs returned different scopes; were they seeded alike?');
    }
    const writes = page.records.flatMap((record, index) => {
      const after = wanted.records[index] as SfRecord;
      if (after.Id !== record.Id)
        throw new Error(`the two orgs disagree at ${String(record.Id)} / ${String(after.Id)}`);
      return naiveWrites(record, after);
    });
    for (const write of writes) recordsByObject[write.object] = (recordsByObject[write.object] ?? 0) + 1;
    opportunitiesSeen += page.records.length;
    queued += writes.length;

    for (let from = 0; from < writes.length && !sampling; from += SLICE) {
      for (const write of writes.slice(from, from + SLICE)) {
        void queue.add(async () => {
          const ok = await send(own, write).catch(() => false);
          if (ok) written += 1;
          else failedCalls += 1;
        });
      }
      await queue.onIdle();
      sent = written + failedCalls;
      options.onProgress?.(sent);
      if (sent >= sample) {
        // the records still to come, estimated from the share of the scope seen so far
        const expected = (queued * page.totalSize) / Math.max(1, opportunitiesSeen);
        const seconds = secondsSince(start);
        if ((seconds * expected) / sent > budget) {
          sampling = { seconds, calls: callsBetween(before, fresh.stats()).apiCalls.total, records: sent };
        }
      }
    }
  }
  const seconds = secondsSince(start);
  const calls = callsBetween(before, fresh.stats());
  if (!sampling) {
    return { ...calls, seconds, recordsWritten: written, recordsByObject, failedCalls, extrapolated: null };
  }
  // every record not sent would have been one sObject write call
  const rest = queued - sampling.records;
  calls.apiCalls.sobject += rest;
  calls.apiCalls.total += rest;
  calls.writeCalls += rest;
  return {
    ...calls,
    // the time actually spent (the sample and every page read) plus the rest at the sample's pace
    seconds: Math.round(1000 * (seconds + (rest * sampling.seconds) / sampling.records)) / 1000,
    recordsWritten: queued,
    recordsByObject,
    failedCalls,
    extrapolated: {
      sampleRecords: sampling.records,
      sampleSeconds: sampling.seconds,
      sampleCalls: sampling.calls,
      totalRecords: queued
    }
  };
}
