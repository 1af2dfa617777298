// A small run of the freshness benchmark (DESIGN §10): 5 accounts streaming for 3 seconds
// with targeted runs every second, and 3 simulated minutes at 300 active accounts. Its
// shape and counts only, never its times.

import { runFreshness, type FreshnessReport } from '../../scripts/bench/freshness.js';

let report: FreshnessReport;

beforeAll(async () => {
  report = await runFreshness({
    latencyAccounts: 5,
    latencyMinutes: 0.05,
    intervalSeconds: 1,
    orgLatencyMs: 0,
    activeAccounts: 300,
    eventsPerAccountHour: 6,
    simulatedMinutes: 3,
    historyEventsPerAccount: 5,
    storeServer: null
  });
}, 600_000);

test('every streamed event reaches the org, through targeted runs', () => {
  const { latency } = report;
  expect(latency).toMatchObject({ accounts: 5, landed: 5, intervalSeconds: 1, streamSeconds: 3 });
  expect(latency.runs.targeted).toBeGreaterThanOrEqual(1);
  expect(latency.runs.full).toBeGreaterThanOrEqual(1); // the one that applied the playbooks
  expect(latency.seconds.p50).toBeLessThanOrEqual(latency.seconds.p95);
  expect(latency.seconds.p95).toBeLessThanOrEqual(latency.seconds.max);
});

test('the simulated minutes count the targeted runs’ calls, with no describe or limits call', () => {
  const { apiCalls } = report;
  expect(apiCalls).toMatchObject({ activeAccounts: 300, simulatedMinutes: 3, targetedRuns: 3 });
  // 300 × 6 events an hour: 30 a minute, on at most 30 accounts
  expect(apiCalls.dirtyAccountsPerRun.max).toBeLessThanOrEqual(30);
  expect(apiCalls.calls.describe).toBe(0);
  expect(apiCalls.calls.limits).toBe(0);
  // each run: one query for at most 200 accounts, with their opportunities, Tasks, cases and contacts
  expect(apiCalls.calls.query).toBe(3);
  expect(apiCalls.callsPerHour).toBe(apiCalls.calls.total * 20);
  expect(apiCalls.callsPerDay).toBe(apiCalls.callsPerHour * 24);
});
