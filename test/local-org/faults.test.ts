// Sessions, limits, counting and the test controls under /__local/ (DESIGN §5.4).
// Salesforce's answers: 401 [{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]
// and 403 REQUEST_LIMIT_EXCEEDED ("Status Codes and Error Responses", errorcodes.htm);
// Sforce-Limit-Info: api-usage=N/M ("Limit Info Header", headers_api_usage.htm);
// GET limits → {"DailyApiRequests": {"Max", "Remaining"}, ...} ("Limits", resources_limits.htm).

import type { LocalOrg } from './index.js';
import { call, connect, data, rejection, startTestOrg, statusCode } from './testing.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());
beforeEach(() => org.reset());

const passwordToken = async (): Promise<string> => {
  const res = await fetch(`${org.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'any',
      client_secret: 'any',
      username: 'admin@cairn.local',
      password: 'cairn'
    })
  });
  return ((await res.json()) as { access_token: string }).access_token;
};

test('a bad token: 401 INVALID_SESSION_ID, not counted', async () => {
  const raw = await call(org, 'GET', data('/limits'), { token: 'nope' });
  expect(raw.status).toBe(401);
  expect(raw.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  const err = await rejection(connect(org, `${org.accessToken}x`).query('SELECT Id FROM Account'));
  expect(err.errorCode).toBe('INVALID_SESSION_ID');
  expect(org.stats().apiCalls.total).toBe(0);
});

test('stats: calls by kind, writes, and the Sforce-Limit-Info header on every response', async () => {
  const conn = connect(org);
  await conn.query('SELECT Id FROM Account'); // query
  await conn.sobject('Account').create({ Name: 'A' }); // sobject, write
  await conn.sobject('Account').create([{ Name: 'B' }, { Name: 'C' }], { allOrNone: false }); // collections, write
  await conn.sobject('Account').describe(); // describe
  await conn.describeGlobal(); // describe
  const limits = await call(org, 'GET', data('/limits')); // limits
  await call(org, 'GET', data('/ui-api/records/' + org.userId + '?fields=User.Name')); // other
  expect(limits.headers.get('sforce-limit-info')).toBe('api-usage=6/100000');
  expect(limits.body).toMatchObject({ DailyApiRequests: { Max: 100000, Remaining: 99994 } }); // 100,000 − 6 calls so far
  const stats = await call(org, 'GET', '/__local/stats', { token: null });
  expect(stats.body).toEqual({
    apiCalls: {
      total: 7,
      writes: 2,
      byKind: { query: 1, sobject: 1, collections: 1, bulk2: 0, describe: 2, limits: 1, other: 1 }
    }
  });
  // The controls themselves are not counted.
  expect(org.stats().apiCalls.total).toBe(7);
});

test('reset empties records and counters; the org and its admin user stay', async () => {
  org.insert('Account', [{ Name: 'A' }]);
  await connect(org).query('SELECT Id FROM Account');
  expect((await call(org, 'POST', '/__local/reset', { token: null })).status).toBe(200);
  expect(org.stats().apiCalls.total).toBe(0);
  const conn = connect(org);
  expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(0);
  expect((await conn.query<{ Username: string }>('SELECT Username FROM User')).records.map((u) => u.Username)).toEqual([
    'admin@cairn.local'
  ]);
  expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
});

describe('faults', () => {
  test('lockRowRate 1: every written row fails UNABLE_TO_LOCK_ROW, in collections and in bulk results', async () => {
    await call(org, 'POST', '/__local/faults', { token: null, body: { lockRowRate: 1 } });
    const rows = await connect(org)
      .sobject('Account')
      .create([{ Name: 'A' }, { Name: 'B' }], { allOrNone: false });
    expect(rows.map(statusCode)).toEqual(['UNABLE_TO_LOCK_ROW', 'UNABLE_TO_LOCK_ROW']);
    const bulk = await connect(org).bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: 'Name\nC\n',
      pollInterval: 20,
      pollTimeout: 30_000
    });
    expect(bulk.failedResults).toEqual([
      {
        sf__Id: '',
        sf__Error: expect.stringMatching(/^UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record/),
        Name: 'C'
      }
    ]);
    expect(org.insert('Account', [{ Name: 'seeding is never faulted' }])).toHaveLength(1);
  });

  test('a seeded lock rate fails the same rows every time', async () => {
    const run = async () => {
      org.reset();
      org.setFaults({ lockRowRate: 0.5, seed: 7 });
      const records = Array.from({ length: 20 }, (_, i) => ({ Name: `A${i}` }));
      return (await connect(org).sobject('Account').create(records, { allOrNone: false })).map((r) => r.success);
    };
    const first = await run();
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await run()).toEqual(first);
  });

  test('latencyMs: calls are answered as usual, only later; a bad value is refused', async () => {
    org.setFaults({ latencyMs: 20 });
    expect((await connect(org).query('SELECT Id FROM Account')).totalSize).toBe(0);
    expect(org.stats().apiCalls.byKind.query).toBe(1);
    const bad = await call(org, 'POST', '/__local/faults', { token: null, body: { latencyMs: -5 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('latencyMs must be a whole number ≥ 0');
    org.setFaults({});
  });

  test('http503Rate 1: calls answer 503 (and count)', async () => {
    org.setFaults({ http503Rate: 1 });
    const res = await call(org, 'POST', data('/sobjects/Account'), { body: { Name: 'A' } });
    expect(res.status).toBe(503);
    expect(res.body).toEqual([
      { message: expect.stringContaining('Server temporarily unavailable'), errorCode: 'SERVER_UNAVAILABLE' }
    ]);
    expect(org.stats().apiCalls.total).toBe(1);
    org.setFaults({});
    expect((await connect(org).query('SELECT Id FROM Account')).totalSize).toBe(0);
  });

  test('lostResponseRate 1: a write is committed but its answer never comes; reads are answered', async () => {
    org.setFaults({ lostResponseRate: 1 });
    await expect(call(org, 'POST', data('/sobjects/Account'), { body: { Name: 'A' } })).rejects.toThrow('fetch failed');
    const read = await connect(org).query<{ Name: string }>('SELECT Name FROM Account');
    expect(read.records.map((r) => r.Name)).toEqual(['A']);
  });

  test('sessionExpiresAfterCalls: issued sessions end after N calls; the static token never does', async () => {
    org.setFaults({ sessionExpiresAfterCalls: 2 });
    const token = await passwordToken();
    expect((await call(org, 'GET', data('/limits'), { token })).status).toBe(200);
    expect((await call(org, 'GET', data('/limits'), { token })).status).toBe(200);
    const third = await call(org, 'GET', data('/limits'), { token });
    expect(third.status).toBe(401);
    expect(third.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    for (let i = 0; i < 3; i++) expect((await call(org, 'GET', data('/limits'))).status).toBe(200);
  });

  test('jsforce refreshes an expired session with the refresh token and carries on', async () => {
    org.setFaults({ sessionExpiresAfterCalls: 1 });
    const { Connection } = await import('jsforce');
    const conn = new Connection({
      instanceUrl: org.url,
      version: '62.0',
      refreshToken: org.refreshToken,
      oauth2: { clientId: 'cairn', clientSecret: 'unused', loginUrl: org.url }
    });
    let refreshes = 0;
    conn.on('refresh', () => refreshes++);
    for (let i = 0; i < 3; i++) expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(0);
    expect(refreshes).toBeGreaterThanOrEqual(2); // no token at first, then one each time a session is used up
  });

  test('dailyLimit: calls past the limit answer 403 REQUEST_LIMIT_EXCEEDED', async () => {
    org.setFaults({ dailyLimit: 2 });
    expect((await call(org, 'GET', data('/limits'))).body).toMatchObject({
      DailyApiRequests: { Max: 2, Remaining: 1 }
    });
    const second = await call(org, 'GET', data('/limits'));
    expect(second.headers.get('sforce-limit-info')).toBe('api-usage=2/2');
    const third = await call(org, 'GET', data('/limits'));
    expect(third.status).toBe(403);
    expect(third.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    expect(org.stats().apiCalls.total).toBe(2);
  });

  test('{} clears every fault; bad fault settings are refused with the reason', async () => {
    await call(org, 'POST', '/__local/faults', { token: null, body: { http503Rate: 1, dailyLimit: 5 } });
    expect((await call(org, 'POST', '/__local/faults', { token: null, body: {} })).body).toEqual({});
    expect((await call(org, 'GET', data('/limits'))).status).toBe(200);
    const bad = await call(org, 'POST', '/__local/faults', { token: null, body: { lockRowRate: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([{ message: 'lockRowRate must be between 0 and 1', errorCode: 'INVALID_FAULTS' }]);
    const unknown = await call(org, 'POST', '/__local/faults', { token: null, body: { flakiness: 1 } });
    expect((unknown.body as { message: string }[])[0]?.message).toBe(
      'unknown fault "flakiness"; known: lockRowRate, http503Rate, lostResponseRate, sessionExpiresAfterCalls, dailyLimit, bulkJobFailsAfterRows, latencyMs, seed'
    );
  });
});

test('the clock can be moved through /__local/now', async () => {
  const moved = await call(org, 'POST', '/__local/now', { token: null, body: { now: '2026-06-01T08:00:00Z' } });
  expect(moved.body).toEqual({ now: '2026-06-01T08:00:00.000+0000' });
  const { id } = (await connect(org).sobject('Account').create({ Name: 'Later' })) as { id: string };
  expect((await call(org, 'GET', data(`/sobjects/Account/${id}?fields=CreatedDate`))).body).toMatchObject({
    CreatedDate: '2026-06-01T08:00:00.000+0000'
  });
  org.setNow('2026-05-01T12:00:00Z');
});
