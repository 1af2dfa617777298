// The dirty-account bookkeeping of DESIGN §10, on both backends: events mark their accounts,
// a run clears only the marks it read (events stored during it stay dirty), the marks
// survive a restart, and on PostgreSQL a clear racing an uncommitted event keeps the account.
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
