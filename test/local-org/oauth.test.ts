// OAuth 2.0 endpoints as Salesforce answers them ("OAuth 2.0 Username-Password Flow",
// "OAuth 2.0 Refresh Token Flow", "OAuth 2.0 Client Credentials Flow", "OAuth 2.0 JWT
// Bearer Flow", "UserInfo Endpoint" in Salesforce Help): access_token, instance_url, id,
// token_type, issued_at, signature; errors {"error", "error_description"}.

import { Connection } from 'jsforce';
import type { LocalOrg } from './index.js';
import { call, startTestOrg, VERSION } from './testing.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());

const token = async (params: Record<string, string>) => {
  const res = await fetch(`${org.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'any-client', ...params })
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
};

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

test('password grant: admin@cairn.local with LOCAL_ORG_PASSWORD (default cairn)', async () => {
  const ok = await token({
    grant_type: 'password',
    username: 'admin@cairn.local',
    password: 'cairn',
    client_secret: 'x'
  });
  expect(ok.status).toBe(200);
  expect(ok.body).toEqual({
    access_token: expect.stringMatching(/^00DLc0000000001!/),
    instance_url: org.url,
    id: `${org.url}/id/${org.orgId}/${org.userId}`,
    token_type: 'Bearer',
    issued_at: String(Date.parse('2026-05-01T12:00:00Z')),
    signature: expect.any(String),
    scope: 'api refresh_token'
  });
  const wrong = await token({ grant_type: 'password', username: 'admin@cairn.local', password: 'guess' });
  expect(wrong).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'authentication failure' } });
});

test('refresh_token, client_credentials and JWT bearer grants', async () => {
  expect((await token({ grant_type: 'refresh_token', refresh_token: org.refreshToken })).status).toBe(200);
  expect(await token({ grant_type: 'refresh_token', refresh_token: 'stale' })).toEqual({
    status: 400,
    body: { error: 'invalid_grant', error_description: 'expired access/refresh token' }
  });
  expect((await token({ grant_type: 'client_credentials', client_secret: 'x' })).status).toBe(200);
  const assertion = `${base64url({ alg: 'RS256' })}.${base64url({ iss: 'any-client', sub: 'admin@cairn.local', aud: org.url, exp: 1 })}.signature`;
  const jwt = await token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
  expect(jwt.body).toMatchObject({ access_token: expect.any(String), instance_url: org.url });
  const stranger = `${base64url({ alg: 'RS256' })}.${base64url({ sub: 'nobody@example.com' })}.x`;
  expect(
    (await token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: stranger })).body.error
  ).toBe('invalid_grant');
  expect(await token({ grant_type: 'authorization_code', code: 'x' })).toEqual({
    status: 400,
    body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' }
  });
});

test('userinfo and the identity URL describe the running user', async () => {
  const info = await call(org, 'GET', '/services/oauth2/userinfo');
  expect(info.body).toMatchObject({
    user_id: org.userId,
    organization_id: org.orgId,
    preferred_username: 'admin@cairn.local',
    name: 'Cairn Admin',
    urls: expect.objectContaining({ rest: `${org.url}/services/data/v{version}/` })
  });
  const identity = await call(org, 'GET', `/id/${org.orgId}/${org.userId}`);
  expect(identity.body).toMatchObject({
    user_id: org.userId,
    organization_id: org.orgId,
    username: 'admin@cairn.local'
  });
});

test('jsforce logs in with the username-password flow and queries', async () => {
  const conn = new Connection({
    oauth2: { clientId: 'cairn', clientSecret: 'unused', loginUrl: org.url },
    version: VERSION
  });
  const user = await conn.login('admin@cairn.local', 'cairn');
  expect(user).toMatchObject({ id: org.userId, organizationId: org.orgId });
  expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
});

test('the versions list needs no token', async () => {
  const versions = await call(org, 'GET', '/services/data', { token: null });
  expect(versions.body).toEqual(
    expect.arrayContaining([{ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' }])
  );
  const unknown = await call(org, 'GET', '/services/data/v99.0/limits');
  expect(unknown.status).toBe(404);
});
