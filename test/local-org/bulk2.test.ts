// Bulk API 2.0 ingest through jsforce's bulk2 and raw HTTP. Expected behaviour from the
// Bulk API 2.0 and Bulk API Developer Guide: "Create a Job", "Upload Job Data",
// "Close or Abort a Job", "Get Job Info" (state JobComplete, numberRecordsProcessed,
// numberRecordsFailed), "Get Job Successful Record Results" (get_job_successful_results.htm:
// sf__Id, sf__Created, then the uploaded columns), "Get Job Failed Record Results"
// (sf__Id, sf__Error, then the uploaded columns), "Get Job Unprocessed Record Results".
// sf__Error reads `STATUS_CODE:message:Field --`, with `:--` when no field is named.

import type { LocalOrg } from './index.js';
import { call, connect, data, startTestOrg } from './testing.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());
beforeEach(() => org.reset());

const load = (options: {
  object: string;
  operation: 'insert' | 'update' | 'upsert' | 'delete';
  externalIdFieldName?: string;
  input: string;
}) => connect(org).bulk2.loadAndWaitForResults({ ...options, pollInterval: 20, pollTimeout: 30_000 });

test('insert with some failing rows: each row succeeds or fails on its own', async () => {
  const csv = [
    'Name,Product_Account_Id__c,AnnualRevenue',
    'Acme,acme,1000000',
    ',nameless,5',
    'Globex,globex,lots',
    'Acme Copy,ACME,7'
  ].join('\n');
  const results = await load({ object: 'Account', operation: 'insert', input: csv });
  expect(results.successfulResults).toEqual([
    {
      sf__Id: expect.stringMatching(/^001/),
      sf__Created: 'true',
      Name: 'Acme',
      Product_Account_Id__c: 'acme',
      AnnualRevenue: '1000000'
    }
  ]);
  const acmeId = results.successfulResults[0]?.sf__Id;
  expect(results.failedResults).toEqual([
    {
      sf__Id: '',
      sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --',
      Name: '',
      Product_Account_Id__c: 'nameless',
      AnnualRevenue: '5'
    },
    {
      sf__Id: '',
      sf__Error:
        "INVALID_FIELD:Failed to deserialize field at col 3. Due to, 'lots' is not a valid value for the type xsd:double:AnnualRevenue --",
      Name: 'Globex',
      Product_Account_Id__c: 'globex',
      AnnualRevenue: 'lots'
    },
    {
      sf__Id: '',
      sf__Error: `DUPLICATE_VALUE:duplicate value found: Product_Account_Id__c duplicates value on record with id: ${acmeId}:--`,
      Name: 'Acme Copy',
      Product_Account_Id__c: 'ACME',
      AnnualRevenue: '7'
    }
  ]);
  expect(results.unprocessedRecords).toEqual([]);
  const names = (await connect(org).query<{ Name: string }>('SELECT Name FROM Account')).records.map((r) => r.Name);
  expect(names).toEqual(['Acme']);
});

test('upsert on an external id: created, then updated; empty cells leave a field alone, #N/A blanks it', async () => {
  const first = await load({
    object: 'Account',
    operation: 'upsert',
    externalIdFieldName: 'Product_Account_Id__c',
    input: 'Product_Account_Id__c,Name,Industry\nacme,Acme,Retail\n'
  });
  expect(first.successfulResults).toEqual([
    expect.objectContaining({ sf__Created: 'true', Product_Account_Id__c: 'acme' })
  ]);
  const id = first.successfulResults[0]?.sf__Id;
  const second = await load({
    object: 'Account',
    operation: 'upsert',
    externalIdFieldName: 'Product_Account_Id__c',
    input: 'Product_Account_Id__c,Name,Industry,Phone\nacme,,#N/A,555-0100\nglobex,Globex,,\n'
  });
  expect(second.successfulResults.map((r) => [r.sf__Id === id, r.sf__Created])).toEqual([
    [true, 'false'],
    [false, 'true']
  ]);
  const [acme] = (
    await connect(org).query<Record<string, unknown>>(`SELECT Name, Industry, Phone FROM Account WHERE Id = '${id}'`)
  ).records;
  expect(acme).toMatchObject({ Name: 'Acme', Industry: null, Phone: '555-0100' });
});

test('update and delete by Id', async () => {
  const [a, b] = org.insert('Account', [{ Name: 'A' }, { Name: 'B' }]) as [string, string];
  const updated = await load({
    object: 'Account',
    operation: 'update',
    input: `Id,Name\n${a},A2\n001Lc0000000zzzIAA,Nobody\n`
  });
  expect(updated.successfulResults).toEqual([{ sf__Id: a, sf__Created: 'false', Id: a, Name: 'A2' }]);
  expect(updated.failedResults).toEqual([
    {
      sf__Id: '001Lc0000000zzzIAA',
      sf__Error: 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--',
      Id: '001Lc0000000zzzIAA',
      Name: 'Nobody'
    }
  ]);
  const deleted = await load({ object: 'Account', operation: 'delete', input: `Id\n${b}\n` });
  expect(deleted.successfulResults).toEqual([{ sf__Id: b, sf__Created: 'false', Id: b }]);
  const names = (await connect(org).query<{ Name: string }>('SELECT Name FROM Account')).records.map((r) => r.Name);
  expect(names).toEqual(['A2']);
});

test('the job, step by step, and how its calls count', async () => {
  const before = org.stats().apiCalls;
  const created = await call(org, 'POST', data('/jobs/ingest'), {
    body: { object: 'Account', operation: 'insert', lineEnding: 'LF' }
  });
  expect(created.status).toBe(200);
  const job = created.body as { id: string };
  expect(job).toMatchObject({
    id: expect.stringMatching(/^750/),
    object: 'Account',
    operation: 'insert',
    state: 'Open',
    contentType: 'CSV',
    columnDelimiter: 'COMMA',
    lineEnding: 'LF'
  });
  const upload = await call(org, 'PUT', data(`/jobs/ingest/${job.id}/batches`), {
    text: 'Name\n"Acme, Inc."\nGlobex\n',
    contentType: 'text/csv'
  });
  expect(upload.status).toBe(201);
  const closed = await call(org, 'PATCH', data(`/jobs/ingest/${job.id}`), { body: { state: 'UploadComplete' } });
  expect(closed.body).toMatchObject({ state: 'UploadComplete' });
  const info = await call(org, 'GET', data(`/jobs/ingest/${job.id}`));
  expect(info.body).toMatchObject({
    state: 'JobComplete',
    numberRecordsProcessed: 2,
    numberRecordsFailed: 0,
    jobType: 'V2Ingest'
  });
  const success = await call(org, 'GET', data(`/jobs/ingest/${job.id}/successfulResults`));
  expect(success.headers.get('content-type')).toContain('text/csv');
  const lines = String(success.body).trim().split('\n');
  expect(lines[0]).toBe('"sf__Id","sf__Created",Name');
  expect(lines[1]).toMatch(/^"001[0-9A-Za-z]{15}","true","Acme, Inc\."$/);
  const after = org.stats().apiCalls;
  // create + upload are writes; close, info and results are not: 5 bulk2 calls, 2 writes.
  expect(after.byKind.bulk2 - before.byKind.bulk2).toBe(5);
  expect(after.writes - before.writes).toBe(2);
});

test('a header naming an unknown field fails the job; its rows come back unprocessed', async () => {
  const job = (await call(org, 'POST', data('/jobs/ingest'), { body: { object: 'Account', operation: 'insert' } }))
    .body as { id: string };
  await call(org, 'PUT', data(`/jobs/ingest/${job.id}/batches`), {
    text: 'Name,Colour__c\nAcme,red\n',
    contentType: 'text/csv'
  });
  await call(org, 'PATCH', data(`/jobs/ingest/${job.id}`), { body: { state: 'UploadComplete' } });
  const info = await call(org, 'GET', data(`/jobs/ingest/${job.id}`));
  expect(info.body).toMatchObject({
    state: 'Failed',
    errorMessage: 'InvalidBatch : Field name not found : Colour__c',
    numberRecordsProcessed: 0
  });
  const unprocessed = await call(org, 'GET', data(`/jobs/ingest/${job.id}/unprocessedrecords`));
  expect(unprocessed.body).toBe('Name,Colour__c\nAcme,red\n');
});

test('the bulkJobFailsAfterRows fault: the job processes that many rows, then fails with the rest unprocessed', async () => {
  org.setFaults({ bulkJobFailsAfterRows: 2 });
  const job = (await call(org, 'POST', data('/jobs/ingest'), { body: { object: 'Account', operation: 'insert' } }))
    .body as { id: string };
  await call(org, 'PUT', data(`/jobs/ingest/${job.id}/batches`), {
    text: 'Name\nA\n""\nC\nD\n',
    contentType: 'text/csv'
  });
  await call(org, 'PATCH', data(`/jobs/ingest/${job.id}`), { body: { state: 'UploadComplete' } });
  const info = await call(org, 'GET', data(`/jobs/ingest/${job.id}`));
  // rows 1 and 2 processed (A created, the blank name failed); C and D never reached
  expect(info.body).toMatchObject({
    state: 'Failed',
    errorMessage: 'InternalServerError : processing stopped after 2 rows (a fault injected by the local org)',
    numberRecordsProcessed: 2,
    numberRecordsFailed: 1
  });
  const unprocessed = await call(org, 'GET', data(`/jobs/ingest/${job.id}/unprocessedrecords`));
  expect(unprocessed.body).toBe('Name\nC\nD\n');
  expect((await connect(org).query('SELECT Name FROM Account')).records.map((r) => r.Name)).toEqual(['A']);
}, 30_000);

test('jobs that cannot be created', async () => {
  const unknown = await call(org, 'POST', data('/jobs/ingest'), {
    body: { object: 'Invoice__c', operation: 'insert' }
  });
  expect(unknown.status).toBe(400);
  expect(unknown.body).toEqual([{ message: 'Unable to find object: Invoice__c', errorCode: 'INVALIDJOB' }]);
  const noKey = await call(org, 'POST', data('/jobs/ingest'), {
    body: { object: 'Account', operation: 'upsert', externalIdFieldName: 'Name' }
  });
  expect(noKey.body).toEqual([
    { message: 'The field Name on Account is not an external ID field', errorCode: 'INVALIDJOB' }
  ]);
});
