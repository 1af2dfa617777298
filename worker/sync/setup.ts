// Setting up a sync from the worker's configuration, the same way for every caller
// (`npm run worker -- sync`, the long-running worker, `sf cairn sync`, the benchmark):
// config → store → Salesforce connector → the run's dependencies → run → close, and one
// mapping of what can go wrong into a message and an exit status.

import { ConfigError } from '../config/load.js';
import { coreConfigOf, loadWorkerConfig, type WorkerConfig } from '../config/worker.js';
import { FeaturesError, type Feature } from '../core/features.js';
import { featuresFile, loadFeatures } from '../features/load.js';
import { loadPlaybooks } from '../playbooks/load.js';
import { salesforceSettings, salesforceWriteOptions, type SalesforceSettings } from '../salesforce/settings.js';
import { pullAll } from '../sources/pull-all.js';
import { StoreInUseError, SyncAlreadyRunningError } from '../store/errors.js';
import { openStore, type Store } from '../store/store.js';
import { salesforceConnector, type SalesforceConnector } from './connector.js';
import { toUsagePullResult, type SyncResult } from './result.js';
import { runSync, type SyncDeps, type SyncOptions } from './run.js';

/** Why a sync could not be set up or run. */
export type SyncFailureReason = 'invalid-config' | 'store-in-use' | 'store' | 'run-in-progress' | 'failed';

export interface SyncFailure {
  reason: SyncFailureReason;
  /** what went wrong and what to fix, for a person */
  message: string;
  /** for invalid-config: every problem found, one per line */
  problems: readonly string[];
  /** the exit status: 4 when another run or process holds the store, else 1 */
  exitCode: 1 | 4;
}

/** A failure of a setup step, already in words. */
class SyncSetupError extends Error {
  override name = 'SyncSetupError';
  constructor(
    readonly reason: SyncFailureReason,
    message: string,
    readonly problems: readonly string[] = []
  ) {
    super(message);
  }
}

/** The one mapping of a sync's setup and run errors; an error it does not know is `failed` with its message. */
export function syncFailure(error: unknown): SyncFailure {
  const failure = (reason: SyncFailureReason, message: string, problems: readonly string[] = []): SyncFailure => ({
    reason,
    message,
    problems,
    exitCode: reason === 'store-in-use' || reason === 'run-in-progress' ? 4 : 1
  });
  if (error instanceof SyncSetupError) return failure(error.reason, error.message, error.problems);
  if (error instanceof SyncAlreadyRunningError) return failure('run-in-progress', error.message);
  return failure('failed', error instanceof Error ? error.message : String(error));
}

/** config/cairn.json (or CAIRN_CONFIG) and `env`; an invalid one throws, listing every problem. */
export function loadSyncConfig(options: Parameters<typeof loadWorkerConfig>[0] = {}): WorkerConfig {
  try {
    return loadWorkerConfig(options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems;
    throw new SyncSetupError(
      'invalid-config',
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      problems
    );
  }
}

/** The configured store, opened; a store another process holds is `store-in-use`. */
export async function openWorkerStore(config: WorkerConfig): Promise<Store> {
  try {
    return await openStore(config.store.reveal());
  } catch (error) {
    throw new SyncSetupError(
      error instanceof StoreInUseError ? 'store-in-use' : 'store',
      `Cannot open the store at ${String(config.store)}: ${(error as Error).message}`
    );
  }
}

/** config/features.json (or CAIRN_FEATURES); an invalid file is `invalid-config`, naming the file, entry and key. */
async function loadSyncFeatures(): Promise<Feature[]> {
  try {
    return await loadFeatures(featuresFile());
  } catch (error) {
    if (!(error instanceof FeaturesError)) throw error;
    throw new SyncSetupError('invalid-config', error.message, error.problems);
  }
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
    salesforce: (options) => connector.session(options),
    playbooks: await loadPlaybooks(config.playbooksDir),
    features: await loadSyncFeatures(),
    config: coreConfigOf(config),
    writeOptions: salesforceWriteOptions(config),
    // the configured pull sources, run at the start of every sync
    ...(config.sources.length > 0
      ? { pullUsage: async () => (await pullAll(store, config, now())).map(toUsagePullResult) }
      : {}),
    now
  };
}

export interface OneSyncOptions extends SyncOptions {
  /** how to reach Salesforce; default the configuration's credentials */
  salesforce?: SalesforceSettings;
}

/** One sync run now, from opening the store to closing it; `now` is the rules' now it ran at. */
export async function syncOnce(
  config: WorkerConfig,
  options: OneSyncOptions = {}
): Promise<{ result: SyncResult; now: Date }> {
  const { salesforce, ...runOptions } = options;
  const store = await openWorkerStore(config);
  try {
    const connector = salesforceConnector(() => salesforce ?? salesforceSettings(config));
    const deps = await syncDepsOf(config, store, connector);
    const result = await runSync(deps, runOptions);
    return { result, now: deps.now?.() ?? new Date() };
  } finally {
    await store.close();
  }
}
