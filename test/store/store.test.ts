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

  describe('NPS answers', () => {
    test('are the named events of the accounts in (from, to] with a numeric score from 0 to 10', async () => {
      const answer = (
        messageId: string,
        accountId: string,
        timestamp: string,
        score: unknown,
        name = 'nps_submitted'
      ) => event({ messageId, accountId, name, timestamp, properties: { score } });
      await store.insertEvents([
        answer('nps-a1', 'nps-a', '2026-01-01T00:00:00.000Z', 9), // at `from`: out
        answer('nps-a2', 'nps-a', '2026-01-01T00:00:00.001Z', 7),
        answer('nps-a3', 'nps-a', '2026-03-01T10:00:00.000Z', 'ten'), // not a number
        answer('nps-a4', 'nps-a', '2026-03-02T10:00:00.000Z', 12), // out of range
        answer('nps-a5', 'nps-a', '2026-03-03T10:00:00.000Z', 0, 'survey_answered'), // another event
        answer('nps-a6', 'nps-a', '2026-05-01T12:00:00.000Z', 10), // at `to`: in
        answer('nps-a7', 'nps-a', '2026-05-01T12:00:00.001Z', 3), // after `to`: out
        answer('nps-b1', 'nps-b', '2026-02-01T10:00:00.000Z', 4),
        answer('nps-c1', 'nps-c', '2026-02-01T10:00:00.000Z', 5) // an account not asked about
      ]);
      const found = await store.npsAnswers(
        ['nps-a', 'nps-b', 'nps-none'],
        'nps_submitted',
        new Date('2026-01-01T00:00:00Z'),
        new Date('2026-05-01T12:00:00Z')
      );
      expect(Object.fromEntries(found)).toEqual({
        'nps-a': [
          { userId: 'u1', at: '2026-01-01T00:00:00.001Z', score: 7 },
          { userId: 'u1', at: '2026-05-01T12:00:00.000Z', score: 10 }
        ],
        'nps-b': [{ userId: 'u1', at: '2026-02-01T10:00:00.000Z', score: 4 }]
      });
      expect((await store.npsAnswers([], 'nps_submitted', new Date(0), new Date())).size).toBe(0);
    });
  });

  describe('product users', () => {
    test('per account: each user’s latest event, the UTC days active in (now − 30 d, now], the latest identify email', async () => {
      const now = new Date('2026-05-01T09:00:00Z');
      await store.insertEvents([
        event({ messageId: 'pu-1', accountId: 'pu-a', userId: 'pu-ann', timestamp: '2026-04-01T09:00:00.000Z' }), // 30 days: out of the window
        event({ messageId: 'pu-2', accountId: 'pu-a', userId: 'pu-ann', timestamp: '2026-04-01T09:00:00.001Z' }),
        event({ messageId: 'pu-3', accountId: 'pu-a', userId: 'pu-ann', timestamp: '2026-04-01T23:00:00.000Z' }), // same day
        event({ messageId: 'pu-4', accountId: 'pu-a', userId: 'pu-ann', timestamp: '2026-04-30T10:00:00.000Z' }),
        event({ messageId: 'pu-5', accountId: 'pu-a', userId: 'pu-ann', timestamp: '2026-05-01T10:00:00.000Z' }), // after now
        event({ messageId: 'pu-6', accountId: 'pu-a', userId: 'pu-bo', timestamp: '2026-02-01T10:00:00.000Z' }),
        event({ messageId: 'pu-7', accountId: 'pu-b', userId: 'pu-cy', timestamp: '2026-04-20T10:00:00.000Z' })
      ]);
      await store.recordIdentities([
        { userId: 'pu-bo', email: 'bo@acme.example', at: '2026-03-01T00:00:00.000Z' },
        { userId: 'pu-bo', email: 'bo.chen@acme.example', at: '2026-03-02T00:00:00.000Z' }
      ]);
      await store.recordIdentities([{ userId: 'pu-bo', email: 'stale@acme.example', at: '2026-02-01T00:00:00.000Z' }]);
      // a later identify without an email keeps the email known
      await store.recordIdentities([{ userId: 'pu-bo', email: null, at: '2026-03-05T00:00:00.000Z' }]);
      const users = await store.productUsers(['pu-a', 'pu-none'], now);
      expect(Object.fromEntries(users)).toEqual({
        'pu-a': [
          {
            userId: 'pu-ann',
            email: null,
            lastActivity: '2026-04-30T10:00:00.000Z',
            activeDays30d: ['2026-04-01', '2026-04-30']
          },
          {
            userId: 'pu-bo',
            email: 'bo.chen@acme.example',
            lastActivity: '2026-02-01T10:00:00.000Z',
            activeDays30d: []
          }
        ]
      });
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

  describe('events waiting for their account', () => {
    const at = (iso: string) => new Date(iso);
    const accountsOf = async (userId: string) =>
      (await store.findEvents({ userId })).map((e) => [e.messageId, e.accountId]);

    test('are stored without an account, resolved by a later group call, and stay duplicates on replay', async () => {
      const early = [
        event({ messageId: 'w-1', accountId: null, userId: 'w-late' }),
        event({ messageId: 'w-2', accountId: null, userId: 'w-late', timestamp: '2026-04-21T10:00:00.000Z' })
      ];
      expect(await store.insertEvents(early, at('2026-04-21T12:00:00Z'))).toEqual({ inserted: 2, duplicates: 0 });
      expect(await accountsOf('w-late')).toEqual([
        ['w-1', null],
        ['w-2', null]
      ]);
      // not counted by the account they will belong to
      expect(await store.findEvents({ accountId: 'w-acme' })).toEqual([]);
      // a replay while waiting is a duplicate
      expect(await store.insertEvents(early)).toEqual({ inserted: 0, duplicates: 2 });

      expect(
        await store.recordGroups([{ userId: 'w-late', accountId: 'w-acme', at: '2026-04-22T00:00:00.000Z' }])
      ).toEqual({ resolved: 2 });
      expect(await accountsOf('w-late')).toEqual([
        ['w-1', 'w-acme'],
        ['w-2', 'w-acme']
      ]);
      // a replay after the group call is still a duplicate, and changes nothing
      expect(await store.insertEvents(early)).toEqual({ inserted: 0, duplicates: 2 });
      // events without an account that arrive after the group call take the stored one at once
      await store.insertEvents([event({ messageId: 'w-3', accountId: null, userId: 'w-late' })]);
      expect((await store.findEvents({ accountId: 'w-acme' })).map((e) => e.messageId)).toEqual(['w-1', 'w-3', 'w-2']);
      // a later group call to another account moves no event already resolved
      expect(
        await store.recordGroups([{ userId: 'w-late', accountId: 'w-globex', at: '2026-04-23T00:00:00.000Z' }])
      ).toEqual({ resolved: 0 });
      expect(await store.findEvents({ accountId: 'w-globex' })).toEqual([]);
    });

    test('are counted in the metrics from the group call on', async () => {
      const request = {
        opportunityId: 'w-opp',
        productAccountId: 'w-metrics',
        closeDate: '2026-04-01',
        licensedSeats: null,
        eventNames: ['report_created'],
        thresholds: []
      };
      const now = at('2026-04-25T00:00:00Z');
      await store.insertEvents([
        event({ messageId: 'wm-1', accountId: null, userId: 'wm-u' }),
        event({ messageId: 'wm-2', accountId: null, userId: 'wm-u' })
      ]);
      expect((await store.computeMetrics([request], now)).get('w-opp')?.eventCounts).toEqual({
        'event:report_created': 0
      });
      await store.recordGroups([{ userId: 'wm-u', accountId: 'w-metrics', at: '2026-04-24T00:00:00.000Z' }]);
      expect((await store.computeMetrics([request], now)).get('w-opp')?.eventCounts).toEqual({
        'event:report_created': 2
      });
    });

    test('are reported: all of them, and those older than the cut by user, most events first', async () => {
      await store.insertEvents(
        [
          event({ messageId: 'wr-1', accountId: null, userId: 'wr-a' }),
          event({ messageId: 'wr-2', accountId: null, userId: 'wr-a' }),
          event({ messageId: 'wr-3', accountId: null, userId: 'wr-b' })
        ],
        at('2026-03-01T00:00:00Z')
      );
      await store.insertEvents(
        [event({ messageId: 'wr-4', accountId: null, userId: 'wr-c' })],
        at('2026-03-20T00:00:00Z')
      );
      const before = await store.pendingEvents(at('2026-03-10T00:00:00Z'));
      expect(before.waiting).toBe(3);
      expect(before.userCount).toBe(2);
      expect(before.users).toEqual([
        { userId: 'wr-a', events: 2, since: '2026-03-01T00:00:00.000Z' },
        { userId: 'wr-b', events: 1, since: '2026-03-01T00:00:00.000Z' }
      ]);
      expect((await store.pendingEvents(at('2026-03-10T00:00:00Z'), 1)).users.map((u) => u.userId)).toEqual(['wr-a']);
      expect(before.total).toBeGreaterThanOrEqual(4);
      await store.recordGroups([
        { userId: 'wr-a', accountId: 'wr-acme', at: '2026-03-21T00:00:00.000Z' },
        { userId: 'wr-b', accountId: 'wr-acme', at: '2026-03-21T00:00:00.000Z' },
        { userId: 'wr-c', accountId: 'wr-acme', at: '2026-03-21T00:00:00.000Z' }
      ]);
      const after = await store.pendingEvents(at('2026-03-10T00:00:00Z'));
      expect([after.waiting, after.userCount, after.users, after.total]).toEqual([0, 0, [], before.total - 4]);
    });
  });

  describe('rejected messages', () => {
    const rejection = (n: number) => ({ via: 'segment', kind: 'invalid_shape', reason: `bad ${n}`, raw: `{"n":${n}}` });

    test('are kept with when they came, listed oldest first from a time on, and cut to 4 KB each', async () => {
      await store.recordRejections([rejection(1), rejection(2)], new Date('2026-04-01T00:00:00Z'));
      await store.recordRejections(
        [{ via: 'file usage.jsonl', kind: 'too_large', reason: 'big', raw: 'x'.repeat(5000) }],
        new Date('2026-04-02T00:00:00Z')
      );
      const listed = await store.listRejections(new Date('2026-04-01T00:00:00Z'));
      expect(listed.slice(0, 2)).toEqual([
        { receivedAt: '2026-04-01T00:00:00.000Z', ...rejection(1) },
        { receivedAt: '2026-04-01T00:00:00.000Z', ...rejection(2) }
      ]);
      expect(listed[2]?.raw).toBe(`${'x'.repeat(4096)}… (cut: 5000 characters in all)`);
      expect((await store.listRejections(new Date('2026-04-01T00:00:01Z'))).map((r) => r.reason)).toEqual(['big']);
    });

    test('are forgotten after 7 days and beyond the newest 10,000', async () => {
      // 7 days after 2026-04-01T00:00Z, exactly: those of 2026-04-01 are still kept
      await store.recordRejections([rejection(3)], new Date('2026-04-08T00:00:00Z'));
      expect((await store.listRejections(new Date(0))).map((r) => r.reason)).toEqual([
        'bad 1',
        'bad 2',
        'big',
        'bad 3'
      ]);
      await store.recordRejections([rejection(4)], new Date('2026-04-08T00:00:00.001Z'));
      expect((await store.listRejections(new Date(0))).map((r) => r.reason)).toEqual(['big', 'bad 3', 'bad 4']);

      const flood = Array.from({ length: 10_001 }, (_, i) => rejection(100 + i));
      await store.recordRejections(flood, new Date('2026-04-09T00:00:00Z'));
      const kept = await store.listRejections(new Date(0));
      expect(kept).toHaveLength(10_000);
      expect([kept[0]?.reason, kept.at(-1)?.reason]).toEqual(['bad 101', 'bad 10100']);
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

  describe('alert memory', () => {
    test('keeps the latest occurrence per alert key; an older one never replaces it, a clearing of the same one does', async () => {
      await store.rememberAlerts([
        { key: '006A:health-at-risk', opportunityId: '006A', occurrence: 1, cleared: false },
        { key: '006A:key-person-quiet:003X', opportunityId: '006A', occurrence: 2, cleared: false },
        { key: '006B:kickoff-overdue', opportunityId: '006B', occurrence: 1, cleared: false }
      ]);
      await store.rememberAlerts([
        // a replayed record of an older occurrence, then the newer one cleared
        { key: '006A:key-person-quiet:003X', opportunityId: '006A', occurrence: 1, cleared: true },
        { key: '006A:health-at-risk', opportunityId: '006A', occurrence: 1, cleared: true },
        { key: '006A:health-at-risk', opportunityId: '006A', occurrence: 2, cleared: false }
      ]);
      const memory = await store.alertMemory(['006A', '006C']);
      expect([...memory.keys()]).toEqual(['006A']);
      expect(memory.get('006A')).toEqual(
        new Map([
          ['006A:health-at-risk', { occurrence: 2, cleared: false }],
          ['006A:key-person-quiet:003X', { occurrence: 2, cleared: false }]
        ])
      );
      expect(await store.alertMemory([])).toEqual(new Map());
      await store.rememberAlerts([
        { key: '006A:key-person-quiet:003X', opportunityId: '006A', occurrence: 2, cleared: true }
      ]);
      expect((await store.alertMemory(['006A'])).get('006A')?.get('006A:key-person-quiet:003X')).toEqual({
        occurrence: 2,
        cleared: true
      });
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
      const second = await store.startRun(new Date('2026-04-01T09:15:00Z'), 'targeted');
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
          kind: 'targeted',
          startedAt: '2026-04-01T09:15:00.000Z',
          finishedAt: '2026-04-01T09:16:30.000Z',
          status: 'partial',
          summary,
          failedRowCount: 2
        },
        {
          id: first,
          kind: 'full', // the default
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
