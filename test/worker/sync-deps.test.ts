// A sync set up from cairn.json the way the worker sets itself up (syncDepsOf): the
// configured pull sources run first and what they bring is what the run scores.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSync } from '../../worker/sync/run.js';
import { loadWorkerConfig } from '../../worker/config/worker.js';
import { syncDepsOf, syncFailure } from '../../worker/sync/setup.js';
import { startHarness, type Harness } from '../sync/harness.js';
import { readOpportunity, seedOpportunity } from '../sync/org-records.js';

const NOW = '2026-05-01T09:00:00Z';

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await startHarness(NOW);
  dir = await mkdtemp(join(tmpdir(), 'cairn-sync-deps-'));
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('pulls the configured file source at the start of the run, and scores what it brought', async () => {
  const id = seedOpportunity(h.org, {
    name: 'Pulled',
    productAccountId: 'acct-pulled',
    closeDate: '2026-04-28',
    fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10, Kickoff_Date__c: '2026-04-29' }
  });
  const events = join(dir, 'usage.jsonl');
  await writeFile(
    events,
    [
      '{"accountId":"acct-pulled","userId":"u1","name":"report_created","timestamp":"2026-04-30T10:00:00Z","messageId":"p1"}',
      '{"accountId":"acct-pulled","userId":"u2","name":"login"}'
    ].join('\n')
  );
  const configFile = join(dir, 'cairn.json');
  await writeFile(configFile, JSON.stringify({ sources: [{ type: 'file', name: 'exports', path: events }] }));
  const config = loadWorkerConfig({
    file: configFile,
    env: { SF_INSTANCE_URL: h.org.url, SF_ACCESS_TOKEN: h.org.accessToken, CAIRN_NOW: NOW }
  });

  const result = await runSync(await syncDepsOf(config, h.store, h.connector));

  expect(result.usage).toEqual([
    {
      source: 'exports',
      inserted: 1,
      duplicates: 0,
      rejected: 1,
      firstRejections: [expect.stringMatching(/^line 2: /)]
    }
  ]);
  // u1's report on 2026-04-30 reaches the first-value milestone: onboarded 2 days after the
  // 04-28 close. Health: 1 of 10 seats = 10% → 0 (w30); 1 user now, none before → 100 (w20);
  // last activity 1 day ago → 100 (w15); nothing due yet. (0 + 2000 + 1500) / 65 = 53.8 → 54,
  // D: onboarded with a D grade is At Risk.
  expect((await readOpportunity(h.conn, id)).fields).toMatchObject({
    Onboarded__c: true,
    Onboarded_Date__c: '2026-04-30',
    Days_To_First_Value__c: 2,
    Active_Users_30d__c: 1,
    Last_Product_Activity__c: '2026-04-30T10:00:00Z',
    Post_Sale_Status__c: 'At Risk'
  });
});

it('refuses an invalid features file (CAIRN_FEATURES) before the run, naming the file, the entry and the key', async () => {
  const features = join(dir, 'features.json');
  await writeFile(
    features,
    JSON.stringify([
      { key: 'reports', name: 'Custom Reports', event: 'report_created', releasedOn: '2023-01-16', threshold: 0 }
    ])
  );
  const config = loadWorkerConfig({
    file: join(dir, 'cairn.json'), // the first test's
    env: { SF_INSTANCE_URL: h.org.url, SF_ACCESS_TOKEN: h.org.accessToken, CAIRN_NOW: NOW }
  });
  const before = process.env.CAIRN_FEATURES;
  process.env.CAIRN_FEATURES = features;
  try {
    const failure = syncFailure(await syncDepsOf(config, h.store, h.connector).catch((error: unknown) => error));
    expect(failure).toEqual({
      reason: 'invalid-config',
      message: `The features file is not valid:\n  - ${features}: entry 1 (key "reports"), threshold: expected a whole number of events of at least 1`,
      problems: [`${features}: entry 1 (key "reports"), threshold: expected a whole number of events of at least 1`],
      exitCode: 1
    });
  } finally {
    if (before === undefined) delete process.env.CAIRN_FEATURES;
    else process.env.CAIRN_FEATURES = before;
  }
});
