// What the sync's end-to-end tests run against: the local org (a real HTTP server on
// 127.0.0.1) at a fixed "now", an embedded PGlite store in a temporary folder, the
// repository's playbooks, and a jsforce connection to read records back.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { Secret } from '../../worker/config/secret.js';
import { DEFAULT_CORE_CONFIG } from '../../worker/core/config.js';
import { loadPlaybooks } from '../../worker/playbooks/load.js';
import type { SalesforceSettings } from '../../worker/salesforce/settings.js';
import { openStore, type Store } from '../../worker/store/store.js';
import { salesforceConnector, type SalesforceConnector } from '../../worker/sync/connector.js';
import type { SyncDeps } from '../../worker/sync/run.js';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../local-org/index.js';

export const API_VERSION = '62.0';

export interface Harness {
  org: LocalOrg;
  store: Store;
  connector: SalesforceConnector;
  deps: SyncDeps;
  /** jsforce against the local org, for seeding by hand and reading back */
  conn: Connection;
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

export async function startHarness(now: string, orgOptions: LocalOrgOptions = {}): Promise<Harness> {
  const org = await startLocalOrg({ port: 0, seed: 'none', now, quiet: true, ...orgOptions });
  const dir = await mkdtemp(join(tmpdir(), 'cairn-sync-test-'));
  const storeDir = join(dir, 'store');
  const store = await openStore(storeDir);
  const connector = salesforceConnector(() => localOrgSettings(org));
  const deps: SyncDeps = {
    store,
    salesforce: () => connector.session(),
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
    storeDir,
    async close() {
      await store.close();
      await org.close();
      await rm(dir, { recursive: true, force: true });
    }
  };
}
