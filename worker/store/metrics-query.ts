// DESIGN §4.1 metrics for many opportunities at once, computed by the database: the
// events never come into Node, only one row per account, per (account, event name) and per
// threshold. Every request array is sent as a PostgreSQL array and unnested, so the number
// of round trips does not grow with the number of opportunities.
//
// Windows: active in the last 30 days means a timestamp in (now − 30 d, now]; the 30 days
// before that are (now − 60 d, now − 30 d]; "since the close date" means at or after the
// close date's UTC midnight, or the UTC midnight of a threshold's own `since` date when it
// has one (feature adoption counts from the feature's availability). Events after `now` are ignored everywhere. Events at the same
// instant are ordered by message id in the "C" collation, the same on every server.
//
// Rolling thresholds (active_users_30d, active_days_30d, seat_utilization) are dated by a
// sweep: each member (a user, or a UTC day) is active from one of its events until 30 days
// after its last event, so every run of events with gaps under 30 days adds +1 at its first
// event and -1 thirty days after its last. A running sum over those points, ordered by time
// with -1 before +1 at the same instant (an event exactly 30 days old has left the
// window), gives the window's count at every event; the first +1 point where the count
// reaches k is the crossing. The matching of thresholds to levels happens in Node, on at
// most one row per level, because a join there tempts the planner into a nested loop. Only events at or after the close date count, for the window
// contents as well as for the crossing event.
import type { MetricsRequest, UsageMetrics } from '../core/types.js';
import type { Queryable } from './driver.js';
import { MetricsRequestError } from './errors.js';
import { thresholdTarget, WINDOW_MS, type ThresholdTarget } from './metric-keys.js';

const WINDOW = "interval '720 hours'"; // 30 × 24 h, independent of the session time zone

function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

function dayStart(request: MetricsRequest, what: string, date: unknown): string {
  const match = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  const start = match ? new Date(`${String(date)}T00:00:00.000Z`) : null;
  if (!start || Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== date) {
    throw new MetricsRequestError(
      `opportunity ${request.opportunityId}: ${what} must be a date as YYYY-MM-DD, got ${JSON.stringify(date)}`
    );
  }
  return start.toISOString();
}

/** Collects distinct lookups and hands each an index, so equal questions are asked once. */
class Lookups<T> {
  readonly items: T[] = [];
  readonly #index = new Map<string, number>();

  add(item: T): number {
    const key = JSON.stringify(item);
    let index = this.#index.get(key);
    if (index === undefined) {
      index = this.items.push(item) - 1;
      this.#index.set(key, index);
    }
    return index;
  }

  column<K extends keyof T>(key: K): T[K][] {
    return this.items.map((item) => item[key]);
  }
}

interface AccountWindow {
  last_activity: unknown;
  active_users_30d: number;
  active_users_prior_30d: number;
  active_days_30d: number;
}

async function accountWindows(db: Queryable, accounts: string[], now: Date): Promise<Map<string, AccountWindow>> {
  if (accounts.length === 0) return new Map();
  const minus = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const rows = await db.query<AccountWindow & { account_id: string }>(
    `SELECT a.account_id,
       (SELECT max(e.ts) FROM events e WHERE e.account_id = a.account_id AND e.ts <= $2) AS last_activity,
       (SELECT count(DISTINCT e.user_id)::int FROM events e
         WHERE e.account_id = a.account_id AND e.ts > $3 AND e.ts <= $2) AS active_users_30d,
       (SELECT count(DISTINCT e.user_id)::int FROM events e
         WHERE e.account_id = a.account_id AND e.ts > $4 AND e.ts <= $3) AS active_users_prior_30d,
       (SELECT count(DISTINCT (e.ts AT TIME ZONE 'UTC')::date)::int FROM events e
         WHERE e.account_id = a.account_id AND e.ts > $3 AND e.ts <= $2) AS active_days_30d
     FROM unnest($1::text[]) AS a(account_id)`,
    [accounts, now.toISOString(), minus(WINDOW_MS), minus(2 * WINDOW_MS)]
  );
  return new Map(rows.map((row) => [row.account_id, row]));
}

interface EventLookup {
  accountId: string;
  name: string;
  since: string;
}

async function eventCounts(db: Queryable, lookups: Lookups<EventLookup>, now: Date): Promise<number[]> {
  if (lookups.items.length === 0) return [];
  const rows = await db.query<{ i: number; n: number }>(
    `SELECT q.i, (SELECT count(*)::int FROM events e
        WHERE e.account_id = q.account_id AND e.name = q.name AND e.ts >= q.since AND e.ts <= $5) AS n
     FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[]) AS q(i, account_id, name, since)`,
    [
      lookups.items.map((_, i) => i),
      lookups.column('accountId'),
      lookups.column('name'),
      lookups.column('since'),
      now.toISOString()
    ]
  );
  const counts: number[] = [];
  for (const row of rows) counts[row.i] = row.n;
  return counts;
}

interface NthEventLookup extends EventLookup {
  n: number;
}

async function nthEvents(db: Queryable, lookups: Lookups<NthEventLookup>, now: Date): Promise<(string | null)[]> {
  if (lookups.items.length === 0) return [];
  const rows = await db.query<{ i: number; reached_at: unknown }>(
    `SELECT q.i, (SELECT e.ts FROM events e
        WHERE e.account_id = q.account_id AND e.name = q.name AND e.ts >= q.since AND e.ts <= $6
        ORDER BY e.ts, e.message_id COLLATE "C" OFFSET q.n - 1 LIMIT 1) AS reached_at
     FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[]) AS q(i, account_id, name, since, n)`,
    [
      lookups.items.map((_, i) => i),
      lookups.column('accountId'),
      lookups.column('name'),
      lookups.column('since'),
      lookups.column('n'),
      now.toISOString()
    ]
  );
  const reached: (string | null)[] = [];
  for (const row of rows) reached[row.i] = toIso(row.reached_at);
  return reached;
}

interface RollingLookup {
  accountId: string;
  since: string;
  kind: 'users' | 'days';
  k: number;
}

async function rollingCrossings(db: Queryable, lookups: Lookups<RollingLookup>, now: Date): Promise<(string | null)[]> {
  if (lookups.items.length === 0) return [];
  // one sweep per (account, since, kind), going up to the highest k asked of it
  const groups = new Lookups<Omit<RollingLookup, 'k'>>();
  const maxK: number[] = [];
  const groupOf = lookups.items.map(({ accountId, since, kind, k }) => {
    const g = groups.add({ accountId, since, kind });
    maxK[g] = Math.max(maxK[g] ?? 0, k);
    return g;
  });
  // The count moves in steps of one, so it first reaches k at the first +1 point where it
  // equals k: the answer is one row per (group, level ≤ max k), whatever the events' number.
  const rows = await db.query<{ g: number; level: number; reached_at: unknown }>(
    `WITH g AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::text[], $5::bigint[]) AS g(g, account_id, since, kind, max_k)
     ),
     ev AS (
       SELECT g.g, g.max_k, e.ts, e.message_id COLLATE "C" AS message_id,
              CASE WHEN g.kind = 'users' THEN e.user_id ELSE to_char(e.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') END COLLATE "C" AS member
       FROM g JOIN events e ON e.account_id = g.account_id AND e.ts >= g.since AND e.ts <= $6
     ),
     marked AS (
       SELECT g, max_k, ts, message_id, lag(ts) OVER m AS prev_ts, lead(ts) OVER m AS next_ts
       FROM ev WINDOW m AS (PARTITION BY g, member ORDER BY ts, message_id)
     ),
     points AS (
       SELECT g, max_k, ts AS at, 1 AS delta, message_id FROM marked
        WHERE prev_ts IS NULL OR ts - prev_ts >= ${WINDOW}
       UNION ALL
       SELECT g, max_k, ts + ${WINDOW}, -1, message_id FROM marked
        WHERE next_ts IS NULL OR next_ts - ts >= ${WINDOW}
     ),
     running AS (
       SELECT g, max_k, at, delta, sum(delta) OVER (PARTITION BY g ORDER BY at, delta, message_id ROWS UNBOUNDED PRECEDING) AS active
       FROM points
     )
     SELECT g, active::int AS level, min(at) AS reached_at
     FROM running
     WHERE delta = 1 AND active <= max_k
     GROUP BY g, active`,
    [
      groups.items.map((_, g) => g),
      groups.column('accountId'),
      groups.column('since'),
      groups.column('kind'),
      maxK,
      now.toISOString()
    ]
  );
  const reachedAt = new Map(rows.map((row) => [`${row.g}:${row.level}`, toIso(row.reached_at)]));
  return lookups.items.map(({ k }, i) => reachedAt.get(`${groupOf[i]}:${k}`) ?? null);
}

export async function computeMetrics(
  db: Queryable,
  requests: readonly MetricsRequest[],
  now: Date
): Promise<Map<string, UsageMetrics>> {
  const counts = new Lookups<EventLookup>();
  const nth = new Lookups<NthEventLookup>();
  const rolling = new Lookups<RollingLookup>();
  const accounts = new Set<string>();

  const plans = requests.map((request) => {
    if (typeof request.productAccountId !== 'string' || request.productAccountId === '') {
      throw new MetricsRequestError(
        `opportunity ${request.opportunityId}: productAccountId is required (leave opportunities without one out: they have no usage)`
      );
    }
    const since = dayStart(request, 'closeDate', request.closeDate);
    const accountId = request.productAccountId;
    accounts.add(accountId);
    return {
      request,
      counts: [...new Set(request.eventNames)].map((name) => ({
        metric: `event:${name}`,
        lookup: counts.add({ accountId, name, since })
      })),
      thresholds: request.thresholds.map((query) => {
        const target: ThresholdTarget | null = thresholdTarget(query, request.licensedSeats);
        if (target === null) return null;
        const from =
          query.since === undefined ? since : dayStart(request, `the since date of ${query.metric}`, query.since);
        return target.kind === 'event'
          ? { source: 'nth' as const, lookup: nth.add({ accountId, name: target.name, since: from, n: target.n }) }
          : {
              source: 'rolling' as const,
              lookup: rolling.add({ accountId, since: from, kind: target.kind, k: target.k })
            };
      })
    };
  });

  const [windows, countValues, nthValues, rollingValues] = await Promise.all([
    accountWindows(db, [...accounts], now),
    eventCounts(db, counts, now),
    nthEvents(db, nth, now),
    rollingCrossings(db, rolling, now)
  ]);

  const metrics = new Map<string, UsageMetrics>();
  for (const plan of plans) {
    const { request } = plan;
    const window = windows.get(request.productAccountId);
    const activeUsers30d = window?.active_users_30d ?? 0;
    metrics.set(request.opportunityId, {
      eventCounts: Object.fromEntries(plan.counts.map(({ metric, lookup }) => [metric, countValues[lookup] ?? 0])),
      activeUsers30d,
      activeUsersPrior30d: window?.active_users_prior_30d ?? 0,
      activeDays30d: window?.active_days_30d ?? 0,
      seatUtilization: request.licensedSeats ? (100 * activeUsers30d) / request.licensedSeats : null,
      lastActivity: toIso(window?.last_activity),
      thresholds: request.thresholds.map((query, i) => {
        const found = plan.thresholds[i];
        const reachedAt = !found ? null : ((found.source === 'nth' ? nthValues : rollingValues)[found.lookup] ?? null);
        return { ...query, reachedAt };
      })
    });
  }
  return metrics;
}
