// SF_TARGET_ORG: an org the real sf CLI has authorised, used through @salesforce/core. The
// CLI and the adapter run in child processes with a HOME of their own, so the test neither
// reads nor writes the developer's ~/.sf.

import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startOrg, type LocalOrg } from './support.js';

const run = promisify(execFile);
const NODE = resolve('node_modules/.bin/node');
const SF = resolve('node_modules/@salesforce/cli/bin/run.js');

let org: LocalOrg;
let home: string;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${resolve('node_modules/.bin')}:${process.env.PATH ?? ''}`,
    HOME: home,
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    ...extra
  };
}

async function sf(args: string[], extra: Record<string, string> = {}): Promise<void> {
  await run(NODE, [SF, ...args], { env: env(extra), timeout: 120_000 });
}

async function adapter(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    NODE,
    ['--import', resolve('test/salesforce/ts-hooks.mjs'), resolve('test/salesforce/target-org.child.ts'), ...args],
    { env: env(), timeout: 120_000 }
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'cairn-sf-home-'));
  org = await startOrg();
  const [account] = await org.insert('Account', [{ Name: 'Acme', Product_Account_Id__c: 'acme' }]);
  await org.insert('Opportunity', [
    { Name: 'Acme expansion', AccountId: account, StageName: 'Closed Won', CloseDate: '2026-03-01' }
  ]);
}, 60_000);

afterAll(async () => {
  await org.close();
  rmSync(home, { recursive: true, force: true });
});

test('an org authorised with sf org login access-token is read through SF_TARGET_ORG', async () => {
  await sf(['org', 'login', 'access-token', '--instance-url', org.url, '--alias', 'cairn-local', '--no-prompt'], {
    SF_ACCESS_TOKEN: org.accessToken
  });
  const result = await adapter(['cairn-local']);
  expect(result).toEqual({ authKind: 'targetOrg', opportunities: ['Acme expansion'], calls: 2, renewals: 0 });
}, 180_000);

test('an org authorised with sf org login jwt renews its session when it expires', async () => {
  const keyFile = join(home, 'server.key');
  writeFileSync(
    keyFile,
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' })
  );
  await sf([
    'org',
    'login',
    'jwt',
    '--client-id',
    'cairn-connected-app',
    '--jwt-key-file',
    keyFile,
    '--username',
    org.username,
    '--instance-url',
    org.url,
    '--alias',
    'cairn-jwt'
  ]);
  const result = await adapter(['cairn-jwt', '3']);
  expect(result).toMatchObject({ authKind: 'targetOrg', opportunities: ['Acme expansion'] });
  expect(result.renewals).toBeGreaterThanOrEqual(1);
}, 180_000);

test('an alias the sf CLI does not know says how to authorise it', async () => {
  const result = await adapter(['no-such-org']);
  expect(result.error).toBe('SalesforceConnectError');
  expect(result.message).toMatch(
    /^SF_TARGET_ORG "no-such-org" is not an org the sf CLI can use .*sf org login web --alias no-such-org/
  );
}, 180_000);
