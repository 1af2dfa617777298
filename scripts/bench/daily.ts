// A realistic day between two syncs: about 5% of the opportunities in scope change. A
// third of them get new usage events, a third have a stage marked Done by hand, a third
// have their licensed seats changed. The org changes go through the REST API before the
// re-sync's stats are read, so they are not counted as the sync's calls.

import jsforce from 'jsforce';
import { toDate } from '../../worker/core/dates.js';
import { soqlStringList } from '../../worker/salesforce/soql.js';
import type { Store } from '../../worker/store/store.js';
import type { LocalOrg } from '../../test/local-org/index.js';
import type { Book } from './book.js';
import { ingestBatches } from './ingest.js';
import { Random } from './random.js';
import { eventBatches } from './usage.js';

export const DAILY_CHANGE_SHARE = 0.05;
const EVENTS_PER_ACTIVE_ACCOUNT = 25;
const DAY_MS = 86_400_000;
const IN_CLAUSE = 300;

export interface DailyChanges {
  opportunities: number;
  withNewEvents: number;
  newEvents: number;
  stagesMarkedDone: number;
  seatsChanged: number;
}

export async function applyDailyChanges(
  org: LocalOrg,
  store: Store,
  book: Book,
  now: Date,
  apiVersion: string
): Promise<DailyChanges> {
  const random = new Random(7);
  const candidates = book.opportunities.filter(
    (o) => o.situation !== 'contract-ended' && book.accounts[o.accountIndex]?.productAccountId
  );
  const count = Math.max(3, Math.round(book.opportunities.length * DAILY_CHANGE_SHARE));
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, candidates.length)) chosen.add(random.int(0, candidates.length - 1));
  const picked = [...chosen].map((i) => candidates[i] as (typeof candidates)[number]);
  const forEvents = picked.filter((_, i) => i % 3 === 0);
  const forStages = picked.filter((_, i) => i % 3 === 1);
  const forSeats = picked.filter((_, i) => i % 3 === 2);

  const accounts = [...new Set(forEvents.map((o) => o.accountIndex))].map(
    (i) => book.accounts[i] as Book['accounts'][number]
  );
  const ingested = await ingestBatches(
    store,
    eventBatches(accounts, {
      total: accounts.length * EVENTS_PER_ACTIVE_ACCOUNT,
      now,
      batchSize: 500,
      idPrefix: 'bench-day',
      seed: 11,
      // weights follow each account's size; the day's events fall in the last 24 hours
      window: { from: new Date(now.getTime() - DAY_MS), to: now }
    })
  );

  const conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: apiVersion });
  const today = toDate(now);
  const stageUpdates: { Id: string; Status__c: string; Completed_Date__c: string }[] = [];
  for (let from = 0; from < forStages.length; from += IN_CLAUSE) {
    const ids = forStages.slice(from, from + IN_CLAUSE).map((o) => o.id);
    const result = await conn.query<{ Id: string; Opportunity__c: string }>(
      `SELECT Id, Opportunity__c FROM Implementation_Stage__c WHERE Opportunity__c IN ${soqlStringList(ids)} AND Status__c != 'Done' ORDER BY Sequence__c`
    );
    const seen = new Set<string>();
    for (const stage of result.records) {
      if (seen.has(stage.Opportunity__c)) continue;
      seen.add(stage.Opportunity__c);
      stageUpdates.push({ Id: stage.Id, Status__c: 'Done', Completed_Date__c: today });
    }
  }
  const seatUpdates = forSeats.map((o) => ({
    Id: o.id,
    Licensed_Seats__c: (book.accounts[o.accountIndex]?.seats ?? 10) + 5
  }));
  await updateAll(conn, 'Implementation_Stage__c', stageUpdates);
  await updateAll(conn, 'Opportunity', seatUpdates);

  return {
    opportunities: picked.length,
    withNewEvents: forEvents.length,
    newEvents: ingested.inserted,
    stagesMarkedDone: stageUpdates.length,
    seatsChanged: seatUpdates.length
  };
}

async function updateAll(
  conn: jsforce.Connection,
  sobject: string,
  records: ({ Id: string } & Record<string, unknown>)[]
): Promise<void> {
  if (records.length === 0) return;
  const results = await conn.sobject(sobject).update(records, { allOrNone: true, allowRecursive: true });
  const failed = results.filter((r) => !r.success);
  if (failed.length > 0)
    throw new Error(`could not apply the day's changes to ${sobject}: ${JSON.stringify(failed[0])}`);
}
