// What the sync's end-to-end tests run against: the local org (a real HTTP server on
// 127.0.0.1) at a fixed "now", a test store (embedded PGlite in a temporary folder, or a
// fresh schema on the PostgreSQL test server), the repository's playbooks, and a jsforce
// connection to read records back.

import { Connection } from 'jsforce';
import { Secret } from '../../worker/config/secret.js';
import { DEFAULT_CORE_CONFIG } from '../../worker/core/config.js';
import { loadPlaybooks } from '../../worker/playbooks/load.js';
import type { SalesforceSettings } from '../../worker/salesforce/settings.js';
import type { Store } from '../../worker/store/store.js';
import { salesforceConnector, type SalesforceConnector } from '../../worker/sync/connector.js';
import type { SyncDeps } from '../../worker/sync/run.js';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../local-org/index.js';
import { openTestStore, type BackendName } from '../store/backends.js';

export const API_VERSION = '62.0';

export interface Harness {
  org: LocalOrg;
  store: Store;
  connector: SalesforceConnector;
  deps: SyncDeps;
  /** jsforce against the local org, for seeding by hand and reading back */
  conn: Connection;
  /** what openStore was given: a directory (embedded) or a postgres:// URL (PostgreSQL) */
  storeDir: string;
  close(): Promise<void>;
}

export function localOrgSettings(org: Pick<LocalOrg, 'url' | 'accessToken'>): SalesforceSettings {
  return {
    instanceUrl: org.url,
    apiVersion: API_VERSION,
    auth: { kind: 'accessToken', accessToken: new Secret(org.accessToken) }
  };
}

export async function startHarness(
  now: string,
  orgOptions: LocalOrgOptions = {},
  backend: BackendName = 'embedded'
): Promise<Harness> {
  const org = await startLocalOrg({ port: 0, seed: 'none', now, quiet: true, ...orgOptions });
  const testStore = await openTestStore(backend);
  const { store } = testStore;
  const connector = salesforceConnector(() => localOrgSettings(org));
  const deps: SyncDeps = {
    store,
    salesforce: (options) => connector.session(options),
    playbooks: await loadPlaybooks('config/playbooks'),
    config: DEFAULT_CORE_CONFIG,
    now: () => new Date(now),
    // a row that keeps failing is given up on quickly in tests
    writeOptions: { rowRetry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }
  };
  const conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: API_VERSION });
  return {
    org,
    store,
    connector,
    deps,
    conn,
    storeDir: testStore.location,
    async close() {
      await testStore.dispose();
      await org.close();
    }
  };
}
