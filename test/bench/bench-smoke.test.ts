// A small run of the benchmark (N = 200 opportunities, 5,000 events), syncs in this
// process: the pieces fit together and the counted targets hold. Counts only, never times.

import { runBench, type BenchReport } from '../../scripts/bench/bench.js';
import { openTestStore } from '../store/backends.js';

const N = 200;
const M = 5_000;
/** the scope read fits one page (2,000 rows) at this size */
const SCOPE_PAGES = 1;
/** the book has 184 accounts (92% of N): their cases and their contacts take one query each (up to 200 accounts a query) */
const ACCOUNT_QUERIES = 2;
/** the scope's Cairn Tasks: one query (the scope's semi-join) */
const TASK_QUERIES = 1;

let report: BenchReport;

beforeAll(async () => {
  const test = await openTestStore('embedded');
  await test.store.close();
  report = await runBench({
    opportunities: N,
    events: M,
    storeServer: null,
    store: { kind: 'embedded', location: test.location, description: 'test store', dispose: () => test.dispose() },
    now: new Date('2026-05-01T12:00:00Z'),
    inline: true,
    httpEvents: 500,
    // write every naive record for real: no extrapolation at this size
    naiveTimeBudgetSeconds: 1_000_000
  });
}, 900_000);

/** ⌈records ÷ 200⌉ per object and operation: every target is below the 2,000-record bulk threshold here. */
function collectionCalls(changes: Record<string, number>): number {
  return Object.values(changes).reduce((sum, records) => sum + Math.ceil(records / 200), 0);
}

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((total, n) => total + n, 0);
}

test('seeds N opportunities and stores every one of the M events once', () => {
  expect(report.opportunities).toBe(N);
  expect(sum(report.seeded.situations)).toBe(N);
  expect(report.events).toBe(M);
  expect(report.ingest).toMatchObject({ events: M, inserted: M, duplicates: 0 });
  // 500 more through POST /v1/batch, 100 a request
  expect(report.ingest.http).toMatchObject({
    events: 500,
    requests: 5,
    eventsPerRequest: 100,
    rejected: 0,
    failedRequests: 0
  });
});

test('the full sync writes every opportunity in scope with the fewest collections calls', () => {
  const { fullSync, seeded } = report;
  expect(fullSync.status).toBe('succeeded');
  // every won opportunity but those whose contract ended more than 30 days ago
  expect(fullSync.opportunitiesInScope).toBe(N - seeded.situations['contract-ended']);
  expect(fullSync.recordsByObject.Opportunity).toBe(fullSync.opportunitiesInScope);
  // what the sync says it wrote is what changed in the org
  expect(sum(fullSync.orgChanges)).toBe(fullSync.recordsWritten);
  expect(fullSync.writeCalls).toBe(fullSync.apiCalls.collections);
  expect(fullSync.apiCalls.sobject).toBe(0);
  expect(fullSync.apiCalls.bulk2).toBe(0);
  expect(fullSync.writeCalls).toBeLessThanOrEqual(collectionCalls(fullSync.orgChanges));
  expect(fullSync.minimumWriteCalls).toBe(collectionCalls(fullSync.orgChanges));
});

test('an unchanged re-sync makes no write calls', () => {
  const { unchangedResync } = report;
  expect(unchangedResync.status).toBe('succeeded');
  expect(unchangedResync.writeCalls).toBe(0);
  expect(unchangedResync.recordsWritten).toBe(0);
  expect(unchangedResync.orgChanges).toEqual({});
  // one limits call to set the budget, then the scope read, the accounts' cases and contacts, the Tasks
  expect(unchangedResync.apiCalls.total).toBe(1 + SCOPE_PAGES + ACCOUNT_QUERIES + TASK_QUERIES);
  expect(report.targets.unchangedResyncWritesNothing).toBe(true);
});

test('the re-sync after a day writes only what the day changed', () => {
  const { dailyResync } = report;
  // 5% of 200
  expect(dailyResync.changes.opportunities).toBe(10);
  expect(dailyResync.status).toBe('succeeded');
  expect(dailyResync.recordsWritten).toBeGreaterThan(0);
  expect(sum(dailyResync.orgChanges)).toBe(dailyResync.recordsWritten);
  expect(dailyResync.recordsByObject.Opportunity ?? 0).toBeLessThanOrEqual(dailyResync.changes.opportunities);
  expect(dailyResync.writeCalls).toBeLessThanOrEqual(collectionCalls(dailyResync.orgChanges));
});

test('the naive baseline writes the same records, one call each', () => {
  const { naiveBaseline, fullSync } = report;
  expect(naiveBaseline.extrapolated).toBeNull();
  expect(naiveBaseline.failedCalls).toBe(0);
  expect(naiveBaseline.recordsWritten).toBe(fullSync.recordsWritten);
  expect(naiveBaseline.recordsByObject).toEqual(fullSync.recordsByObject);
  expect(naiveBaseline.apiCalls.sobject).toBe(naiveBaseline.recordsWritten);
  expect(naiveBaseline.writeCalls).toBe(naiveBaseline.recordsWritten);
  // reading its own org: the scope pages, the contacts of their accounts and their Cairn Tasks (one query each)
  expect(naiveBaseline.apiCalls.total).toBe(naiveBaseline.recordsWritten + SCOPE_PAGES + 2);
  expect(report.naiveToFullSyncCallRatio).toBeCloseTo(naiveBaseline.apiCalls.total / fullSync.apiCalls.total, 1);
});
