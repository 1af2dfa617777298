// The store's contract, run against both backends: embedded PGlite and a PostgreSQL server.
import { jest } from '@jest/globals';
import { existsSync, writeFileSync } from 'node:fs';
import type { UsageEvent } from '../../worker/ingest/event.js';
import { openPgliteDriver } from '../../worker/store/pglite-driver.js';
import { openPostgresDriver } from '../../worker/store/postgres-driver.js';
import { MIGRATIONS, migrate } from '../../worker/store/migrations.js';
import { StoreInUseError, SyncAlreadyRunningError } from '../../worker/store/errors.js';
import { openStore, type Store } from '../../worker/store/store.js';
import { BACKENDS, openTestStore, type TestStore } from './backends.js';

jest.setTimeout(120_000);

function event(overrides: Partial<UsageEvent> & { messageId: string }): UsageEvent {
  return {
    accountId: 'acme',
    userId: 'u1',
    name: 'report_created',
    timestamp: '2026-04-20T10:00:00.000Z',
    properties: null,
    ...overrides
  };
}

describe.each(BACKENDS)('store on %s', (backend) => {
  let test_: TestStore;
  let store: Store;
  beforeAll(async () => {
    test_ = await openTestStore(backend);
    store = test_.store;
  });
  afterAll(() => test_?.dispose());

  test('reports what it is and answers a ping', async () => {
    expect(store.kind).toBe(backend);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  describe('events', () => {
    test('are stored once per messageId, repeats in the same call included', async () => {
      const first = await store.insertEvents([
        event({ messageId: 'ev-1', accountId: 'ev-acct' }),
        event({ messageId: 'ev-2', accountId: 'ev-acct', userId: 'u2' }),
        event({ messageId: 'ev-2', accountId: 'ev-acct', userId: 'u2' })
      ]);
      expect(first).toEqual({ inserted: 2, duplicates: 1 });
      const again = await store.insertEvents([
        event({ messageId: 'ev-1', accountId: 'ev-acct' }),
        event({ messageId: 'ev-3', accountId: 'ev-acct' })
      ]);
      expect(again).toEqual({ inserted: 1, duplicates: 1 });
      expect((await store.findEvents({ accountId: 'ev-acct' })).map((e) => e.messageId)).toEqual([
        'ev-1',
        'ev-2',
        'ev-3'
      ]);
    });

    test('an empty call stores nothing', async () => {
      expect(await store.insertEvents([])).toEqual({ inserted: 0, duplicates: 0 });
    });

    test('keep every value verbatim: properties, unicode, quotes, SQL-looking text', async () => {
      const stored = event({
        messageId: "m'; DROP TABLE events; --",
        accountId: 'verbatim',
        userId: 'Ünïcødé 用户 🚀',
        name: 'report "created"\\n',
        timestamp: '2026-04-20T10:00:00.123Z',
        properties: {
          nested: { list: [1, 'two', null, true], emoji: '🎉' },
          quote: "it's",
          sql: "'); DELETE FROM events; --"
        }
      });
      await store.insertEvents([stored]);
      expect(await store.findEvents({ accountId: 'verbatim' })).toEqual([stored]);
    });

    test('large calls are committed in one go', async () => {
      // 2,500 new events plus 500 repeats of the first 500: 3,000 sent, 2,500 stored
      const events = Array.from({ length: 2500 }, (_, i) =>
        event({
          messageId: `bulk-${i}`,
          accountId: 'bulk',
          timestamp: new Date(Date.UTC(2026, 3, 1) + i * 1000).toISOString()
        })
      );
      expect(await store.insertEvents([...events, ...events.slice(0, 500)])).toEqual({
        inserted: 2500,
        duplicates: 500
      });
      expect(await store.findEvents({ accountId: 'bulk', limit: 5000 })).toHaveLength(2500);
    });

    test('can be found by user, oldest first, up to a limit', async () => {
      await store.insertEvents([
        event({ messageId: 'fu-2', accountId: 'find', userId: 'fu', timestamp: '2026-04-02T00:00:00.000Z' }),
        event({ messageId: 'fu-1', accountId: 'find', userId: 'fu', timestamp: '2026-04-01T00:00:00.000Z' }),
        event({ messageId: 'fu-3', accountId: 'find', userId: 'other', timestamp: '2026-04-03T00:00:00.000Z' })
      ]);
      expect((await store.findEvents({ userId: 'fu' })).map((e) => e.messageId)).toEqual(['fu-1', 'fu-2']);
      expect((await store.findEvents({ accountId: 'find', limit: 1 })).map((e) => e.messageId)).toEqual(['fu-1']);
    });
  });

  describe('group calls', () => {
    test('map each user to the account of their latest group call', async () => {
      await store.recordGroups([
        { userId: 'g-u1', accountId: 'old', at: '2026-04-01T00:00:00.000Z' },
        { userId: 'g-u1', accountId: 'new', at: '2026-04-02T00:00:00.000Z' },
        { userId: 'g-u2', accountId: 'acme', at: '2026-04-01T00:00:00.000Z' }
      ]);
      // an older call arriving later does not move the user back
      await store.recordGroups([{ userId: 'g-u1', accountId: 'older', at: '2026-03-01T00:00:00.000Z' }]);
      // at the same instant the later call wins
      await store.recordGroups([{ userId: 'g-u2', accountId: 'globex', at: '2026-04-01T00:00:00.000Z' }]);
      const accounts = await store.accountsForUsers(['g-u1', 'g-u2', 'g-nobody', 'g-u1']);
      expect(accounts).toEqual(
        new Map([
          ['g-u1', 'new'],
          ['g-u2', 'globex']
        ])
      );
      expect(await store.accountsForUsers([])).toEqual(new Map());
    });
  });

  describe('cursors', () => {
    test('start empty, are saved and replaced per source', async () => {
      expect(await store.getCursor('product-db')).toBeNull();
      await store.setCursor('product-db', 'c1');
      await store.setCursor('usage-api', 'x');
      await store.setCursor('product-db', 'c2');
      expect(await store.getCursor('product-db')).toBe('c2');
      expect(await store.getCursor('usage-api')).toBe('x');
    });
  });

  describe('last writes', () => {
    test('merge acknowledged values per object and key', async () => {
      await store.recordWrites('Opportunity', [
        { key: '006A', values: { Health_Score__c: 71, Health_Grade__c: 'B' } },
        { key: '006B', values: { Onboarded__c: true } }
      ]);
      await store.recordWrites('Opportunity', [
        { key: '006A', values: { Health_Score__c: 64 } },
        { key: '006A', values: { Health_Grade__c: 'C', Health_Drivers__c: null } }
      ]);
      await store.recordWrites('Success_Milestone__c', [
        { key: '006A:first-value', values: { Status__c: 'Achieved' } }
      ]);
      expect(await store.lastWrites('Opportunity')).toEqual(
        new Map<string, Record<string, unknown>>([
          ['006A', { Health_Score__c: 64, Health_Grade__c: 'C', Health_Drivers__c: null }],
          ['006B', { Onboarded__c: true }]
        ])
      );
      expect(await store.lastWrites('Opportunity', ['006B', '006Z'])).toEqual(
        new Map([['006B', { Onboarded__c: true }]])
      );
      expect(await store.lastWrites('Success_Milestone__c')).toEqual(
        new Map([['006A:first-value', { Status__c: 'Achieved' }]])
      );
      expect(await store.lastWrites('Business_Review__c')).toEqual(new Map());
    });
  });

  describe('health snapshots', () => {
    test('are kept per opportunity, oldest first, a repeat instant replacing the score', async () => {
      await store.addHealthSnapshots([
        { opportunityId: 'h-1', at: '2026-04-02T00:00:00.000Z', score: 70 },
        { opportunityId: 'h-1', at: '2026-04-01T00:00:00.000Z', score: 80 },
        { opportunityId: 'h-2', at: '2026-04-01T00:00:00.000Z', score: 50 }
      ]);
      await store.addHealthSnapshots([{ opportunityId: 'h-1', at: '2026-04-02T00:00:00.000Z', score: 65 }]);
      expect(await store.healthHistory(['h-1', 'h-2', 'h-none'])).toEqual(
        new Map([
          [
            'h-1',
            [
              { at: '2026-04-01T00:00:00.000Z', score: 80 },
              { at: '2026-04-02T00:00:00.000Z', score: 65 }
            ]
          ],
          ['h-2', [{ at: '2026-04-01T00:00:00.000Z', score: 50 }]]
        ])
      );
      expect(await store.healthHistory(['h-1'], new Date('2026-04-01T12:00:00Z'))).toEqual(
        new Map([['h-1', [{ at: '2026-04-02T00:00:00.000Z', score: 65 }]]])
      );
    });
  });

  describe('sync runs', () => {
    test('record start, finish, summary and every failed row', async () => {
      const first = await store.startRun(new Date('2026-04-01T09:00:00Z'));
      const second = await store.startRun(new Date('2026-04-01T09:15:00Z'));
      expect(first).not.toBe(second);
      await store.addFailedRows(second, [
        {
          object: 'Opportunity',
          id: '006000000000001AAA',
          key: null,
          statusCode: 'UNABLE_TO_LOCK_ROW',
          message: 'unable to obtain exclusive access to this record',
          fields: [],
          values: { Health_Score__c: 64 }
        },
        {
          object: 'Success_Milestone__c',
          id: null,
          key: '006A:first-value',
          statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: 'nope',
          fields: ['Target_Date__c', 'Status__c'],
          values: null
        }
      ]);
      const summary = { writes: { Opportunity: { created: 0, updated: 12 } }, apiCalls: 7, retries: 1 };
      await store.finishRun(second, { finishedAt: new Date('2026-04-01T09:16:30Z'), status: 'partial', summary });

      const runs = await store.listRuns();
      const ours = runs.filter((r) => r.id === first || r.id === second);
      expect(ours).toEqual([
        {
          id: second,
          startedAt: '2026-04-01T09:15:00.000Z',
          finishedAt: '2026-04-01T09:16:30.000Z',
          status: 'partial',
          summary,
          failedRowCount: 2
        },
        {
          id: first,
          startedAt: '2026-04-01T09:00:00.000Z',
          finishedAt: null,
          status: 'running',
          summary: null,
          failedRowCount: 0
        }
      ]);
      expect(await store.listRuns(1)).toHaveLength(1);

      const detail = await store.getRun(second);
      expect(detail?.failedRows).toEqual([
        {
          object: 'Opportunity',
          id: '006000000000001AAA',
          key: null,
          statusCode: 'UNABLE_TO_LOCK_ROW',
          message: 'unable to obtain exclusive access to this record',
          fields: [],
          values: { Health_Score__c: 64 }
        },
        {
          object: 'Success_Milestone__c',
          id: null,
          key: '006A:first-value',
          statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: 'nope',
          fields: ['Target_Date__c', 'Status__c'],
          values: null
        }
      ]);
      expect(detail?.status).toBe('partial');
      expect(await store.getRun('no-such-run')).toBeNull();
      await expect(
        store.finishRun('no-such-run', { finishedAt: new Date(), status: 'failed', summary: {} })
      ).rejects.toThrow('no sync run no-such-run to finish');
    });
  });

  describe('the sync lock', () => {
    test('lets one run at a time hold it and is released after success or failure', async () => {
      let release!: () => void;
      const holding = store.withSyncLock(() => new Promise<string>((resolve) => (release = () => resolve('done'))));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(store.withSyncLock(async () => 'second')).rejects.toBeInstanceOf(SyncAlreadyRunningError);
      await expect(store.withSyncLock(async () => 'second')).rejects.toThrow(
        'a sync run is already going on this store'
      );
      release();
      expect(await holding).toBe('done');
      await expect(store.withSyncLock(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await store.withSyncLock(async () => 'again')).toBe('again');
    });
  });

  test('what was stored survives closing and reopening', async () => {
    await store.insertEvents([event({ messageId: 'restart-1', accountId: 'restart' })]);
    await store.setCursor('restart-source', 'kept');
    store = await test_.reopen();
    expect((await store.findEvents({ accountId: 'restart' })).map((e) => e.messageId)).toEqual(['restart-1']);
    expect(await store.getCursor('restart-source')).toBe('kept');
    expect(await store.insertEvents([event({ messageId: 'restart-1', accountId: 'restart' })])).toEqual({
      inserted: 0,
      duplicates: 1
    });
  });

  test('migrations are recorded, not reapplied, and a newer schema is refused', async () => {
    await test_.store.close();
    const driver =
      backend === 'embedded' ? await openPgliteDriver(test_.location) : await openPostgresDriver(test_.location);
    try {
      expect(await driver.query('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(
        MIGRATIONS.map(({ version, name }) => ({ version, name }))
      );
      expect(await migrate(driver)).toEqual([]);
      const known = MIGRATIONS.length;
      const future = [
        ...MIGRATIONS,
        { version: known + 1, name: 'from the future', statements: ['CREATE TABLE future (id int)'] }
      ];
      expect(await migrate(driver, future)).toEqual([known + 1]);
      await expect(migrate(driver)).rejects.toThrow(
        `has schema version ${known + 1}, newer than this worker knows (${known}); run a newer Cairn worker`
      );
    } finally {
      await driver.close();
    }
    await expect(openStore(test_.location)).rejects.toThrow(/newer than this worker knows/);
    // put the store back to the state the suite's afterAll expects
    const repair =
      backend === 'embedded' ? await openPgliteDriver(test_.location) : await openPostgresDriver(test_.location);
    await repair.query('DELETE FROM schema_migrations WHERE version > $1', [MIGRATIONS.length]);
    await repair.close();
    store = await test_.reopen();
  });
});

describe('the embedded store directory', () => {
  let test_: TestStore;
  beforeAll(async () => {
    test_ = await openTestStore('embedded');
  });
  afterAll(() => test_?.dispose());

  test('keeps 32 MB of shared buffers in the worker, not PostgreSQL’s default 128 MB', async () => {
    await test_.store.close();
    const driver = await openPgliteDriver(test_.location);
    try {
      expect(await driver.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '32MB' }]);
    } finally {
      await driver.close();
    }
    await test_.reopen();
  });

  test('cannot be opened twice in one process', async () => {
    const second = openStore(test_.location);
    await expect(second).rejects.toBeInstanceOf(StoreInUseError);
    await expect(openStore(test_.location)).rejects.toThrow('is already open in this process');
  });

  test('cannot be opened while another live process holds it; a dead holder’s lock is taken over', async () => {
    await test_.store.close();
    const lockFile = `${test_.location}.lock`;
    expect(existsSync(lockFile)).toBe(false);
    // the parent of this test process is alive and is not us
    writeFileSync(lockFile, String(process.ppid));
    await expect(openStore(test_.location)).rejects.toThrow(
      `the store at ${test_.location} is open in process ${process.ppid}; the embedded store serves one process at a time`
    );
    // pid 2^22 + 1 is above Linux's pid_max, so no process has it
    writeFileSync(lockFile, String(4_194_305));
    const store = await openStore(test_.location);
    expect(await store.findEvents()).toEqual([]);
    await store.close();
    expect(existsSync(lockFile)).toBe(false);
    await test_.reopen();
  });
});

describe('the PostgreSQL sync lock', () => {
  test('holds across two stores (two processes) on the same schema', async () => {
    const test_ = await openTestStore('postgres');
    const other = await openStore(test_.location);
    try {
      let release!: () => void;
      const holding = test_.store.withSyncLock(() => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(other.withSyncLock(async () => 'x')).rejects.toThrow(/another worker holds the lock/);
      release();
      await holding;
      expect(await other.withSyncLock(async () => 'x')).toBe('x');
    } finally {
      await other.close();
      await test_.dispose();
    }
  });
});
