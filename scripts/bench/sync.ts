// Running one worker sync for the benchmark, the way the worker runs it (worker/sync/setup.ts):
// configuration from config/cairn.json and the environment (bulk threshold, write
// concurrency, API budget, playbooks), the store, a Salesforce session on the local org, and
// runSync, timed on its own.
//
// By default the sync runs in a child process, so its memory is the worker's own and not
// mixed with the local org's (which lives in the benchmark's process): the child reports
// its peak resident set size. `inline` runs it in this process instead (the smoke test).

import { fork } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { salesforceSettings } from '../../worker/salesforce/settings.js';
import { salesforceConnector } from '../../worker/sync/connector.js';
import type { SyncResult } from '../../worker/sync/result.js';
import { runSync } from '../../worker/sync/run.js';
import { loadSyncConfig, openWorkerStore, syncDepsOf } from '../../worker/sync/setup.js';
import { secondsSince, toMb } from './measure.js';

export const API_VERSION = '62.0';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The repository root, from scripts/bench (sources) or lib/scripts/bench (compiled). */
export function repositoryRoot(): string {
  return resolve(HERE, HERE.includes(join('lib', 'scripts', 'bench')) ? '../../..' : '../..');
}

export interface SyncJob {
  instanceUrl: string;
  accessToken: string;
  /** a store directory or a postgres:// URL */
  store: string;
  /** the rules' "now", ISO */
  now: string;
}

export interface SyncStep {
  /** seconds since the run started */
  at: number;
  message: string;
  /** the process's resident set size when the step started, in MB */
  rssMb: number;
  /** of which the JavaScript heap in use (the rest: the embedded store's memory, code, buffers) */
  heapMb: number;
}

export interface SyncOutcome {
  /** runSync's own result */
  result: SyncResult;
  /** wall time of runSync (opening the store and loading the configuration excluded) */
  seconds: number;
  /** the run's progress lines with their times: where the time went */
  steps: SyncStep[];
  /** peak resident set size of the process that ran the sync; null when it ran inline (not separable) */
  workerPeakRssMb: number | null;
}

/** One sync, in this process, set up the way the worker sets up its runs. */
export async function syncOnce(job: SyncJob, onStep: (step: SyncStep) => void = () => undefined): Promise<SyncOutcome> {
  const root = repositoryRoot();
  const config = loadSyncConfig({
    file: join(root, 'config', 'cairn.json'),
    env: {
      SF_INSTANCE_URL: job.instanceUrl,
      SF_ACCESS_TOKEN: job.accessToken,
      CAIRN_STORE: job.store,
      CAIRN_NOW: job.now
    }
  });
  const store = await openWorkerStore(config);
  try {
    const deps = await syncDepsOf(
      { ...config, playbooksDir: resolve(root, config.playbooksDir) },
      store,
      salesforceConnector(() => salesforceSettings(config))
    );
    const steps: SyncStep[] = [];
    const start = performance.now();
    const result = await runSync(deps, {
      onProgress: (message) => {
        const { rss, heapUsed } = process.memoryUsage();
        const step = { at: secondsSince(start), message, rssMb: toMb(rss), heapMb: toMb(heapUsed) };
        steps.push(step);
        onStep(step);
      }
    });
    return { result, seconds: secondsSince(start), steps, workerPeakRssMb: null };
  } finally {
    await store.close();
  }
}

/** What the child process sends: each step as it starts, then the outcome or why it failed. */
export interface ChildMessage {
  step?: SyncStep;
  outcome?: SyncOutcome;
  error?: string;
}

/** One sync in a child process (the compiled sync-child.js), with the child's peak memory. */
export function syncInChild(
  job: SyncJob,
  onStep: (step: SyncStep) => void = () => undefined,
  heapLimitMb: number | null = null
): Promise<SyncOutcome> {
  const child = fork(join(HERE, 'sync-child.js'), [], {
    // --cpu-prof and the like apply to the child too, so a profile covers the worker
    execArgv: [...process.execArgv, ...(heapLimitMb === null ? [] : [`--max-old-space-size=${heapLimitMb}`])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  return new Promise((resolvePromise, reject) => {
    let outcome: SyncOutcome | null = null;
    let failure: Error | null = null;
    child.on('message', (message: ChildMessage) => {
      if (message.step) onStep(message.step);
      else if (message.outcome) outcome = message.outcome;
      else failure = new Error(`the sync child failed: ${message.error ?? 'no reason given'}`);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (outcome) resolvePromise(outcome);
      else reject(failure ?? new Error(`the sync child exited with code ${code} before reporting`));
    });
    child.send(job);
  });
}
