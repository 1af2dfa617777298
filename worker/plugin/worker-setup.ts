// What the commands that run the worker's own code (`cairn sync`, `cairn plan apply`) share:
// the worker's configuration, read as `npm run worker` reads it, and Salesforce settings
// that sign in as the target org the sf CLI holds rather than with the worker's credentials.
import type { Org } from '@salesforce/core';
import type { WorkerConfig } from '../config/worker.js';
import type { SalesforceSettings } from '../salesforce/settings.js';
import { loadSyncConfig, syncFailure } from '../sync/setup.js';
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
