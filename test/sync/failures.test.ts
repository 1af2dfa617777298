// Runs that do not go to plan: a row Salesforce refuses for good, a field missing from the
// org, bad credentials, the org's daily limit, a second run while one is going; and a dry
// run, which must write nothing.

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncAlreadyRunningError } from '../../worker/store/errors.js';
import { openStore } from '../../worker/store/store.js';
import { salesforceConnector } from '../../worker/sync/connector.js';
import { runSync } from '../../worker/sync/run.js';
import { localOrgSettings, startHarness, type Harness } from './harness.js';
import { event, readOpportunity, seedOpportunity } from './org-records.js';

const NOW = '2026-05-01T09:00:00Z';

function seedJustWon(h: Harness, name = 'Just Won'): string {
  return seedOpportunity(h.org, {
    name,
    productAccountId: `acct-${name.toLowerCase().replace(/\W+/g, '-')}`,
    closeDate: '2026-04-28',
    fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10 }
  });
}

describe('a row Salesforce refuses for good', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(NOW);
  }, 120_000);
  afterAll(() => h?.close());

  it('is quarantined with its error, the run is partial, and everything else is written', async () => {
    const victim = seedJustWon(h, 'Victim');
    // Another deal's hand-made stage already carries the key the playbook gives Victim's
    // kickoff stage, so the upsert matches it and would move it to Victim: Opportunity__c
    // is master-detail and not reparentable, so Salesforce refuses that row.
    seedOpportunity(h.org, {
      name: 'Key Holder',
      productAccountId: null,
      closeDate: '2026-04-20',
      stages: [{ Name: 'Copied stage', Sequence__c: 1, Status__c: 'To Do', Stage_Key__c: `${victim}:kickoff-training` }]
    });

    const result = await runSync(h.deps);

    expect(result.status).toBe('partial');
    expect(result.failedRows).toEqual([
      {
        object: 'Implementation_Stage__c',
        id: expect.stringMatching(/^[a-zA-Z0-9]{18}$/),
        key: `${victim}:kickoff-training`,
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: expect.stringContaining('Opportunity__c'),
        fields: ['Opportunity__c'],
        fix: expect.stringContaining('Implementation_Stage__c.Opportunity__c')
      }
    ]);
    // the rest of Victim's plan and its fields are written
    const read = await readOpportunity(h.conn, victim);
    expect([read.stages.length, read.milestones.length, read.reviews.length]).toEqual([0, 5, 4]);
    expect(read.fields.Post_Sale_Status__c).toBe('Awaiting Kickoff');

    const run = await h.store.getRun(result.runId);
    expect(run?.status).toBe('partial');
    expect(run?.failedRows).toEqual([
      {
        object: 'Implementation_Stage__c',
        id: result.failedRows[0]?.id,
        key: `${victim}:kickoff-training`,
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: result.failedRows[0]?.message,
        fields: ['Opportunity__c'],
        // the values the row tried to write
        values: {
          Opportunity__c: victim,
          Name: 'Kickoff and training call',
          Sequence__c: 1,
          Status__c: 'To Do',
          Is_Kickoff__c: true,
          Target_Date__c: '2026-05-05'
        }
      }
    ]);
  });
  it('reports a milestone with a mistyped Usage_Metric__c as a warning, and runs on', async () => {
    const typo = seedOpportunity(h.org, {
      name: 'Typo',
      productAccountId: 'acct-typo',
      closeDate: '2026-04-20',
      stages: [
        { Name: 'Kickoff', Sequence__c: 1, Status__c: 'Done', Is_Kickoff__c: true, Completed_Date__c: '2026-04-22' }
      ],
      milestones: [
        {
          Name: 'First report',
          Kind__c: 'Product',
          Sequence__c: 1,
          Status__c: 'Planned',
          Usage_Metric__c: 'events:report_created',
          Usage_Threshold__c: 1
        }
      ]
    });
    const result = await runSync(h.deps);
    expect(result.warnings).toEqual([
      {
        opportunityId: typo,
        message: expect.stringMatching(/^milestone "First report" .*tracked by hand until fixed$/)
      }
    ]);
    expect((await readOpportunity(h.conn, typo)).fields.Kickoff_Date__c).toBe('2026-04-22');
  });
});

describe('a sync-owned field missing from the org', () => {
  let h: Harness;
  let forceAppCopy: string;
  beforeAll(async () => {
    forceAppCopy = await mkdtemp(join(tmpdir(), 'cairn-force-app-'));
    await cp('force-app/main/default', forceAppCopy, { recursive: true });
    await rm(join(forceAppCopy, 'objects/Opportunity/fields/Health_Trend__c.field-meta.xml'));
    h = await startHarness(NOW, { forceAppDir: forceAppCopy });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await rm(forceAppCopy, { recursive: true, force: true });
  });

  it('fails the run with an error naming the field and the permission set, having written nothing', async () => {
    const id = seedJustWon(h);
    await h.store.insertEvents([event('acct-just-won', 'u1', 'login', '2026-04-30T10:00:00Z')]);

    const result = await runSync(h.deps);

    expect(result.status).toBe('failed');
    expect(result.error).toContain('Opportunity.Health_Trend__c');
    expect(result.error).toContain('Cairn_Sync_Integration');
    expect(h.org.stats().apiCalls.writes).toBe(0);
    const read = await readOpportunity(h.conn, id).catch(() => null);
    // the org cannot even be asked for Health_Trend__c; check the children through their own queries
    expect(read).toBeNull();
    const children = await h.conn.query(`SELECT Id FROM Implementation_Stage__c WHERE Opportunity__c = '${id}'`);
    expect(children.totalSize).toBe(0);
    expect((await h.store.getRun(result.runId))?.summary).toMatchObject({ error: result.error });
    // nothing was recorded as written, no health point kept
    expect((await h.store.lastWrites('Opportunity')).size).toBe(0);
    expect((await h.store.healthHistory([id])).size).toBe(0);
  });
});

describe('a dry run, then runs that cannot go ahead', () => {
  let h: Harness;
  let id: string;
  beforeAll(async () => {
    h = await startHarness(NOW);
    id = seedJustWon(h);
  }, 120_000);
  afterAll(() => h?.close());

  it('a dry run reports every planned write and makes none', async () => {
    const dry = await runSync(h.deps, { dryRun: true });

    expect(dry).toMatchObject({ status: 'succeeded', dryRun: true, opportunitiesInScope: 1 });
    expect(Object.values(dry.writes).every((w) => w.created === 0 && w.updated === 0)).toBe(true);
    // 1 stage + 5 milestones + 4 QBRs + the opportunity + its first health change + the Task
    // health-at-risk (grade F)
    expect(dry.plannedWrites?.map((w) => w.object)).toEqual([
      'Implementation_Stage__c',
      ...Array<string>(5).fill('Success_Milestone__c'),
      ...Array<string>(4).fill('Business_Review__c'),
      'Opportunity',
      'Health_Change__c',
      'Task'
    ]);
    expect(dry.plannedWrites?.find((w) => w.object === 'Opportunity')).toMatchObject({
      operation: 'update',
      key: id,
      values: { Post_Sale_Status__c: 'Awaiting Kickoff', Health_Score__c: 0, Health_Grade__c: 'F' },
      before: { Post_Sale_Status__c: null, Health_Score__c: null, Health_Grade__c: null }
    });
    expect(h.org.stats().apiCalls.writes).toBe(0);
    expect((await readOpportunity(h.conn, id)).stages).toEqual([]);
    expect((await h.store.lastWrites('Opportunity')).size).toBe(0);
    expect((await h.store.healthHistory([id])).size).toBe(0);
    expect((await h.store.getRun(dry.runId))?.summary).toMatchObject({ dryRun: true, plannedWriteCount: 13 });

    // the real run then writes exactly what was planned
    const real = await runSync(h.deps);
    const written = Object.values(real.writes).reduce((sum, w) => sum + w.created + w.updated, 0);
    expect(written).toBe(13);
  });

  it('runs never overlap: a second run while one is going fails at once', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = runSync({ ...h.deps, salesforce: async () => (await held, h.deps.salesforce()) });
    await expect(runSync(h.deps)).rejects.toBeInstanceOf(SyncAlreadyRunningError);
    release();
    expect((await slow).status).toBe('succeeded');
  });

  it('a run whose credentials Salesforce refuses is recorded as failed, with why', async () => {
    const bad = salesforceConnector(() => localOrgSettings({ url: h.org.url, accessToken: 'not-a-valid-token' }));
    const result = await runSync({ ...h.deps, salesforce: () => bad.session() });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/INVALID_SESSION_ID|SF_ACCESS_TOKEN/);
    expect(bad.lastKnown()).toMatchObject({ reachable: false });
    expect((await h.store.getRun(result.runId))?.status).toBe('failed');
  });

  it("a run stopped by the org's daily API request limit is recorded as failed, with why", async () => {
    // the day's requests run out just after the run has started (and set its budget)
    const result = await runSync({
      ...h.deps,
      salesforce: async () => {
        const session = await h.deps.salesforce();
        h.org.setFaults({ dailyLimit: h.org.stats().apiCalls.total });
        return session;
      }
    });
    h.org.setFaults({});
    expect(result.status).toBe('failed');
    expect(result.error).toContain('REQUEST_LIMIT_EXCEEDED');
    expect((await h.store.getRun(result.runId))?.summary).toMatchObject({ error: result.error });
  });
});

describe('two workers sharing a PostgreSQL store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(NOW, {}, 'postgres');
    seedJustWon(h);
  }, 120_000);
  afterAll(() => h?.close());

  it('never run at once: the advisory lock turns the second away while the first is going', async () => {
    const replica = await openStore(h.storeDir);
    try {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let started: () => void = () => {};
      const recorded = new Promise<void>((resolve) => (started = resolve));
      const first = runSync(
        { ...h.deps, salesforce: async () => (await held, h.deps.salesforce()) },
        { onStart: () => started() }
      );
      // the first run holds the lock from before it is recorded as running
      await recorded;
      await expect(runSync({ ...h.deps, store: replica })).rejects.toBeInstanceOf(SyncAlreadyRunningError);
      release();
      expect((await first).status).toBe('succeeded');
      // and once it is done, the other worker's run goes ahead
      expect((await runSync({ ...h.deps, store: replica })).status).toBe('succeeded');
    } finally {
      await replica.close();
    }
  });
});
