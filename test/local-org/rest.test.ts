// Single-record REST resources through jsforce, and the raw responses behind them.
// Expected shapes from the REST API Developer Guide:
//  - "Create a Record" (dome_sobject_create.htm): 201 {id, success, errors}
//  - "Insert or Update (Upsert) a Record Using an External ID" (dome_upsert.htm):
//    201 + {id, success, errors, created: true} on create, 200 + created: false on update (API 46.0+)
//  - "Status Codes and Error Responses" (errorcodes.htm): errors as [{message, errorCode, fields}]

import { makeId } from './core/ids.js';
import type { LocalOrg } from './index.js';
import { call, connect, data, rejection, seedWonDeal, startTestOrg } from './testing.js';

/** A well-formed Account id no test creates. */
const NEVER_CREATED = makeId('001', 99_999);

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());
beforeEach(() => org.reset());

describe('record CRUD', () => {
  test('create, read, update and delete an Account', async () => {
    const conn = connect(org);
    const created = await conn.sobject('Account').create({ Name: 'Acme', Product_Account_Id__c: 'acme' });
    expect(created).toEqual({ id: expect.stringMatching(/^001[0-9A-Za-z]{15}$/), success: true, errors: [] });
    const id = (created as { id: string }).id;

    const read = (await conn.sobject('Account').retrieve(id)) as unknown as Record<string, unknown>;
    expect(read).toMatchObject({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` },
      Id: id,
      Name: 'Acme',
      Product_Account_Id__c: 'acme',
      IsDeleted: false,
      OwnerId: org.userId,
      CreatedById: org.userId,
      CreatedDate: '2026-05-01T12:00:00.000+0000',
      SystemModstamp: '2026-05-01T12:00:00.000+0000'
    });

    await conn.sobject('Account').update({ Id: id, Name: 'Acme Corporation' });
    const raw = await call(org, 'PATCH', data(`/sobjects/Account/${id}`), { body: { Industry: 'Manufacturing' } });
    expect(raw.status).toBe(204);
    expect(raw.body).toBe('');
    const after = await call(org, 'GET', data(`/sobjects/Account/${id}?fields=Name,Industry`));
    expect(after.body).toEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` },
      Name: 'Acme Corporation',
      Industry: 'Manufacturing'
    });

    expect((await call(org, 'DELETE', data(`/sobjects/Account/${id}`))).status).toBe(204);
    const gone = await call(org, 'GET', data(`/sobjects/Account/${id}`));
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual([{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]);
    // queryAll still sees it, query does not.
    expect((await conn.query(`SELECT Id FROM Account WHERE Id = '${id}'`)).totalSize).toBe(0);
    expect(
      (await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`, { scanAll: true })).records
    ).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });

  test('15-character ids are accepted and answered with 18', async () => {
    const { opportunityId } = seedWonDeal(org);
    const read = await call(org, 'GET', data(`/sobjects/Opportunity/${opportunityId.slice(0, 15)}?fields=Id`));
    expect(read.body).toMatchObject({ Id: opportunityId });
  });

  test('Opportunity derives IsWon, IsClosed, Probability and forecast category from the stage', async () => {
    const conn = connect(org);
    const { id } = (await conn
      .sobject('Opportunity')
      .create({ Name: 'Deal', StageName: 'Prospecting', CloseDate: '2026-06-30', Amount: 5000 })) as { id: string };
    const open = await call(
      org,
      'GET',
      data(`/sobjects/Opportunity/${id}?fields=IsWon,IsClosed,Probability,ForecastCategoryName,ExpectedRevenue`)
    );
    // Prospecting: 10%, 5,000 × 10% = 500.
    expect(open.body).toMatchObject({
      IsWon: false,
      IsClosed: false,
      Probability: 10,
      ForecastCategoryName: 'Pipeline',
      ExpectedRevenue: 500
    });
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
    const won = await call(
      org,
      'GET',
      data(`/sobjects/Opportunity/${id}?fields=IsWon,IsClosed,Probability,ForecastCategoryName`)
    );
    expect(won.body).toMatchObject({ IsWon: true, IsClosed: true, Probability: 100, ForecastCategoryName: 'Closed' });
    const lost = await call(org, 'PATCH', data(`/sobjects/Opportunity/${id}`), { body: { IsWon: true } });
    expect(lost.status).toBe(400);
    expect((lost.body as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  test('deleting an opportunity deletes its master-detail children', async () => {
    const { opportunityId } = seedWonDeal(org);
    const [stageId] = org.insert('Implementation_Stage__c', [
      { Name: 'Kickoff', Opportunity__c: opportunityId, Stage_Key__c: `${opportunityId}:kickoff` }
    ]);
    await connect(org).sobject('Opportunity').destroy(opportunityId);
    const stage = await call(org, 'GET', data(`/sobjects/Implementation_Stage__c/${stageId}`));
    expect(stage.status).toBe(404);
    expect((stage.body as { errorCode: string }[])[0]?.errorCode).toBe('ENTITY_IS_DELETED');
    // The freed external key can be used again.
    expect(() =>
      org.insert('Implementation_Stage__c', [
        {
          Name: 'Kickoff',
          Opportunity__c: seedWonDeal(org, 'beta').opportunityId,
          Stage_Key__c: `${opportunityId}:kickoff`
        }
      ])
    ).not.toThrow();
  });
});

describe('upsert by external id', () => {
  test('twice: created, then updated, never duplicated', async () => {
    const { opportunityId } = seedWonDeal(org);
    const conn = connect(org);
    const key = `${opportunityId}:kickoff`;
    const first = await conn
      .sobject('Implementation_Stage__c')
      .upsert(
        { Name: 'Kickoff call', Opportunity__c: opportunityId, Stage_Key__c: key, Status__c: 'To Do', Sequence__c: 1 },
        'Stage_Key__c'
      );
    expect(first).toEqual({ id: expect.stringMatching(/^a/), success: true, errors: [], created: true });
    const second = await conn
      .sobject('Implementation_Stage__c')
      .upsert(
        { Name: 'Kickoff call', Opportunity__c: opportunityId, Stage_Key__c: key, Status__c: 'Done' },
        'Stage_Key__c'
      );
    expect(second).toEqual({ id: (first as { id: string }).id, success: true, errors: [], created: false });
    const all = await conn.query<{ Status__c: string }>(`SELECT Status__c FROM Implementation_Stage__c`);
    expect(all.totalSize).toBe(1);
    expect(all.records[0]?.Status__c).toBe('Done');
  });

  test('status codes: 201 on create, 200 with a body on update (API 46.0+), 204 before 46.0', async () => {
    const path = (v: string) => `/services/data/v${v}/sobjects/Account/Product_Account_Id__c/globex`;
    const created = await call(org, 'PATCH', path('62.0'), { body: { Name: 'Globex' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
    const updated = await call(org, 'PATCH', path('62.0'), { body: { Name: 'Globex Corp' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      id: (created.body as { id: string }).id,
      success: true,
      errors: [],
      created: false
    });
    const old = await call(org, 'PATCH', path('45.0'), { body: { Name: 'Globex Corporation' } });
    expect(old.status).toBe(204);
  });

  test('an external key matches without regard to case, like Salesforce (unless caseSensitive)', async () => {
    org.insert('Account', [{ Name: 'Acme', Product_Account_Id__c: 'acme' }]);
    const res = await call(org, 'PATCH', data('/sobjects/Account/Product_Account_Id__c/ACME'), {
      body: { Name: 'Acme 2' }
    });
    expect(res.status).toBe(200);
  });

  test('the master-detail field may be sent unchanged on update, but not changed', async () => {
    const { opportunityId } = seedWonDeal(org);
    const other = seedWonDeal(org, 'beta').opportunityId;
    const conn = connect(org);
    const key = `${opportunityId}:setup`;
    await conn
      .sobject('Implementation_Stage__c')
      .upsert({ Name: 'Setup', Opportunity__c: opportunityId, Stage_Key__c: key }, 'Stage_Key__c');
    const same = await conn
      .sobject('Implementation_Stage__c')
      .upsert({ Name: 'Setup', Opportunity__c: opportunityId, Stage_Key__c: key, Status__c: 'Done' }, 'Stage_Key__c');
    expect(same).toMatchObject({ success: true, created: false });
    const moved = await call(
      org,
      'PATCH',
      data(`/sobjects/Implementation_Stage__c/Stage_Key__c/${encodeURIComponent(key)}`),
      { body: { Opportunity__c: other } }
    );
    expect(moved.status).toBe(400);
    expect(moved.body).toEqual([
      {
        message:
          'Unable to create/update fields: Opportunity__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        fields: ['Opportunity__c']
      }
    ]);
  });

  test('a field that is not an external id cannot key an upsert', async () => {
    const res = await call(org, 'PATCH', data('/sobjects/Account/Name/Acme'), { body: { Industry: 'Retail' } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual([
      { message: 'Provided external ID field does not exist or is not accessible: Name', errorCode: 'NOT_FOUND' }
    ]);
  });
});

describe('write validation, with Salesforce error codes', () => {
  // Each case provokes one error on purpose; the message and fields are Salesforce's.
  const cases: [string, () => Promise<{ status: number; body: unknown }>, number, Record<string, unknown>][] = [
    [
      'REQUIRED_FIELD_MISSING',
      () => call(org, 'POST', data('/sobjects/Opportunity'), { body: { Name: 'No stage' } }),
      400,
      {
        errorCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [StageName, CloseDate]',
        fields: ['StageName', 'CloseDate']
      }
    ],
    [
      'STRING_TOO_LONG',
      () => call(org, 'POST', data('/sobjects/Account'), { body: { Name: 'x'.repeat(256) } }),
      400,
      {
        errorCode: 'STRING_TOO_LONG',
        message: `Account Name: data value too large: ${'x'.repeat(256)} (max length=255)`,
        fields: ['Name']
      }
    ],
    [
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      () =>
        call(org, 'POST', data('/sobjects/Opportunity'), {
          body: {
            Name: 'x',
            StageName: 'Closed Won',
            CloseDate: '2026-04-01',
            Implementation_Type__c: 'Weekend Project'
          }
        }),
      400,
      {
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Implementation Type: bad value for restricted picklist field: Weekend Project',
        fields: ['Implementation_Type__c']
      }
    ],
    [
      'NUMBER_OUTSIDE_VALID_RANGE (Number(3,0) holds at most 999)',
      () =>
        call(org, 'POST', data('/sobjects/Opportunity'), {
          body: { Name: 'x', StageName: 'Closed Won', CloseDate: '2026-04-01', Health_Score__c: 1000 }
        }),
      400,
      {
        errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
        message: 'Health Score: value outside of valid range on numeric field: 1000',
        fields: ['Health_Score__c']
      }
    ],
    [
      'INVALID_FIELD (unknown field in the body)',
      () => call(org, 'POST', data('/sobjects/Account'), { body: { Name: 'x', Colour__c: 'red' } }),
      400,
      { errorCode: 'INVALID_FIELD', message: "No such column 'Colour__c' on sobject of type Account" }
    ],
    [
      'INVALID_FIELD_FOR_INSERT_UPDATE (a derived field)',
      () =>
        call(org, 'POST', data('/sobjects/Opportunity'), {
          body: { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-04-01', IsWon: true }
        }),
      400,
      { errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['IsWon'] }
    ],
    [
      'JSON_PARSER_ERROR (text in a number field)',
      () =>
        call(org, 'POST', data('/sobjects/Opportunity'), {
          body: { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-04-01', Amount: 'lots' }
        }),
      400,
      {
        errorCode: 'JSON_PARSER_ERROR',
        message:
          'Cannot deserialize instance of double from VALUE_STRING value lots or request may be missing a required field'
      }
    ],
    [
      'MALFORMED_ID (a reference that is not an id)',
      () =>
        call(org, 'POST', data('/sobjects/Opportunity'), {
          body: { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-04-01', AccountId: 'acme' }
        }),
      400,
      { errorCode: 'MALFORMED_ID', message: 'Account ID: id value of incorrect type: acme', fields: ['AccountId'] }
    ],
    [
      'FIELD_INTEGRITY_EXCEPTION (an id of the wrong object: a User id as AccountId)',
      () =>
        call(org, 'POST', data('/sobjects/Opportunity'), {
          body: { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-04-01', AccountId: '005Lc0000000001IAA' }
        }),
      400,
      {
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: 'Account ID: id value of incorrect type: 005Lc0000000001IAA',
        fields: ['AccountId']
      }
    ],
    [
      'NOT_FOUND (unknown object in the URL)',
      () => call(org, 'POST', data('/sobjects/Invoice__c'), { body: { Name: 'x' } }),
      404,
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }
    ]
  ];

  test.each(cases)('%s', async (_name, run, status, expected) => {
    const res = await run();
    expect(res.status).toBe(status);
    expect(res.body).toEqual([expect.objectContaining(expected)]);
  });

  test('DUPLICATE_VALUE names the record that holds the value', async () => {
    const [first] = org.insert('Account', [{ Name: 'Acme', Product_Account_Id__c: 'acme' }]);
    const err = await rejection(
      connect(org).sobject('Account').create({ Name: 'Acme again', Product_Account_Id__c: 'acme' })
    );
    expect(err.errorCode).toBe('DUPLICATE_VALUE');
    expect(err.message).toBe(
      `duplicate value found: Product_Account_Id__c duplicates value on record with id: ${first}`
    );
  });

  test('ENTITY_IS_DELETED and NOT_FOUND on updates of records that are gone or never were', async () => {
    const [id] = org.insert('Account', [{ Name: 'Gone' }]);
    await connect(org)
      .sobject('Account')
      .destroy(id as string);
    const deleted = await call(org, 'PATCH', data(`/sobjects/Account/${id}`), { body: { Name: 'Back' } });
    expect(deleted.status).toBe(404);
    expect(deleted.body).toEqual([{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]);
    const never = await call(org, 'PATCH', data(`/sobjects/Account/${NEVER_CREATED}`), { body: { Name: 'Back' } });
    expect(never.status).toBe(404);
    expect(never.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  test('a lookup to a record that does not exist, and one that was deleted', async () => {
    const [gone] = org.insert('Account', [{ Name: 'Gone' }]);
    await call(org, 'DELETE', data(`/sobjects/Account/${gone}`));
    const base = { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-04-01' };
    const deleted = await call(org, 'POST', data('/sobjects/Opportunity'), { body: { ...base, AccountId: gone } });
    expect(deleted.body).toEqual([
      { message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: ['AccountId'] }
    ]);
    const missing = await call(org, 'POST', data('/sobjects/Opportunity'), {
      body: { ...base, AccountId: NEVER_CREATED }
    });
    expect(missing.body).toEqual([
      {
        message: `insufficient access rights on cross-reference id: ${NEVER_CREATED}`,
        errorCode: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
        fields: ['AccountId']
      }
    ]);
  });

  test('numbers are rounded to the field scale, text to null when empty', async () => {
    const { opportunityId } = seedWonDeal(org);
    await call(org, 'PATCH', data(`/sobjects/Opportunity/${opportunityId}`), {
      body: { Amount: 10.005, Health_Score__c: 71.5, NextStep: '' }
    });
    const read = await call(
      org,
      'GET',
      data(`/sobjects/Opportunity/${opportunityId}?fields=Amount,Health_Score__c,NextStep`)
    );
    // Currency(18,2): 10.005 → 10.01 (half away from zero); Number(3,0): 71.5 → 72.
    expect(read.body).toMatchObject({ Amount: 10.01, Health_Score__c: 72, NextStep: null });
  });

  test('a parent can be named by its external id in the body', async () => {
    const [acme] = org.insert('Account', [{ Name: 'Acme', Product_Account_Id__c: 'acme' }]);
    const created = await call(org, 'POST', data('/sobjects/Opportunity'), {
      body: {
        Name: 'By key',
        StageName: 'Closed Won',
        CloseDate: '2026-04-01',
        Account: { Product_Account_Id__c: 'acme' }
      }
    });
    expect(created.status).toBe(201);
    const read = await call(
      org,
      'GET',
      data(`/sobjects/Opportunity/${(created.body as { id: string }).id}?fields=AccountId`)
    );
    expect(read.body).toMatchObject({ AccountId: acme });
    const unknown = await call(org, 'POST', data('/sobjects/Opportunity'), {
      body: {
        Name: 'By key',
        StageName: 'Closed Won',
        CloseDate: '2026-04-01',
        Account: { Product_Account_Id__c: 'nobody' }
      }
    });
    expect(unknown.body).toEqual([
      {
        message: 'Foreign key external ID: nobody not found for field Product_Account_Id__c in entity Account',
        errorCode: 'INVALID_FIELD',
        fields: ['AccountId']
      }
    ]);
  });
});

describe('describe', () => {
  test('describeGlobal lists standard and custom objects with key prefixes', async () => {
    const global = await connect(org).describeGlobal();
    const byName = new Map(global.sobjects.map((s) => [s.name, s]));
    expect(global.maxBatchSize).toBe(200);
    expect(byName.get('Account')?.keyPrefix).toBe('001');
    expect(byName.get('Contact')?.keyPrefix).toBe('003');
    expect(byName.get('User')?.keyPrefix).toBe('005');
    expect(byName.get('Opportunity')?.keyPrefix).toBe('006');
    expect(byName.get('Event')?.keyPrefix).toBe('00U');
    expect(byName.get('Task')?.keyPrefix).toBe('00T');
    expect(byName.get('Organization')).toMatchObject({ keyPrefix: '00D', createable: false });
    for (const custom of [
      'Implementation_Stage__c',
      'Success_Milestone__c',
      'Business_Review__c',
      'Health_Change__c'
    ]) {
      expect(byName.get(custom)).toMatchObject({ custom: true, keyPrefix: expect.stringMatching(/^a[0-9A-Za-z]{2}$/) });
    }
  });

  test('a custom object: fields with their types, lengths, picklists, keys and relationships', async () => {
    const describe = await connect(org).sobject('Implementation_Stage__c').describe();
    const field = (name: string) => describe.fields.find((f) => f.name === name);
    expect(field('Opportunity__c')).toMatchObject({
      type: 'reference',
      referenceTo: ['Opportunity'],
      relationshipName: 'Opportunity__r',
      relationshipOrder: 0,
      cascadeDelete: true,
      createable: true,
      updateable: false,
      nillable: false
    });
    expect(field('Stage_Key__c')).toMatchObject({
      type: 'string',
      length: 255,
      externalId: true,
      unique: true,
      idLookup: true,
      updateable: true
    });
    expect(field('Status__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    expect(field('Status__c')?.picklistValues?.map((v) => v.value)).toEqual([
      'To Do',
      'Scheduled',
      'In Progress',
      'Done',
      'On Hold'
    ]);
    expect(field('Sequence__c')).toMatchObject({ type: 'double', precision: 3, scale: 0 });
    expect(field('Notes__c')).toMatchObject({ type: 'textarea', length: 32768, filterable: false });
    expect(field('Name')).toMatchObject({ type: 'string', length: 80, nameField: true, nillable: false });
    expect(field('Id')).toMatchObject({ type: 'id', createable: false, updateable: false });

    const opportunity = await connect(org).sobject('Opportunity').describe();
    expect(opportunity.childRelationships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          childSObject: 'Implementation_Stage__c',
          field: 'Opportunity__c',
          relationshipName: 'Implementation_Stages__r',
          cascadeDelete: true
        }),
        expect.objectContaining({
          childSObject: 'Business_Review__c',
          field: 'Opportunity__c',
          relationshipName: 'Business_Reviews__r'
        })
      ])
    );
    const isWon = opportunity.fields.find((f) => f.name === 'IsWon');
    expect(isWon).toMatchObject({ type: 'boolean', createable: false, updateable: false });
    expect(opportunity.fields.find((f) => f.name === 'StageName')).toMatchObject({
      nillable: false,
      restrictedPicklist: true
    });
  });

  test('an unknown object answers NOT_FOUND', async () => {
    const res = await call(org, 'GET', data('/sobjects/Invoice__c/describe'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });
});
