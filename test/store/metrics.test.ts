// DESIGN §4.1 metrics computed by the store, on both backends, against hand-worked values.
// now = 2026-05-01T12:00:00Z, so the 30-day window is (2026-04-01T12:00Z, 2026-05-01T12:00Z]
// and the 30 days before it are (2026-03-02T12:00Z, 2026-04-01T12:00Z].
import { jest } from '@jest/globals';
import type { MetricsRequest } from '../../worker/core/types.js';
import type { UsageEvent } from '../../worker/ingest/event.js';
import { MetricsRequestError } from '../../worker/store/errors.js';
import type { Store } from '../../worker/store/store.js';
import { BACKENDS, openTestStore, type TestStore } from './backends.js';

jest.setTimeout(120_000);

const NOW = new Date('2026-05-01T12:00:00Z');

let sequence = 0;
function ev(
  accountId: string,
  userId: string,
  name: string,
  timestamp: string,
  messageId = `m-${++sequence}`
): UsageEvent {
  return { accountId, userId, name, timestamp: new Date(timestamp).toISOString(), messageId, properties: null };
}

function request(
  overrides: Partial<MetricsRequest> & { opportunityId: string; productAccountId: string }
): MetricsRequest {
  return { closeDate: '2026-01-01', licensedSeats: null, eventNames: [], thresholds: [], ...overrides };
}

// account "win": the window edges
const WINDOW_EVENTS = [
  ev('win', 'u1', 'login', '2026-04-01T12:00:00.000Z'), // exactly now − 30 d: out of the window, in the prior one
  ev('win', 'u2', 'report_created', '2026-04-01T12:00:00.001Z'), // just inside; before the close date below
  ev('win', 'u3', 'report_created', '2026-05-01T12:00:00.000Z', 'win-at-now'), // exactly now: in
  ev('win', 'u4', 'report_created', '2026-05-01T12:00:00.001Z'), // after now: ignored everywhere
  ev('win', 'u5', 'login', '2026-03-02T12:00:00.000Z'), // exactly now − 60 d: out of the prior window
  ev('win', 'u6', 'login', '2026-03-02T12:00:01.000Z'), // just inside the prior window
  ev('win', 'u2', 'report_created', '2026-04-15T08:00:00.000Z'),
  ev('win', 'u7', 'report_created', '2026-04-15T00:00:00.000Z'), // exactly the close date's UTC midnight: counted
  ev('win', 'u7', 'report_created', '2026-04-14T23:59:59.999Z') // a millisecond before it: not counted
];

// account "thr": campaign_sent events for event thresholds, close date 2026-04-01
const EVENT_THRESHOLD_EVENTS = [
  ev('thr', 'u1', 'campaign_sent', '2026-03-31T23:00:00Z'), // before the close date
  ev('thr', 'u1', 'campaign_sent', '2026-04-02T10:00:00Z'), // 1st
  ev('thr', 'u2', 'campaign_sent', '2026-04-05T09:00:00Z', 'thr-3a'), // 2nd (same instant as the 3rd: message id orders them)
  ev('thr', 'u3', 'campaign_sent', '2026-04-05T09:00:00Z', 'thr-3b'), // 3rd
  ev('thr', 'u1', 'report_created', '2026-04-06T09:00:00Z'), // another name
  ev('thr', 'u1', 'campaign_sent', '2026-04-20T00:00:00Z'), // 4th
  ev('thr', 'u1', 'campaign_sent', '2026-05-02T00:00:00Z') // after now
];

// account "roll": users for rolling thresholds, close date 2026-03-01. Each user is active
// from an event until 30 days after its last event (gaps < 30 d join):
//   ub [03-01, 03-31)  uc [03-09, 04-08)  ua [03-20, 05-09)  ud [04-05, 05-05)  ue [04-08, 05-08)  ug [04-10, 05-10)
// sweep: 03-01 → 1, 03-09 → 2, 03-20 → 3, 03-31 → 2, 04-05 → 3, 04-08 uc leaves (exactly 30 d) then ue joins → 3, 04-10 → 4
const ROLLING_USER_EVENTS = [
  ev('roll', 'ua', 'login', '2026-02-27T10:00:00Z'), // before the close date: would make 3 users on 03-09 if counted
  ev('roll', 'ub', 'login', '2026-03-01T00:00:00Z'),
  ev('roll', 'uc', 'login', '2026-03-09T00:00:00Z'),
  ev('roll', 'ua', 'login', '2026-03-20T00:00:00Z'),
  ev('roll', 'ud', 'login', '2026-04-05T00:00:00Z'),
  ev('roll', 'ue', 'login', '2026-04-08T00:00:00Z'),
  ev('roll', 'ua', 'login', '2026-04-09T00:00:00Z'),
  ev('roll', 'ug', 'login', '2026-04-10T00:00:00Z'),
  ev('roll', 'uh', 'login', '2026-05-02T00:00:00Z'), // after now
  ev('roll', 'ui', 'login', '2026-05-03T00:00:00Z') // after now
];

// account "days": UTC days for active_days_30d thresholds, close date 2026-03-01.
// Day 03-01 stays in the window until 30 d after its last event (15:00), so at 03-31 12:00
// the window (03-01 12:00, 03-31 12:00] holds 03-01, 03-02 and 03-31: three days.
const ROLLING_DAY_EVENTS = [
  ev('days', 'u1', 'login', '2026-03-01T08:00:00Z'),
  ev('days', 'u2', 'login', '2026-03-01T15:00:00Z'),
  ev('days', 'u1', 'login', '2026-03-02T09:00:00Z'),
  ev('days', 'u1', 'login', '2026-03-31T12:00:00Z')
];

describe.each(BACKENDS)('computeMetrics on %s', (backend) => {
  let test_: TestStore;
  let store: Store;
  beforeAll(async () => {
    test_ = await openTestStore(backend);
    store = test_.store;
    await store.insertEvents([
      ...WINDOW_EVENTS,
      ...EVENT_THRESHOLD_EVENTS,
      ...ROLLING_USER_EVENTS,
      ...ROLLING_DAY_EVENTS
    ]);
    // a duplicate delivery of the event at now changes nothing
    await store.insertEvents([ev('win', 'u3', 'report_created', '2026-05-01T12:00:00.000Z', 'win-at-now')]);
  });
  afterAll(() => test_?.dispose());

  test('window metrics, counts since the close date, seats, last activity', async () => {
    const metrics = await store.computeMetrics(
      [
        request({
          opportunityId: 'opp-win',
          productAccountId: 'win',
          closeDate: '2026-04-15',
          licensedSeats: 10,
          eventNames: ['report_created', 'login', 'never_sent']
        })
      ],
      NOW
    );
    expect(metrics.get('opp-win')).toEqual({
      // since 2026-04-15T00:00Z: u7 at midnight, u2 at 08:00, u3 at now = 3 (u2 on 04-01, u7 a ms before midnight, u4 after now: out)
      eventCounts: { 'event:report_created': 3, 'event:login': 0, 'event:never_sent': 0 },
      // (04-01 12:00, 05-01 12:00]: u2, u3, u7 (u1 exactly at the edge is out, u4 is after now)
      activeUsers30d: 3,
      // (03-02 12:00, 04-01 12:00]: u1 (at the upper edge), u6 (u5 exactly at the lower edge is out)
      activeUsersPrior30d: 2,
      // UTC days: 04-01 (u2), 04-14 (u7), 04-15 (u2, u7), 05-01 (u3)
      activeDays30d: 4,
      // 100 × 3 / 10
      seatUtilization: 30,
      // the event at now; the one after now is ignored
      lastActivity: '2026-05-01T12:00:00.000Z',
      thresholds: []
    });
  });

  test('seats blank or 0 leave seat utilization absent', async () => {
    const metrics = await store.computeMetrics(
      [
        request({ opportunityId: 'no-seats', productAccountId: 'win', licensedSeats: null }),
        request({ opportunityId: 'zero-seats', productAccountId: 'win', licensedSeats: 0 }),
        request({ opportunityId: 'three-seats', productAccountId: 'win', licensedSeats: 3 })
      ],
      NOW
    );
    expect(metrics.get('no-seats')?.seatUtilization).toBeNull();
    expect(metrics.get('zero-seats')?.seatUtilization).toBeNull();
    // 100 × 3 / 3
    expect(metrics.get('three-seats')?.seatUtilization).toBe(100);
  });

  test('an account with no events, or unknown, has zeros and no last activity', async () => {
    const metrics = await store.computeMetrics(
      [
        request({
          opportunityId: 'opp-nobody',
          productAccountId: 'nobody',
          licensedSeats: 5,
          eventNames: ['report_created'],
          thresholds: [
            { metric: 'event:report_created', threshold: 1 },
            { metric: 'active_users_30d', threshold: 1 }
          ]
        })
      ],
      NOW
    );
    expect(metrics.get('opp-nobody')).toEqual({
      eventCounts: { 'event:report_created': 0 },
      activeUsers30d: 0,
      activeUsersPrior30d: 0,
      activeDays30d: 0,
      seatUtilization: 0,
      lastActivity: null,
      thresholds: [
        { metric: 'event:report_created', threshold: 1, reachedAt: null },
        { metric: 'active_users_30d', threshold: 1, reachedAt: null }
      ]
    });
  });

  test('opportunities on one account each count from their own close date', async () => {
    const metrics = await store.computeMetrics(
      [
        request({
          opportunityId: 'early',
          productAccountId: 'win',
          closeDate: '2026-03-01',
          eventNames: ['report_created']
        }),
        request({
          opportunityId: 'late',
          productAccountId: 'win',
          closeDate: '2026-04-16',
          eventNames: ['report_created']
        })
      ],
      NOW
    );
    // since 03-01: all five report_created up to now (04-01, 04-14, 04-15 ×2, 05-01)
    expect(metrics.get('early')?.eventCounts).toEqual({ 'event:report_created': 5 });
    // since 04-16: only the one at now
    expect(metrics.get('late')?.eventCounts).toEqual({ 'event:report_created': 1 });
  });

  test('event thresholds are dated by the N-th event since the close date', async () => {
    const thresholds = [1, 2, 2.5, 3, 4, 5].map((threshold) => ({ metric: 'event:campaign_sent', threshold }));
    const metrics = await store.computeMetrics(
      [
        request({
          opportunityId: 'opp-thr',
          productAccountId: 'thr',
          closeDate: '2026-04-01',
          eventNames: ['campaign_sent'],
          thresholds
        })
      ],
      NOW
    );
    const result = metrics.get('opp-thr');
    // 4 campaign_sent between the close date and now (03-31 is before it, 05-02 after now)
    expect(result?.eventCounts).toEqual({ 'event:campaign_sent': 4 });
    expect(result?.thresholds.map((t) => [t.threshold, t.reachedAt])).toEqual([
      [1, '2026-04-02T10:00:00.000Z'],
      [2, '2026-04-05T09:00:00.000Z'], // thr-3a
      [2.5, '2026-04-05T09:00:00.000Z'], // ceil(2.5) = 3: thr-3b, same instant
      [3, '2026-04-05T09:00:00.000Z'],
      [4, '2026-04-20T00:00:00.000Z'],
      [5, null] // the 5th is after now
    ]);
  });

  test('a threshold with its own since date counts from that UTC day, beside the same one from the close date', async () => {
    const thresholds = [
      { metric: 'event:campaign_sent', threshold: 1 }, // from the close date 2026-04-01
      { metric: 'event:campaign_sent', threshold: 1, since: '2026-04-05' }, // thr-3a, at 09:00 that day
      { metric: 'event:campaign_sent', threshold: 2, since: '2026-04-05' }, // thr-3b, the same day
      { metric: 'event:campaign_sent', threshold: 3, since: '2026-04-05' }, // 04-20
      { metric: 'event:campaign_sent', threshold: 1, since: '2026-04-06' }, // 04-20: the 04-05 ones are before it
      { metric: 'event:campaign_sent', threshold: 1, since: '2026-04-21' } // only 05-02 is later, after now
    ];
    const metrics = await store.computeMetrics(
      [request({ opportunityId: 'opp-since', productAccountId: 'thr', closeDate: '2026-04-01', thresholds })],
      NOW
    );
    expect(metrics.get('opp-since')?.thresholds.map((t) => [t.since ?? 'close', t.threshold, t.reachedAt])).toEqual([
      ['close', 1, '2026-04-02T10:00:00.000Z'],
      ['2026-04-05', 1, '2026-04-05T09:00:00.000Z'],
      ['2026-04-05', 2, '2026-04-05T09:00:00.000Z'],
      ['2026-04-05', 3, '2026-04-20T00:00:00.000Z'],
      ['2026-04-06', 1, '2026-04-20T00:00:00.000Z'],
      ['2026-04-21', 1, null]
    ]);
    await expect(
      store.computeMetrics(
        [
          request({
            opportunityId: 'o',
            productAccountId: 'thr',
            thresholds: [{ metric: 'event:campaign_sent', threshold: 1, since: '2026-4-5' }]
          })
        ],
        NOW
      )
    ).rejects.toThrow(
      'opportunity o: the since date of event:campaign_sent must be a date as YYYY-MM-DD, got "2026-4-5"'
    );
  });

  test('rolling user thresholds are dated by the event at which the 30-day window first reached them', async () => {
    const metrics = await store.computeMetrics(
      [
        request({
          opportunityId: 'opp-roll',
          productAccountId: 'roll',
          closeDate: '2026-03-01',
          licensedSeats: 8,
          thresholds: [
            { metric: 'active_users_30d', threshold: 1 },
            { metric: 'active_users_30d', threshold: 3 },
            { metric: 'active_users_30d', threshold: 4 },
            { metric: 'active_users_30d', threshold: 5 },
            // 37.5% of 8 seats = 3 users; 50% = 4 users
            { metric: 'seat_utilization', threshold: 37.5 },
            { metric: 'seat_utilization', threshold: 50 }
          ]
        }),
        request({
          opportunityId: 'opp-roll-no-seats',
          productAccountId: 'roll',
          closeDate: '2026-03-01',
          licensedSeats: null,
          thresholds: [{ metric: 'seat_utilization', threshold: 10 }]
        })
      ],
      NOW
    );
    const result = metrics.get('opp-roll');
    expect(result?.thresholds.map((t) => [t.metric, t.threshold, t.reachedAt])).toEqual([
      ['active_users_30d', 1, '2026-03-01T00:00:00.000Z'], // ub, exactly at the close date's midnight
      ['active_users_30d', 3, '2026-03-20T00:00:00.000Z'], // ua joins ub and uc
      ['active_users_30d', 4, '2026-04-10T00:00:00.000Z'], // not 04-08: uc left the window exactly as ue came
      ['active_users_30d', 5, null],
      ['seat_utilization', 37.5, '2026-03-20T00:00:00.000Z'],
      ['seat_utilization', 50, '2026-04-10T00:00:00.000Z']
    ]);
    // (04-01 12:00, 05-01 12:00]: ud, ue, ua, ug; 100 × 4 / 8 = 50
    expect(result?.activeUsers30d).toBe(4);
    expect(result?.seatUtilization).toBe(50);
    expect(metrics.get('opp-roll-no-seats')?.thresholds).toEqual([
      { metric: 'seat_utilization', threshold: 10, reachedAt: null }
    ]);
  });

  test('a later close date shrinks what the window may count', async () => {
    const metrics = await store.computeMetrics(
      [
        request({
          opportunityId: 'opp-roll-late',
          productAccountId: 'roll',
          closeDate: '2026-04-06',
          thresholds: [
            { metric: 'active_users_30d', threshold: 1 },
            { metric: 'active_users_30d', threshold: 3 }
          ]
        })
      ],
      NOW
    );
    // only events from 04-06 on count: ue 04-08 → 1, ua 04-09 → 2, ug 04-10 → 3
    expect(metrics.get('opp-roll-late')?.thresholds.map((t) => t.reachedAt)).toEqual([
      '2026-04-08T00:00:00.000Z',
      '2026-04-10T00:00:00.000Z'
    ]);
  });

  test('rolling day thresholds count distinct UTC days in the window', async () => {
    const metrics = await store.computeMetrics(
      [
        request({
          opportunityId: 'opp-days',
          productAccountId: 'days',
          closeDate: '2026-03-01',
          thresholds: [1, 2, 3, 4].map((threshold) => ({ metric: 'active_days_30d', threshold }))
        })
      ],
      NOW
    );
    expect(metrics.get('opp-days')?.thresholds.map((t) => [t.threshold, t.reachedAt])).toEqual([
      [1, '2026-03-01T08:00:00.000Z'],
      [2, '2026-03-02T09:00:00.000Z'],
      [3, '2026-03-31T12:00:00.000Z'],
      [4, null]
    ]);
    // nothing in (04-01 12:00, 05-01 12:00]; last activity is still the latest event
    expect(metrics.get('opp-days')?.activeDays30d).toBe(0);
    expect(metrics.get('opp-days')?.lastActivity).toBe('2026-03-31T12:00:00.000Z');
  });

  test('an empty request list answers an empty map', async () => {
    expect(await store.computeMetrics([], NOW)).toEqual(new Map());
  });

  test('bad requests are refused with the reason', async () => {
    await expect(
      store.computeMetrics(
        [request({ opportunityId: 'o', productAccountId: 'win', thresholds: [{ metric: 'logins_7d', threshold: 3 }] })],
        NOW
      )
    ).rejects.toThrow(
      new MetricsRequestError(
        'unknown metric "logins_7d"; expected a metric key: "event:<event name>" (e.g. "event:report_created") or one of active_users_30d, active_days_30d, seat_utilization'
      )
    );
    await expect(
      store.computeMetrics(
        [
          request({
            opportunityId: 'o',
            productAccountId: 'win',
            thresholds: [{ metric: 'last_activity', threshold: 1 }]
          })
        ],
        NOW
      )
    ).rejects.toThrow('last_activity is a time, not an amount');
    await expect(
      store.computeMetrics([request({ opportunityId: 'o', productAccountId: 'win', closeDate: '2026-02-30' })], NOW)
    ).rejects.toThrow('opportunity o: closeDate must be a date as YYYY-MM-DD, got "2026-02-30"');
    await expect(store.computeMetrics([request({ opportunityId: 'o', productAccountId: '' })], NOW)).rejects.toThrow(
      'opportunity o: productAccountId is required'
    );
  });
});
