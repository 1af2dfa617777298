// What the commands that run the worker's own code (`cairn sync`, `cairn plan apply`,
// `cairn features adoption`) share: the worker's configuration, read as `npm run worker` reads
// it, its features file and store, and Salesforce settings that sign in as the target org the
// sf CLI holds rather than with the worker's credentials.
import { existsSync } from 'node:fs';
import type { Org } from '@salesforce/core';
import type { WorkerConfig } from '../config/worker.js';
import { FeaturesError, type Feature } from '../core/features.js';
import { featuresFile, loadFeatures } from '../features/load.js';
import type { SalesforceSettings } from '../salesforce/settings.js';
import type { Store } from '../store/store.js';
import { loadSyncConfig, openWorkerStore, syncFailure } from '../sync/setup.js';
import { isPostgresUrl } from './doctor/store-facts.js';
import { pluginMessages } from './messages.js';

const messages = pluginMessages('cairn.errors');

/** config/cairn.json (or CAIRN_CONFIG) plus the environment; an invalid one is an error listing every problem. */
export function loadPluginWorkerConfig(): WorkerConfig {
  try {
    return loadSyncConfig();
  } catch (error) {
    const failure = syncFailure(error);
    if (failure.reason !== 'invalid-config') throw error;
    throw messages.createError('invalidConfig', [failure.problems.map((p) => `  - ${p}`).join('\n')]);
  }
}

/** The worker's Salesforce settings, signed in as `org`; `apiVersion` is --api-version when given. */
export function targetOrgSettings(config: WorkerConfig, org: Org, apiVersion: string | undefined): SalesforceSettings {
  return {
    instanceUrl: null,
    apiVersion: apiVersion ?? config.salesforce.apiVersion,
    apiBudgetPercent: config.salesforce.apiBudgetPercent,
    auth: { kind: 'targetOrg', alias: org.getUsername() ?? '' }
  };
}

/** config/features.json (or CAIRN_FEATURES); an invalid one is an error naming the file, the entry and the key. */
export async function loadPluginFeatures(): Promise<Feature[]> {
  const file = featuresFile();
  try {
    return await loadFeatures(file);
  } catch (error) {
    if (!(error instanceof FeaturesError)) throw error;
    throw messages.createError('invalidFeatures', [error.problems.map((p) => `  - ${p}`).join('\n')], [file]);
  }
}

/**
 * Runs `use` on the worker's store (CAIRN_STORE, as `npm run worker` finds it), closed after.
 * An embedded store that is not there is not created, and one the running worker holds is an
 * error saying so: the usage lives where the worker runs.
 */
export async function withPluginWorkerStore<T>(config: WorkerConfig, use: (store: Store) => Promise<T>): Promise<T> {
  const location = config.store.reveal();
  if (!isPostgresUrl(location) && !existsSync(location)) {
    throw messages.createError('noStore', [String(config.store)]);
  }
  let store: Store;
  try {
    store = await openWorkerStore(config);
  } catch (error) {
    const failure = syncFailure(error);
    throw failure.reason === 'store-in-use'
      ? messages.createError('storeInUse', [String(config.store)])
      : messages.createError('storeUnreachable', [failure.message]);
  }
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
