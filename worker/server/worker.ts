// The long-running worker (`npm run worker -- start`, and the demo): the HTTP API with the
// admin routes, full sync runs on the cron schedule, targeted runs every
// fastSync.intervalSeconds (DESIGN §10), and a shutdown that lets the write phase under way
// finish before the store is closed.

import cron, { type ScheduledTask } from 'node-cron';
import type { WorkerConfig } from '../config/worker.js';
import { salesforceSettings } from '../salesforce/settings.js';
import { SyncAlreadyRunningError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { salesforceConnector, type SalesforceConnector } from '../sync/connector.js';
import { openWorkerStore, syncDepsOf } from '../sync/setup.js';
import { adminRouter } from './admin-routes.js';
import { createApp } from './app.js';
import { listen, type Listening } from './listen.js';
import { metrics as processMetrics, type CairnMetrics } from './metrics.js';
import { createSyncService, salesforceReadiness, type SyncService } from './sync-service.js';

export interface WorkerOptions {
  /** run syncs on config.schedule, and targeted runs when config.fastSync.enabled (default true) */
  schedule?: boolean;
  /** default 0.0.0.0 */
  host?: string;
  /** one line per event (runs, progress, errors); default stderr */
  log?: (line: string) => void;
  metrics?: CairnMetrics;
}

export interface RunningWorker {
  url: string;
  port: number;
  store: Store;
  sync: SyncService;
  connector: SalesforceConnector;
  /** the schedule's next run, or null without a schedule */
  nextScheduledRun(): Date | null;
  /** Graceful shutdown: no new runs or connections, the current write phase finishes, the store closes. */
  close(): Promise<void>;
}

export async function startWorker(config: WorkerConfig, options: WorkerOptions = {}): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const metrics = options.metrics ?? processMetrics;
  const store = await openWorkerStore(config);
  let listening: Listening | null = null;
  let task: ScheduledTask | null = null;
  let fastSync: NodeJS.Timeout | null = null;
  try {
    const connector = salesforceConnector(() => salesforceSettings(config));
    const sync = createSyncService(await syncDepsOf(config, store, connector), metrics, log, {
      minApiLeftPercent: config.fastSync.minApiLeftPercent
    });
    const app = createApp({
      store,
      writeKey: config.secrets.writeKey,
      now: () => config.now ?? new Date(),
      maxBodyBytes: config.ingestion.maxBodyBytes,
      npsEvent: config.satisfaction.npsEvent,
      metrics,
      checks: [salesforceReadiness(connector, () => sync.busy())],
      routers: [adminRouter({ store, sync, adminToken: config.secrets.adminToken })],
      log
    });
    const server = await listen(app, config.port, options.host);
    listening = server;

    if (options.schedule !== false) {
      task = cron.schedule(
        config.schedule,
        async () => {
          try {
            const runId = await sync.start();
            log(`sync: scheduled run ${runId} started`);
          } catch (error) {
            const why = error instanceof SyncAlreadyRunningError ? 'a run is still going' : (error as Error).message;
            log(`sync: scheduled run skipped: ${why}`);
          }
        },
        { name: 'cairn-sync', timezone: 'UTC' }
      );
      if (config.fastSync.enabled) fastSync = scheduleTargetedRuns(sync, config.fastSync.intervalSeconds, log);
    }

    const scheduled = task;
    return {
      url: server.url,
      port: server.port,
      store,
      sync,
      connector,
      nextScheduledRun: () => scheduled?.getNextRun() ?? null,
      async close() {
        await scheduled?.destroy();
        if (fastSync) clearInterval(fastSync);
        // stop accepting connections; requests under way are still answered
        const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
        server.server.closeIdleConnections();
        await sync.shutdown();
        server.server.closeAllConnections();
        await closed;
        await store.close();
      }
    };
  } catch (error) {
    await task?.destroy();
    if (fastSync) clearInterval(fastSync);
    await listening?.close();
    await store.close();
    throw error;
  }
}

/** A targeted run every `seconds`; one with nothing dirty passes without a line (or a call). */
function scheduleTargetedRuns(sync: SyncService, seconds: number, log: (line: string) => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    sync.targeted().then(
      (outcome) => {
        if (outcome.ran) {
          const { runId, status, opportunitiesInScope, apiCalls } = outcome.result;
          log(`targeted sync: run ${runId} ${status}: ${opportunitiesInScope} opportunities, ${apiCalls} API calls`);
        } else if (outcome.reason === 'api-budget-low') log(`targeted sync: skipped: ${outcome.message}`);
      },
      (error: Error) => log(`targeted sync: could not run: ${error.message}`)
    );
  }, seconds * 1000);
  timer.unref();
  return timer;
}
