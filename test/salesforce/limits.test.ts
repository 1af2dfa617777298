// Stopping cleanly: the org's daily limit, the run's own API budget, and fields the org
// lacks — each with an error that says what happened and what to do.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWritable } from '../../worker/salesforce/describe-check.js';
import { BudgetExhaustedError, DailyLimitError, PermissionGapError } from '../../worker/salesforce/errors.js';
import { readScope } from '../../worker/salesforce/scope.js';
import { connect } from '../../worker/salesforce/session.js';
import { writeChanges } from '../../worker/salesforce/write.js';
import type { WriteBatch } from '../../worker/salesforce/write-types.js';
import { FAST_WRITES, NOW, accessTokenSettings, apiCalls, setFaults, startOrg, type LocalOrg } from './support.js';

async function seedOpportunities(org: LocalOrg, count: number): Promise<string[]> {
  const [account] = await org.insert('Account', [{ Name: 'Acme', Product_Account_Id__c: 'acme' }]);
  return org.insert(
    'Opportunity',
    Array.from({ length: count }, (_, i) => ({
      Name: `Deal ${i}`,
      AccountId: account,
      StageName: 'Closed Won',
      CloseDate: '2026-01-15'
    }))
  );
}

function scoreUpdates(ids: string[]): WriteBatch {
  return {
    object: 'Opportunity',
    operation: 'update',
    records: ids.map((id) => ({ key: id, values: { Health_Score__c: 70 } }))
  };
}

describe('against the standard local org', () => {
  let org: LocalOrg;

  beforeAll(async () => {
    org = await startOrg();
  });

  afterAll(async () => {
    await org.close();
  });

  beforeEach(async () => {
    org.reset();
    setFaults(org, {});
  });

  test('REQUEST_LIMIT_EXCEEDED stops the write with DailyLimitError and keeps what was written', async () => {
    const ids = await seedOpportunities(org, 600);
    const session = await connect(accessTokenSettings(org, { apiBudgetPercent: 100 }));
    // other integrations used the rest of the day's calls: the org allows 1 more call
    setFaults(org, { dailyLimit: apiCalls(org).total + 1 });
    const { report, stop: error } = await writeChanges(session, [scoreUpdates(ids)], {
      ...FAST_WRITES,
      concurrency: 1
    });
    expect(error).toBeInstanceOf(DailyLimitError);
    expect((error as Error).message).toMatch(
      /^Salesforce refused the call with REQUEST_LIMIT_EXCEEDED.*stopped cleanly/
    );
    // 600 rows = 3 calls of 200: the first is written, the second refused, the third never sent
    expect(report?.writes.Opportunity).toEqual({ created: 0, updated: 200 });
    expect(report?.notAttempted).toBe(400);
    expect(report?.failedRows).toEqual([]);
  });

  test('the run stops at its budget: 5% of 120 calls left = 6 calls', async () => {
    const ids = await seedOpportunities(org, 2000);
    const used = apiCalls(org).total;
    // the day allows `used + 120` calls, so 120 are left before the run; 5% of 120 = 6
    setFaults(org, { dailyLimit: used + 120 });
    const session = await connect(accessTokenSettings(org, { apiBudgetPercent: 5 }));
    expect(session.accounting.snapshot().budget).toEqual({ percent: 5, remainingAtStart: 120, maxCalls: 6 });
    const { report, stop: error } = await writeChanges(session, [scoreUpdates(ids.slice(0, 1800))], {
      ...FAST_WRITES,
      concurrency: 1
    });
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect((error as Error).message).toMatch(
      /made 6 of the 6 Salesforce API calls it may use \(5% of the 120 calls .*raise apiBudgetPercent in config\/cairn\.json/
    );
    // 1 limits call + 5 collection calls of 200 = the 6 allowed; the other 800 rows wait for the next run
    expect(report?.writes.Opportunity).toEqual({ created: 0, updated: 1000 });
    expect(report?.notAttempted).toBe(800);
    expect(session.accounting.snapshot().calls.total).toBe(6);
  });
});

describe('against an org that lacks a field', () => {
  let org: LocalOrg;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-force-app-'));
    cpSync('force-app/main/default', dir, {
      recursive: true,
      filter: (source) => !source.endsWith('Health_Trend__c.field-meta.xml')
    });
    org = await startOrg({ forceAppDir: dir });
  });

  afterAll(async () => {
    await org.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the describe check names the missing field and how to deploy it, before any write', async () => {
    const [id] = await seedOpportunities(org, 1);
    const session = await connect(accessTokenSettings(org));
    const batch: WriteBatch = {
      object: 'Opportunity',
      operation: 'update',
      records: [{ key: id as string, values: { Health_Score__c: 70, Health_Trend__c: -3 } }]
    };
    const before = apiCalls(org);
    const error = await checkWritable(session, [batch]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionGapError);
    expect((error as PermissionGapError).gaps).toEqual([
      { object: 'Opportunity', field: 'Health_Trend__c', problem: 'field-missing' }
    ]);
    expect((error as Error).message).toContain('Opportunity.Health_Trend__c');
    expect((error as Error).message).toContain(
      'sf project deploy start --metadata CustomField:Opportunity.Health_Trend__c'
    );
    expect((error as Error).message).toContain('Cairn_Sync_Integration');
    const after = apiCalls(org);
    expect(after.writes).toBe(before.writes);
    // one describe, cached for the rest of the run
    await checkWritable(session, [batch]).catch(() => undefined);
    expect(apiCalls(org).byKind.describe - before.byKind.describe).toBe(1);
  });

  test('reading the scope names the missing field too', async () => {
    const session = await connect(accessTokenSettings(org));
    const error = await readScope(session, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionGapError);
    expect((error as PermissionGapError).gaps).toEqual([
      { object: 'Opportunity', field: 'Health_Trend__c', problem: 'field-missing' }
    ]);
  });
});
