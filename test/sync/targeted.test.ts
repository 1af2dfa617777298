// DESIGN §10 end to end: a worker started with fastSync.intervalSeconds 1 over the local
// org. A full run (POST /sync) applies the playbook; then one track event reaches the first
// milestone's threshold and a targeted run — not a full one — brings it to the org, with
// one query (the account, its opportunities in scope with their child sets and Cairn Tasks,
// its cases and contacts, as nested subqueries), the writes, and no describe or limits
// call. With nothing dirty afterwards, the worker makes no call at all.
//
// "now" is 2026-05-01T09:00:00Z. Acme (product account "acme", Single Call, 10 seats, won
// 2026-04-28) gets the single-call playbook: milestone "First report created" is
// event:report_created ≥ 1, due 2026-05-12. Globex (product account "globex") gets no event.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { loadWorkerConfig } from '../../worker/config/worker.js';
import { createMetrics } from '../../worker/server/metrics.js';
import { startWorker, type RunningWorker } from '../../worker/server/worker.js';
import { startLocalOrg, type LocalOrg } from '../local-org/index.js';
import { bearer, ingest, syncAndWait, type RunView } from '../reliability/helpers/worker-http.js';
import { API_VERSION } from './harness.js';
import { event, readOpportunity, seedOpportunity } from './org-records.js';

const NOW = '2026-05-01T09:00:00Z';
const ADMIN_TOKEN = 'targeted-test-admin-token';
const WRITE_KEY = 'targeted-test-write-key';

let org: LocalOrg;
let worker: RunningWorker;
let dir: string;
let acme: string;
const metrics = createMetrics();

async function runs(): Promise<RunView[]> {
  const response = await fetch(`${worker.url}/runs`, { headers: { authorization: bearer(ADMIN_TOKEN) } });
  return ((await response.json()) as { runs: RunView[] }).runs;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  org = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true });
  acme = seedOpportunity(org, {
    name: 'Acme',
    productAccountId: 'acme',
    closeDate: '2026-04-28',
    fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10 }
  });
  seedOpportunity(org, {
    name: 'Globex',
    productAccountId: 'globex',
    closeDate: '2026-04-28',
    fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10 }
  });
  dir = mkdtempSync(join(tmpdir(), 'cairn-targeted-'));
  const file = join(dir, 'cairn.json');
  // the full schedule never comes round in the test (1 January only): every run after POST /sync is targeted
  writeFileSync(file, JSON.stringify({ schedule: '0 0 1 1 *', fastSync: { intervalSeconds: 1 } }));
  const config = loadWorkerConfig({
    file,
    env: {
      SF_INSTANCE_URL: org.url,
      SF_ACCESS_TOKEN: org.accessToken,
      SF_API_VERSION: API_VERSION,
      CAIRN_STORE: join(dir, 'store'),
      CAIRN_WRITE_KEY: WRITE_KEY,
      CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
      CAIRN_NOW: NOW,
      PORT: '0'
    }
  });
  worker = await startWorker(config, { host: '127.0.0.1', metrics, log: () => undefined });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await org?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a milestone reached by one track event', () => {
  let targeted: RunView;

  it('the full run applies the playbook: the milestone is Planned', async () => {
    const full = await syncAndWait(worker.url, ADMIN_TOKEN);
    expect({ kind: full.kind, status: full.status }).toEqual({ kind: 'full', status: 'succeeded' });
    const read = await readOpportunity(
      new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: API_VERSION }),
      acme
    );
    expect(read.milestones[0]).toMatchObject({ Name: 'First report created', Status__c: 'Planned' });
  }, 60_000);

  it('lands in the org through a targeted run over Acme only', async () => {
    await ingest(worker.url, WRITE_KEY, [event('acme', 'u1', 'report_created', '2026-05-01T08:30:00Z')]);
    targeted = await until('a finished targeted run', async () =>
      (await runs()).find((run) => run.kind === 'targeted' && run.status !== 'running')
    );
    expect({ status: targeted.status, opportunitiesInScope: targeted.opportunitiesInScope }).toEqual({
      status: 'succeeded',
      opportunitiesInScope: 1
    });
    const read = await readOpportunity(
      new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: API_VERSION }),
      acme
    );
    expect(read.milestones[0]).toMatchObject({
      Name: 'First report created',
      Status__c: 'Achieved',
      Achieved_At__c: '2026-05-01T08:30:00Z',
      Is_First_Value__c: true
    });
  }, 60_000);

  it('with one query, the writes, and no describe or limits call', async () => {
    const detail = (await (
      await fetch(`${worker.url}/runs/${targeted.id}`, { headers: { authorization: bearer(ADMIN_TOKEN) } })
    ).json()) as {
      apiCallsByKind: Record<string, number>;
      writes: Record<string, { created: number; updated: number }>;
    };
    // the milestone, the opportunity's usage and health fields, and the Health_Change__c that
    // explains the new score: one collections call per object written
    expect(detail.apiCallsByKind).toEqual({
      query: 1,
      sobject: 0,
      collections: 3,
      bulk2: 0,
      describe: 0,
      limits: 0,
      other: 0
    });
    expect(Object.fromEntries(Object.entries(detail.writes).filter(([, c]) => c.created + c.updated > 0))).toEqual({
      Success_Milestone__c: { created: 0, updated: 1 },
      Opportunity: { created: 0, updated: 1 },
      // CAIRN_NOW fixes "now", so this change has the full run's change key: the upsert updates that record
      Health_Change__c: { created: 0, updated: 1 }
    });
  });

  it('afterwards nothing is dirty: later intervals make no call', async () => {
    const before = org.stats().apiCalls.total;
    // three more intervals pass
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(org.stats().apiCalls.total).toBe(before);
    expect((await runs()).filter((run) => run.kind === 'targeted')).toHaveLength(1);
  }, 30_000);

  it('is counted in the metrics by kind, with the event-to-Salesforce latency of the one account', async () => {
    const text = await metrics.registry.metrics();
    expect(text).toContain('cairn_sync_runs_total{kind="full",status="succeeded"} 1');
    expect(text).toContain('cairn_sync_runs_total{kind="targeted",status="succeeded"} 1');
    expect(text).toContain('cairn_event_to_salesforce_seconds_count 1');
  });
});
