// SOQL through jsforce's query and the REST query resource.
// Expected shapes from the REST API Developer Guide, "Execute a SOQL Query" (dome_query.htm):
// {totalSize, done, nextRecordsUrl?, records: [{attributes: {type, url}, ...}]}, parent
// relationships nested, child relationships as {totalSize, done, records} or null; and from
// the SOQL and SOSL Reference for semantics (date literals, LIKE, semi-joins).

import { Connection } from 'jsforce';
import type { LocalOrg } from './index.js';
import { call, connect, data, rejection, startTestOrg } from './testing.js';

let org: LocalOrg;
let ids: Record<string, string>;

/** A small book: three accounts, five opportunities, stages on two of them. Today is 2026-05-01. */
function seed(): Record<string, string> {
  const [acme, globex, noUsage] = org.insert('Account', [
    { Name: 'Acme', Product_Account_Id__c: 'acme' },
    { Name: 'Globex', Product_Account_Id__c: 'globex' },
    { Name: 'No Usage Ltd' }
  ]) as [string, string, string];
  const [recent, old, open, lost, orphan] = org.insert('Opportunity', [
    {
      Name: 'Acme 50% deal',
      AccountId: acme,
      StageName: 'Closed Won',
      CloseDate: '2026-04-25',
      Amount: 50000,
      Licensed_Seats__c: 20,
      Type: 'New Customer'
    },
    {
      Name: "Globex O'Brien deal",
      AccountId: globex,
      StageName: 'Closed Won',
      CloseDate: '2026-01-10',
      Amount: 20000,
      Contract_End_Date__c: '2026-03-01'
    },
    { Name: 'Globex_expansion', AccountId: globex, StageName: 'Prospecting', CloseDate: '2026-06-15', Amount: 8000 },
    { Name: 'Lost C:\\temp deal', AccountId: noUsage, StageName: 'Closed Lost', CloseDate: '2026-04-30' },
    { Name: 'Orphan deal', StageName: 'Closed Won', CloseDate: '2026-04-29' }
  ]) as [string, string, string, string, string];
  org.insert('Implementation_Stage__c', [
    {
      Name: 'Kickoff',
      Opportunity__c: recent,
      Sequence__c: 1,
      Status__c: 'Done',
      Is_Kickoff__c: true,
      Stage_Key__c: `${recent}:kickoff`
    },
    {
      Name: 'Setup',
      Opportunity__c: recent,
      Sequence__c: 2,
      Status__c: 'In Progress',
      Stage_Key__c: `${recent}:setup`
    },
    {
      Name: 'Kickoff',
      Opportunity__c: old,
      Sequence__c: 1,
      Status__c: 'Scheduled',
      Is_Kickoff__c: true,
      Stage_Key__c: `${old}:kickoff`
    }
  ]);
  return { acme, globex, noUsage, recent, old, open, lost, orphan };
}

beforeAll(async () => {
  org = await startTestOrg();
  ids = seed();
});
afterAll(() => org.close());

const names = async (soql: string): Promise<string[]> =>
  (await connect(org).query<{ Name: string }>(soql)).records.map((r) => r.Name);

describe('result shape', () => {
  test('fields, nested parent records, child records, attributes on each', async () => {
    const result = await connect(org).query(
      `SELECT Id, Name, Account.Name, Account.Product_Account_Id__c, Owner.Name, (SELECT Name, Status__c FROM Implementation_Stages__r ORDER BY Sequence__c DESC) FROM Opportunity WHERE Id = '${ids.recent}'`
    );
    expect(result).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${ids.recent}` },
          Id: ids.recent,
          Name: 'Acme 50% deal',
          Account: {
            attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${ids.acme}` },
            Name: 'Acme',
            Product_Account_Id__c: 'acme'
          },
          Owner: {
            attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${org.userId}` },
            Name: 'Cairn Admin'
          },
          Implementation_Stages__r: {
            totalSize: 2,
            done: true,
            records: [
              {
                attributes: expect.objectContaining({ type: 'Implementation_Stage__c' }),
                Name: 'Setup',
                Status__c: 'In Progress'
              },
              {
                attributes: expect.objectContaining({ type: 'Implementation_Stage__c' }),
                Name: 'Kickoff',
                Status__c: 'Done'
              }
            ]
          }
        }
      ]
    });
  });

  test("API 58.0 and later nest child subqueries: accounts with their opportunities and those opportunities' stages", async () => {
    const result = await connect(org).query<Record<string, unknown>>(
      `SELECT Name, (SELECT Name, (SELECT Name FROM Implementation_Stages__r ORDER BY Sequence__c) FROM Opportunities WHERE IsWon = true ORDER BY CloseDate) FROM Account WHERE Id IN ('${ids.acme}', '${ids.globex}') ORDER BY Name`
    );
    const stages = (opportunity: Record<string, unknown>) =>
      (opportunity.Implementation_Stages__r as { records: { Name: string }[] } | null)?.records.map((r) => r.Name) ??
      null;
    expect(
      result.records.map((account) => ({
        name: account.Name,
        opportunities: (account.Opportunities as { records: Record<string, unknown>[] }).records.map((o) => ({
          name: o.Name,
          stages: stages(o)
        }))
      }))
    ).toEqual([
      { name: 'Acme', opportunities: [{ name: 'Acme 50% deal', stages: ['Kickoff', 'Setup'] }] },
      { name: 'Globex', opportunities: [{ name: "Globex O'Brien deal", stages: ['Kickoff'] }] }
    ]);
  });

  test('before API 58.0 a nested child subquery is refused', async () => {
    const nested = `SELECT Name, (SELECT Name, (SELECT Name FROM Implementation_Stages__r) FROM Opportunities) FROM Account`;
    const old = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '57.0' });
    const refused = await rejection(old.query(nested));
    expect(refused.errorCode).toBe('MALFORMED_QUERY');
    expect(refused.message).toContain('API version 58.0 or later');
  });

  test('a missing parent is null, and so is an empty child relationship', async () => {
    const [orphan] = (
      await connect(org).query(
        `SELECT Name, Account.Name, (SELECT Id FROM Implementation_Stages__r) FROM Opportunity WHERE Id = '${ids.orphan}'`
      )
    ).records;
    expect(orphan).toMatchObject({ Name: 'Orphan deal', Account: null, Implementation_Stages__r: null });
  });

  test('field names come back in their API case whatever case the query used', async () => {
    const [row] = (
      await connect(org).query(`select name, account.product_account_id__c from opportunity where id = '${ids.recent}'`)
    ).records;
    expect(row).toMatchObject({ Name: 'Acme 50% deal', Account: { Product_Account_Id__c: 'acme' } });
  });

  test('COUNT() answers totalSize and no records', async () => {
    const res = await call(
      org,
      'GET',
      data(`/query?q=${encodeURIComponent('SELECT COUNT() FROM Opportunity WHERE IsWon = true')}`)
    );
    expect(res.body).toEqual({ totalSize: 3, done: true, records: [] });
  });
});

describe('WHERE', () => {
  test('AND, OR, NOT and parentheses', async () => {
    expect(
      await names(
        `SELECT Name FROM Opportunity WHERE IsWon = true AND (Amount > 30000 OR Account.Name = 'Globex') ORDER BY Name`
      )
    ).toEqual(['Acme 50% deal', "Globex O'Brien deal"]);
    expect(
      await names(`SELECT Name FROM Opportunity WHERE NOT (IsWon = true OR IsClosed = true) ORDER BY Name`)
    ).toEqual(['Globex_expansion']);
    expect(await names(`SELECT Name FROM Opportunity WHERE NOT IsWon = true AND Amount = null`)).toEqual([
      'Lost C:\\temp deal'
    ]);
  });

  test('AND and OR mixed without parentheses is refused, as in SOQL', async () => {
    const err = await rejection(
      connect(org).query(`SELECT Name FROM Opportunity WHERE IsWon = true AND Amount > 1 OR Amount = null`)
    );
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toContain('unexpected token: OR');
  });

  test('comparisons; text compares without regard to case; != includes blanks', async () => {
    expect(await names(`SELECT Name FROM Opportunity WHERE Amount >= 20000 ORDER BY Amount`)).toEqual([
      "Globex O'Brien deal",
      'Acme 50% deal'
    ]);
    expect(await names(`SELECT Name FROM Opportunity WHERE Amount < 20000`)).toEqual(['Globex_expansion']);
    expect(await names(`SELECT Name FROM Account WHERE Name = 'ACME'`)).toEqual(['Acme']);
    // Two accounts have a product id other than 'acme'… one of them has none at all, and != keeps it.
    expect(await names(`SELECT Name FROM Account WHERE Product_Account_Id__c != 'acme' ORDER BY Name`)).toEqual([
      'Globex',
      'No Usage Ltd'
    ]);
    expect(await names(`SELECT Name FROM Account WHERE Product_Account_Id__c = null`)).toEqual(['No Usage Ltd']);
  });

  test('IN and NOT IN lists, with 15- or 18-character ids', async () => {
    expect(
      await names(`SELECT Name FROM Opportunity WHERE StageName IN ('Closed Lost', 'Prospecting') ORDER BY Name`)
    ).toEqual(['Globex_expansion', 'Lost C:\\temp deal']);
    expect(
      await names(
        `SELECT Name FROM Opportunity WHERE Id IN ('${ids.recent?.slice(0, 15)}', '${ids.old}') ORDER BY Name`
      )
    ).toEqual(['Acme 50% deal', "Globex O'Brien deal"]);
    expect(
      await names(
        `SELECT Name FROM Opportunity WHERE AccountId NOT IN ('${ids.globex}') AND IsWon = true ORDER BY Name`
      )
    ).toEqual(['Acme 50% deal', 'Orphan deal']);
  });

  test('semi-joins and anti-joins', async () => {
    expect(
      await names(
        `SELECT Name FROM Opportunity WHERE Id IN (SELECT Opportunity__c FROM Implementation_Stage__c WHERE Status__c = 'Done')`
      )
    ).toEqual(['Acme 50% deal']);
    expect(
      await names(
        `SELECT Name FROM Opportunity WHERE IsWon = true AND Id NOT IN (SELECT Opportunity__c FROM Implementation_Stage__c WHERE Is_Kickoff__c = true AND Status__c = 'Done') ORDER BY Name`
      )
    ).toEqual(["Globex O'Brien deal", 'Orphan deal']);
    expect(
      await names(
        `SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true) ORDER BY Name`
      )
    ).toEqual(['Acme', 'Globex']);
  });

  test("LIKE: % and _ wildcards, case-insensitive, with \\%, \\_, \\' and \\\\ escapes", async () => {
    // A space sorts before an underscore.
    expect(await names(`SELECT Name FROM Opportunity WHERE Name LIKE 'globex%' ORDER BY Name`)).toEqual([
      "Globex O'Brien deal",
      'Globex_expansion'
    ]);
    expect(await names(`SELECT Name FROM Opportunity WHERE Name LIKE '_cme%'`)).toEqual(['Acme 50% deal']);
    expect(await names(String.raw`SELECT Name FROM Opportunity WHERE Name LIKE '%50\%%'`)).toEqual(['Acme 50% deal']);
    expect(await names(String.raw`SELECT Name FROM Opportunity WHERE Name LIKE 'Globex\_%'`)).toEqual([
      'Globex_expansion'
    ]);
    expect(await names(String.raw`SELECT Name FROM Opportunity WHERE Name LIKE '%O\'Brien%'`)).toEqual([
      "Globex O'Brien deal"
    ]);
    expect(await names(String.raw`SELECT Name FROM Opportunity WHERE Name LIKE '%C:\\temp%'`)).toEqual([
      'Lost C:\\temp deal'
    ]);
    expect(await names(String.raw`SELECT Name FROM Opportunity WHERE Name = 'Globex O\'Brien deal'`)).toEqual([
      "Globex O'Brien deal"
    ]);
  });

  test('booleans and null checks', async () => {
    expect(await names(`SELECT Name FROM Opportunity WHERE IsWon = false ORDER BY Name`)).toEqual([
      'Globex_expansion',
      'Lost C:\\temp deal'
    ]);
    expect(await names(`SELECT Name FROM Opportunity WHERE AccountId = null`)).toEqual(['Orphan deal']);
    expect(await names(`SELECT Name FROM Opportunity WHERE Contract_End_Date__c != null`)).toEqual([
      "Globex O'Brien deal"
    ]);
  });

  test('date literals are evaluated against the fixed now (Friday 2026-05-01)', async () => {
    // LAST_N_DAYS:14 = 2026-04-17 … 2026-05-01: the 25, 29 and 30 April closes.
    expect(await names(`SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:14 ORDER BY CloseDate`)).toEqual([
      'Acme 50% deal',
      'Orphan deal',
      'Lost C:\\temp deal'
    ]);
    // NEXT_90_DAYS = 2026-05-02 … 2026-07-30: the 15 June close.
    expect(await names(`SELECT Name FROM Opportunity WHERE CloseDate = NEXT_90_DAYS`)).toEqual(['Globex_expansion']);
    // LAST_90_DAYS starts 2026-01-31; only the 10 January close is before it.
    expect(await names(`SELECT Name FROM Opportunity WHERE CloseDate < LAST_90_DAYS`)).toEqual(["Globex O'Brien deal"]);
  });

  test('date literals on date-time fields, and date and date-time values', async () => {
    // Every record was created at the fixed now, 2026-05-01T12:00:00Z.
    expect((await connect(org).query(`SELECT Id FROM Opportunity WHERE CreatedDate = TODAY`)).totalSize).toBe(5);
    expect((await connect(org).query(`SELECT Id FROM Opportunity WHERE CreatedDate = YESTERDAY`)).totalSize).toBe(0);
    expect(
      (await connect(org).query(`SELECT Id FROM Opportunity WHERE CreatedDate > 2026-05-01T11:59:59Z`)).totalSize
    ).toBe(5);
    expect(
      (await connect(org).query(`SELECT Id FROM Opportunity WHERE CreatedDate > 2026-05-01T13:00:00+02:00`)).totalSize
    ).toBe(5); // 11:00Z
    expect(
      (await connect(org).query(`SELECT Id FROM Opportunity WHERE CreatedDate >= 2026-05-01T12:00:01Z`)).totalSize
    ).toBe(0);
    expect(
      await names(
        `SELECT Name FROM Opportunity WHERE CloseDate >= 2026-04-29 AND CloseDate <= 2026-04-30 ORDER BY CloseDate`
      )
    ).toEqual(['Orphan deal', 'Lost C:\\temp deal']);
    expect(await names(`SELECT Name FROM Opportunity WHERE CloseDate < THIS_MONTH AND CloseDate > LAST_MONTH`)).toEqual(
      []
    );
    expect(await names(`SELECT Name FROM Opportunity WHERE CloseDate = LAST_MONTH ORDER BY CloseDate`)).toEqual([
      'Acme 50% deal',
      'Orphan deal',
      'Lost C:\\temp deal'
    ]);
  });
});

test('CS_Owner_Is_Me__c (CS_Owner__c = $User.Id) is computed for the user who reads it', async () => {
  const [casey] = org.insert('User', [
    { Username: 'casey@cairn.local', LastName: 'Jones', Alias: 'cjones', Email: 'casey@cairn.local' }
  ]);
  const conn = connect(org);
  await conn.sobject('Opportunity').update([
    { Id: ids.recent as string, CS_Owner__c: org.userId },
    { Id: ids.old as string, CS_Owner__c: casey }
  ]);
  // The static token runs as the admin user: only the deal it is CS owner of is "mine".
  expect(await names(`SELECT Name FROM Opportunity WHERE CS_Owner_Is_Me__c = true`)).toEqual(['Acme 50% deal']);
  const [row] = (await conn.query(`SELECT CS_Owner_Is_Me__c FROM Opportunity WHERE Id = '${ids.old}'`)).records;
  expect(row).toMatchObject({ CS_Owner_Is_Me__c: false });
  // Casey, signed in through the JWT bearer flow, sees the other one as hers.
  const assertion =
    [{ alg: 'RS256' }, { sub: 'casey@cairn.local' }]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.') + '.x';
  const grant = await fetch(`${org.url}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion })
  });
  const token = ((await grant.json()) as { access_token: string }).access_token;
  const hers = await connect(org, token).query<{ Name: string }>(
    `SELECT Name FROM Opportunity WHERE CS_Owner_Is_Me__c = true`
  );
  expect(hers.records.map((r) => r.Name)).toEqual(["Globex O'Brien deal"]);
  await conn.sobject('Opportunity').update([
    { Id: ids.recent as string, CS_Owner__c: null },
    { Id: ids.old as string, CS_Owner__c: null }
  ]);
});

describe('ORDER BY, LIMIT, OFFSET', () => {
  test('several keys, ASC/DESC and where blanks go', async () => {
    // Amounts: 50000, 20000, 8000, blank, blank. ASC puts blanks first, DESC last, unless told.
    expect(await names(`SELECT Name FROM Opportunity ORDER BY Amount, Name`)).toEqual([
      'Lost C:\\temp deal',
      'Orphan deal',
      'Globex_expansion',
      "Globex O'Brien deal",
      'Acme 50% deal'
    ]);
    expect(await names(`SELECT Name FROM Opportunity ORDER BY Amount DESC, Name DESC`)).toEqual([
      'Acme 50% deal',
      "Globex O'Brien deal",
      'Globex_expansion',
      'Orphan deal',
      'Lost C:\\temp deal'
    ]);
    expect(await names(`SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST, Name LIMIT 3`)).toEqual([
      'Globex_expansion',
      "Globex O'Brien deal",
      'Acme 50% deal'
    ]);
    expect(await names(`SELECT Name FROM Opportunity ORDER BY Account.Name DESC NULLS LAST, Name`)).toEqual([
      'Lost C:\\temp deal',
      "Globex O'Brien deal",
      'Globex_expansion',
      'Acme 50% deal',
      'Orphan deal'
    ]);
  });

  test('LIMIT and OFFSET', async () => {
    expect(await names(`SELECT Name FROM Opportunity ORDER BY CloseDate LIMIT 2 OFFSET 1`)).toEqual([
      'Acme 50% deal',
      'Orphan deal'
    ]);
    const res = await call(
      org,
      'GET',
      data(`/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1 OFFSET 2001')}`)
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { message: 'Maximum SOQL offset allowed is 2000', errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' }
    ]);
  });
});

describe("errors, in Salesforce's shape", () => {
  const failure = async (soql: string) => {
    const res = await call(org, 'GET', data(`/query?q=${encodeURIComponent(soql)}`));
    expect(res.status).toBe(400);
    return (res.body as { errorCode: string; message: string }[])[0] as { errorCode: string; message: string };
  };

  test('an unknown field: INVALID_FIELD, with the caret under it', async () => {
    expect(await failure('SELECT Id, Nmae FROM Account')).toEqual({
      errorCode: 'INVALID_FIELD',
      message:
        "\nSELECT Id, Nmae FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Nmae' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
    });
  });

  test('an unknown object, relationship or child relationship', async () => {
    expect(await failure('SELECT Id FROM Invoice__c')).toMatchObject({
      errorCode: 'INVALID_TYPE',
      message: expect.stringContaining("sObject type 'Invoice__c' is not supported.")
    });
    expect(await failure('SELECT Acount.Name FROM Opportunity')).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("Didn't understand relationship 'Acount' in field path.")
    });
    expect(await failure('SELECT Id, (SELECT Id FROM Stages__r) FROM Opportunity')).toMatchObject({
      errorCode: 'INVALID_TYPE',
      message: expect.stringContaining("Didn't understand relationship 'Stages__r' in FROM part of query call.")
    });
  });

  test('a literal of the wrong type', async () => {
    expect(await failure(`SELECT Id FROM Opportunity WHERE CloseDate = '2026-01-01'`)).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
      message: expect.stringContaining(
        "value of filter criterion for field 'CloseDate' must be of type date and should not be enclosed in quotes"
      )
    });
    expect(await failure(`SELECT Id FROM Opportunity WHERE IsWon = 'true'`)).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR'
    });
    expect(await failure(`SELECT Id FROM Opportunity WHERE Name = 5`)).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR'
    });
    expect(await failure(`SELECT Id FROM Opportunity WHERE Id = 'not-an-id'`)).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
      message: expect.stringContaining('invalid ID field: not-an-id')
    });
  });

  test('long text areas cannot be filtered or sorted', async () => {
    expect(await failure(`SELECT Id FROM Opportunity WHERE Desired_Outcome__c = 'x'`)).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("field 'Desired_Outcome__c' can not be filtered in a query call")
    });
    expect(await failure(`SELECT Id FROM Opportunity ORDER BY Desired_Outcome__c`)).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("field 'Desired_Outcome__c' can not be sorted in a query call")
    });
  });

  test.each([
    ['GROUP BY and aggregates', 'SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName'],
    ['aggregates other than COUNT()', 'SELECT MAX(Amount) FROM Opportunity'],
    ['TYPEOF', 'SELECT TYPEOF What WHEN Account THEN Name END FROM Task'],
    ['FOR UPDATE', 'SELECT Id FROM Account FOR UPDATE'],
    ['functions in WHERE', 'SELECT Id FROM Opportunity WHERE CALENDAR_YEAR(CloseDate) = 2026'],
    ['FIELDS()', 'SELECT FIELDS(ALL) FROM Account LIMIT 10'],
    ['toLabel()', 'SELECT toLabel(StageName) FROM Opportunity'],
    ['syntax errors', 'SELECT FROM Account']
  ])('unsupported or malformed: %s answers MALFORMED_QUERY, never a wrong result', async (_what, soql) => {
    expect(await failure(soql)).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });

  test('a missing q parameter', async () => {
    const res = await call(org, 'GET', data('/query'));
    expect(res.body).toEqual([{ message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' }]);
  });
});

describe('paging', () => {
  let pager: LocalOrg;
  beforeAll(async () => {
    pager = await startTestOrg();
    // 4,500 accounts: pages of 2,000, 2,000 and 500.
    pager.insert(
      'Account',
      Array.from({ length: 4500 }, (_, i) => ({ Name: `Account ${String(i).padStart(4, '0')}` }))
    );
  });
  afterAll(() => pager.close());

  test('nextRecordsUrl pages of 2,000 rows, followed by jsforce autoFetch', async () => {
    const before = pager.stats().apiCalls.byKind.query;
    const result = await connect(pager).query<{ Name: string }>('SELECT Name FROM Account ORDER BY Name', {
      autoFetch: true,
      maxFetch: 100000
    });
    expect(result.totalSize).toBe(4500);
    expect(result.records).toHaveLength(4500);
    expect(result.records[0]?.Name).toBe('Account 0000');
    expect(result.records[4499]?.Name).toBe('Account 4499');
    expect(pager.stats().apiCalls.byKind.query - before).toBe(3); // ⌈4500 / 2000⌉ = 3 calls
  });

  test('the raw pages', async () => {
    const first = await call(pager, 'GET', data(`/query?q=${encodeURIComponent('SELECT Id FROM Account')}`));
    const body = first.body as { totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] };
    expect(body).toMatchObject({
      totalSize: 4500,
      done: false,
      nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v62\.0\/query\/01g[0-9A-Za-z]{15}-2000$/)
    });
    expect(body.records).toHaveLength(2000);
    const second = (await call(pager, 'GET', body.nextRecordsUrl)).body as {
      done: boolean;
      nextRecordsUrl: string;
      records: unknown[];
    };
    expect(second).toMatchObject({ done: false, nextRecordsUrl: expect.stringMatching(/-4000$/) });
    const third = (await call(pager, 'GET', second.nextRecordsUrl)).body as Record<string, unknown>;
    expect(third).toMatchObject({ totalSize: 4500, done: true });
    expect(third.nextRecordsUrl).toBeUndefined();
    expect(third.records).toHaveLength(500);
    // A finished cursor is gone.
    const again = await call(pager, 'GET', second.nextRecordsUrl);
    expect(again.body).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });

  test('a child set over 200 records comes back cut short, with its own nextRecordsUrl', async () => {
    const [account] = pager.insert('Account', [{ Name: 'Big family' }]) as [string];
    pager.insert(
      'Contact',
      Array.from({ length: 450 }, (_, i) => ({ LastName: `C${String(i).padStart(3, '0')}`, AccountId: account }))
    );
    const soql = `SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Id = '${account}'`;
    const res = await call(pager, 'GET', data(`/query?q=${encodeURIComponent(soql)}`));
    const contacts = (
      res.body as {
        records: {
          Contacts: { totalSize: number; done: boolean; nextRecordsUrl: string; records: { LastName: string }[] };
        }[];
      }
    ).records[0]?.Contacts;
    expect(contacts).toMatchObject({
      totalSize: 450,
      done: false,
      nextRecordsUrl: expect.stringMatching(/\/query\/01g[0-9A-Za-z]{15}-200$/)
    });
    expect(contacts?.records).toHaveLength(200);
    const rest = (await call(pager, 'GET', contacts?.nextRecordsUrl ?? '')).body as {
      done: boolean;
      records: { LastName: string }[];
    };
    // 450 − 200 = 250 more, in the subquery's order.
    expect(rest.done).toBe(true);
    expect(rest.records.map((r) => r.LastName)).toEqual(
      Array.from({ length: 250 }, (_, i) => `C${String(i + 200).padStart(3, '0')}`)
    );
  });

  test('Sforce-Query-Options batchSize sets a smaller page', async () => {
    const res = await call(pager, 'GET', data(`/query?q=${encodeURIComponent('SELECT Id FROM Account')}`), {
      headers: { 'Sforce-Query-Options': 'batchSize=500' }
    });
    expect((res.body as { records: unknown[]; nextRecordsUrl: string }).records).toHaveLength(500);
    expect((res.body as { nextRecordsUrl: string }).nextRecordsUrl).toMatch(/-500$/);
  });
});
