// Usage events for the benchmark's accounts: M events over the 120 days before `now`,
// generated batch by batch so a million of them never sit in memory at once. Busy
// accounts send many more events than quiet ones, each account's activity follows its
// profile (declining accounts went quiet a month or more ago, new ones started at their
// close date), and the names include every event the playbooks' milestones count.

import type { UsageEvent } from '../../worker/ingest/event.js';
import type { BookAccount } from './book.js';
import { Random } from './random.js';

export const EVENT_DAYS = 120;
const DAY_MS = 86_400_000;

const EVENT_NAMES: readonly (readonly [string, number])[] = [
  ['page_viewed', 45],
  ['signed_in', 14],
  ['report_created', 15],
  ['campaign_sent', 12],
  ['dashboard_shared', 6],
  ['user_invited', 3],
  ['integration_connected', 1],
  ['export_downloaded', 4]
];

export interface EventOptions {
  /** how many events in all */
  total: number;
  now: Date;
  /** events per batch yielded */
  batchSize: number;
  /** messageIds are `<idPrefix>-<n>`; different prefixes never collide */
  idPrefix: string;
  seed: number;
  /** events only in this window instead of each account's own 120-day activity */
  window?: { from: Date; to: Date };
}

interface Source {
  productAccountId: string;
  users: number;
  from: number;
  to: number;
  /** events lean towards the end of the window (a growing account) */
  growing: boolean;
}

/** Each account's window of activity, in epoch ms. */
function sourceOf(account: BookAccount & { productAccountId: string }, now: number, random: Random): Source {
  const start = now - EVENT_DAYS * DAY_MS;
  const base = {
    productAccountId: account.productAccountId,
    users: account.users,
    growing: account.profile === 'growing'
  };
  switch (account.profile) {
    case 'declining':
      return { ...base, from: start, to: now - random.int(35, 90) * DAY_MS };
    case 'dormant':
      return { ...base, from: start, to: start + 20 * DAY_MS };
    case 'new':
      return {
        ...base,
        from: Math.max(start, account.activeSince ? Date.parse(`${account.activeSince}T00:00:00Z`) : start),
        to: now
      };
    default:
      return { ...base, from: start, to: now };
  }
}

/** Index of the first cumulative weight above `point` (binary search). */
function findIndex(cumulative: readonly number[], point: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((cumulative[mid] as number) > point) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Yields the events in batches of `batchSize` (the last one may be smaller). */
export function* eventBatches(accounts: readonly BookAccount[], options: EventOptions): Generator<UsageEvent[]> {
  const random = new Random(options.seed);
  const now = options.now.getTime();
  const sources = accounts
    .filter((a): a is BookAccount & { productAccountId: string } => a.productAccountId !== null)
    .map((account) => ({ account, source: sourceOf(account, now, random) }));
  if (sources.length === 0 || options.total <= 0) return;
  const cumulative: number[] = [];
  let sum = 0;
  for (const { account } of sources) cumulative.push((sum += account.weight));

  let batch: UsageEvent[] = [];
  for (let n = 0; n < options.total; n++) {
    const { source } = sources[findIndex(cumulative, random.next() * sum)] as { source: Source };
    const from = options.window ? options.window.from.getTime() : source.from;
    const to = options.window ? options.window.to.getTime() : source.to;
    const u = random.next();
    const at = Math.min(to, Math.floor(from + (to - from) * (source.growing ? Math.sqrt(u) : u)));
    // a few people use the product most: user 0 far more often than the last one
    const user = Math.floor(source.users * random.next() * random.next());
    batch.push({
      accountId: source.productAccountId,
      userId: `${source.productAccountId}-u${user}`,
      name: random.weighted(EVENT_NAMES),
      timestamp: new Date(at).toISOString(),
      messageId: `${options.idPrefix}-${n}`,
      properties: null
    });
    if (batch.length === options.batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
