// End to end: `sf cairn features adoption` through the real sf CLI login and the plugin as a
// child process, against its own local org, a features file (CAIRN_FEATURES) and a worker
// store (CAIRN_STORE) holding the usage; then a sync writes Features_Adopted__c by the same rule.
// now = 2026-05-01T12:00:00Z, so today is 2026-05-01.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UsageEvent } from '../../worker/core/types.js';
import { openStore } from '../../worker/store/store.js';
import { startLocalOrg, type LocalOrg } from '../local-org/index.js';
import { assertBuilt, cairn, cliEnvironment, expectJsonSuccess, loginWithAccessToken, parseEnvelope } from './cli.js';

const SLOW = 120_000;
const NOW = '2026-05-01T12:00:00Z';

const FEATURES = [
  // released long before every close: available from each close date
  { key: 'reports', name: 'Custom Reports', event: 'report_created', releasedOn: '2023-01-16', threshold: 3 },
  { key: 'dashboards', name: 'Shared Dashboards', event: 'dashboard_shared', releasedOn: '2026-04-01' },
  { key: 'exports', name: 'Data Exports', event: 'export_run', releasedOn: '2026-06-01' } // not released yet
];

let org: LocalOrg;
let env: NodeJS.ProcessEnv;
let dir: string;
const opp: Record<'acme' | 'globex' | 'initech', string> = { acme: '', globex: '', initech: '' };

let sequence = 0;
const ev = (accountId: string, name: string, timestamp: string): UsageEvent => ({
  accountId,
  userId: `${accountId}-user`,
  name,
  timestamp: new Date(timestamp).toISOString(),
  messageId: `m-${++sequence}`,
  properties: null
});

beforeAll(async () => {
  assertBuilt();
  org = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true });
  const [acme, globex, initech, hooli, soylent] = org.insert('Account', [
    { Name: 'Acme Corp', Product_Account_Id__c: 'acme' },
    { Name: 'Globex', Product_Account_Id__c: 'globex' },
    { Name: 'Initech', Product_Account_Id__c: 'initech' },
    { Name: 'Hooli' }, // no usage linked: left out
    { Name: 'Soylent', Product_Account_Id__c: 'soylent' }
  ]);
  const won = 'Closed Won';
  [opp.acme, opp.globex, opp.initech] = org.insert('Opportunity', [
    { Name: 'Acme Platform', AccountId: acme, StageName: won, CloseDate: '2026-01-15' },
    // closed after the dashboards' release: available to it from its close, 2026-04-10
    { Name: 'Globex Analytics', AccountId: globex, StageName: won, CloseDate: '2026-04-10' },
    { Name: 'Initech Rollout', AccountId: initech, StageName: won, CloseDate: '2025-03-01' },
    { Name: 'Hooli Deal', AccountId: hooli, StageName: won, CloseDate: '2026-02-01' },
    { Name: 'Soylent Pilot', AccountId: soylent, StageName: 'Closed Lost', CloseDate: '2026-02-01' } // not won: out of scope
  ]) as [string, string, string];

  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-adoption-'));
  const store = await openStore(path.join(dir, 'store'));
  await store.insertEvents([
    // acme: the third report adopts Custom Reports; a dashboard shared at the very start of its release day
    ev('acme', 'report_created', '2026-02-01T09:00:00Z'),
    ev('acme', 'report_created', '2026-02-02T09:00:00Z'),
    ev('acme', 'report_created', '2026-02-03T09:00:00Z'),
    ev('acme', 'dashboard_shared', '2026-04-01T00:00:00Z'),
    // globex: a report before its close does not count, so two of three; a dashboard the day before its close
    ev('globex', 'report_created', '2026-04-05T09:00:00Z'),
    ev('globex', 'report_created', '2026-04-12T09:00:00Z'),
    ev('globex', 'report_created', '2026-04-20T09:00:00Z'),
    ev('globex', 'dashboard_shared', '2026-04-09T23:59:59Z'),
    // initech: only logins
    ev('initech', 'login', '2026-04-30T09:00:00Z')
  ]);
  await store.close();
  fs.writeFileSync(path.join(dir, 'features.json'), JSON.stringify(FEATURES));
  env = {
    ...cliEnvironment(NOW),
    CAIRN_STORE: path.join(dir, 'store'),
    CAIRN_FEATURES: path.join(dir, 'features.json')
  };
  await loginWithAccessToken(env, org.url, org.accessToken, 'local');
}, SLOW);

afterAll(async () => {
  await org?.close();
  for (const d of [env?.HOME, dir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const adoption = async (args: string[], environment = env) =>
  cairn(['features', 'adoption', ...args, '--target-org', 'local', '--json'], environment);

describe('features adoption', () => {
  test(
    'per feature: available, adopted, and who has not adopted it, longest available first',
    async () => {
      const rows = expectJsonSuccess(await adoption([]), 'cairn-features-adoption');
      expect(rows).toEqual([
        {
          key: 'reports',
          name: 'Custom Reports',
          releasedOn: '2023-01-16',
          available: 3,
          adopted: 1, // acme, at its third report (threshold 3)
          notAdopted: [
            { opportunityId: opp.initech, opportunityName: 'Initech Rollout', daysAvailable: 426 }, // 2025-03-01 → 2026-05-01: 365 + 31 + 30
            { opportunityId: opp.globex, opportunityName: 'Globex Analytics', daysAvailable: 21 } // 2026-04-10 → 05-01
          ]
        },
        {
          key: 'dashboards',
          name: 'Shared Dashboards',
          releasedOn: '2026-04-01',
          available: 3,
          adopted: 1, // acme, the day it became available
          notAdopted: [
            { opportunityId: opp.initech, opportunityName: 'Initech Rollout', daysAvailable: 30 }, // released 30 days ago
            { opportunityId: opp.globex, opportunityName: 'Globex Analytics', daysAvailable: 21 } // shared before its close
          ]
        },
        { key: 'exports', name: 'Data Exports', releasedOn: '2026-06-01', available: 0, adopted: 0, notAdopted: [] }
      ]);
    },
    SLOW
  );

  test(
    '--feature KEY answers for that feature; an unknown key is a usage error listing the keys',
    async () => {
      const rows = expectJsonSuccess<{ key: string }[]>(
        await adoption(['--feature', 'dashboards']),
        'cairn-features-adoption'
      );
      expect(rows.map((r) => r.key)).toEqual(['dashboards']);

      const run = await adoption(['--feature', 'dashboard']);
      expect(run.code).toBe(2);
      expect(parseEnvelope(run).message).toBe(
        'No feature has the key "dashboard"; the features file has: reports, dashboards, exports.'
      );
    },
    SLOW
  );

  test(
    'an invalid features file is refused, naming the file, the entry and the key',
    async () => {
      const broken = path.join(dir, 'broken.json');
      fs.writeFileSync(broken, JSON.stringify([FEATURES[0], { ...FEATURES[1], threshold: 0, releasedOn: '2026-4-1' }]));
      const run = await adoption([], { ...env, CAIRN_FEATURES: broken });
      expect(run.code).toBe(1);
      const error = parseEnvelope(run);
      expect(error.message).toBe(
        'The features file is invalid:\n' +
          `  - ${broken}: entry 2 (key "dashboards"), releasedOn: expected a date as YYYY-MM-DD\n` +
          `  - ${broken}: entry 2 (key "dashboards"), threshold: expected a whole number of events of at least 1`
      );
      expect(error.actions?.[0]).toContain(`Fix ${broken}`);
    },
    SLOW
  );

  test(
    'without a worker store there is no usage: it says where it looked and how to point at the store',
    async () => {
      const missing = path.join(dir, 'nowhere');
      const run = await adoption([], { ...env, CAIRN_STORE: missing });
      expect(run.code).toBe(1);
      const error = parseEnvelope(run);
      expect(error.message).toBe(`There is no worker store at ${missing}, so there is no usage to measure.`);
      expect(error.actions?.[0]).toContain('set CAIRN_STORE');
      expect(fs.existsSync(missing)).toBe(false); // not created
    },
    SLOW
  );

  test(
    'a sync writes Features_Adopted__c by the same rule',
    async () => {
      const run = await cairn(['sync', '--target-org', 'local', '--json'], env);
      expect(parseEnvelope<{ status: string }>(run).result?.status).toBe('succeeded');
      const soql = 'SELECT Name, Features_Adopted__c FROM Opportunity WHERE IsWon = true ORDER BY Name';
      const response = await fetch(`${org.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
        headers: { Authorization: `Bearer ${org.accessToken}` }
      });
      const { records } = (await response.json()) as {
        records: { Name: string; Features_Adopted__c: string | null }[];
      };
      expect(records.map((r) => [r.Name, r.Features_Adopted__c])).toEqual([
        ['Acme Platform', '2 of 2 features in use'],
        ['Globex Analytics', '0 of 2 features in use (not yet: Custom Reports, Shared Dashboards)'],
        ['Hooli Deal', null], // no usage linked
        ['Initech Rollout', '0 of 2 features in use (not yet: Custom Reports, Shared Dashboards)']
      ]);
    },
    SLOW
  );
});
