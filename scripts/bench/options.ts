// The benchmark's command line: what each flag means, its default, and a clear error for
// a value that will not do.

import { parseArgs } from 'node:util';
import { isPostgresUrl } from './bench-store.js';
import { DEFAULT_FRESHNESS, type FreshnessOptions } from './freshness.js';

export const HELP = `Usage: npm run bench -- [--opportunities N] [--events M] [--json] [--scale] [--store postgres://...]

Measures Cairn's sync against the local org (DESIGN §7): ingestion into the store, a full
first sync, an unchanged re-sync, a re-sync after a realistic day, and a naive baseline that
writes the same records one REST call at a time; then the freshness goals of DESIGN §10
(event-to-Salesforce latency, and the API calls of targeted runs). Progress goes to stderr.

  --opportunities N   won opportunities to seed (default 10000)
  --events M          usage events over the 120 days before now (default 1000000)
  --json              print exactly one JSON object on stdout
  --scale             run N = 1000, 10000 and 50000 (events 100 per opportunity, at most
                      --max-events) each in its own process, and print how cost grows
  --sizes A,B,C       the opportunity counts for --scale (default 1000,10000,50000)
  --max-events M      the cap on events per --scale run (default 2000000)
  --store URL         keep the store on this PostgreSQL server (a fresh schema is made and
                      dropped), e.g. postgres://postgres@127.0.0.1:5432/test; default: a
                      fresh embedded store in a temporary folder
  --now ISO           the rules' "now" (default: the current hour); events end there
  --inline            run the syncs in this process (no separate worker memory figure)
  --worker-heap MB    the sync process's V8 heap limit (--max-old-space-size), as
                      NODE_OPTIONS sets it for the worker in production (default: Node's)
  --naive-budget S    write the whole naive baseline when it fits S seconds (default 240);
                      otherwise write a sample and extrapolate its time (stated in the output)
  --naive-sample R    records in that sample (default 5000)
  --ingest-batch B    events per store transaction, as one HTTP batch stores them (default 500)
  --http-events H     events sent through the worker's POST /v1/batch on loopback, 100 a
                      request, 8 at once, for the HTTP path's rate and latency (default
                      20000; 0 skips it); they belong to accounts the org does not have
  --freshness WHAT    all (default): the sync figures, then the freshness ones; only: the
                      freshness figures alone; skip: the sync figures alone
  --latency-accounts A  accounts in the latency stream, one threshold-reaching event each
                      (default ${DEFAULT_FRESHNESS.latencyAccounts})
  --latency-minutes T   the stream's length in minutes (default ${DEFAULT_FRESHNESS.latencyMinutes}); the org answers
                      each call ${DEFAULT_FRESHNESS.orgLatencyMs} ms late (--org-latency MS)
  --active-accounts K   accounts with events for the targeted runs' API calls (default ${DEFAULT_FRESHNESS.activeAccounts})
  --simulated-minutes S targeted runs simulated, one a minute (default ${DEFAULT_FRESHNESS.simulatedMinutes}); per hour and
                      per day are scaled from them
  -h, --help          this text`;

export interface CliOptions {
  opportunities: number;
  events: number;
  json: boolean;
  scale: boolean;
  sizes: number[];
  maxEvents: number;
  storeServer: string | null;
  now: Date;
  inline: boolean;
  workerHeapMb: number | null;
  naiveTimeBudgetSeconds: number;
  naiveSampleRecords: number;
  ingestBatchSize: number;
  httpEvents: number;
  freshness: 'all' | 'only' | 'skip';
  freshnessOptions: Omit<FreshnessOptions, 'storeServer' | 'progress'>;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

function count(flag: string, text: string, min: number): number {
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${flag} must be a whole number of at least ${min}, not "${text}"`);
  return value;
}

/** The start of the current UTC hour: figures from runs within the hour compare exactly. */
function currentHour(): Date {
  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  return now;
}

export function parseOptions(argv: readonly string[]): CliOptions {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        opportunities: { type: 'string', default: '10000' },
        events: { type: 'string', default: '1000000' },
        json: { type: 'boolean', default: false },
        scale: { type: 'boolean', default: false },
        sizes: { type: 'string', default: '1000,10000,50000' },
        'max-events': { type: 'string', default: '2000000' },
        store: { type: 'string' },
        now: { type: 'string' },
        inline: { type: 'boolean', default: false },
        'worker-heap': { type: 'string' },
        'naive-budget': { type: 'string', default: '240' },
        'naive-sample': { type: 'string', default: '5000' },
        'ingest-batch': { type: 'string', default: '500' },
        'http-events': { type: 'string', default: '20000' },
        freshness: { type: 'string', default: 'all' },
        'latency-accounts': { type: 'string', default: String(DEFAULT_FRESHNESS.latencyAccounts) },
        'latency-minutes': { type: 'string', default: String(DEFAULT_FRESHNESS.latencyMinutes) },
        'org-latency': { type: 'string', default: String(DEFAULT_FRESHNESS.orgLatencyMs) },
        'active-accounts': { type: 'string', default: String(DEFAULT_FRESHNESS.activeAccounts) },
        'simulated-minutes': { type: 'string', default: String(DEFAULT_FRESHNESS.simulatedMinutes) },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const store = values.store?.trim() || null;
  if (store !== null && !isPostgresUrl(store)) {
    throw new UsageError(
      `--store must be a postgres:// URL such as postgres://postgres@127.0.0.1:5432/test, not "${store}"`
    );
  }
  let now = currentHour();
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(values.now) || Number.isNaN(now.getTime())) {
      throw new UsageError(`--now must be an ISO date-time such as 2026-05-01T12:00:00Z, not "${values.now}"`);
    }
  }
  const freshness = values.freshness;
  if (freshness !== 'all' && freshness !== 'only' && freshness !== 'skip') {
    throw new UsageError(`--freshness must be all, only or skip, not "${freshness}"`);
  }
  return {
    freshness,
    freshnessOptions: {
      ...DEFAULT_FRESHNESS,
      latencyAccounts: count('latency-accounts', values['latency-accounts'], 1),
      latencyMinutes: count('latency-minutes', values['latency-minutes'], 1),
      orgLatencyMs: count('org-latency', values['org-latency'], 0),
      activeAccounts: count('active-accounts', values['active-accounts'], 1),
      simulatedMinutes: count('simulated-minutes', values['simulated-minutes'], 1)
    },
    opportunities: count('opportunities', values.opportunities, 1),
    events: count('events', values.events, 0),
    json: values.json,
    scale: values.scale,
    sizes: values.sizes.split(',').map((size) => count('sizes', size.trim(), 1)),
    maxEvents: count('max-events', values['max-events'], 0),
    storeServer: store,
    now,
    inline: values.inline,
    workerHeapMb: values['worker-heap'] === undefined ? null : count('worker-heap', values['worker-heap'], 64),
    naiveTimeBudgetSeconds: count('naive-budget', values['naive-budget'], 0),
    naiveSampleRecords: count('naive-sample', values['naive-sample'], 1),
    ingestBatchSize: count('ingest-batch', values['ingest-batch'], 1),
    httpEvents: count('http-events', values['http-events'], 0),
    help: values.help
  };
}
