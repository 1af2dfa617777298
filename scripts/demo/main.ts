// `npm run demo [-- --no-serve]`: Cairn end to end on this machine, with no Salesforce org.
//   1. starts the local org (a stand-in for Salesforce's REST API) with the demo book of business;
//   2. starts the worker against it and sends a few months of generated product usage
//      through its Segment-compatible ingestion endpoint;
//   3. runs one sync through the admin API (POST /sync) and waits for it;
//   4. reads every won opportunity in scope back from the org and prints a table, then the
//      open Tasks the sync raised for each account manager;
//   5. keeps the org, the worker and the component preview running until Ctrl-C
//      (--no-serve, or CAIRN_DEMO_EXIT=1, exits after the table instead).
// The demo's "now" is the clock, or CAIRN_NOW / LOCAL_ORG_NOW when set.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNTS, startLocalOrg, type LocalOrg } from '../../test/local-org/index.js';
import { readScope } from '../../worker/salesforce/scope.js';
import { connect } from '../../worker/salesforce/session.js';
import { salesforceSettings } from '../../worker/salesforce/settings.js';
import { startWorker, type RunningWorker } from '../../worker/server/worker.js';
import type { UsageEvent } from '../../worker/ingest/event.js';
import { loadWorkerConfig, type WorkerConfig } from '../../worker/config/worker.js';
import { demoTable } from './table.js';
import { demoTasks } from './tasks.js';
import { demoEvents } from './usage.js';

const HELP = `Usage: npm run demo [-- --no-serve]

Starts a local org with demo data (a stand-in for Salesforce, not a Salesforce org), sends
generated product usage to the Cairn worker, runs one sync, prints every won opportunity
in scope, then keeps everything running until Ctrl-C.

  --no-serve   exit after the table (also CAIRN_DEMO_EXIT=1)
  -h, --help   show this help

CAIRN_NOW or LOCAL_ORG_NOW (an ISO time) fixes the demo's "now"; otherwise it is the clock.`;

const WRITE_KEY = 'cairn-demo-write-key';
/** events per /v1/batch request: about 330 KB, under the 500 KB body limit */
const BATCH_SIZE = 2000;

interface Options {
  serve: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'no-serve': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  return { serve: !(values['no-serve'] === true || process.env.CAIRN_DEMO_EXIT === '1') };
}

function fixedNow(): string | null {
  const value = process.env.CAIRN_NOW?.trim() || process.env.LOCAL_ORG_NOW?.trim() || '';
  if (value === '') return null;
  if (Number.isNaN(Date.parse(value)))
    throw new Error(`CAIRN_NOW / LOCAL_ORG_NOW must be an ISO time such as 2026-05-01T09:00:00Z, got "${value}"`);
  return new Date(value).toISOString();
}

/** The worker's configuration: the repository's cairn.json, pointed at the local org and a fresh store. */
function demoConfig(org: LocalOrg, storeDir: string, adminToken: string, now: string | null): WorkerConfig {
  return loadWorkerConfig({
    env: {
      SF_INSTANCE_URL: org.url,
      SF_ACCESS_TOKEN: org.accessToken,
      CAIRN_STORE: storeDir,
      CAIRN_WRITE_KEY: WRITE_KEY,
      CAIRN_ADMIN_TOKEN: adminToken,
      PORT: '0',
      ...(now ? { CAIRN_NOW: now } : {})
    }
  });
}

/** Sends the events to the worker's /v1/batch as Segment track calls, BATCH_SIZE at a time. */
async function ingest(workerUrl: string, events: readonly UsageEvent[]): Promise<{ sent: number; rejected: number }> {
  const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
  let rejected = 0;
  for (let start = 0; start < events.length; start += BATCH_SIZE) {
    const batch = events.slice(start, start + BATCH_SIZE).map((e) => ({
      type: 'track',
      userId: e.userId,
      event: e.name,
      timestamp: e.timestamp,
      messageId: e.messageId,
      context: { groupId: e.accountId }
    }));
    const response = await fetch(`${workerUrl}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ batch })
    });
    const body = (await response.json()) as { success?: boolean; rejected?: unknown[]; error?: string };
    if (!response.ok || !body.success)
      throw new Error(`ingestion answered ${response.status}: ${body.error ?? JSON.stringify(body)}`);
    rejected += body.rejected?.length ?? 0;
  }
  return { sent: events.length, rejected };
}

interface RunView {
  status: string;
  error?: string;
  opportunitiesInScope?: number;
  writes?: Record<string, { created: number; updated: number }>;
  apiCalls?: number;
  durationMs?: number;
  failedRowCount?: number;
}

/** POST /sync, then GET /runs/:id until the run has finished. */
async function syncThroughAdminApi(workerUrl: string, adminToken: string): Promise<{ runId: string; run: RunView }> {
  const headers = { authorization: `Bearer ${adminToken}` };
  const started = await fetch(`${workerUrl}/sync`, { method: 'POST', headers });
  const { runId, error } = (await started.json()) as { runId?: string; error?: string };
  if (started.status !== 202 || !runId)
    throw new Error(`POST /sync answered ${started.status}: ${error ?? 'no run id'}`);
  for (;;) {
    const answer = await fetch(`${workerUrl}/runs/${runId}`, { headers });
    const run = (await answer.json()) as RunView;
    if (run.status !== 'running') return { runId, run };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function repositoryRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, here.includes(path.join('lib', 'scripts', 'demo')) ? '../../..' : '../..');
}

/** The component preview (scripts/preview) as a child process reading the same org; resolves with its URL. */
function startPreview(org: LocalOrg): Promise<{ child: ChildProcess; url: string } | null> {
  const script = path.join(repositoryRoot(), 'lib', 'scripts', 'preview', 'main.js');
  if (!existsSync(script)) return Promise.resolve(null);
  const child = spawn(process.execPath, [script, '--org-url', org.url, '--token', org.accessToken, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe']
  });
  return new Promise((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const url = /(http:\/\/127\.0\.0\.1:\d+\S*)/.exec(line)?.[1];
      if (url && line.includes('preview')) resolve({ child, url });
    });
    child.stderr.resume();
    child.once('exit', () => resolve(null));
  });
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  const now = fixedNow();
  const demoNow = new Date(now ?? Date.now());
  const began = Date.now();
  const elapsed = () => `(${((Date.now() - began) / 1000).toFixed(1)} s)`;
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };

  try {
    console.log(`Cairn demo — now is ${demoNow.toISOString()}${now ? ' (fixed by CAIRN_NOW / LOCAL_ORG_NOW)' : ''}`);
    const org = await startLocalOrg({ port: 0, seed: 'demo', quiet: true, ...(now ? { now } : {}) });
    cleanups.push(() => org.close());
    console.log(
      `1. Local org with the demo book of business at ${org.url} (a stand-in for Salesforce, not a Salesforce org) ${elapsed()}`
    );

    const storeDir = await mkdtemp(path.join(tmpdir(), 'cairn-demo-store-'));
    cleanups.push(() => rm(storeDir, { recursive: true, force: true }));
    const adminToken = randomBytes(18).toString('base64url');
    const config = demoConfig(org, storeDir, adminToken, now);
    const worker: RunningWorker = await startWorker(config, {
      host: '127.0.0.1',
      schedule: options.serve,
      log: (line) => {
        if (line.startsWith('sync: ') && !line.startsWith('sync: Run ')) console.log(`     ${line.slice(6)}`);
      }
    });
    cleanups.push(() => worker.close());
    console.log(`2. Cairn worker at ${worker.url} (store: ${storeDir}) ${elapsed()}`);

    const events = demoEvents(DEMO_ACCOUNTS, demoNow);
    const ingested = await ingest(worker.url, events);
    console.log(
      `   Sent ${ingested.sent} usage events for ${DEMO_ACCOUNTS.length} accounts to POST ${worker.url}/v1/batch` +
        (ingested.rejected > 0 ? ` (${ingested.rejected} rejected)` : '') +
        ` ${elapsed()}`
    );

    console.log('3. One sync, started with POST /sync:');
    const { runId, run } = await syncThroughAdminApi(worker.url, adminToken);
    const written = Object.entries(run.writes ?? {})
      .filter(([, c]) => c.created + c.updated > 0)
      .map(([object, c]) => `${object} ${c.created} created, ${c.updated} updated`);
    console.log(
      `   Run ${runId} ${run.status} in ${((run.durationMs ?? 0) / 1000).toFixed(1)} s: ${run.opportunitiesInScope ?? 0} opportunities in scope, ` +
        `${run.apiCalls ?? 0} API calls${run.failedRowCount ? `, ${run.failedRowCount} failed rows` : ''} ${elapsed()}`
    );
    if (written.length > 0) console.log(`   Written: ${written.join('; ')}`);
    if (run.error) console.log(`   Error: ${run.error}`);

    const session = await connect(salesforceSettings(config));
    const scope = await readScope(session, new Date(now ?? Date.now()));
    console.log(`4. Won opportunities in scope, read back from the org ${elapsed()}:\n`);
    console.log(demoTable(scope.opportunities));
    console.log(`\n5. Open Tasks Cairn raised for the account managers (DESIGN §9.5) ${elapsed()}:\n`);
    console.log(await demoTasks(session.connection));
    console.log('');

    if (!options.serve) {
      await cleanUp();
      return run.status === 'failed' ? 1 : 0;
    }

    const preview = await startPreview(org);
    if (preview) cleanups.push(async () => void preview.child.kill('SIGTERM'));
    const token = org.accessToken;
    console.log(
      [
        'Running until Ctrl-C:',
        `  Local org:  ${org.url}   access token ${token}`,
        `  Worker:     ${worker.url}   (/healthz, /readyz, /metrics; sync every 15 minutes: ${config.schedule})`,
        `  Admin:      curl -X POST -H 'Authorization: Bearer ${adminToken}' ${worker.url}/sync`,
        `              curl -H 'Authorization: Bearer ${adminToken}' ${worker.url}/runs/${runId}`,
        `  Ingestion:  write key "${WRITE_KEY}" (HTTP Basic user name) on ${worker.url}/v1/batch`,
        preview
          ? `  Preview:    ${preview.url}`
          : `  Preview:    npm run preview -- --org-url ${org.url} --token ${token}`,
        '  Ops commands (sf cairn) against the local org:',
        `    SF_ACCESS_TOKEN='${token}' ./node_modules/.bin/sf org login access-token --instance-url ${org.url} --no-prompt --alias cairn-demo`,
        '    npm run cairn -- kickoff missing --target-org cairn-demo',
        '    npm run cairn -- qbr due --within 60 --target-org cairn-demo',
        '    npm run cairn -- health list --grade C,D,F --target-org cairn-demo',
        '    npm run cairn -- people quiet --target-org cairn-demo'
      ].join('\n')
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log('\nStopping…');
    await cleanUp();
    return 0;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${HELP}`);
      process.exitCode = 2;
      return;
    }
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
);
