// The standard Case object: IsClosed and ClosedDate follow the status (Salesforce's default
// case statuses, of which only Closed closes a case), CaseNumber is an auto number, and the
// derived fields refuse writes. Shapes from the Object Reference ("Case", "CaseStatus") and
// the REST API Developer Guide ("Status Codes and Error Responses").

import type { LocalOrg } from './index.js';
import { call, connect, data, NOW, startTestOrg } from './testing.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());
beforeEach(() => {
  org.reset();
  org.setNow(NOW);
});

const fieldsOf = async (id: string, fields: string) =>
  (await call(org, 'GET', data(`/sobjects/Case/${id}?fields=${fields}`))).body as Record<string, unknown>;

describe('Case over REST', () => {
  test('a new case: auto number, status New, priority Medium, open', async () => {
    const [accountId] = org.insert('Account', [{ Name: 'Acme' }]);
    const created = await call(org, 'POST', data('/sobjects/Case'), {
      body: { Subject: 'Export fails', AccountId: accountId, Origin: 'Email' }
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(id).toMatch(/^500[0-9A-Za-z]{15}$/);
    expect(await fieldsOf(id, 'CaseNumber,Status,Priority,IsEscalated,IsClosed,ClosedDate,CreatedDate')).toMatchObject({
      CaseNumber: '00000001',
      Status: 'New',
      Priority: 'Medium',
      IsEscalated: false,
      IsClosed: false,
      ClosedDate: null,
      CreatedDate: '2026-05-01T12:00:00.000+0000'
    });
  });

  test('closing sets ClosedDate once, reopening clears it', async () => {
    const [id] = org.insert('Case', [{ Subject: 'Slow dashboards' }]) as [string];
    org.setNow('2026-05-03T09:30:00Z');
    expect((await call(org, 'PATCH', data(`/sobjects/Case/${id}`), { body: { Status: 'Closed' } })).status).toBe(204);
    expect(await fieldsOf(id, 'IsClosed,ClosedDate')).toMatchObject({
      IsClosed: true,
      ClosedDate: '2026-05-03T09:30:00.000+0000'
    });

    org.setNow('2026-05-04T10:00:00Z');
    await call(org, 'PATCH', data(`/sobjects/Case/${id}`), { body: { Subject: 'Slow dashboards (fixed)' } });
    expect((await fieldsOf(id, 'ClosedDate')).ClosedDate).toBe('2026-05-03T09:30:00.000+0000');

    await call(org, 'PATCH', data(`/sobjects/Case/${id}`), { body: { Status: 'Working' } });
    expect(await fieldsOf(id, 'IsClosed,ClosedDate')).toMatchObject({ IsClosed: false, ClosedDate: null });
  });

  test('a status that is not a case status is refused; Priority and Origin take any value, as standard picklists do', async () => {
    const refused = await call(org, 'POST', data('/sobjects/Case'), { body: { Subject: 'x', Status: 'Resolved' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      {
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Status: bad value for restricted picklist field: Resolved',
        fields: ['Status']
      }
    ]);
    const accepted = await call(org, 'POST', data('/sobjects/Case'), {
      body: { Subject: 'x', Priority: 'Urgent', Origin: 'Chat', Product_Feature__c: 'Audience Segments' }
    });
    expect(accepted.status).toBe(201);
  });

  test('IsClosed, ClosedDate and CaseNumber are read-only', async () => {
    const created = await call(org, 'POST', data('/sobjects/Case'), {
      body: { Subject: 'x', IsClosed: true, ClosedDate: '2026-04-01T00:00:00Z' }
    });
    expect(created.status).toBe(400);
    expect(created.body).toEqual([
      {
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message:
          'Unable to create/update fields: IsClosed, ClosedDate. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        fields: ['IsClosed', 'ClosedDate']
      }
    ]);
    const [id] = org.insert('Case', [{ Subject: 'x' }]) as [string];
    const updated = await call(org, 'PATCH', data(`/sobjects/Case/${id}`), { body: { CaseNumber: '42' } });
    expect(updated.status).toBe(400);
    expect((updated.body as { errorCode: string; fields: string[] }[])[0]).toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      fields: ['CaseNumber']
    });
  });
});

describe('Case in SOQL and seeding', () => {
  function seed() {
    const [acme, globex] = org.insert('Account', [
      { Name: 'Acme', Product_Account_Id__c: 'acme' },
      { Name: 'Globex', Product_Account_Id__c: 'globex' }
    ]) as [string, string];
    const [oldOpen, oldClosed, recentHigh, globexCase] = org.insert('Case', [
      { AccountId: acme, Subject: 'Old open', CreatedDate: '2026-01-10T08:00:00Z' },
      { AccountId: acme, Subject: 'Old closed', Status: 'Closed', CreatedDate: '2026-01-12T08:00:00Z' },
      { AccountId: acme, Subject: 'Recent high', Priority: 'High', Product_Feature__c: 'Custom Reports' },
      { AccountId: globex, Subject: 'Globex', IsEscalated: true, CreatedDate: '2026-04-20T15:00:00Z' }
    ]) as [string, string, string, string];
    return { acme, globex, oldOpen, oldClosed, recentHigh, globexCase };
  }

  test('a seeded CreatedDate makes the case as old as that; a case seeded closed closed then', async () => {
    const ids = seed();
    expect(await fieldsOf(ids.oldClosed, 'CreatedDate,IsClosed,ClosedDate,LastModifiedDate')).toMatchObject({
      CreatedDate: '2026-01-12T08:00:00.000+0000',
      IsClosed: true,
      ClosedDate: '2026-01-12T08:00:00.000+0000',
      LastModifiedDate: '2026-01-12T08:00:00.000+0000'
    });
    expect(() => org.insert('Case', [{ Subject: 'x', CreatedDate: '2026-05-02T00:00:00Z' }])).toThrow(
      "insert Case[0]: INVALID_FIELD: CreatedDate: 2026-05-02T00:00:00.000+0000 is after the org's now"
    );
    // Over the API CreatedDate stays read-only.
    const posted = await call(org, 'POST', data('/sobjects/Case'), {
      body: { Subject: 'x', CreatedDate: '2026-01-01T00:00:00Z' }
    });
    expect((posted.body as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  test('open cases by the account’s product id, by AccountId IN, and by age', async () => {
    const ids = seed();
    const conn = connect(org);
    const subjects = async (soql: string) =>
      (await conn.query<{ Subject: string }>(soql)).records.map((record) => record.Subject);
    expect(
      await subjects(
        "SELECT Subject FROM Case WHERE Account.Product_Account_Id__c = 'acme' AND IsClosed = false ORDER BY CreatedDate"
      )
    ).toEqual(['Old open', 'Recent high']);
    expect(
      await subjects(
        `SELECT Subject FROM Case WHERE AccountId IN ('${ids.globex}') AND (Priority = 'High' OR IsEscalated = true)`
      )
    ).toEqual(['Globex']);
    expect(
      await subjects('SELECT Subject FROM Case WHERE IsClosed = false AND CreatedDate < LAST_N_DAYS:7 ORDER BY Subject')
    ).toEqual(['Globex', 'Old open']);
    expect(await subjects("SELECT Subject FROM Case WHERE Product_Feature__c = 'Custom Reports'")).toEqual([
      'Recent high'
    ]);
    const accounts = await conn.query<{ Name: string; Cases: { totalSize: number } | null }>(
      "SELECT Name, (SELECT Id FROM Cases WHERE IsClosed = true) FROM Account WHERE Name = 'Acme'"
    );
    expect(accounts.records[0]?.Cases?.totalSize).toBe(1);
  });
});
