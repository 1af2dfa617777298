// One benchmark run (DESIGN §7): seed a local org with N won opportunities and the store
// with M usage events, then measure, in order:
//   1. ingestion into the store (and through the worker's POST /v1/batch),
//   2. a full first sync,
//   3. an unchanged re-sync,
//   4. the naive baseline (the full sync's writes, one REST call per record, on a second org),
//   5. a re-sync after a realistic day (about 5% of the opportunities changed).
// API calls are the local org's own count (its /__local/stats), taken before and after
// each phase.

import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { loadPlaybooks } from '../../worker/playbooks/load.js';
import { openStore } from '../../worker/store/store.js';
import { loadWorkerConfig } from '../../worker/config/worker.js';
import { startLocalOrg, type LocalOrg } from '../../test/local-org/index.js';
import { createBenchStore, type BenchStore } from './bench-store.js';
import { seedBook, type Book, type BookAccount, type Situation } from './book.js';
import { applyDailyChanges, type DailyChanges } from './daily.js';
import { ingestBatches, ingestOverHttp, type HttpIngestFigures, type IngestFigures } from './ingest.js';
import { callsBetween, peakRssMb, secondsSince, type ApiCalls } from './measure.js';
import { runNaiveBaseline, type NaiveFigures } from './naive.js';
import { changesSince, connectionTo, snapshotScope } from './org-scope.js';
import {
  API_VERSION,
  repositoryRoot,
  syncInChild,
  syncOnce,
  type SyncJob,
  type SyncOutcome,
  type SyncStep
} from './sync.js';
import { minimumWriteCalls, NAIVE_RATIO_TARGET, withinSlack } from './targets.js';
import { eventBatches } from './usage.js';

/** events per POST /v1/batch, and requests in flight, for the HTTP ingestion figures */
const HTTP_BATCH = 100;
const HTTP_CONCURRENCY = 8;
/** product accounts of the HTTP load: none is in the org, so the load leaves the syncs' figures alone */
const LOAD_ACCOUNTS: BookAccount[] = Array.from({ length: 50 }, (_, i) => ({
  productAccountId: `load-${i}`,
  seats: 20,
  users: 10,
  profile: 'steady',
  weight: 1,
  activeSince: null
}));

export interface BenchOptions {
  opportunities: number;
  events: number;
  /** a postgres:// server URL (a fresh schema is made there), or null for a fresh embedded store */
  storeServer: string | null;
  /** an empty store to use instead (not open; disposed of at the end), e.g. a test's */
  store?: BenchStore;
  /** the rules' "now"; the events end there */
  now: Date;
  /** run the syncs in this process instead of a child (no separate worker memory figure) */
  inline?: boolean;
  /** the sync process's V8 heap limit in MB (--max-old-space-size); null or absent: Node's default */
  workerHeapMb?: number | null;
  /** events per insertEvents call */
  ingestBatchSize?: number;
  /** events sent through POST /v1/batch besides the M (default 20,000; 0 skips the HTTP path) */
  httpEvents?: number;
  /** the naive baseline writes everything when it fits this many seconds, else a sample */
  naiveTimeBudgetSeconds?: number;
  naiveSampleRecords?: number;
  progress?: (message: string) => void;
}

export interface SyncFigures {
  seconds: number;
  apiCalls: ApiCalls;
  writeCalls: number;
  recordsWritten: number;
  /** per object: records created + updated, as the sync reported them */
  recordsByObject: Record<string, number>;
  /** per `Object|operation`: records that changed in the org, read back before and after the sync */
  orgChanges: Record<string, number>;
  /** the fewest write calls that could have written orgChanges (targets.ts) */
  minimumWriteCalls: number;
  writeCallsWithinTenPercentOfMinimum: boolean;
  /** the calls as the worker counted them itself (its run result), to compare with the org's count */
  workerCountedApiCalls: { total: number } & Record<string, number>;
  /** the worker process's own peak (the sync ran in a child); null when it ran inline */
  workerPeakRssMb: number | null;
  status: string;
  opportunitiesInScope: number;
  failedRows: number;
  /** where the time went: runSync's progress lines with their times */
  steps: SyncStep[];
}

export interface BenchReport {
  opportunities: number;
  events: number;
  ingest: IngestFigures & { http: HttpIngestFigures | null };
  fullSync: SyncFigures;
  unchangedResync: SyncFigures;
  dailyResync: SyncFigures & { changes: DailyChanges };
  naiveBaseline: NaiveFigures;
  /** the benchmark process's peak: the local orgs, seeding and the naive script (and the syncs, when inline) */
  peakRssMb: number;
  /** the largest peak of a sync's worker process */
  workerPeakRssMb: number | null;
  naiveToFullSyncCallRatio: number;
  targets: {
    unchangedResyncWritesNothing: boolean;
    fullSyncWriteCallsNearMinimum: boolean;
    dailyResyncWriteCallsNearMinimum: boolean;
    naiveCallsAtLeast100xFullSync: boolean;
    /** Store.computeMetrics aggregates in SQL: only one row per request comes back, never the events */
    metricsComputedInStoreSql: boolean;
  };
  store: { kind: 'embedded' | 'postgres'; description: string };
  now: string;
  seeded: {
    seconds: number;
    accounts: number;
    accountsWithProduct: number;
    situations: Record<Situation, number>;
    children: Record<string, number>;
  };
  bulkThreshold: number;
  /** what the figures were measured on: the CPUs and how busy they were (1-minute load average) */
  machine: { cpus: number; node: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  /** the sync process's V8 heap limit in MB when one was set (--worker-heap), else null */
  workerHeapLimitMb: number | null;
}

function syncFigures(
  outcome: SyncOutcome,
  calls: ReturnType<typeof callsBetween>,
  orgChanges: Record<string, number>,
  bulkThreshold: number
): SyncFigures {
  const { result } = outcome;
  const recordsByObject: Record<string, number> = {};
  let recordsWritten = 0;
  for (const [object, { created, updated }] of Object.entries(result.writes)) {
    if (created + updated === 0) continue;
    recordsByObject[object] = created + updated;
    recordsWritten += created + updated;
  }
  const minimum = minimumWriteCalls(orgChanges, bulkThreshold).total;
  return {
    seconds: outcome.seconds,
    apiCalls: calls.apiCalls,
    writeCalls: calls.writeCalls,
    recordsWritten,
    recordsByObject,
    orgChanges,
    workerCountedApiCalls: { total: result.apiCalls, ...result.apiCallsByKind },
    minimumWriteCalls: minimum,
    writeCallsWithinTenPercentOfMinimum: withinSlack(calls.writeCalls, minimum),
    workerPeakRssMb: outcome.workerPeakRssMb,
    status: result.error ? `${result.status}: ${result.error}` : result.status,
    opportunitiesInScope: result.opportunitiesInScope,
    failedRows: result.failedRows.length,
    steps: outcome.steps
  };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const progress = options.progress ?? (() => undefined);
  const now = options.now;
  const loadAverageAtStart = loadavg()[0] ?? 0;
  const root = repositoryRoot();
  // the worker's own settings: the syncs run with them, and the minimum write calls depend on the bulk threshold
  const config = loadWorkerConfig({ file: join(root, 'config', 'cairn.json'), env: {} });
  const bulkThreshold = config.salesforce.bulkThreshold;
  const playbooks = await loadPlaybooks(resolve(root, config.playbooksDir));
  const benchStore = options.store ?? (await createBenchStore(options.storeServer));
  const orgs: LocalOrg[] = [];
  const startOrg = async () => {
    const org = await startLocalOrg({ port: 0, seed: 'none', now: now.toISOString(), quiet: true });
    orgs.push(org);
    return org;
  };

  try {
    const org = await startOrg();
    progress(`Seeding ${options.opportunities} won opportunities into the local org…`);
    const seedStart = performance.now();
    const book: Book = seedBook(org, { opportunities: options.opportunities, now, playbooks });
    const seededSeconds = secondsSince(seedStart);

    progress(`Ingesting ${options.events} usage events into the store (${benchStore.description})…`);
    let store = await openStore(benchStore.location);
    const batchSize = options.ingestBatchSize ?? 500;
    const step = Math.max(batchSize, Math.round(options.events / 10 / batchSize) * batchSize);
    const ingest = await ingestBatches(
      store,
      eventBatches(book.accounts, { total: options.events, now, batchSize, idPrefix: 'bench', seed: 3 }),
      (done) => {
        if (done % step === 0) progress(`  ${done} events stored`);
      }
    );
    progress(`  ${ingest.inserted} events in ${ingest.seconds} s: ${ingest.eventsPerSecond} events/s`);
    const httpEvents = options.httpEvents ?? 20_000;
    let http: HttpIngestFigures | null = null;
    if (httpEvents > 0) {
      progress(
        `Ingesting ${httpEvents} more events through POST /v1/batch (${HTTP_BATCH} a request, ${HTTP_CONCURRENCY} at once)…`
      );
      http = await ingestOverHttp(
        store,
        eventBatches(LOAD_ACCOUNTS, { total: httpEvents, now, batchSize: HTTP_BATCH, idPrefix: 'bench-http', seed: 5 }),
        HTTP_CONCURRENCY
      );
      progress(
        `  ${http.eventsPerSecond} events/s, p50 ${http.latencyMs.p50} ms, p99 ${http.latencyMs.p99} ms a request`
      );
    }
    await store.close();

    const job: SyncJob = {
      instanceUrl: org.url,
      accessToken: org.accessToken,
      store: benchStore.location,
      now: now.toISOString()
    };
    const reader = connectionTo(org, API_VERSION);
    const measureSync = async (label: string): Promise<SyncFigures> => {
      // the org's records before and after, read outside the counted window
      const snapshot = await snapshotScope(reader, API_VERSION, now);
      progress(`${label}…`);
      const before = org.stats();
      const onStep = (step: SyncStep) =>
        progress(
          `  ${step.at.toFixed(1).padStart(7)} s ${String(step.rssMb).padStart(5)} MB (heap ${String(step.heapMb).padStart(4)})  ${step.message.trim()}`
        );
      const outcome = await (options.inline
        ? syncOnce(job, onStep)
        : syncInChild(job, onStep, options.workerHeapMb ?? null));
      const calls = callsBetween(before, org.stats());
      const orgChanges = await changesSince(reader, API_VERSION, now, snapshot);
      const figures = syncFigures(outcome, calls, orgChanges, bulkThreshold);
      progress(
        `  ${figures.status}, ${figures.seconds} s, ${figures.apiCalls.total} API calls (${figures.writeCalls} writes), ` +
          `${figures.recordsWritten} records written`
      );
      return figures;
    };

    const fullSync = await measureSync('Full first sync');
    const unchangedResync = await measureSync('Unchanged re-sync');

    progress('Naive baseline: the same writes, one REST call per record, on a second org seeded alike…');
    const fresh = await startOrg();
    const freshBook = seedBook(fresh, { opportunities: options.opportunities, now, playbooks });
    if (freshBook.opportunities.some((o, i) => o.id !== book.opportunities[i]?.id)) {
      throw new Error('the second org was not seeded with the same ids; the naive baseline cannot pair records');
    }
    // the naive script would blow through a real org's daily allowance; the local org lets it finish
    fresh.setFaults({ dailyLimit: 1_000_000_000 });
    const naiveBaseline = await runNaiveBaseline({
      synced: org,
      fresh,
      apiVersion: API_VERSION,
      now,
      ...(options.naiveTimeBudgetSeconds !== undefined ? { timeBudgetSeconds: options.naiveTimeBudgetSeconds } : {}),
      ...(options.naiveSampleRecords !== undefined ? { sampleRecords: options.naiveSampleRecords } : {}),
      onProgress: (sent) => {
        if (sent % 10_000 === 0) progress(`  ${sent} records written one by one`);
      }
    });
    await fresh.close();
    orgs.splice(orgs.indexOf(fresh), 1);
    progress(
      `  ${naiveBaseline.apiCalls.total} API calls for ${naiveBaseline.recordsWritten} records in ${naiveBaseline.seconds} s` +
        (naiveBaseline.extrapolated
          ? ` (time extrapolated from ${naiveBaseline.extrapolated.sampleRecords} records written)`
          : '')
    );

    progress('A realistic day: about 5% of the opportunities change…');
    store = await openStore(benchStore.location);
    const changes = await applyDailyChanges(org, store, book, now, API_VERSION);
    await store.close();
    const dailyResync = { ...(await measureSync('Re-sync after the day')), changes };

    const ratio = fullSync.apiCalls.total > 0 ? naiveBaseline.apiCalls.total / fullSync.apiCalls.total : 0;
    const workerPeaks = [fullSync, unchangedResync, dailyResync]
      .map((s) => s.workerPeakRssMb)
      .filter((m): m is number => m !== null);
    return {
      opportunities: options.opportunities,
      events: options.events,
      ingest: { ...ingest, http },
      fullSync,
      unchangedResync,
      dailyResync,
      naiveBaseline,
      peakRssMb: peakRssMb(),
      workerPeakRssMb: workerPeaks.length > 0 ? Math.max(...workerPeaks) : null,
      naiveToFullSyncCallRatio: Math.round(ratio * 10) / 10,
      targets: {
        unchangedResyncWritesNothing: unchangedResync.writeCalls === 0,
        fullSyncWriteCallsNearMinimum: fullSync.writeCallsWithinTenPercentOfMinimum,
        dailyResyncWriteCallsNearMinimum: dailyResync.writeCallsWithinTenPercentOfMinimum,
        naiveCallsAtLeast100xFullSync: ratio >= NAIVE_RATIO_TARGET,
        metricsComputedInStoreSql: true
      },
      store: { kind: benchStore.kind, description: benchStore.description },
      now: now.toISOString(),
      seeded: {
        seconds: seededSeconds,
        accounts: book.accounts.length,
        accountsWithProduct: book.accounts.filter((a) => a.productAccountId !== null).length,
        situations: book.situations,
        children: book.children
      },
      bulkThreshold,
      machine: {
        cpus: availableParallelism(),
        node: process.version,
        loadAverageAtStart: Math.round(loadAverageAtStart * 100) / 100,
        loadAverageAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100
      },
      workerHeapLimitMb: options.inline ? null : (options.workerHeapMb ?? null)
    };
  } finally {
    for (const org of orgs) await org.close();
    await benchStore.dispose();
  }
}
