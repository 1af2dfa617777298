// The local org: a stand-in for a Salesforce org's REST API on 127.0.0.1, for tests, the
// demo, the component preview and the benchmarks. Not a Salesforce org.
//
//   const org = await startLocalOrg({ seed: 'demo', now: '2026-05-01T09:00:00Z' });
//   const conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '62.0' });
//   ...
//   await org.close();

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { startServer } from './api/server.js';
import { ADMIN_USERNAME, OrgState } from './org.js';
import { seedDemo } from './seed/demo.js';
import { loadSoqlParser } from './soql/compile.js';
import type { FaultConfig } from './faults.js';
import type { Stats } from './usage.js';

export type { Stats } from './usage.js';
export type { FaultConfig } from './faults.js';
export { DEMO_ACCOUNTS, type DemoAccount, type DemoProfile } from './seed/demo.js';
export { ADMIN_USERNAME } from './org.js';

export interface LocalOrgOptions {
  /** 0 (the default) picks a free port */
  port?: number;
  host?: '127.0.0.1';
  /** 'demo' loads the demo book of business (seed/demo.ts); default 'none' */
  seed?: 'demo' | 'none';
  /** load state from this JSON file when it exists, and save to it on writes and on close */
  dataFile?: string;
  /** ISO instant fixing "now" (date literals, CreatedDate...); else LOCAL_ORG_NOW, else the wall clock */
  now?: string;
  /** force-app/main/default to read custom objects from; default: this repository's */
  forceAppDir?: string;
  /** no warnings on stderr */
  quiet?: boolean;
  /** one line per request on stderr */
  log?: boolean;
}

export interface LocalOrg {
  url: string;
  /** the static token: always valid, never expires (LOCAL_ORG_TOKEN when set) */
  accessToken: string;
  /** accepted by the refresh_token grant (LOCAL_ORG_REFRESH_TOKEN when set) */
  refreshToken: string;
  username: string;
  /** 18-character ids of the org and of the admin user the static token runs as */
  orgId: string;
  userId: string;
  close(): Promise<void>;
  /** Creates records with REST create's validation and defaults, without HTTP or API counting; all or nothing. */
  insert(sobject: string, records: Record<string, unknown>[]): string[];
  stats(): Stats;
  /** Empties data, counters, jobs, sessions and faults; the schema, org record and admin user stay. */
  reset(): void;
  /** The same faults as POST /__local/faults; `{}` clears them. */
  setFaults(faults: FaultConfig): void;
  /** Fixes "now" at an ISO instant, or follows the wall clock with null. */
  setNow(iso: string | null): void;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The repository root, from test/local-org (sources) or lib/test/local-org (compiled). */
function repositoryRoot(): string {
  const up = HERE.includes(`${join('lib', 'test', 'local-org')}`) ? '../../..' : '../..';
  return resolve(HERE, up);
}

export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const forceAppDir = options.forceAppDir ?? join(repositoryRoot(), 'force-app', 'main', 'default');
  const org = new OrgState({
    forceAppDefaultDir: forceAppDir,
    now: options.now ?? process.env.LOCAL_ORG_NOW ?? null,
    staticToken: process.env.LOCAL_ORG_TOKEN || undefined,
    refreshToken: process.env.LOCAL_ORG_REFRESH_TOKEN || undefined,
    password: process.env.LOCAL_ORG_PASSWORD || 'cairn'
  });
  const warn = (lines: string[]) => {
    if (!options.quiet) for (const line of lines) process.stderr.write(`local org: ${line}\n`);
  };
  warn(org.schemaWarnings);
  const dataFile = options.dataFile;
  const loaded = dataFile ? org.load(dataFile) : null;
  if (loaded) warn(loaded);
  if (options.seed === 'demo' && org.store.size('Opportunity') === 0) seedDemo(org, repositoryRoot());

  const { server, url } = await startServer(org, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    log: options.log ?? false
  });
  const saver = dataFile ? startSaving(org, dataFile) : null;
  // Warm the SOQL parser up after the port is open, so the org answers at once.
  setImmediate(() => loadSoqlParser().catch(() => undefined)); // a query retries and reports a failure

  return {
    url,
    accessToken: org.sessions.staticToken,
    refreshToken: org.sessions.refreshToken,
    username: ADMIN_USERNAME,
    orgId: org.orgId,
    userId: org.adminUserId,
    close: async () => {
      saver?.stop();
      await closeServer(server);
    },
    insert: (sobject, records) => org.insert(sobject, records),
    stats: () => org.usage.stats(),
    reset: () => org.reset(),
    setFaults: (faults) => org.faults.set(faults),
    setNow: (iso) => org.clock.set(iso)
  };
}

/** Saves the data file every second while records change, and once more when stopped. */
function startSaving(org: OrgState, path: string): { stop(): void } {
  let saved = -1;
  const save = () => {
    if (org.store.revision === saved) return;
    org.save(path);
    saved = org.store.revision;
  };
  save();
  const timer = setInterval(save, 1000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      save();
    }
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((e) => (e ? reject(e) : resolve()));
    server.closeAllConnections();
  });
}
