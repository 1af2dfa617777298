// Writes against the local org: sObject Collections in calls of 200, Bulk API 2.0 above the
// threshold, upserts that never duplicate, per-row errors retried or quarantined, and the
// faults a real org throws (locks, 503s).

import { connect, type SalesforceSession } from '../../worker/salesforce/session.js';
import { writeChanges } from '../../worker/salesforce/write.js';
import type { WriteBatch, WriteRecord } from '../../worker/salesforce/write-types.js';
import { FAST_WRITES, accessTokenSettings, apiCalls, setFaults, startOrg, type LocalOrg } from './support.js';

let org: LocalOrg;
let session: SalesforceSession;

beforeAll(async () => {
  org = await startOrg();
  session = await connect(accessTokenSettings(org));
});

afterAll(async () => {
  await org.close();
});

beforeEach(async () => {
  org.reset();
  setFaults(org, {});
});

async function seedOpportunities(count: number): Promise<string[]> {
  const [account] = await org.insert('Account', [{ Name: 'Acme', Product_Account_Id__c: 'acme' }]);
  const rows = Array.from({ length: count }, (_, i) => ({
    Name: `Deal ${i}`,
    AccountId: account,
    StageName: 'Closed Won',
    CloseDate: '2026-01-15'
  }));
  return org.insert('Opportunity', rows);
}

async function query<T>(soql: string): Promise<T[]> {
  const result = await session.connection.query(soql, { autoFetch: true, maxFetch: 100_000 });
  return result.records as unknown as T[];
}

function healthUpdates(ids: string[], score: (index: number) => number): WriteBatch {
  return {
    object: 'Opportunity',
    operation: 'update',
    records: ids.map((id, index) => ({
      key: id,
      values: { Health_Score__c: score(index), Health_Grade__c: 'B', Health_Drivers__c: null }
    }))
  };
}

function stages(opportunityId: string, count: number, name = (i: number) => `Stage ${i}`): WriteRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `${opportunityId}:stage-${i}`,
    values: { Opportunity__c: opportunityId, Name: name(i), Sequence__c: i + 1, Status__c: 'To Do' }
  }));
}

test('450 updates go in ⌈450/200⌉ = 3 collection calls and every value lands', async () => {
  const ids = await seedOpportunities(450);
  const before = apiCalls(org);
  const { report } = await writeChanges(session, [healthUpdates(ids, (i) => i % 101)], FAST_WRITES);
  const after = apiCalls(org);
  expect(after.writes - before.writes).toBe(3);
  expect(after.byKind.collections - before.byKind.collections).toBe(3);
  expect(report.apiCalls.byKind.collections).toBe(3);
  expect(report.apiCalls.total).toBe(3);
  expect(report.writes).toEqual({ Opportunity: { created: 0, updated: 450 } });
  expect(report.failedRows).toEqual([]);
  expect(report.written).toHaveLength(450);
  const rows = await query<{ Id: string; Health_Score__c: number }>('SELECT Id, Health_Score__c FROM Opportunity');
  const scoreById = new Map(rows.map((row) => [row.Id, row.Health_Score__c]));
  expect(ids.map((id) => scoreById.get(id))).toEqual(ids.map((_, i) => i % 101));
});

test('an upsert replayed updates the same records: no duplicates', async () => {
  const [opp] = (await seedOpportunities(1)) as [string];
  const { report: first } = await writeChanges(
    session,
    [
      {
        object: 'Implementation_Stage__c',
        operation: 'upsert',
        externalIdField: 'Stage_Key__c',
        records: stages(opp, 5)
      }
    ],
    FAST_WRITES
  );
  expect(first.writes).toEqual({ Implementation_Stage__c: { created: 5, updated: 0 } });
  const { report: second } = await writeChanges(
    session,
    [
      {
        object: 'Implementation_Stage__c',
        operation: 'upsert',
        externalIdField: 'Stage_Key__c',
        records: stages(opp, 5, (i) => `Renamed ${i}`)
      }
    ],
    FAST_WRITES
  );
  expect(second.writes).toEqual({ Implementation_Stage__c: { created: 0, updated: 5 } });
  // the same ids both times
  expect(second.written.map((row) => row.id).sort()).toEqual(first.written.map((row) => row.id).sort());
  const rows = await query<{ Name: string }>('SELECT Name FROM Implementation_Stage__c ORDER BY Sequence__c');
  expect(rows.map((row) => row.Name)).toEqual(['Renamed 0', 'Renamed 1', 'Renamed 2', 'Renamed 3', 'Renamed 4']);
});

test('rows Salesforce refuses are quarantined with their error; the rest are written', async () => {
  const [opp] = (await seedOpportunities(1)) as [string];
  const records = stages(opp, 6);
  (records[1] as WriteRecord).values.Status__c = 'Blocked'; // not in the restricted picklist
  (records[3] as WriteRecord).values.Notes__c = 'x'.repeat(32_769); // Notes__c is Long Text Area(32768)
  const { report } = await writeChanges(
    session,
    [{ object: 'Implementation_Stage__c', operation: 'upsert', externalIdField: 'Stage_Key__c', records }],
    FAST_WRITES
  );
  expect(report.writes).toEqual({ Implementation_Stage__c: { created: 4, updated: 0 } });
  expect(report.failedRows.map(({ key, statusCode, fields, id }) => ({ key, statusCode, fields, id }))).toEqual([
    { key: `${opp}:stage-1`, statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Status__c'], id: null },
    { key: `${opp}:stage-3`, statusCode: 'STRING_TOO_LONG', fields: ['Notes__c'], id: null }
  ]);
  expect(report.failedRows.every((row) => row.object === 'Implementation_Stage__c' && row.message.length > 0)).toBe(
    true
  );
  // permanent errors are not retried
  expect(report.retries.rows).toBe(0);
  const rows = await query<{ Stage_Key__c: string }>('SELECT Stage_Key__c FROM Implementation_Stage__c');
  expect(rows.map((row) => row.Stage_Key__c).sort()).toEqual([0, 2, 4, 5].map((i) => `${opp}:stage-${i}`));
});

test('an update of a deleted record is quarantined as ENTITY_IS_DELETED with its id', async () => {
  const ids = await seedOpportunities(3);
  await session.connection.sobject('Opportunity').destroy(ids[1] as string);
  const { report } = await writeChanges(session, [healthUpdates(ids, () => 50)], FAST_WRITES);
  expect(report.writes.Opportunity).toEqual({ created: 0, updated: 2 });
  expect(report.failedRows).toHaveLength(1);
  expect(report.failedRows[0]).toMatchObject({
    object: 'Opportunity',
    id: ids[1],
    key: ids[1],
    statusCode: 'ENTITY_IS_DELETED'
  });
});

test('every row locked on every attempt: each is tried 3 times, then quarantined as UNABLE_TO_LOCK_ROW', async () => {
  const ids = await seedOpportunities(250);
  setFaults(org, { lockRowRate: 1 });
  const { report } = await writeChanges(session, [healthUpdates(ids, () => 60)], FAST_WRITES);
  // 250 rows × (3 attempts − 1) = 500 row retries; each attempt is ⌈250/200⌉ = 2 calls → 6 calls
  expect(report.retries.rows).toBe(500);
  expect(report.apiCalls.byKind.collections).toBe(6);
  expect(report.failedRows).toHaveLength(250);
  expect(new Set(report.failedRows.map((row) => row.statusCode))).toEqual(new Set(['UNABLE_TO_LOCK_ROW']));
  expect(report.writes.Opportunity).toEqual({ created: 0, updated: 0 });
});

test('occasional lock failures are retried alone until every row is written', async () => {
  const ids = await seedOpportunities(300);
  setFaults(org, { lockRowRate: 0.2, seed: 7 });
  const { report } = await writeChanges(session, [healthUpdates(ids, () => 61)], {
    ...FAST_WRITES,
    rowRetry: { maxAttempts: 12, baseDelayMs: 2, maxDelayMs: 10 }
  });
  expect(report.failedRows).toEqual([]);
  expect(report.writes.Opportunity).toEqual({ created: 0, updated: 300 });
  expect(report.retries.rows).toBeGreaterThan(0);
  // retried rows travel alone: later attempts hold far fewer rows than the first 2 calls did
  expect(report.apiCalls.byKind.collections).toBeLessThan(2 * 12);
  const rows = await query<{ Health_Score__c: number }>('SELECT Health_Score__c FROM Opportunity');
  expect(rows.every((row) => row.Health_Score__c === 61)).toBe(true);
});

test('503 answers are retried for PATCH calls too, and counted', async () => {
  const ids = await seedOpportunities(450);
  setFaults(org, { http503Rate: 1 });
  const { report } = await writeChanges(session, [healthUpdates(ids.slice(0, 10), () => 62)], FAST_WRITES);
  // every call fails: 3 call attempts (FAST_CALL_RETRY) × 3 row attempts = 9 calls, 2 × 3 = 6 of them call retries
  expect(report.apiCalls.byKind.collections).toBe(9);
  expect(report.retries.calls).toBe(6);
  expect(report.retries.rows).toBe(20);
  expect(report.failedRows).toHaveLength(10);
  expect(report.failedRows[0]?.statusCode).toBe('SERVER_UNAVAILABLE');

  setFaults(org, { http503Rate: 0.5, seed: 3 });
  const { report: retried } = await writeChanges(session, [healthUpdates(ids, () => 63)], {
    ...FAST_WRITES,
    rowRetry: { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 10 }
  });
  expect(retried.failedRows).toEqual([]);
  expect(retried.writes.Opportunity).toEqual({ created: 0, updated: 450 });
  expect(retried.retries.calls).toBeGreaterThan(0);
});

test('above the bulk threshold: one Bulk API 2.0 job, all three result sets read, failed rows kept', async () => {
  const [opp] = (await seedOpportunities(1)) as [string];
  const records = stages(opp, 60);
  (records[7] as WriteRecord).values.Status__c = 'Blocked';
  (records[42] as WriteRecord).values.Name = null; // Name is required
  const before = apiCalls(org);
  const { report } = await writeChanges(
    session,
    [{ object: 'Implementation_Stage__c', operation: 'upsert', externalIdField: 'Stage_Key__c', records }],
    { ...FAST_WRITES, bulkThreshold: 50 }
  );
  const after = apiCalls(org);
  expect(report.apiCalls.byKind.collections).toBe(0);
  // create + upload are the writes; then close, polls and the 3 result reads
  expect(after.writes - before.writes).toBe(2);
  expect(report.apiCalls.byKind.bulk2).toBeGreaterThanOrEqual(2 + 1 + 1 + 3);
  expect(report.writes).toEqual({ Implementation_Stage__c: { created: 58, updated: 0 } });
  expect(report.failedRows.map(({ key, statusCode }) => ({ key, statusCode }))).toEqual([
    { key: `${opp}:stage-7`, statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' },
    { key: `${opp}:stage-42`, statusCode: 'REQUIRED_FIELD_MISSING' }
  ]);
  const count = await session.connection.query('SELECT COUNT() FROM Implementation_Stage__c');
  expect(count.totalSize).toBe(58);

  // the same rows again through bulk: matched by key, updated, still 58
  const { report: again } = await writeChanges(
    session,
    [
      {
        object: 'Implementation_Stage__c',
        operation: 'upsert',
        externalIdField: 'Stage_Key__c',
        records: stages(opp, 60)
      }
    ],
    { ...FAST_WRITES, bulkThreshold: 50 }
  );
  expect(again.writes).toEqual({ Implementation_Stage__c: { created: 2, updated: 58 } });
  expect((await session.connection.query('SELECT COUNT() FROM Implementation_Stage__c')).totalSize).toBe(60);
});

test('bulk rows that hit a lock are sent again; the job results say which', async () => {
  const ids = await seedOpportunities(80);
  setFaults(org, { lockRowRate: 1 });
  const { report } = await writeChanges(session, [healthUpdates(ids, () => 64)], { ...FAST_WRITES, bulkThreshold: 50 });
  // 3 attempts, each one job for all 80 rows (still ≥ 50): 3 jobs × 2 write calls
  expect(report.retries.rows).toBe(160);
  expect(report.failedRows).toHaveLength(80);
  expect(report.failedRows[0]).toMatchObject({ statusCode: 'UNABLE_TO_LOCK_ROW', id: ids[0] });
});

test("a bulk job that fails as a whole reports every row with the job's reason", async () => {
  const ids = await seedOpportunities(60);
  const batch = healthUpdates(ids, () => 65);
  for (const record of batch.records) record.values.Not_A_Field__c = 'x';
  const { report } = await writeChanges(session, [batch], { ...FAST_WRITES, bulkThreshold: 50 });
  expect(report.writes.Opportunity).toEqual({ created: 0, updated: 0 });
  expect(report.failedRows).toHaveLength(60);
  expect(report.failedRows[0]).toMatchObject({ id: ids[0], key: ids[0], statusCode: 'BULK_JOB_FAILED' });
  expect(report.failedRows[0]?.message).toContain('Field name not found : Not_A_Field__c');
  // a failed job is not worth repeating: no row retries
  expect(report.retries.rows).toBe(0);
});

test('malformed batches are refused before any call, saying what is wrong', async () => {
  const before = apiCalls(org);
  await expect(writeChanges(session, [{ object: 'Opportunity', operation: 'upsert', records: [] }])).rejects.toThrow(
    'an upsert of Opportunity needs externalIdField, the External ID field it matches on'
  );
  await expect(
    writeChanges(session, [{ object: 'Opportunity', operation: 'update', records: [{ key: 'not-an-id', values: {} }] }])
  ).rejects.toThrow('Opportunity update of Id "not-an-id": the key must be a record Id');
  await expect(
    writeChanges(session, [
      {
        object: 'Health_Change__c',
        operation: 'upsert',
        externalIdField: 'Change_Key__c',
        records: [
          { key: 'k1', values: { Score__c: 1 } },
          { key: 'K1', values: { Score__c: 2 } }
        ]
      }
    ])
  ).rejects.toThrow('Health_Change__c upsert of Change_Key__c "K1": the same key appears twice');
  await expect(
    writeChanges(session, [
      {
        object: 'Health_Change__c',
        operation: 'upsert',
        externalIdField: 'Change_Key__c',
        records: [{ key: 'k1', values: { Score__c: Number.NaN } }]
      }
    ])
  ).rejects.toThrow('Score__c is NaN; a value must be text, a finite number, true/false or null');
  expect(apiCalls(org).total).toBe(before.total);
});

test('a batch of 150,000 rows is checked whole (no call-stack overflow), its malformed last row named', async () => {
  // a full first sync at N = 50,000 sends batches of over 500,000 child records
  const records = stages('006000000000001AAA', 150_000);
  records.push({ ...records[0]!, key: records[0]!.key.toUpperCase() });
  const before = apiCalls(org);
  await expect(
    writeChanges(session, [
      { object: 'Implementation_Stage__c', operation: 'upsert', externalIdField: 'Stage_Key__c', records }
    ])
  ).rejects.toThrow(
    'Implementation_Stage__c upsert of Stage_Key__c "006000000000001AAA:STAGE-0": the same key appears twice'
  );
  expect(apiCalls(org).total).toBe(before.total);
});

describe('inserts (alert Tasks): created once, matched back by key, never sent twice', () => {
  function alerts(opportunityId: string, count: number): WriteRecord[] {
    return Array.from({ length: count }, (_, i) => {
      const key = `${opportunityId}:alert-${i}`;
      return {
        key,
        values: {
          Cairn_Alert_Key__c: key,
          WhatId: opportunityId,
          Subject: `Cairn: alert ${i}`,
          Priority: 'High',
          Status: 'Not Started',
          ActivityDate: '2026-05-08'
        }
      };
    });
  }
  const insert = (records: WriteRecord[]): WriteBatch => ({ object: 'Task', operation: 'insert', records });

  /** Cairn_Alert_Key__c → Id of every Task in the org. */
  async function tasksByKey(): Promise<Map<string, string>> {
    const rows = await query<{ Id: string; Cairn_Alert_Key__c: string }>('SELECT Id, Cairn_Alert_Key__c FROM Task');
    return new Map(rows.map((row) => [row.Cairn_Alert_Key__c, row.Id]));
  }

  test('250 inserts go in 2 POST collection calls; a refused row keeps its error, the others are created with their ids', async () => {
    const [opp] = (await seedOpportunities(1)) as [string];
    const records = alerts(opp, 250);
    (records[3] as WriteRecord).values.Priority = 'Urgent'; // Task.Priority is restricted
    const { report } = await writeChanges(session, [insert(records)], FAST_WRITES);
    expect(report.apiCalls.byKind.collections).toBe(2);
    expect(report.writes).toEqual({ Task: { created: 249, updated: 0 } });
    expect(report.failedRows).toEqual([
      {
        object: 'Task',
        id: null,
        key: `${opp}:alert-3`,
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Priority: bad value for restricted picklist field: Urgent',
        fields: ['Priority']
      }
    ]);
    expect(report.retries.rows).toBe(0);
    const inOrg = await tasksByKey();
    expect(inOrg.size).toBe(249);
    expect(report.written.every((row) => row.object === 'Task' && row.created)).toBe(true);
    expect(new Map(report.written.map((row) => [row.key, row.id]))).toEqual(inOrg);
  });

  test('above the bulk threshold: one insert job, results matched to rows by Cairn_Alert_Key__c', async () => {
    const [opp] = (await seedOpportunities(1)) as [string];
    const records = alerts(opp, 60);
    (records[17] as WriteRecord).values.Status = 'Done';
    const { report } = await writeChanges(session, [insert(records)], { ...FAST_WRITES, bulkThreshold: 50 });
    expect(report.apiCalls.byKind.collections).toBe(0);
    expect(report.writes).toEqual({ Task: { created: 59, updated: 0 } });
    expect(report.failedRows.map(({ key, id, statusCode, fields }) => ({ key, id, statusCode, fields }))).toEqual([
      { key: `${opp}:alert-17`, id: null, statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Status'] }
    ]);
    expect(new Map(report.written.map((row) => [row.key, row.id]))).toEqual(await tasksByKey());
  });

  test('rows Salesforce says failed on a lock are sent again: every alert is created exactly once', async () => {
    const [opp] = (await seedOpportunities(1)) as [string];
    setFaults(org, { lockRowRate: 0.3, seed: 5 });
    const { report } = await writeChanges(session, [insert(alerts(opp, 120))], {
      ...FAST_WRITES,
      rowRetry: { maxAttempts: 15, baseDelayMs: 2, maxDelayMs: 10 }
    });
    expect(report.retries.rows).toBeGreaterThan(0);
    expect(report.failedRows).toEqual([]);
    expect(report.writes).toEqual({ Task: { created: 120, updated: 0 } });
    expect((await session.connection.query('SELECT COUNT() FROM Task')).totalSize).toBe(120);
    expect(new Map(report.written.map((row) => [row.key, row.id]))).toEqual(await tasksByKey());
  });

  test('a bulk insert job that fails part-way: the rows it never reached go again, none twice', async () => {
    const [opp] = (await seedOpportunities(1)) as [string];
    setFaults(org, { bulkJobFailsAfterRows: 35 });
    const { report } = await writeChanges(session, [insert(alerts(opp, 60))], { ...FAST_WRITES, bulkThreshold: 50 });
    // 60 − 35 = 25 unprocessed rows, below the threshold: resent through one collection call
    expect(report.retries.rows).toBe(25);
    expect(report.apiCalls.byKind.collections).toBe(1);
    expect(report.writes).toEqual({ Task: { created: 60, updated: 0 } });
    expect((await session.connection.query('SELECT COUNT() FROM Task')).totalSize).toBe(60);
  });

  test('an insert call whose answer is lost after Salesforce committed is not sent again: its rows are not attempted', async () => {
    const [opp] = (await seedOpportunities(1)) as [string];
    setFaults(org, { lostResponseRate: 1 });
    const { report } = await writeChanges(session, [insert(alerts(opp, 10))], FAST_WRITES);
    expect(report.apiCalls.byKind.collections).toBe(1);
    expect(report.retries).toEqual({ rows: 0, calls: 0, sessionRenewals: 0 });
    expect(report.written).toEqual([]);
    expect(report.failedRows).toEqual([]);
    expect(report.notAttempted).toBe(10);
    // the org did create them, once: the next run finds them by key before creating anything
    setFaults(org, {});
    expect([...(await tasksByKey()).keys()].sort()).toEqual(
      alerts(opp, 10)
        .map((row) => row.key)
        .sort()
    );
  });

  test('an insert call answered 503 is not repeated either: Salesforce may answer so after committing', async () => {
    const [opp] = (await seedOpportunities(1)) as [string];
    setFaults(org, { http503Rate: 1 });
    const { report } = await writeChanges(session, [insert(alerts(opp, 10))], FAST_WRITES);
    expect(report.apiCalls.byKind.collections).toBe(1);
    expect(report.retries).toEqual({ rows: 0, calls: 0, sessionRenewals: 0 });
    expect(report.notAttempted).toBe(10);
    expect(report.failedRows).toEqual([]);
  });

  test('malformed inserts are refused before any call', async () => {
    const [opp] = (await seedOpportunities(1)) as [string];
    const before = apiCalls(org);
    await expect(
      writeChanges(session, [{ ...insert(alerts(opp, 1)), externalIdField: 'Cairn_Alert_Key__c' }])
    ).rejects.toThrow('an insert of Task creates every row; externalIdField is for upserts');
    const keyless = alerts(opp, 3);
    (keyless[1] as WriteRecord).values.Cairn_Alert_Key__c = 'something else';
    await expect(writeChanges(session, [insert(keyless)])).rejects.toThrow(
      `an insert of Task needs each row's key in one of its fields (for Task, Cairn_Alert_Key__c), so that a later run can find what was created and Bulk API 2.0 results can be matched to rows; no field holds the key "${opp}:alert-1" in every row`
    );
    const twice = alerts(opp, 2);
    (twice[1] as WriteRecord).key = `${opp}:ALERT-0`;
    await expect(writeChanges(session, [insert(twice)])).rejects.toThrow(
      `Task insert of key "${opp}:ALERT-0": the same key appears twice`
    );
    await expect(writeChanges(session, [insert([{ key: '', values: { Subject: 'x' } }])])).rejects.toThrow(
      'Task insert of key "": the key must be non-empty'
    );
    expect(apiCalls(org).total).toBe(before.total);
  });
});
