// Sync runs inside the long-running worker: full runs started by POST /sync or the schedule,
// targeted runs every fastSync.intervalSeconds (DESIGN §10), one at a time, counted in the
// Prometheus metrics, and stopped cleanly on shutdown. A full run waits for a targeted run
// under way in this process; a targeted run skips while another run holds the lock.

import type { SalesforceConnector } from '../sync/connector.js';
import type { SyncResult } from '../sync/result.js';
import { runSync, type SyncDeps, type SyncOptions } from '../sync/run.js';
import { runTargeted, type TargetedOutcome } from '../sync/targeted.js';
import type { DirtyMark } from '../store/store.js';
import type { ReadinessCheck } from './app.js';
import type { CairnMetrics } from './metrics.js';

export interface SyncService {
  /**
   * Starts a run in the background and resolves with its id once it is recorded; rejects
   * with SyncAlreadyRunningError when a run is going (here, or in another worker sharing a
   * PostgreSQL store).
   */
  start(options?: { dryRun?: boolean }): Promise<string>;
  /** One targeted run now, or why it was skipped; resolves when it has finished. */
  targeted(): Promise<TargetedOutcome>;
  /** The full run under way in this process, if any. */
  current(): Promise<SyncResult> | null;
  /** Whether a run (full or targeted) is under way in this process. */
  busy(): boolean;
  /**
   * Takes no more runs and asks the one under way to stop after its current write phase
   * (what that phase writes is recorded); resolves when it has finished.
   */
  shutdown(): Promise<void>;
}

export class ShuttingDownError extends Error {
  override name = 'ShuttingDownError';
  constructor() {
    super('the worker is shutting down and starts no more runs');
  }
}

/** Adds a finished run to the Prometheus counters of DESIGN §5.3. */
export function recordRunMetrics(metrics: CairnMetrics, result: SyncResult): void {
  metrics.syncRuns.inc({ kind: result.kind, status: result.status });
  for (const [object, counts] of Object.entries(result.writes)) {
    const written = counts.created + counts.updated;
    if (written > 0) metrics.syncRecordsWritten.inc({ object }, written);
  }
  if (result.failedRows.length > 0) metrics.syncFailedRows.inc(result.failedRows.length);
  for (const [kind, calls] of Object.entries(result.apiCallsByKind)) {
    if (calls > 0) metrics.salesforceApiCalls.inc({ kind }, calls);
  }
  metrics.syncDuration.observe(result.durationMs / 1000);
}

/** The event-to-Salesforce latency of each account a run covered. */
function observeCovered(metrics: CairnMetrics, marks: readonly DirtyMark[], at: Date): void {
  for (const mark of marks) metrics.eventToSalesforce.observe(Math.max(0, at.getTime() - mark.since.getTime()) / 1000);
}

export interface SyncServiceOptions {
  /** targeted runs skip while the org has under this percentage of its daily API calls left */
  minApiLeftPercent?: number;
}

export function createSyncService(
  deps: SyncDeps,
  metrics: CairnMetrics,
  log: (line: string) => void,
  serviceOptions: SyncServiceOptions = {}
): SyncService {
  const stop = new AbortController();
  let running: Promise<SyncResult> | null = null;
  let targeting: Promise<TargetedOutcome> | null = null;
  const runOptions = (prefix: string): SyncOptions => ({
    signal: stop.signal,
    onProgress: (line) => log(`${prefix}: ${line}`),
    onCovered: (marks, at) => observeCovered(metrics, marks, at)
  });

  const startFull = (options: { dryRun?: boolean }): Promise<string> => {
    if (stop.signal.aborted) return Promise.reject(new ShuttingDownError());
    return new Promise<string>((resolve, reject) => {
      let started = false;
      const run: Promise<SyncResult> = runSync(deps, {
        ...runOptions('sync'),
        dryRun: options.dryRun,
        // only a run that got the lock and is recorded becomes the current one
        onStart: (runId) => {
          started = true;
          running = run;
          resolve(runId);
        }
      }).then((result) => {
        recordRunMetrics(metrics, result);
        return result;
      });
      run
        .catch((error: Error) => {
          if (!started) reject(error);
          else log(`sync: the run could not be finished: ${error.message}`);
        })
        .finally(() => {
          if (running === run) running = null;
        });
    });
  };

  return {
    start(options = {}) {
      // yield: a targeted run under way here finishes first (it is short), then the full run goes
      const pending = targeting;
      return pending
        ? pending.then(
            () => startFull(options),
            () => startFull(options)
          )
        : startFull(options);
    },
    targeted() {
      if (stop.signal.aborted) return Promise.reject(new ShuttingDownError());
      if (targeting)
        return Promise.resolve({ ran: false, reason: 'run-going', message: 'a targeted run is still going' });
      const run = runTargeted(deps, {
        ...runOptions('targeted sync'),
        minApiLeftPercent: serviceOptions.minApiLeftPercent
      })
        .then((outcome) => {
          if (outcome.ran) recordRunMetrics(metrics, outcome.result);
          return outcome;
        })
        .finally(() => {
          if (targeting === run) targeting = null;
        });
      targeting = run;
      return run;
    },
    current: () => running,
    busy: () => running !== null || targeting !== null,
    async shutdown() {
      stop.abort();
      await Promise.all([running?.catch(() => undefined), targeting?.catch(() => undefined)]);
    }
  };
}

/**
 * /readyz's Salesforce check. It answers from the last sign-in or run start when that is
 * recent (under `maxAgeMs`, default 5 minutes), and otherwise — when no run is going, so
 * the run's call counts are not disturbed — starts the session afresh, which costs one
 * `limits` call. A probe every few seconds therefore costs at most one API call per five
 * minutes, and a schedule of runs every 15 minutes keeps the state fresh by itself.
 */
export function salesforceReadiness(
  connector: SalesforceConnector,
  runInProgress: () => boolean,
  maxAgeMs = 5 * 60_000
): ReadinessCheck {
  return {
    name: 'salesforce',
    async check() {
      const known = connector.lastKnown();
      const fresh = known !== null && Date.now() - known.at.getTime() < maxAgeMs;
      if (!fresh && !runInProgress()) {
        await connector.session();
        return;
      }
      if (known && !known.reachable) throw new Error(known.reason ?? 'Salesforce could not be reached');
    }
  };
}
