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

/** Runs target-org.child.ts with the test's HOME; one result per alias. */
async function adapter(args: string[]): Promise<Record<string, unknown>[]> {
  const { stdout } = await run(
    NODE,
    ['--import', resolve('test/salesforce/ts-hooks.mjs'), resolve('test/salesforce/target-org.child.ts'), ...args],
    { env: env(), timeout: 120_000 }
  );
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
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

test('an org authorised with sf org login access-token is read through SF_TARGET_ORG; an unknown alias says how to authorise it', async () => {
  await sf(['org', 'login', 'access-token', '--instance-url', org.url, '--alias', 'cairn-local', '--no-prompt'], {
    SF_ACCESS_TOKEN: org.accessToken
  });
  const [known, unknown] = await adapter(['cairn-local', 'no-such-org']);
  // 2 calls: connect's limits read and the scope query
  expect(known).toEqual({ authKind: 'targetOrg', opportunities: ['Acme expansion'], calls: 2, renewals: 0 });
  expect(unknown?.error).toBe('SalesforceConnectError');
  expect(unknown?.message).toMatch(
    /^SF_TARGET_ORG "no-such-org" is not an org the sf CLI can use .*sf org login web --alias no-such-org/
  );
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
  // sessions end after 3 calls; @salesforce/core renews them with a new JWT bearer token
  const [result] = await adapter(['--expire-after', '3', 'cairn-jwt']);
  expect(result).toMatchObject({ authKind: 'targetOrg', opportunities: ['Acme expansion'] });
  expect(result?.renewals).toBeGreaterThanOrEqual(1);
}, 180_000);
