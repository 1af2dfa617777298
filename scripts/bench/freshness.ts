// DESIGN §10's two goals, measured (never asserted):
//   (a) latency: a worker with its default settings (config/cairn.json: targeted runs every
//       60 s, full runs every 15 minutes) over a local org answering every call 100 ms late;
//       a stream of track events over a few minutes, each reaching a milestone's threshold in
//       its own account; for each, the time from its ingest answer to the milestone being
//       Achieved in the org (polled every half second), p50 / p95 / max;
//   (b) API calls of targeted runs at 10,000 active accounts: a book of business with usage
//       history, one full sync, then minute after minute of events (each active account a few
//       an hour) and one targeted run per minute, the org's own count of calls; per hour, and
//       extrapolated to a day against the goal of 2,000.

import { join, resolve } from 'node:path';
import { Connection } from 'jsforce';
import { loadWorkerConfig } from '../../worker/config/worker.js';
import { addDays, toDate } from '../../worker/core/dates.js';
import type { UsageEvent } from '../../worker/ingest/event.js';
import { loadPlaybooks } from '../../worker/playbooks/load.js';
import { salesforceSettings } from '../../worker/salesforce/settings.js';
import { createMetrics } from '../../worker/server/metrics.js';
import { startWorker } from '../../worker/server/worker.js';
import { openStore } from '../../worker/store/store.js';
import { salesforceConnector } from '../../worker/sync/connector.js';
import { runSync } from '../../worker/sync/run.js';
import { loadSyncConfig, syncDepsOf } from '../../worker/sync/setup.js';
import { runTargeted } from '../../worker/sync/targeted.js';
import { startLocalOrg } from '../../test/local-org/index.js';
import { createBenchStore } from './bench-store.js';
import { seedBook } from './book.js';
import { ingestBatches } from './ingest.js';
import { callsBetween, secondsSince, type ApiCalls } from './measure.js';
import { Random } from './random.js';
import { API_VERSION, repositoryRoot } from './sync.js';
import { eventBatches } from './usage.js';

export const LATENCY_GOAL_P95_SECONDS = 60;
export const DAILY_CALLS_GOAL = 2_000;
const POLL_MS = 500;
const ADMIN_TOKEN = 'bench-freshness-admin-token';
const WRITE_KEY = 'bench-freshness-write-key';

export interface FreshnessOptions {
  /** accounts in the latency stream, one threshold-reaching event each */
  latencyAccounts: number;
  /** the stream's length in minutes (fractions for a smoke test) */
  latencyMinutes: number;
  /** fastSync.intervalSeconds, for a smoke test only: the figures are the default settings' */
  intervalSeconds?: number;
  /** the local org's delay on every call, ms */
  orgLatencyMs: number;
  /** accounts with events in the API-call simulation */
  activeAccounts: number;
  /** events an hour per active account */
  eventsPerAccountHour: number;
  /** minutes of targeted runs simulated (each a targeted run); the hour's figure is scaled from them */
  simulatedMinutes: number;
  /** usage history stored before the simulation's full sync, per active account */
  historyEventsPerAccount: number;
  storeServer: string | null;
  progress?: (message: string) => void;
}

export const DEFAULT_FRESHNESS: Omit<FreshnessOptions, 'storeServer'> = {
  latencyAccounts: 200,
  latencyMinutes: 3,
  orgLatencyMs: 100,
  activeAccounts: 10_000,
  eventsPerAccountHour: 6,
  simulatedMinutes: 10,
  historyEventsPerAccount: 30
};

export interface LatencyFigures {
  accounts: number;
  streamSeconds: number;
  orgLatencyMs: number;
  /** the worker's settings the stream ran with */
  intervalSeconds: number;
  schedule: string;
  /** events whose milestone reached the org before the wait ended */
  landed: number;
  /** from the ingest answer to the milestone seen Achieved (polled every POLL_MS) */
  seconds: { p50: number; p95: number; max: number };
  runs: { targeted: number; full: number };
  pollIntervalMs: number;
  p95WithinGoal: boolean;
}

export interface ApiCallFigures {
  activeAccounts: number;
  eventsPerAccountHour: number;
  simulatedMinutes: number;
  targetedRuns: number;
  dirtyAccountsPerRun: { mean: number; max: number };
  opportunitiesPerRun: { mean: number; max: number };
  calls: ApiCalls;
  callsPerHour: number;
  callsPerDay: number;
  withinDailyGoal: boolean;
}

export interface FreshnessReport {
  latency: LatencyFigures;
  apiCalls: ApiCallFigures;
  goals: { latencyP95Seconds: number; targetedCallsPerDay: number };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] as number) * 10) / 10;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFreshness(options: FreshnessOptions): Promise<FreshnessReport> {
  return {
    latency: await measureLatency(options),
    apiCalls: await measureApiCalls(options),
    goals: { latencyP95Seconds: LATENCY_GOAL_P95_SECONDS, targetedCallsPerDay: DAILY_CALLS_GOAL }
  };
}

/** (a): the wall clock, the worker as it ships, the org 100 ms away. */
async function measureLatency(options: FreshnessOptions): Promise<LatencyFigures> {
  const progress = options.progress ?? (() => undefined);
  const root = repositoryRoot();
  const org = await startLocalOrg({ port: 0, seed: 'none', quiet: true });
  const benchStore = await createBenchStore(options.storeServer);
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  try {
    const closeDate = addDays(toDate(new Date()), -2);
    const accounts = Array.from({ length: options.latencyAccounts }, (_, i) => `fresh-${String(i).padStart(5, '0')}`);
    const accountIds = org.insert(
      'Account',
      accounts.map((id) => ({ Name: `Fresh ${id}`, Product_Account_Id__c: id }))
    );
    const opportunityIds = org.insert(
      'Opportunity',
      accountIds.map((accountId, i) => ({
        Name: `Fresh deal ${i}`,
        AccountId: accountId,
        StageName: 'Closed Won',
        CloseDate: closeDate,
        Implementation_Type__c: 'Single Call',
        Licensed_Seats__c: 10
      }))
    );
    const accountOf = new Map(opportunityIds.map((id, i) => [id, accounts[i] as string]));
    const config = loadWorkerConfig({
      file: join(root, 'config', 'cairn.json'),
      env: {
        SF_INSTANCE_URL: org.url,
        SF_ACCESS_TOKEN: org.accessToken,
        CAIRN_STORE: benchStore.location,
        CAIRN_WRITE_KEY: WRITE_KEY,
        CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
        PORT: '0'
      }
    });
    org.setFaults({ latencyMs: options.orgLatencyMs });
    const metrics = createMetrics();
    const fastSync = {
      ...config.fastSync,
      intervalSeconds: options.intervalSeconds ?? config.fastSync.intervalSeconds
    };
    worker = await startWorker(
      { ...config, fastSync, playbooksDir: resolve(root, config.playbooksDir) },
      { host: '127.0.0.1', metrics, log: () => undefined }
    );
    const url = worker.url;

    progress(
      `Freshness (a): ${options.latencyAccounts} new deals, a full sync to apply their playbook (org ${options.orgLatencyMs} ms a call)…`
    );
    const started = (await (
      await fetch(`${url}/sync`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { runId: string };
    for (;;) {
      const run = (await (
        await fetch(`${url}/runs/${started.runId}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
      ).json()) as { status: string; error?: string };
      if (run.status !== 'running') {
        if (run.status === 'failed') throw new Error(`the freshness bench's full sync failed: ${run.error ?? ''}`);
        break;
      }
      await sleep(200);
    }

    // each account's one event, at a random moment of the stream
    const random = new Random(11);
    const streamMs = Math.round(options.latencyMinutes * 60_000);
    const offsets = accounts.map(() => Math.floor(random.next() * streamMs)).sort((a, b) => a - b);
    const order = [...accounts].sort(() => random.next() - 0.5);
    const answered = new Map<string, number>();
    const landed = new Map<string, number>();
    const reader = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: API_VERSION });

    let polling = true;
    const poller = (async () => {
      while (polling) {
        const result = await reader.query<{ Opportunity__c: string }>(
          "SELECT Opportunity__c FROM Success_Milestone__c WHERE Status__c = 'Achieved' AND Milestone_Key__c LIKE '%:first-report'"
        );
        const at = Date.now();
        for (const record of result.records) {
          const account = accountOf.get(record.Opportunity__c);
          if (account && answered.has(account) && !landed.has(account)) landed.set(account, at);
        }
        await sleep(POLL_MS);
      }
    })();

    progress(`  streaming ${accounts.length} events over ${options.latencyMinutes} minutes, one per account…`);
    const streamStart = Date.now();
    for (let i = 0; i < order.length; i++) {
      const wait = streamStart + (offsets[i] as number) - Date.now();
      if (wait > 0) await sleep(wait);
      const account = order[i] as string;
      const response = await fetch(`${url}/v1/track`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
          'content-type': 'application/json'
        },
        body: JSON.stringify({
          type: 'track',
          userId: `${account}-u0`,
          event: 'report_created',
          timestamp: new Date().toISOString(),
          messageId: `fresh-${account}`,
          context: { groupId: account }
        })
      });
      if (response.status !== 200) throw new Error(`ingestion answered ${response.status}: ${await response.text()}`);
      answered.set(account, Date.now());
    }
    // the last event waits at most one interval, its run, and a full run it may yield to
    const deadline = Date.now() + (fastSync.intervalSeconds + 240) * 1000;
    while (landed.size < answered.size && Date.now() < deadline) await sleep(POLL_MS);
    polling = false;
    await poller;

    const seconds = [...landed]
      .map(([account, at]) => (at - (answered.get(account) as number)) / 1000)
      .sort((a, b) => a - b);
    const runs = (await metrics.syncRuns.get()).values;
    const count = (kind: string) => runs.filter((v) => v.labels.kind === kind).reduce((sum, v) => sum + v.value, 0);
    const figures: LatencyFigures = {
      accounts: accounts.length,
      streamSeconds: streamMs / 1000,
      orgLatencyMs: options.orgLatencyMs,
      intervalSeconds: fastSync.intervalSeconds,
      schedule: config.schedule,
      landed: landed.size,
      seconds: { p50: percentile(seconds, 50), p95: percentile(seconds, 95), max: percentile(seconds, 100) },
      runs: { targeted: count('targeted'), full: count('full') },
      pollIntervalMs: POLL_MS,
      p95WithinGoal: landed.size === answered.size && percentile(seconds, 95) <= LATENCY_GOAL_P95_SECONDS
    };
    progress(
      `  ${figures.landed} of ${figures.accounts} landed: p50 ${figures.seconds.p50} s, p95 ${figures.seconds.p95} s, max ${figures.seconds.max} s ` +
        `(${figures.runs.targeted} targeted runs, ${figures.runs.full} full)`
    );
    return figures;
  } finally {
    await worker?.close();
    await org.close();
    await benchStore.dispose();
  }
}

/** (b): simulated minutes, each its events and one targeted run, at the rules' simulated now. */
async function measureApiCalls(options: FreshnessOptions): Promise<ApiCallFigures> {
  const progress = options.progress ?? (() => undefined);
  const root = repositoryRoot();
  const start = new Date();
  start.setUTCSeconds(0, 0);
  const org = await startLocalOrg({ port: 0, seed: 'none', now: start.toISOString(), quiet: true });
  const benchStore = await createBenchStore(options.storeServer);
  try {
    const config = loadSyncConfig({
      file: join(root, 'config', 'cairn.json'),
      env: { SF_INSTANCE_URL: org.url, SF_ACCESS_TOKEN: org.accessToken, CAIRN_STORE: benchStore.location }
    });
    const playbooks = await loadPlaybooks(resolve(root, config.playbooksDir));
    // about 83% of a book's opportunities have an account with a product id
    const opportunities = Math.ceil(options.activeAccounts / 0.8);
    progress(`Freshness (b): seeding ${opportunities} opportunities for ${options.activeAccounts} active accounts…`);
    const book = seedBook(org, { opportunities, now: start, playbooks });
    const active = book.accounts.filter((a) => a.productAccountId !== null).slice(0, options.activeAccounts);
    if (active.length < options.activeAccounts) {
      throw new Error(`the book has only ${active.length} accounts with a product id; ask for fewer active accounts`);
    }
    org.setFaults({ dailyLimit: 1_000_000_000 }); // the minutes are compressed; a real day's allowance is the question

    const store = await openStore(benchStore.location);
    try {
      const history = options.historyEventsPerAccount * active.length;
      progress(`  storing ${history} events of usage history…`);
      await ingestBatches(
        store,
        eventBatches(active, { total: history, now: start, batchSize: 1000, idPrefix: 'fresh-history', seed: 13 }),
        () => undefined
      );
      let now = start;
      const deps = {
        ...(await syncDepsOf(
          { ...config, playbooksDir: resolve(root, config.playbooksDir) },
          store,
          salesforceConnector(() => salesforceSettings(config))
        )),
        now: () => now
      };
      progress('  full sync…');
      const fullStart = performance.now();
      const full = await runSync(deps);
      progress(`  ${full.status} in ${secondsSince(fullStart)} s, ${full.apiCalls} calls`);

      const random = new Random(17);
      const perMinute = (options.activeAccounts * options.eventsPerAccountHour) / 60;
      const before = org.stats();
      const dirty: number[] = [];
      const inScope: number[] = [];
      let counter = 0;
      for (let minute = 1; minute <= options.simulatedMinutes; minute++) {
        const from = now.getTime();
        now = new Date(from + 60_000);
        org.setNow(now.toISOString());
        const events: UsageEvent[] = [];
        // a Poisson count with mean perMinute, near enough: the mean, rounded at random
        const count = Math.floor(perMinute) + (random.next() < perMinute % 1 ? 1 : 0);
        for (let n = 0; n < count; n++) {
          const account = random.pick(active);
          const id = account.productAccountId as string;
          events.push({
            accountId: id,
            userId: `${id}-u${Math.floor(account.users * random.next() * random.next())}`,
            name: random.pick(['page_viewed', 'signed_in', 'report_created', 'dashboard_shared', 'user_invited']),
            timestamp: new Date(from + Math.floor(random.next() * 60_000)).toISOString(),
            messageId: `fresh-${(counter += 1)}`,
            properties: null
          });
        }
        await store.insertEvents(events);
        dirty.push((await store.dirtyAccounts()).length);
        const outcome = await runTargeted(deps);
        if (!outcome.ran)
          throw new Error(`simulated minute ${minute}: the targeted run was skipped: ${outcome.message}`);
        if (outcome.result.status === 'failed') throw new Error(`simulated minute ${minute}: ${outcome.result.error}`);
        inScope.push(outcome.result.opportunitiesInScope);
        progress(
          `  minute ${minute}: ${dirty[dirty.length - 1]} dirty accounts, ${outcome.result.opportunitiesInScope} opportunities, ${outcome.result.apiCalls} calls`
        );
      }
      const { apiCalls } = callsBetween(before, org.stats());
      const callsPerHour = Math.round((apiCalls.total * 60) / options.simulatedMinutes);
      const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length));
      return {
        activeAccounts: options.activeAccounts,
        eventsPerAccountHour: options.eventsPerAccountHour,
        simulatedMinutes: options.simulatedMinutes,
        targetedRuns: options.simulatedMinutes,
        dirtyAccountsPerRun: { mean: mean(dirty), max: Math.max(0, ...dirty) },
        opportunitiesPerRun: { mean: mean(inScope), max: Math.max(0, ...inScope) },
        calls: apiCalls,
        callsPerHour,
        callsPerDay: callsPerHour * 24,
        withinDailyGoal: callsPerHour * 24 < DAILY_CALLS_GOAL
      };
    } finally {
      await store.close();
    }
  } finally {
    await org.close();
    await benchStore.dispose();
  }
}

/** The freshness figures as lines for the report. */
export function formatFreshness(report: FreshnessReport): string {
  const { latency: l, apiCalls: c } = report;
  return [
    'Freshness (DESIGN §10)',
    `  event → org latency: ${l.landed}/${l.accounts} events over ${l.streamSeconds} s, org ${l.orgLatencyMs} ms a call, ` +
      `targeted runs every ${l.intervalSeconds} s: p50 ${l.seconds.p50} s, p95 ${l.seconds.p95} s, max ${l.seconds.max} s ` +
      `(goal p95 ≤ ${report.goals.latencyP95Seconds} s: ${l.p95WithinGoal ? 'met' : 'NOT met'})`,
    `  targeted runs at ${c.activeAccounts} active accounts (${c.eventsPerAccountHour} events an hour each; ` +
      `${c.dirtyAccountsPerRun.mean} dirty accounts a run): ${c.calls.total} calls in ${c.simulatedMinutes} runs → ` +
      `${c.callsPerHour} an hour, ${c.callsPerDay} a day (goal < ${report.goals.targetedCallsPerDay}: ${c.withinDailyGoal ? 'met' : 'NOT met'})`,
    `    by kind: query ${c.calls.query}, collections ${c.calls.collections}, bulk2 ${c.calls.bulk2}, describe ${c.calls.describe}, limits ${c.calls.limits}`
  ].join('\n');
}
