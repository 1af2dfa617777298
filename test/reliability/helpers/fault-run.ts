// One whole sync of the reliability book against a fresh local org and a fresh embedded
// store, with the worker talking to the org through a wiretap so the test can count on the
// wire what the run history says. Waits between retries are cut to
// milliseconds (the backoff itself is unit-tested in worker/salesforce/backoff.test.ts);
// the number of attempts is raised so a 10% fault rate cannot exhaust them by chance
// (a row failing 8 times in a row at 10%: 1 in 10⁸).

import { Connection } from 'jsforce';
import { Secret } from '../../../worker/config/secret.js';
import { DEFAULT_CORE_CONFIG } from '../../../worker/core/config.js';
import { loadFeatures } from '../../../worker/features/load.js';
import { loadPlaybooks } from '../../../worker/playbooks/load.js';
import type { SalesforceSettings } from '../../../worker/salesforce/settings.js';
import type { WriteOptions } from '../../../worker/salesforce/write-types.js';
import type { RunDetail } from '../../../worker/store/store.js';
import { salesforceConnector } from '../../../worker/sync/connector.js';
import type { SyncResult } from '../../../worker/sync/result.js';
import { runSync, type SyncDeps, type SyncOptions } from '../../../worker/sync/run.js';
import { startLocalOrg, type FaultConfig, type LocalOrgOptions } from '../../local-org/index.js';
import { openTestStore } from '../../store/backends.js';
import { API_VERSION, localOrgSettings, type Harness } from '../../sync/harness.js';
import { NOW, seedBook } from './book.js';
import { snapshotOrg, type OrgSnapshot } from './org-snapshot.js';
import { startWiretap, type Wiretap } from './wiretap.js';

export const FAST_RETRY = { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 };

export const FAST_WRITES: Partial<WriteOptions> = {
  rowRetry: FAST_RETRY,
  bulkPoll: { baseDelayMs: 2, maxDelayMs: 10, timeoutMs: 60_000 }
};

/**
 * test/sync's harness (local org at NOW, embedded store, the repository's playbooks and
 * features as the worker process reads them, a jsforce connection to read back), with the
 * store copied from the test template instead of created (PGlite's initdb takes seconds,
 * more on a busy machine).
 */
export async function startReliabilityHarness(orgOptions: LocalOrgOptions = {}): Promise<Harness> {
  const org = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true, ...orgOptions });
  const testStore = await openTestStore('embedded');
  const connector = salesforceConnector(() => ({ ...localOrgSettings(org), callRetry: FAST_RETRY }));
  const deps: SyncDeps = {
    store: testStore.store,
    salesforce: () => connector.session(),
    playbooks: await loadPlaybooks('config/playbooks'),
    features: await loadFeatures(),
    config: DEFAULT_CORE_CONFIG,
    now: () => new Date(NOW),
    writeOptions: FAST_WRITES
  };
  return {
    org,
    store: testStore.store,
    connector,
    deps,
    conn: new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: API_VERSION }),
    storeDir: testStore.location,
    async close() {
      await testStore.dispose();
      await org.close();
    }
  };
}

export interface FaultRunOptions {
  /** opportunities in the book */
  count: number;
  /** 'refresh' signs in with the refresh-token grant: issued sessions can expire, the static token cannot */
  auth?: 'accessToken' | 'refresh';
  writeOptions?: Partial<WriteOptions>;
}

export interface FaultRun {
  h: Harness;
  tap: Wiretap;
  deps: SyncDeps;
  opportunityIds: string[];
  /** runs one sync with these faults switched on, then switches them off */
  sync(faults?: FaultConfig, options?: SyncOptions): Promise<SyncResult>;
  /** the run as the store's run history keeps it */
  history(result: SyncResult): Promise<RunDetail>;
  /** the org's records (faults off while reading) */
  snapshot(): Promise<OrgSnapshot>;
  close(): Promise<void>;
}

export async function startFaultRun(options: FaultRunOptions): Promise<FaultRun> {
  const h = await startReliabilityHarness();
  const book = seedBook(h.org, options.count);
  await h.store.insertEvents(book.events);
  const tap = await startWiretap(h.org.url);
  const settings: SalesforceSettings = {
    instanceUrl: tap.url,
    apiVersion: API_VERSION,
    callRetry: FAST_RETRY,
    auth:
      options.auth === 'refresh'
        ? {
            kind: 'refreshToken',
            clientId: 'cairn-reliability',
            clientSecret: new Secret('local-org-does-not-check'),
            refreshToken: new Secret(h.org.refreshToken)
          }
        : { kind: 'accessToken', accessToken: new Secret(h.org.accessToken) }
  };
  const connector = salesforceConnector(() => settings);
  const deps: SyncDeps = {
    ...h.deps,
    salesforce: () => connector.session(),
    writeOptions: { ...FAST_WRITES, ...options.writeOptions }
  };
  return {
    h,
    tap,
    deps,
    opportunityIds: book.opportunityIds,
    async sync(faults = {}, syncOptions = {}) {
      h.org.setFaults(faults);
      try {
        return await runSync(deps, syncOptions);
      } finally {
        h.org.setFaults({});
      }
    },
    async history(result) {
      const run = await h.store.getRun(result.runId);
      if (!run) throw new Error(`run ${result.runId} is not in the run history`);
      return run;
    },
    snapshot: () => snapshotOrg(h.conn),
    async close() {
      await tap.close();
      await h.close();
    }
  };
}

/** Records created per object in a run. */
export function created(result: SyncResult): Record<string, number> {
  return Object.fromEntries(Object.entries(result.writes).map(([object, counts]) => [object, counts.created]));
}

export function recordsWritten(result: SyncResult): number {
  return Object.values(result.writes).reduce((sum, counts) => sum + counts.created + counts.updated, 0);
}
