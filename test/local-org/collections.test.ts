// sObject Collections through jsforce and raw HTTP. Expected responses from the REST API
// Developer Guide: "Create Records Using sObject Collections"
// (resources_composite_sobjects_collections_create.htm) — 200 with one SaveResult per record
// in request order, failed rows `{success: false, errors: [{statusCode, message, fields}]}`,
// and with allOrNone every row of a failed request fails, the valid ones with
// ALL_OR_NONE_OPERATION_ROLLED_BACK; "Update Records Using sObject Collections",
// "Upsert Records Using sObject Collections", "Delete Records Using sObject Collections".

import type { LocalOrg } from './index.js';
import { makeId } from './core/ids.js';
import { call, connect, data, seedWonDeal, startTestOrg, statusCode } from './testing.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());
beforeEach(() => org.reset());

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: []
};
const accounts = async () =>
  (await connect(org).query<{ Name: string }>('SELECT Name FROM Account ORDER BY Name')).records.map((r) => r.Name);

describe('create', () => {
  const rows = [
    { attributes: { type: 'Account' }, Name: 'Acme', Product_Account_Id__c: 'acme' },
    { attributes: { type: 'Account' }, Industry: 'Retail' },
    { attributes: { type: 'Account' }, Name: 'Acme again', Product_Account_Id__c: 'ACME' },
    { attributes: { type: 'Contact' }, LastName: 'Coyote' }
  ];

  test('allOrNone false: each row succeeds or fails on its own, in order', async () => {
    const res = await call(org, 'POST', data('/composite/sobjects'), { body: { allOrNone: false, records: rows } });
    expect(res.status).toBe(200);
    const [acme, , , contact] = res.body as { id?: string }[];
    expect(res.body).toEqual([
      { id: expect.stringMatching(/^001/), success: true, errors: [] },
      {
        success: false,
        errors: [
          { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }
        ]
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'DUPLICATE_VALUE',
            message: `duplicate value found: Product_Account_Id__c duplicates value on record with id: ${acme?.id}`,
            fields: []
          }
        ]
      },
      { id: expect.stringMatching(/^003/), success: true, errors: [] }
    ]);
    expect(contact?.id).toBeDefined();
    expect(await accounts()).toEqual(['Acme']);
  });

  test('allOrNone true: one failure rolls every row back', async () => {
    const res = await call(org, 'POST', data('/composite/sobjects'), { body: { allOrNone: true, records: rows } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      {
        success: false,
        errors: [
          { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }
        ]
      },
      { success: false, errors: [expect.objectContaining({ statusCode: 'DUPLICATE_VALUE' })] },
      { success: false, errors: [ROLLED_BACK] }
    ]);
    expect(await accounts()).toEqual([]);
    expect((await connect(org).query('SELECT Id FROM Contact')).totalSize).toBe(0);
  });

  test('through jsforce, with allOrNone false and true', async () => {
    const conn = connect(org);
    const mixed = await conn
      .sobject('Account')
      .create([{ Name: 'One' }, { Industry: 'Retail' }, { Name: 'Two' }], { allOrNone: false });
    expect(mixed.map((r) => r.success)).toEqual([true, false, true]);
    const all = await conn
      .sobject('Account')
      .create([{ Name: 'Three' }, { Name: 'x'.repeat(300) }], { allOrNone: true });
    expect(all.map(statusCode)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'STRING_TOO_LONG']);
    expect(await accounts()).toEqual(['One', 'Two']);
  });

  test('more than 200 records: the whole call fails', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `A${i}` }));
    const res = await call(org, 'POST', data('/composite/sobjects'), { body: { records } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      {
        message: 'record limit reached. cannot submit more than 200 records into this call',
        errorCode: 'EXCEEDED_ID_LIMIT'
      }
    ]);
    expect(await accounts()).toEqual([]);
  });

  test('an unknown field fails the whole call before any row is saved', async () => {
    const res = await call(org, 'POST', data('/composite/sobjects'), {
      body: {
        records: [
          { attributes: { type: 'Account' }, Name: 'Fine' },
          { attributes: { type: 'Account' }, Name: 'Bad', Colour__c: 'red' }
        ]
      }
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { message: "No such column 'Colour__c' on sobject of type Account", errorCode: 'INVALID_FIELD' }
    ]);
    expect(await accounts()).toEqual([]);
  });

  test('each call counts once, as a write', async () => {
    const before = org.stats().apiCalls;
    await call(org, 'POST', data('/composite/sobjects'), {
      body: {
        records: [
          { attributes: { type: 'Account' }, Name: 'A' },
          { attributes: { type: 'Account' }, Name: 'B' }
        ]
      }
    });
    const after = org.stats().apiCalls;
    expect(after.byKind.collections - before.byKind.collections).toBe(1);
    expect(after.writes - before.writes).toBe(1);
  });
});

describe('update', () => {
  test('mixed rows: updated, unknown id, deleted record, missing id', async () => {
    const [live, gone] = org.insert('Account', [{ Name: 'Live' }, { Name: 'Gone' }]) as [string, string];
    await call(org, 'DELETE', data(`/sobjects/Account/${gone}`));
    const unknown = makeId('001', 99_999);
    const res = await call(org, 'PATCH', data('/composite/sobjects'), {
      body: {
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, id: live, Name: 'Live 2' },
          { attributes: { type: 'Account' }, id: unknown, Name: 'x' },
          { attributes: { type: 'Account' }, id: gone, Name: 'x' },
          { attributes: { type: 'Account' }, Name: 'no id' }
        ]
      }
    });
    expect(res.body).toEqual([
      { id: live, success: true, errors: [] },
      {
        id: unknown,
        success: false,
        errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }]
      },
      {
        id: gone,
        success: false,
        errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
      },
      {
        success: false,
        errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }]
      }
    ]);
    expect(await accounts()).toEqual(['Live 2']);
  });

  test('allOrNone true rolls back the rows that were fine', async () => {
    const [a, b] = org.insert('Account', [{ Name: 'A' }, { Name: 'B' }]) as [string, string];
    const res = await call(org, 'PATCH', data('/composite/sobjects'), {
      body: {
        allOrNone: true,
        records: [
          { attributes: { type: 'Account' }, id: a, Name: 'A2' },
          { attributes: { type: 'Account' }, id: b, Name: null }
        ]
      }
    });
    expect(res.body).toEqual([
      { id: a, success: false, errors: [ROLLED_BACK] },
      {
        id: b,
        success: false,
        errors: [
          { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }
        ]
      }
    ]);
    expect(await accounts()).toEqual(['A', 'B']);
  });
});

describe('upsert on an external id', () => {
  test('creates the new keys and updates the known ones, reporting which', async () => {
    const { opportunityId } = seedWonDeal(org);
    const conn = connect(org);
    const stage = (key: string, status: string) => ({
      Name: key,
      Opportunity__c: opportunityId,
      Stage_Key__c: `${opportunityId}:${key}`,
      Status__c: status
    });
    const first = await conn
      .sobject('Implementation_Stage__c')
      .upsert([stage('kickoff', 'To Do')], 'Stage_Key__c', { allOrNone: false });
    expect(first).toEqual([{ id: expect.any(String), success: true, errors: [], created: true }]);
    const second = await conn
      .sobject('Implementation_Stage__c')
      .upsert([stage('kickoff', 'Done'), stage('setup', 'To Do')], 'Stage_Key__c', { allOrNone: false });
    expect(second).toEqual([
      { id: first[0]?.id, success: true, errors: [], created: false },
      { id: expect.any(String), success: true, errors: [], created: true }
    ]);
    const rows = await conn.query<{ Stage_Key__c: string; Status__c: string }>(
      'SELECT Stage_Key__c, Status__c FROM Implementation_Stage__c ORDER BY Stage_Key__c'
    );
    expect(rows.records.map((r) => `${r.Stage_Key__c.split(':')[1]}=${r.Status__c}`)).toEqual([
      'kickoff=Done',
      'setup=To Do'
    ]);
  });

  test('a bad row fails alone, or takes the others with it under allOrNone', async () => {
    const { opportunityId } = seedWonDeal(org);
    const rows = [
      {
        attributes: { type: 'Implementation_Stage__c' },
        Name: 'Kickoff',
        Opportunity__c: opportunityId,
        Stage_Key__c: `${opportunityId}:kickoff`
      },
      {
        attributes: { type: 'Implementation_Stage__c' },
        Name: 'Setup',
        Opportunity__c: opportunityId,
        Stage_Key__c: `${opportunityId}:setup`,
        Status__c: 'Someday'
      }
    ];
    const path = data('/composite/sobjects/Implementation_Stage__c/Stage_Key__c');
    const all = await call(org, 'PATCH', path, { body: { allOrNone: true, records: rows } });
    expect(all.body).toEqual([
      { success: false, errors: [ROLLED_BACK], created: false },
      {
        success: false,
        errors: [
          {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: 'Status: bad value for restricted picklist field: Someday',
            fields: ['Status__c']
          }
        ],
        created: false
      }
    ]);
    expect((await connect(org).query('SELECT Id FROM Implementation_Stage__c')).totalSize).toBe(0);
    const each = await call(org, 'PATCH', path, { body: { allOrNone: false, records: rows } });
    expect((each.body as { success: boolean }[]).map((r) => r.success)).toEqual([true, false]);
  });
});

describe('delete and retrieve', () => {
  test('DELETE ?ids= answers one result per id', async () => {
    const [a, b] = org.insert('Account', [{ Name: 'A' }, { Name: 'B' }]) as [string, string];
    await call(org, 'DELETE', data(`/sobjects/Account/${b}`));
    const res = await call(org, 'DELETE', data(`/composite/sobjects?ids=${a},${b},nonsense&allOrNone=false`));
    expect(res.body).toEqual([
      { id: a, success: true, errors: [] },
      {
        id: b,
        success: false,
        errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
      },
      { success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id nonsense', fields: [] }] }
    ]);
    const conn = connect(org);
    const [c] = org.insert('Account', [{ Name: 'C' }]) as [string];
    expect(await conn.sobject('Account').destroy([c])).toEqual([{ id: c, success: true, errors: [] }]);
  });

  test('GET <Type>?ids=&fields= returns the records, null for ids it cannot find', async () => {
    const [a] = org.insert('Account', [{ Name: 'A', Industry: 'Retail' }]) as [string];
    const res = await call(
      org,
      'GET',
      data(`/composite/sobjects/Account?ids=${a},${makeId('001', 99_999)}&fields=Name,Industry`)
    );
    expect(res.body).toEqual([
      {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${a}` },
        Name: 'A',
        Industry: 'Retail'
      },
      null
    ]);
  });
});
