// The real sf CLI against the local org: it logs in with an access token (reading
// userinfo, the User record, the API versions and the Organization), queries (asking for
// the query's columns first), and upserts a CSV through Bulk API 2.0.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnvironment, sf } from '../plugin/cli.js';
import type { LocalOrg } from './index.js';
import { NOW, startTestOrg } from './testing.js';

const TIMEOUT = 240_000;

let org: LocalOrg;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  org = await startTestOrg();
  env = cliEnvironment(NOW);
});
afterAll(() => org.close());

interface Envelope<T> {
  status: number;
  result: T;
}
const json = <T>(stdout: string): Envelope<T> => JSON.parse(stdout) as Envelope<T>;

test(
  'sf org login access-token, sf data query and sf data upsert bulk work against it',
  async () => {
    const login = await sf(
      ['org', 'login', 'access-token', '--instance-url', org.url, '--no-prompt', '--alias', 'local', '--json'],
      {
        ...env,
        SF_ACCESS_TOKEN: org.accessToken
      }
    );
    expect(login.code).toBe(0);
    expect(json<{ username: string; orgId: string }>(login.stdout).result).toMatchObject({
      username: 'admin@cairn.local',
      orgId: org.orgId
    });

    org.insert('Account', [{ Name: 'Acme', Product_Account_Id__c: 'acme' }]);
    const query = await sf(
      [
        'data',
        'query',
        '--query',
        "SELECT Name, Product_Account_Id__c FROM Account WHERE Name LIKE 'A%'",
        '--target-org',
        'local',
        '--json'
      ],
      env
    );
    expect(query.code).toBe(0);
    expect(json<{ totalSize: number; records: unknown[] }>(query.stdout).result).toMatchObject({
      totalSize: 1,
      records: [expect.objectContaining({ Name: 'Acme', Product_Account_Id__c: 'acme' })]
    });

    const file = join(String(env.HOME), 'accounts.csv');
    writeFileSync(file, 'Product_Account_Id__c,Name\nacme,Acme Corporation\nglobex,Globex\n');
    const upsert = await sf(
      [
        'data',
        'upsert',
        'bulk',
        '--sobject',
        'Account',
        '--file',
        file,
        '--external-id',
        'Product_Account_Id__c',
        '--wait',
        '1',
        '--target-org',
        'local',
        '--json'
      ],
      env
    );
    expect(upsert.code).toBe(0);
    const result = json<{ jobInfo: { state: string; numberRecordsProcessed: number; numberRecordsFailed: number } }>(
      upsert.stdout
    ).result;
    expect(result.jobInfo).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 0 });

    const after = await sf(
      ['data', 'query', '--query', 'SELECT Name FROM Account ORDER BY Name', '--target-org', 'local', '--json'],
      env
    );
    expect(json<{ records: { Name: string }[] }>(after.stdout).result.records.map((r) => r.Name)).toEqual([
      'Acme Corporation',
      'Globex'
    ]);
  },
  TIMEOUT
);
