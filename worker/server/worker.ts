// The long-running worker (`npm run worker -- start`, and the demo): the HTTP API with the
// admin routes, sync runs on the cron schedule, and a shutdown that lets the write phase
// under way finish before the store is closed.

import cron, { type ScheduledTask } from 'node-cron';
import { loadPlaybooks } from '../playbooks/load.js';
import { pullAll } from '../sources/pull-all.js';
import { salesforceSettings, salesforceWriteOptions } from '../salesforce/settings.js';
import { SyncAlreadyRunningError } from '../store/errors.js';
import { openStore, type Store } from '../store/store.js';
import { salesforceConnector, type SalesforceConnector } from '../sync/connector.js';
import { toUsagePullResult } from '../sync/result.js';
import type { SyncDeps } from '../sync/run.js';
import { coreConfigOf, type WorkerConfig } from '../sync/settings.js';
import { adminRouter } from './admin-routes.js';
import { createApp } from './app.js';
import { listen, type Listening } from './listen.js';
import { metrics as processMetrics, type CairnMetrics } from './metrics.js';
import { createSyncService, salesforceReadiness, type SyncService } from './sync-service.js';

export interface WorkerOptions {
  /** run syncs on config.schedule (default true) */
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

/** Everything a sync run needs, from the loaded configuration. */
export async function syncDepsOf(
  config: WorkerConfig,
  store: Store,
  connector: SalesforceConnector
): Promise<SyncDeps> {
  const now = () => config.now ?? new Date();
  return {
    store,
    salesforce: () => connector.session(),
    playbooks: await loadPlaybooks(config.playbooksDir),
    config: coreConfigOf(config),
    writeOptions: salesforceWriteOptions(config),
    // the configured pull sources, run at the start of every sync
    ...(config.sources.length > 0
      ? { pullUsage: async () => (await pullAll(store, config, now())).map(toUsagePullResult) }
      : {}),
    now
  };
}

export async function startWorker(config: WorkerConfig, options: WorkerOptions = {}): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const metrics = options.metrics ?? processMetrics;
  const store = await openStore(config.store.reveal());
  let listening: Listening | null = null;
  let task: ScheduledTask | null = null;
  try {
    const connector = salesforceConnector(() => salesforceSettings(config));
    const sync = createSyncService(await syncDepsOf(config, store, connector), metrics, log);
    const app = createApp({
      store,
      writeKey: config.secrets.writeKey,
      now: () => config.now ?? new Date(),
      maxBodyBytes: config.ingestion.maxBodyBytes,
      metrics,
      checks: [salesforceReadiness(connector, () => sync.current() !== null)],
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
    await listening?.close();
    await store.close();
    throw error;
  }
}
