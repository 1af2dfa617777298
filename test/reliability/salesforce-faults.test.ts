// Salesforce's real failure modes during a whole sync (runSync against the local org):
// row locks, 503s, sessions that expire mid-run, Bulk API 2.0 jobs with failed rows, and
// the daily API limit. Each run must end with the org holding exactly what a clean run of
// the same book writes, and the run history must count the retries the wire shows.
//
// The book: 40 opportunities (reliability/helpers/book.ts), which a clean run turns into
// about 500 writes: 10 single-call deals × (1 stage + 5 milestones + 4 QBRs), 10 projects
// × (5 stages + milestones + QBRs), and so on, plus 40 Opportunity updates and their first
// health changes.

import type { SyncResult } from '../../worker/sync/result.js';
import { created, recordsWritten, startFaultRun, type FaultRun } from './helpers/fault-run.js';
import type { OrgSnapshot } from './helpers/org-snapshot.js';
import {
  bulkJobsCreated,
  expiredSessionAnswers,
  grantedTokens,
  refusedRows,
  unavailableAnswers,
  unavailableInserts,
  unprocessedRows
} from './helpers/wiretap.js';

const COUNT = 40;

let clean: { result: SyncResult; snapshot: OrgSnapshot };

beforeAll(async () => {
  const run = await startFaultRun({ count: COUNT });
  try {
    const result = await run.sync();
    clean = { result, snapshot: await run.snapshot() };
  } finally {
    await run.close();
  }
}, 120_000);

/**
 * The org after a run with 503s holds what the clean run wrote, except the Tasks of insert
 * calls answered 503: Salesforce may answer so after committing, so the run never sends them
 * again and counts them not attempted. The next run reads the org's Tasks first and creates
 * those, and nothing twice.
 */
async function expectCleanRunRecords(run: FaultRun, result: SyncResult): Promise<void> {
  const after = await run.snapshot();
  const kept = Object.fromEntries(
    Object.entries(clean.snapshot.children.Task ?? {}).filter(([key]) => key in (after.children.Task ?? {}))
  );
  expect((clean.snapshot.counts.Task ?? 0) - Object.keys(kept).length).toBe(result.notAttempted);
  expect(after).toEqual({
    ...clean.snapshot,
    children: { ...clean.snapshot.children, Task: kept },
    counts: { ...clean.snapshot.counts, Task: Object.keys(kept).length }
  });
  if (result.notAttempted === 0) return;
  const next = await run.sync();
  expect(next.writes.Task).toEqual({ created: result.notAttempted, updated: 0 });
  expect(await run.snapshot()).toEqual(clean.snapshot);
}

describe('a clean run of the book (what every faulty run must end with)', () => {
  it('succeeds, writes every record once, and needs no retry', () => {
    expect(clean.result.status).toBe('succeeded');
    expect(clean.result.failedRows).toEqual([]);
    expect(clean.result.retries).toEqual({ rows: 0, calls: 0, sessionRenewals: 0 });
    // every one of the 40 opportunities is updated, and each gets its first health change
    expect(clean.result.writes.Opportunity).toEqual({ created: 0, updated: COUNT });
    expect(clean.result.writes.Health_Change__c).toEqual({ created: COUNT, updated: 0 });
    expect(clean.snapshot.counts.Health_Change__c).toBe(COUNT);
    // the single-call playbook gives the 10 fresh, 10 no-usage and 10 renewal deals 1 stage each,
    // the multi-phase one the 10 projects 5 each: 30 + 50 = 80 stages
    expect(clean.snapshot.counts.Implementation_Stage__c).toBe(80);
  });
});

describe('under faults, a whole sync still ends with every record correct', () => {
  let run: FaultRun | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('10% of rows failing with UNABLE_TO_LOCK_ROW: each locked row is sent again until written, and counted', async () => {
    run = await startFaultRun({ count: COUNT });
    const result = await run.sync({ lockRowRate: 0.1, seed: 11 });

    expect({ status: result.status, error: result.error }).toEqual({ status: 'succeeded', error: undefined });
    expect(result.failedRows).toEqual([]);
    expect(await run.snapshot()).toEqual(clean.snapshot);
    const locked = refusedRows(run.tap.exchanges, 'UNABLE_TO_LOCK_ROW');
    console.log(
      `10% row locks: ${locked} rows refused with UNABLE_TO_LOCK_ROW on the wire, ${result.retries.rows} row retries in the run history`
    );
    // about 10% of ~500 rows, plus the retries that were locked again
    expect(locked).toBeGreaterThan(10);
    expect(result.retries.rows).toBe(locked);
    expect((await run.history(result)).summary).toMatchObject({ status: 'succeeded', retries: { rows: locked } });
  }, 60_000);

  it('5% of calls answered 503: each is sent again with backoff, and counted', async () => {
    run = await startFaultRun({ count: COUNT });
    // The faults are seeded: with seed 66 the 2nd call (the scope query) is answered 503,
    // and so are a few of the writes.
    const result = await run.sync({ http503Rate: 0.05, seed: 66 });
    // counted before expectCleanRunRecords adds the next run's calls to the wire
    const unavailable = unavailableAnswers(run.tap.exchanges);
    const retried = unavailable - unavailableInserts(run.tap.exchanges);

    expect({ status: result.status, error: result.error }).toEqual({ status: 'succeeded', error: undefined });
    expect(result.failedRows).toEqual([]);
    await expectCleanRunRecords(run, result);
    console.log(
      `5% 503s: ${unavailable} calls answered 503 on the wire, ${result.retries.calls} call retries in the run history`
    );
    expect(unavailable).toBeGreaterThan(0);
    expect(result.retries.calls).toBe(retried);
    // Salesforce counts a retried call twice, and so does the run: clean calls + one per retried 503
    expect(result.apiCalls).toBe(clean.result.apiCalls + retried);
    expect((await run.history(result)).summary).toMatchObject({
      retries: { calls: unavailable },
      apiCalls: result.apiCalls
    });
  }, 60_000);

  it('the session expiring every 4 calls: a refresh-token session is renewed each time and the run goes on', async () => {
    // The "every 500 calls" scaled to this book: a clean run makes about 15 calls,
    // so the session ends three or more times in one run, in the reads and in the writes.
    run = await startFaultRun({ count: COUNT, auth: 'refresh' });
    const result = await run.sync({ sessionExpiresAfterCalls: 4 });

    expect({ status: result.status, error: result.error }).toEqual({ status: 'succeeded', error: undefined });
    expect(result.failedRows).toEqual([]);
    expect(await run.snapshot()).toEqual(clean.snapshot);
    const renewals = grantedTokens(run.tap.exchanges) - 1; // the first token is the sign-in
    console.log(
      `session expiry: ${renewals} sessions renewed on the wire, ${result.retries.sessionRenewals} in the run history, over ${result.apiCalls} calls`
    );
    expect(renewals).toBeGreaterThanOrEqual(3);
    expect(result.retries.sessionRenewals).toBe(renewals);
    expect(expiredSessionAnswers(run.tap.exchanges)).toBeGreaterThanOrEqual(renewals);
    expect((await run.history(result)).summary).toMatchObject({ retries: { sessionRenewals: renewals } });
  }, 60_000);

  it('Bulk API 2.0 jobs with failed and unprocessed rows: both are read back from the job and sent again', async () => {
    // Every object with 20 rows or more goes through Bulk API 2.0; each job stops after 50
    // rows (the rest unprocessed), and 10% of the rows it does process hit a lock.
    run = await startFaultRun({ count: COUNT, writeOptions: { bulkThreshold: 20 } });
    const result = await run.sync({ lockRowRate: 0.1, bulkJobFailsAfterRows: 50, seed: 23 });

    expect({ status: result.status, error: result.error }).toEqual({ status: 'succeeded', error: undefined });
    expect(result.failedRows).toEqual([]);
    expect(await run.snapshot()).toEqual(clean.snapshot);
    expect(bulkJobsCreated(run.tap.exchanges)).toBeGreaterThan(0);
    expect(result.apiCallsByKind.bulk2).toBeGreaterThan(0);
    const locked = refusedRows(run.tap.exchanges, 'UNABLE_TO_LOCK_ROW');
    const unprocessed = unprocessedRows(run.tap.exchanges);
    console.log(
      `bulk jobs: ${bulkJobsCreated(run.tap.exchanges)} jobs, ${locked} rows locked and ${unprocessed} left unprocessed on the wire, ${result.retries.rows} row retries in the run history`
    );
    expect(locked).toBeGreaterThan(10);
    // the 200 milestones alone leave 150 unprocessed after their first job
    expect(unprocessed).toBeGreaterThanOrEqual(150);
    expect(result.retries.rows).toBe(locked + unprocessed);
  }, 60_000);

  it('all of these at once', async () => {
    // Sessions last 12 calls here, three times the writer's concurrency: a call re-sent on a
    // renewed session must not find that session used up by the calls beside it, which
    // the worker would take for credentials refused right after renewal.
    run = await startFaultRun({ count: COUNT, auth: 'refresh', writeOptions: { bulkThreshold: 20 } });
    const result = await run.sync({ lockRowRate: 0.1, http503Rate: 0.05, sessionExpiresAfterCalls: 12, seed: 66 });
    // counted before expectCleanRunRecords adds the next run's calls to the wire
    const onTheWire = {
      rows: refusedRows(run.tap.exchanges, 'UNABLE_TO_LOCK_ROW'),
      calls: unavailableAnswers(run.tap.exchanges) - unavailableInserts(run.tap.exchanges),
      sessionRenewals: grantedTokens(run.tap.exchanges) - 1
    };

    expect({ status: result.status, error: result.error }).toEqual({ status: 'succeeded', error: undefined });
    await expectCleanRunRecords(run, result);
    console.log(`all faults at once: retries in the run history ${JSON.stringify(result.retries)}`);
    expect(result.retries).toEqual(onTheWire);
    expect(Math.min(result.retries.rows, result.retries.calls, result.retries.sessionRenewals)).toBeGreaterThan(0);
  }, 60_000);
});

describe('the daily API limit reached mid-run', () => {
  let run: FaultRun;
  let stopped: SyncResult;
  beforeAll(async () => {
    run = await startFaultRun({ count: COUNT });
    // Other integrations use up the org's day while the run is going: when the first write
    // phase starts, the org has 2 calls left; the third write call is refused with
    // REQUEST_LIMIT_EXCEEDED. (The run's own budget, 10% of what was left at its start,
    // never lets one run reach the limit alone.)
    const org = run.h.org;
    let limited = false;
    stopped = await run.sync(
      {},
      {
        onProgress: (line) => {
          if (!limited && line.startsWith('Writing ')) {
            limited = true;
            org.setFaults({ dailyLimit: org.stats().apiCalls.total + 2 });
          }
        }
      }
    );
  }, 60_000);
  afterAll(() => run?.close());

  it('stops the run cleanly and says why', () => {
    console.log(
      `daily limit: the run stopped after writing ${recordsWritten(stopped)} records, ${stopped.notAttempted} not attempted: ${stopped.error ?? ''}`
    );
    expect(stopped.status).toBe('failed');
    expect(stopped.error).toContain('REQUEST_LIMIT_EXCEEDED');
    expect(stopped.error).toContain('daily API request limit');
    // the two write calls that got through are kept; the rest was never sent
    expect(recordsWritten(stopped)).toBeGreaterThan(0);
    expect(recordsWritten(stopped)).toBeLessThan(recordsWritten(clean.result));
    expect(stopped.notAttempted).toBeGreaterThan(0);
  });

  it('is recorded in the run history with the reason and what was written', async () => {
    const history = await run.history(stopped);
    expect(history.status).toBe('failed');
    expect(history.finishedAt).not.toBeNull();
    expect(history.summary).toMatchObject({
      error: stopped.error,
      writes: stopped.writes,
      notAttempted: stopped.notAttempted
    });
  });

  it('the next run, with the limit cleared, finishes the rest without duplicating anything', async () => {
    const next = await run.sync();
    expect({ status: next.status, error: next.error }).toEqual({ status: 'succeeded', error: undefined });
    expect(next.failedRows).toEqual([]);
    const snapshot = await run.snapshot();
    expect(snapshot.counts).toEqual(clean.snapshot.counts);
    expect(snapshot).toEqual(clean.snapshot);
    // each child record was created exactly once over the two runs
    const createdByBoth = Object.fromEntries(
      Object.keys(clean.result.writes).map((object) => [
        object,
        (created(stopped)[object] ?? 0) + (created(next)[object] ?? 0)
      ])
    );
    expect(createdByBoth).toEqual(created(clean.result));
  });
});
