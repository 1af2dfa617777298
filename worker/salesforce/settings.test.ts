import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { jwtAudience, salesforceSettings, salesforceWriteOptions } from './settings.js';

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-settings-'));
  file = join(dir, 'cairn.json');
  writeFileSync(file, JSON.stringify({ salesforce: { apiBudgetPercent: 5, bulkThreshold: 500, writeConcurrency: 2 } }));
  writeFileSync(join(dir, 'server.key'), 'not read here');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('each auth mode of the environment becomes adapter settings; secrets stay wrapped', () => {
  const env = { SF_INSTANCE_URL: 'https://acme.my.salesforce.com/', SF_ACCESS_TOKEN: '00Dxx!secret-token' };
  const settings = salesforceSettings(loadConfig({ file, env }));
  expect(settings).toMatchObject({
    instanceUrl: 'https://acme.my.salesforce.com',
    apiVersion: '62.0',
    apiBudgetPercent: 5,
    auth: { kind: 'accessToken' }
  });
  expect(settings.auth.kind === 'accessToken' && settings.auth.accessToken.reveal()).toBe('00Dxx!secret-token');
  expect(JSON.stringify(settings)).not.toContain('secret-token');

  const refresh = salesforceSettings(
    loadConfig({
      file,
      env: {
        SF_INSTANCE_URL: 'https://acme.my.salesforce.com',
        SF_CLIENT_ID: 'id',
        SF_CLIENT_SECRET: 's',
        SF_REFRESH_TOKEN: 'r'
      }
    })
  );
  expect(
    refresh.auth.kind === 'refreshToken' && [refresh.auth.clientSecret.reveal(), refresh.auth.refreshToken.reveal()]
  ).toEqual(['s', 'r']);

  const keyFile = join(dir, 'server.key');
  const jwt = salesforceSettings(
    loadConfig({
      file,
      env: {
        SF_INSTANCE_URL: 'https://acme.my.salesforce.com',
        SF_CLIENT_ID: 'id',
        SF_USERNAME: 'u@acme',
        SF_JWT_KEY_FILE: keyFile
      }
    })
  );
  expect(jwt.auth).toEqual({ kind: 'jwt', clientId: 'id', username: 'u@acme', keyFile });

  const targetOrg = salesforceSettings(loadConfig({ file, env: { SF_TARGET_ORG: 'prod', SF_API_VERSION: '63.0' } }));
  expect(targetOrg).toMatchObject({
    instanceUrl: null,
    apiVersion: '63.0',
    auth: { kind: 'targetOrg', alias: 'prod' }
  });
});

test('no auth variables: a sync cannot start, and the error lists the ways to sign in', () => {
  expect(() => salesforceSettings(loadConfig({ file, env: {} }))).toThrow(
    /No Salesforce auth is configured: set SF_INSTANCE_URL and SF_ACCESS_TOKEN; .*SF_TARGET_ORG/
  );
});

test('write options come from the salesforce section', () => {
  const options = salesforceWriteOptions(loadConfig({ file, env: {} }));
  expect(options).toMatchObject({ bulkThreshold: 500, concurrency: 2, rowRetry: { maxAttempts: 4 } });
});

test('the JWT audience is Salesforce login for its hosts, else the org itself', () => {
  expect(jwtAudience('https://acme.my.salesforce.com', null)).toBe('https://login.salesforce.com');
  expect(jwtAudience('https://acme--uat.sandbox.my.salesforce.com', null)).toBe('https://test.salesforce.com');
  expect(jwtAudience('http://127.0.0.1:4321', undefined)).toBe('http://127.0.0.1:4321');
  expect(jwtAudience('https://acme.my.salesforce.com', 'https://login.example.com/')).toBe('https://login.example.com');
});
