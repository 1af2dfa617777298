// Every auth mode of DESIGN §5.2 against the local org, session renewal, and the errors a
// person sees when credentials do not work — without the secret in them.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../../worker/config/secret.js';
import { SalesforceConnectError, SessionExpiredError } from '../../worker/salesforce/errors.js';
import { connect, dataPath } from '../../worker/salesforce/session.js';
import {
  API_VERSION,
  FAST_CALL_RETRY,
  accessTokenSettings,
  apiCalls,
  refreshTokenSettings,
  setFaults,
  startOrg,
  type LocalOrg
} from './support.js';

let org: LocalOrg;
let dir: string;

beforeAll(async () => {
  org = await startOrg();
  dir = mkdtempSync(join(tmpdir(), 'cairn-connect-'));
});

afterAll(async () => {
  await org.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  setFaults(org, {});
});

test('access token: connects, reads the usage and sets the budget from it', async () => {
  const before = apiCalls(org);
  const session = await connect(accessTokenSettings(org, { apiBudgetPercent: 10 }));
  const after = apiCalls(org);
  // connecting is one `limits` call, and the org saw the same call we counted
  expect(after.total - before.total).toBe(1);
  expect(after.byKind.limits - before.byKind.limits).toBe(1);
  const { calls, budget, orgUsage } = session.accounting.snapshot();
  expect(calls.total).toBe(1);
  expect(orgUsage).toEqual({ used: after.total, max: 100_000 });
  // remaining before the run = 100,000 − (used after the call − 1); 10% of it, rounded down
  const remaining = 100_000 - (after.total - 1);
  expect(budget).toEqual({ percent: 10, remainingAtStart: remaining, maxCalls: Math.floor(remaining / 10) });
  expect(session.authKind).toBe('accessToken');
  expect(session.apiVersion).toBe(API_VERSION);
});

test('a rejected access token says what to do, without the token', async () => {
  const token = `${org.accessToken}x`;
  const settings = accessTokenSettings(org, { auth: { kind: 'accessToken', accessToken: new Secret(token) } });
  const error = await connect(settings).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SessionExpiredError);
  expect((error as Error).message).toMatch(
    /^SF_ACCESS_TOKEN expired or is invalid .*get a new one, or use refresh-token or JWT auth/
  );
  expect((error as Error).message).not.toContain(token);
});

test('the API version is checked before anything is sent', async () => {
  await expect(connect(accessTokenSettings(org, { apiVersion: 'v62' }))).rejects.toThrow(
    'SF_API_VERSION must look like 62.0 (58.0 or later), got "v62"'
  );
  await expect(connect(accessTokenSettings(org, { apiVersion: '57.0' }))).rejects.toThrow(
    'SF_API_VERSION must look like 62.0 (58.0 or later), got "57.0"'
  );
});

test('refresh token: exchanged at connect, and renewed once when the org ends the session mid-run', async () => {
  const session = await connect(refreshTokenSettings(org));
  expect(session.authKind).toBe('refreshToken');
  // the issued session ends after 2 calls on it; the run goes on for 5 more
  setFaults(org, { sessionExpiresAfterCalls: 2 });
  for (let call = 0; call < 5; call++) {
    await session.connection.request(dataPath(session, 'limits'));
  }
  // the session had 1 call (connect's); calls 1 and 3 use it up, so calls 2 and 4 are answered
  // 401, renewed and sent again: 2 renewals
  const { sessionRenewals, calls } = session.accounting.snapshot();
  expect(sessionRenewals).toBe(2);
  // every call that reached the org is counted, the 2 refused ones too: 1 + 5 + 2
  expect(calls.total).toBe(8);
});

test('concurrent calls: a renewed session that worked and then ended is renewed again, not taken for a refusal', async () => {
  const session = await connect(refreshTokenSettings(org));
  // each issued session serves two calls, so of six calls in flight together most outlive the
  // session they were re-sent with: their second 401 comes from a session that did work
  setFaults(org, { sessionExpiresAfterCalls: 2 });
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => session.connection.request(dataPath(session, 'limits')))
  );
  expect(answers).toHaveLength(6);
  expect(session.accounting.snapshot().sessionRenewals).toBeGreaterThanOrEqual(2);
});

test('a renewed session the org refuses at once stops the call with what to check', async () => {
  const session = await connect(refreshTokenSettings(org));
  setFaults(org, { sessionExpiresAfterCalls: 0 });
  await expect(session.connection.request(dataPath(session, 'limits'))).rejects.toThrow(
    /^Salesforce rejected the session again right after renewing it .*integration user is active/
  );
  expect(session.accounting.snapshot().sessionRenewals).toBe(1);
});

test('a refresh token the org refuses names the settings to check, not the secrets', async () => {
  const settings = refreshTokenSettings(org, {
    auth: {
      kind: 'refreshToken',
      clientId: 'cairn-test',
      clientSecret: new Secret('client-secret-value'),
      refreshToken: new Secret('wrong-refresh-token-value')
    }
  });
  const error = await connect(settings).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SalesforceConnectError);
  expect((error as Error).message).toMatch(/check SF_CLIENT_ID, SF_CLIENT_SECRET and SF_REFRESH_TOKEN$/);
  expect((error as Error).message).not.toMatch(/wrong-refresh-token-value|client-secret-value/);
});

test('JWT bearer: an RS256 assertion signed with the key file gets a session, renewed the same way', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = join(dir, 'server.key');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const session = await connect({
    instanceUrl: org.url,
    apiVersion: API_VERSION,
    auth: { kind: 'jwt', clientId: 'cairn-connected-app', username: org.username, keyFile },
    callRetry: FAST_CALL_RETRY
  });
  expect(session.authKind).toBe('jwt');
  setFaults(org, { sessionExpiresAfterCalls: 1 });
  await session.connection.request(dataPath(session, 'limits'));
  await session.connection.request(dataPath(session, 'limits'));
  expect(session.accounting.snapshot().sessionRenewals).toBeGreaterThanOrEqual(1);
});

test('JWT bearer with a key file that is missing or not a key says so', async () => {
  const base = { instanceUrl: org.url, apiVersion: API_VERSION, callRetry: FAST_CALL_RETRY };
  const missing = join(dir, 'nope.key');
  await expect(
    connect({ ...base, auth: { kind: 'jwt', clientId: 'c', username: org.username, keyFile: missing } })
  ).rejects.toThrow(`SF_JWT_KEY_FILE (${missing}) cannot be read: ENOENT`);
  const notKey = join(dir, 'not.key');
  writeFileSync(notKey, 'hello');
  await expect(
    connect({ ...base, auth: { kind: 'jwt', clientId: 'c', username: org.username, keyFile: notKey } })
  ).rejects.toThrow(/is not a usable RSA private key/);
});

test('an access-token session that expires mid-run stops with the access-token advice', async () => {
  // the local org's static token never expires, so get an issued token and use it as SF_ACCESS_TOKEN
  const issued = await connect(refreshTokenSettings(org));
  const token = issued.connection.accessToken as string;
  const session = await connect(
    accessTokenSettings(org, { auth: { kind: 'accessToken', accessToken: new Secret(token) } })
  );
  setFaults(org, { sessionExpiresAfterCalls: 0 });
  await expect(session.connection.request(dataPath(session, 'limits'))).rejects.toThrow(SessionExpiredError);
  await expect(session.connection.request(dataPath(session, 'limits'))).rejects.toThrow(/^SF_ACCESS_TOKEN expired/);
});
