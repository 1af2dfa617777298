// The worker's admin API and sync service over HTTP: POST /sync (202, then 409 while the
// run is going), GET /runs and /runs/:id with every failed row, the Bearer token, the
// Prometheus counters a run moves, /readyz's Salesforce check, and a shutdown in the
// middle of a run. A real server on 127.0.0.1, the real runSync, the local org and PGlite.

import { Secret } from '../../worker/config/secret.js';
import { adminRouter } from '../../worker/server/admin-routes.js';
import { createMetrics, type CairnMetrics } from '../../worker/server/metrics.js';
import { createSyncService, salesforceReadiness, type SyncService } from '../../worker/server/sync-service.js';
import { salesforceConnector } from '../../worker/sync/connector.js';
import { counter, startServer, type TestServer } from '../ingest/worker-server.js';
import { localOrgSettings, startHarness, type Harness } from '../sync/harness.js';
import { seedOpportunity } from '../sync/org-records.js';

const NOW = '2026-05-01T09:00:00Z';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

let h: Harness;
let server: TestServer;
let sync: SyncService;
let metrics: CairnMetrics;
let victim: string;
/** each run waits at its Salesforce sign-in until the test lets it go on */
let gate: { wait: Promise<void>; open: () => void };

function closedGate(): typeof gate {
  let open: () => void = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  h = await startHarness(NOW);
  victim = seedOpportunity(h.org, {
    name: 'Victim',
    productAccountId: 'acct-victim',
    closeDate: '2026-04-28',
    fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10 }
  });
  // another deal's stage holds the key Victim's kickoff stage gets: that row is refused for good
  seedOpportunity(h.org, {
    name: 'Key Holder',
    productAccountId: null,
    closeDate: '2026-04-20',
    stages: [{ Name: 'Copied stage', Sequence__c: 1, Status__c: 'To Do', Stage_Key__c: `${victim}:kickoff-training` }]
  });
  gate = closedGate();
  const deps = { ...h.deps, salesforce: async () => (await gate.wait, h.deps.salesforce()) };
  metrics = createMetrics();
  sync = createSyncService(deps, metrics, () => undefined);
  server = await startServer(h.store, {
    metrics,
    routers: [adminRouter({ store: h.store, sync, adminToken: new Secret(ADMIN_TOKEN) })],
    checks: [salesforceReadiness(h.connector, () => sync.current() !== null)]
  });
}, 120_000);

afterAll(async () => {
  await sync?.shutdown();
  await server?.close();
  await h?.close();
});

describe('the admin token', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['another scheme', { authorization: `Basic ${ADMIN_TOKEN}` }]
  ])('refuses %s with 401', async (_case, headers) => {
    for (const [method, path] of [
      ['POST', '/sync'],
      ['GET', '/runs'],
      ['GET', '/runs/00000000-0000-0000-0000-000000000000']
    ] as const) {
      const answer = await call(path, { method, headers });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toContain('Authorization: Bearer');
    }
  });

  it('answers 503 naming CAIRN_ADMIN_TOKEN when no token is configured', async () => {
    const closed = await startServer(h.store, { routers: [adminRouter({ store: h.store, sync, adminToken: null })] });
    try {
      const response = await fetch(`${closed.url}/runs`, { headers: auth });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: string }).error).toContain('set CAIRN_ADMIN_TOKEN');
    } finally {
      await closed.close();
    }
  });
});

describe('a run through the admin API', () => {
  let runId: string;

  it('POST /sync answers 202 with the run id, then 409 while that run is going', async () => {
    const started = await call('/sync', { method: 'POST', headers: auth });
    expect(started.status).toBe(202);
    runId = String(started.body.runId);
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);

    const again = await call('/sync', { method: 'POST', headers: auth });
    expect(again.status).toBe(409);
    expect(again.body.error).toContain('already going');

    const listed = await call('/runs', { headers: auth });
    expect((listed.body.runs as { id: string; status: string }[])[0]).toMatchObject({ id: runId, status: 'running' });
  });

  it('GET /runs/:id shows the finished run with its counts, API calls and every failed row with its error', async () => {
    gate.open();
    await sync.current();
    const { status, body } = await call(`/runs/${runId}`, { headers: auth });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: runId,
      status: 'partial',
      opportunitiesInScope: 2,
      writes: {
        // Victim: 5 milestones; 4 QBRs each for Victim and Key Holder
        Implementation_Stage__c: { created: 0, updated: 0 },
        Success_Milestone__c: { created: 5, updated: 0 },
        Business_Review__c: { created: 8, updated: 0 },
        Opportunity: { created: 0, updated: 2 },
        Health_Change__c: { created: 1, updated: 0 }
      },
      failedRowCount: 1,
      failedRows: [
        {
          object: 'Implementation_Stage__c',
          key: `${victim}:kickoff-training`,
          statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          message: expect.stringContaining('Opportunity__c'),
          fields: ['Opportunity__c'],
          fix: expect.stringMatching(
            /^Salesforce does not let the integration user set Implementation_Stage__c\.Opportunity__c: grant Edit access in the Cairn_Sync_Integration permission set/
          ),
          values: expect.objectContaining({ Opportunity__c: victim, Name: 'Kickoff and training call' })
        }
      ]
    });
    expect(body.startedAt).toEqual(expect.any(String));
    expect(body.finishedAt).toEqual(expect.any(String));
    // every call the org has answered so far was this run's
    expect(body.apiCalls).toBe(h.org.stats().apiCalls.total);
  });

  it('moved the Prometheus counters of DESIGN §5.3', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('cairn_sync_runs_total{kind="full",status="partial"} 1');
    expect(text).toContain('cairn_sync_records_written_total{object="Success_Milestone__c"} 5');
    expect(text).toContain('cairn_sync_records_written_total{object="Opportunity"} 2');
    expect(await counter(metrics, 'cairn_sync_failed_rows_total')).toBe(1);
    expect(await counter(metrics, 'cairn_sync_duration_seconds')).toBeGreaterThan(0);
    expect(text).toMatch(/cairn_salesforce_api_calls_total\{kind="collections"\} \d+/);
  });

  it('GET /runs/:id answers 404 for an unknown run, and GET /runs refuses a bad limit', async () => {
    expect((await call('/runs/00000000-0000-0000-0000-000000000000', { headers: auth })).status).toBe(404);
    expect((await call('/runs/not-a-run', { headers: auth })).status).toBe(404);
    const bad = await call('/runs?limit=lots', { headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('limit must be a whole number from 1 to 200');
  });
});

describe('/readyz', () => {
  it('reports Salesforce reachable from the last run, without a call of its own', async () => {
    const before = h.org.stats().apiCalls.total;
    const { status, body } = await call('/readyz');
    expect(status).toBe(200);
    expect(body.checks).toEqual([
      { name: 'store', ok: true },
      { name: 'events', ok: true },
      { name: 'salesforce', ok: true }
    ]);
    expect(h.org.stats().apiCalls.total).toBe(before);
  });

  it('answers 503 with the reason when Salesforce refuses the credentials', async () => {
    const refused = salesforceConnector(() => localOrgSettings({ url: h.org.url, accessToken: 'expired-token' }));
    const probe = await startServer(h.store, { checks: [salesforceReadiness(refused, () => false)] });
    try {
      const response = await fetch(`${probe.url}/readyz`);
      const body = (await response.json()) as { checks: { name: string; ok: boolean; reason?: string }[] };
      expect(response.status).toBe(503);
      expect(body.checks[2]).toMatchObject({
        name: 'salesforce',
        ok: false,
        reason: expect.stringMatching(/INVALID_SESSION_ID|SF_ACCESS_TOKEN/)
      });
    } finally {
      await probe.close();
    }
  });
});

describe('shutdown', () => {
  it('stops a run that has not started writing, records it, and takes no more runs', async () => {
    gate = closedGate();
    const started = await call('/sync', { method: 'POST', headers: auth });
    const id = String(started.body.runId);
    const stopping = sync.shutdown();
    gate.open();
    await stopping;
    const run = await call(`/runs/${id}`, { headers: auth });
    expect(run.body).toMatchObject({ status: 'failed', error: expect.stringContaining('shutting down') });
    expect((await call('/sync', { method: 'POST', headers: auth })).status).toBe(503);
  });
});
