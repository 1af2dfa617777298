// When a targeted run (DESIGN §10) does not run, and what it leaves: nothing dirty means no
// call at all; a held sync lock (a full run going) means skip quietly; an org with under 20%
// of its daily calls left means skip, the accounts staying dirty for the next full run.

import { runSync } from '../../worker/sync/run.js';
import { runTargeted } from '../../worker/sync/targeted.js';
import { startHarness, type Harness } from './harness.js';
import { event, seedOpportunity } from './org-records.js';

const NOW = '2026-05-01T09:00:00Z';
let h: Harness;

beforeAll(async () => {
  h = await startHarness(NOW);
  seedOpportunity(h.org, {
    name: 'Acme',
    productAccountId: 'acme',
    closeDate: '2026-04-28',
    fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10 }
  });
  const full = await runSync(h.deps);
  expect(full.status).toBe('succeeded');
}, 60_000);

afterAll(() => h?.close());

test('with nothing dirty it makes no call and records no run', async () => {
  const calls = h.org.stats().apiCalls.total;
  const runs = (await h.store.listRuns()).length;
  expect(await runTargeted(h.deps)).toEqual({
    ran: false,
    reason: 'nothing-dirty',
    message: 'no account has new events'
  });
  expect(h.org.stats().apiCalls.total).toBe(calls);
  expect(await h.store.listRuns()).toHaveLength(runs);
});

test('while another run holds the sync lock it skips quietly, and the account stays dirty', async () => {
  await h.store.insertEvents([event('acme', 'u1', 'report_created', '2026-05-01T08:00:00Z')]);
  const calls = h.org.stats().apiCalls.total;
  const outcome = await h.store.withSyncLock(() => runTargeted(h.deps));
  expect(outcome).toEqual({ ran: false, reason: 'run-going', message: 'another run holds the sync lock' });
  expect(h.org.stats().apiCalls.total).toBe(calls);
  expect((await h.store.dirtyAccounts()).map((m) => m.accountId)).toEqual(['acme']);
});

test('with under 20% of the daily calls left it skips without a call, leaving the account to the full run', async () => {
  // the org has made `used` calls (14 here); a daily limit of used + 2 leaves 1 after the next call
  const used = h.org.stats().apiCalls.total;
  const limit = used + 2;
  h.org.setFaults({ dailyLimit: limit });
  // one call to learn the org's usage, as the worker's session has from its last response
  await h.connector.session();
  const calls = h.org.stats().apiCalls.total;
  const outcome = await runTargeted(h.deps);
  expect(outcome).toMatchObject({ ran: false, reason: 'api-budget-low' });
  expect(!outcome.ran && outcome.message).toBe(
    `the org has 1 of its ${limit} daily API calls left (${((1 / limit) * 100).toFixed(1)}%, under ` +
      'fastSync.minApiLeftPercent 20%): the 1 dirty accounts wait for the next full run'
  );
  expect(h.org.stats().apiCalls.total).toBe(calls);
  expect((await h.store.dirtyAccounts()).map((m) => m.accountId)).toEqual(['acme']);
  h.org.setFaults({});
});
