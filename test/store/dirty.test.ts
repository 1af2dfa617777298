// The dirty-account bookkeeping of DESIGN §10, on both backends: events mark their accounts,
// a run clears only the marks it read (events stored during it stay dirty), the marks
// survive a restart, and on PostgreSQL a clear racing an uncommitted event keeps the account,
// and batches sharing accounts (or identified users) stored at once do not deadlock.
import { jest } from '@jest/globals';
import pg from 'pg';
import type { UsageEvent } from '../../worker/ingest/event.js';
import type { Store } from '../../worker/store/store.js';
import { BACKENDS, openTestStore, type TestStore } from './backends.js';

jest.setTimeout(120_000);

let counter = 0;
function event(accountId: string | null, userId = 'u1'): UsageEvent {
  counter += 1;
  return {
    accountId,
    userId,
    name: 'report_created',
    timestamp: '2026-04-20T10:00:00.000Z',
    properties: null,
    messageId: `dirty-${counter}`
  };
}

const accounts = async (store: Store): Promise<string[]> => (await store.dirtyAccounts()).map((m) => m.accountId);

describe.each(BACKENDS)('dirty accounts on %s', (backend) => {
  let test_: TestStore;
  let store: Store;
  beforeEach(async () => {
    test_ = await openTestStore(backend);
    store = test_.store;
  });
  afterEach(() => test_?.dispose());

  test('stored events mark their accounts once each, oldest first, with when the first was stored', async () => {
    await store.insertEvents([event('beta'), event('beta')], new Date('2026-05-01T09:00:05Z'));
    await store.insertEvents([event('alpha')], new Date('2026-05-01T09:00:01Z'));
    await store.insertEvents([event('beta')], new Date('2026-05-01T09:00:09Z'));
    expect(
      (await store.dirtyAccounts()).map(({ accountId, since }) => ({ accountId, since: since.toISOString() }))
    ).toEqual([
      { accountId: 'alpha', since: '2026-05-01T09:00:01.000Z' },
      // the oldest event not yet covered dates the account, not the newest
      { accountId: 'beta', since: '2026-05-01T09:00:05.000Z' }
    ]);
  });

  test('duplicates mark nothing; an event waiting for its account marks it when the group call comes', async () => {
    const first = event('gamma');
    await store.insertEvents([first]);
    await store.clearDirty(await store.dirtyAccounts());
    await store.insertEvents([first]); // the same messageId again
    await store.insertEvents([event(null, 'waiting-user')]);
    expect(await accounts(store)).toEqual([]);
    await store.recordGroups([{ userId: 'waiting-user', accountId: 'delta', at: '2026-04-01T00:00:00Z' }]);
    expect(await accounts(store)).toEqual(['delta']);
  });

  test('a run clears the marks it read; an event stored during the run keeps its account dirty for the next', async () => {
    await store.insertEvents([event('alpha'), event('beta')]);
    const read = await store.dirtyAccounts(); // the run starts
    await store.insertEvents([event('beta')]); // beta gets an event while it runs
    expect(await store.clearDirty(read)).toBe(1); // the run succeeded
    expect(await accounts(store)).toEqual(['beta']);
    // the next run covers beta's new event
    expect(await store.clearDirty(await store.dirtyAccounts())).toBe(1);
    expect(await accounts(store)).toEqual([]);
  });

  test('a failed run clears nothing: its accounts stay dirty, also across a restart', async () => {
    await store.insertEvents([event('alpha'), event('beta')]);
    await store.dirtyAccounts(); // a run read them, then failed: it does not clear
    store = await test_.reopen();
    expect(await accounts(store)).toEqual(['alpha', 'beta']);
  });

  test('a full run clears every account it read, whether a targeted run had them or not', async () => {
    await store.insertEvents([event('alpha'), event('beta'), event('gamma')]);
    const targeted = (await store.dirtyAccounts()).filter((m) => m.accountId === 'alpha');
    const full = await store.dirtyAccounts();
    expect(await store.clearDirty(full)).toBe(3);
    // the targeted run's marks are gone already: clearing them again does nothing
    expect(await store.clearDirty(targeted)).toBe(0);
    expect(await accounts(store)).toEqual([]);
  });

  test('limit reads the oldest dirty accounts first', async () => {
    await store.insertEvents([event('late')], new Date('2026-05-01T10:00:00Z'));
    await store.insertEvents([event('early')], new Date('2026-05-01T08:00:00Z'));
    expect((await store.dirtyAccounts(1)).map((m) => m.accountId)).toEqual(['early']);
  });
});

describe('dirty accounts under concurrency (PostgreSQL)', () => {
  let test_: TestStore;
  beforeAll(async () => {
    test_ = await openTestStore('postgres');
  });
  afterAll(() => test_?.dispose());

  test('batches stored at once that share accounts, in any order, all commit: no deadlock', async () => {
    const { store } = test_;
    const ids = Array.from({ length: 40 }, (_, i) => `shared-${i}`);
    // each batch names the same accounts in its own order (rotated, every other one reversed)
    const batch = (n: number) => {
      const rotated = [...ids.slice(n * 5), ...ids.slice(0, n * 5)];
      return (n % 2 === 0 ? rotated : rotated.reverse()).map((id) => event(id));
    };
    for (let round = 0; round < 5; round++) {
      const stored = await Promise.allSettled(Array.from({ length: 8 }, (_, n) => store.insertEvents(batch(n))));
      expect(
        stored.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))
      ).toEqual([]);
    }
    const marks = await store.dirtyAccounts();
    expect(marks.map((m) => m.accountId).sort()).toEqual([...ids].sort());
    await store.clearDirty(marks);
  });

  test('identify batches naming the same users, in any order, stored at once all commit: no deadlock', async () => {
    const { store } = test_;
    const users = Array.from({ length: 40 }, (_, i) => `identified-${i}`);
    const batch = (n: number) => {
      const rotated = [...users.slice(n * 5), ...users.slice(0, n * 5)];
      return (n % 2 === 0 ? rotated : rotated.reverse()).map((userId) => ({
        userId,
        email: `${userId}@acme.example`,
        at: `2026-04-2${n}T10:00:00.000Z`
      }));
    };
    for (let round = 0; round < 5; round++) {
      const stored = await Promise.allSettled(Array.from({ length: 8 }, (_, n) => store.recordIdentities(batch(n))));
      expect(
        stored.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))
      ).toEqual([]);
    }
  });

  test('a clear that meets an event not yet committed waits for it and leaves the account dirty', async () => {
    const { store } = test_;
    await store.insertEvents([event('racing')]);
    const read = await store.dirtyAccounts();
    const other = new pg.Client({ connectionString: test_.location });
    await other.connect();
    try {
      // another ingestion transaction marks the account again, not yet committed
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO dirty_accounts (account_id, mark, since) VALUES ('racing', nextval('dirty_account_marks'), now())
         ON CONFLICT (account_id) DO UPDATE SET mark = excluded.mark`
      );
      const clearing = store.clearDirty(read);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await other.query('COMMIT');
      expect(await clearing).toBe(0);
    } finally {
      await other.end();
    }
    expect((await store.dirtyAccounts()).map((m) => m.accountId)).toEqual(['racing']);
  });
});
