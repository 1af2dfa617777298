// kill -9 of the real worker process (lib/worker/cli/main.js start), then a restart on the
// same store:
//   - in the middle of a write phase (the stages phase; the Task inserts, which have no key
//     to upsert on): the next run completes, no child record or Task is duplicated and the
//     org ends as a clean run leaves it;
//   - in the middle of ingestion, with @segment/analytics-node sending: every event whose
//     request the worker answered 200 is in the store exactly once.
// The write-phase crash runs on a PostgreSQL store (a fresh schema on the test server: the
// dead process's sync lock must go with its connection); the ingestion crash on the
// embedded store (its commits must be on disk before the 200). The local org runs in this
// process.

import { Analytics } from '@segment/analytics-node';
import { Connection } from 'jsforce';
import { openStore } from '../../worker/store/store.js';
import { startLocalOrg, type LocalOrg } from '../local-org/index.js';
import { createTestSchema, openTestStore, type TestStore } from '../store/backends.js';
import { API_VERSION } from '../sync/harness.js';
import { NOW, seedBook } from './helpers/book.js';
import { startFaultRun } from './helpers/fault-run.js';
import { snapshotOrg, type OrgSnapshot } from './helpers/org-snapshot.js';
import { startWiretap, type Wiretap } from './helpers/wiretap.js';
import { bearer, getRun, ingest, syncAndWait } from './helpers/worker-http.js';
import {
  freePort,
  NEVER,
  startWorkerProcess,
  workerFiles,
  type Env,
  type RunningWorker,
  type WorkerFiles
} from './helpers/worker-process.js';

const COUNT = 20;
const ADMIN_TOKEN = 'crash-test-admin-token';
const WRITE_KEY = 'crash-test-write-key';

interface WriteCrash {
  /** the write call whose answer the worker never hears */
  fatal: string;
  isFatal(request: { method: string; path: string }): boolean;
  /** what the org holds when the worker has died */
  halfDone(half: OrgSnapshot, reference: OrgSnapshot): void;
}

const isComposite = ({ path }: { path: string }) => path.includes('/composite/sobjects');

const WRITE_CRASHES: WriteCrash[] = [
  {
    fatal: 'the stages call',
    isFatal: ({ path }) => path.includes('/composite/sobjects/Implementation_Stage__c/'),
    halfDone(half, reference) {
      // the stages landed; the health changes and Tasks, written last, did not
      expect(half.counts.Implementation_Stage__c).toBe(reference.counts.Implementation_Stage__c);
      expect(half.counts.Health_Change__c).toBe(0);
      expect(half.counts.Task).toBe(0);
    }
  },
  {
    // Tasks are inserted (they have no unique key to upsert on): only the Tasks the run
    // reads back keep the restarted worker from creating them a second time
    fatal: 'the Task insert call',
    isFatal: ({ method, path }) => method === 'POST' && /\/composite\/sobjects$/.test(path),
    halfDone(half, reference) {
      expect(reference.counts.Task).toBeGreaterThan(0);
      expect(half.counts.Task).toBe(reference.counts.Task);
    }
  }
];

describe.each(WRITE_CRASHES)('kill -9 when the org has answered $fatal', (crash) => {
  let reference: OrgSnapshot;
  let org: LocalOrg;
  let tap: Wiretap;
  let files: WorkerFiles;
  let dropSchema: () => Promise<void>;
  let env: Env;
  let worker: RunningWorker | undefined;
  let killedRunId: string;

  beforeAll(async () => {
    // what a clean run of the same book leaves in the org
    const clean = await startFaultRun({ count: COUNT });
    try {
      const result = await clean.sync();
      if (result.status !== 'succeeded') throw new Error(`the reference run ${result.status}: ${result.error ?? ''}`);
      reference = await clean.snapshot();
    } finally {
      await clean.close();
    }

    org = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true });
    const book = seedBook(org, COUNT);
    // The relay lets write calls through until the fatal call; when the org has answered
    // that one, the worker is killed before it hears the answer, and the write calls it
    // sent after the fatal call (the rest of that phase, if it was still sending them)
    // never reach the org.
    let armed = true;
    let fatalSent = false;
    let markKilled: () => void = () => {};
    const killed = new Promise<void>((resolve) => (markKilled = resolve));
    tap = await startWiretap(org.url, {
      intercept: async (request) => {
        if (!armed || !isComposite(request)) return 'forward';
        if (crash.isFatal(request)) {
          fatalSent = true;
          return 'forward';
        }
        if (!fatalSent) return 'forward';
        await killed;
        return 'drop';
      },
      onExchange: async (exchange) => {
        if (!armed || !isComposite(exchange) || !crash.isFatal(exchange)) return;
        armed = false;
        worker?.child.kill('SIGKILL');
        await worker?.exited;
        markKilled();
      }
    });
    files = await workerFiles({});
    const schema = await createTestSchema();
    dropSchema = schema.drop;
    env = {
      HOME: files.dir,
      CAIRN_CONFIG: files.configFile,
      CAIRN_STORE: schema.url,
      CAIRN_NOW: NOW,
      CAIRN_SCHEDULE: NEVER,
      CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
      CAIRN_WRITE_KEY: WRITE_KEY,
      PORT: '0',
      SF_INSTANCE_URL: tap.url,
      SF_ACCESS_TOKEN: org.accessToken
    };
    worker = await startWorkerProcess(env);
    await ingest(worker.url, WRITE_KEY, book.events);
    const started = await fetch(`${worker.url}/sync`, {
      method: 'POST',
      headers: { authorization: bearer(ADMIN_TOKEN) }
    });
    killedRunId = ((await started.json()) as { runId: string }).runId;
    await worker.exited;
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await tap?.close();
    await org?.close();
    await files?.dispose();
    await dropSchema?.();
  }, 60_000);

  it('the worker died by SIGKILL with the write phase half done', async () => {
    expect(await worker?.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: API_VERSION });
    crash.halfDone(await snapshotOrg(conn), reference);
  });

  it('after a restart on the same store the next run completes, and the org holds exactly what a clean run writes', async () => {
    worker = await startWorkerProcess(env);
    const run = await syncAndWait(worker.url, ADMIN_TOKEN);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: undefined });

    const conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: API_VERSION });
    const after = await snapshotOrg(conn);
    // no child record or Task duplicated, none missing, every value as in the clean run
    expect(after.counts).toEqual(reference.counts);
    expect(after).toEqual(reference);
  }, 120_000);

  it('the killed run is not left "running" in the run history', async () => {
    const killed = await getRun(worker?.url ?? '', ADMIN_TOKEN, killedRunId);
    expect(killed.status).toBe('failed');
    expect(killed.error).toMatch(/stopped|killed|crash/i);
  });
});

describe('kill -9 in the middle of ingestion, with @segment/analytics-node sending', () => {
  const TOTAL = 1200;
  let files: WorkerFiles;
  let embedded: TestStore;

  beforeAll(async () => {
    files = await workerFiles({});
    // a migrated embedded store (copied from the test template), closed for the worker to open
    embedded = await openTestStore('embedded');
    await embedded.store.close();
  }, 120_000);
  afterAll(async () => {
    await files?.dispose();
    await embedded?.dispose();
  }, 60_000);

  it('every event whose request was answered 200 is stored exactly once', async () => {
    // a fixed port: the client keeps sending to the same address across the restart
    const port = await freePort();
    const env: Env = {
      HOME: files.dir,
      CAIRN_CONFIG: files.configFile,
      CAIRN_STORE: embedded.location,
      CAIRN_SCHEDULE: NEVER,
      CAIRN_WRITE_KEY: WRITE_KEY,
      PORT: String(port)
    };
    let worker = await startWorkerProcess(env);

    const analytics = new Analytics({
      writeKey: WRITE_KEY,
      host: `http://127.0.0.1:${port}`,
      flushAt: 20,
      flushInterval: 50,
      maxRetries: 20,
      httpRequestTimeout: 10_000
    });
    const acknowledged: string[] = [];
    analytics.on('http_response', (response) => {
      if (response.status !== 200) return;
      const { batch } = JSON.parse(String(response.body)) as { batch: { messageId: string }[] };
      acknowledged.push(...batch.map((message) => message.messageId));
    });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));

    const at = new Date(Date.now() - 3_600_000).toISOString();
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let killedAt = -1;
    for (let i = 0; i < TOTAL; i++) {
      analytics.track({
        userId: `u${i % 7}`,
        event: 'report_created',
        messageId: `crash-${i}`,
        timestamp: at,
        context: { groupId: 'crash-acct' }
      });
      // keep about 100 events in flight while the worker answers, so the kill finds batches under way
      while (killedAt < 0 && i - acknowledged.length > 100) await sleep(5);
      if (killedAt < 0 && acknowledged.length >= 300) {
        // kill while batches are in flight, and restart while the client keeps sending
        killedAt = i;
        worker.child.kill('SIGKILL');
        await worker.exited;
        worker = await startWorkerProcess(env);
      }
      if (i % 20 === 19) await sleep(5);
    }
    await analytics.closeAndFlush({ timeout: 60_000 });
    await worker.stop();

    expect(killedAt).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(300);
    const store = await openStore(embedded.location);
    try {
      const stored = (await store.findEvents({ accountId: 'crash-acct', limit: 10 * TOTAL })).map((e) => e.messageId);
      const counts = new Map<string, number>();
      for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(acknowledged.filter((id) => counts.get(id) !== 1)).toEqual([]);
      // The client retried what the dead worker never answered, so in the end nothing was lost.
      expect(stored.length).toBe(TOTAL);
      expect(errors).toEqual([]);
    } finally {
      await store.close();
    }
  }, 300_000);
});
