// What a targeted run reads in one query per 200 accounts, rooted at Account with nested
// subqueries (worker/salesforce/run-reads.ts), is what a full run reads in four queries for
// the same accounts: the in-scope opportunities with their child sets, their Cairn Tasks,
// and the accounts' cases and contacts. Against the local org after a full sync, with child
// sets longer than one page (200) at each level: the account's cases and contacts, and an
// opportunity's Tasks under the account's opportunities.

import {
  readAccountsScope,
  readWholeScope,
  type ReadWindows,
  type RunReads
} from '../../worker/salesforce/run-reads.js';
import type { GroupedRecords } from '../../worker/salesforce/grouped-records.js';
import type { SalesforceSession } from '../../worker/salesforce/session.js';
import { runSync } from '../../worker/sync/run.js';
import { NOW, seedBook } from '../reliability/helpers/book.js';
import { startHarness, type Harness } from './harness.js';

const WINDOWS: ReadWindows = {
  casesFrom: new Date('2026-02-01T00:00:00Z'),
  tasksClosedSince: new Date('2026-04-01T00:00:00Z')
};

let h: Harness;
let session: SalesforceSession;
let opportunityIds: string[];
let busyAccount: string;

/**
 * The reads of the deals with a product account (the only ones a targeted run can be for),
 * opportunities in id order (the whole scope comes by CloseDate, the targeted read account
 * by account).
 */
function ofProductAccounts(reads: RunReads): RunReads {
  const opportunities = reads.scope.opportunities
    .filter((o) => o.productAccountId !== null)
    .sort((a, b) => a.id.localeCompare(b.id));
  const keep = <T>(groups: GroupedRecords<T>, parentIds: Set<string | null>): GroupedRecords<T> => ({
    byParent: new Map([...groups.byParent].filter(([parentId]) => parentIds.has(parentId))),
    problems: groups.problems.filter((p) => parentIds.has(p.parentId))
  });
  const accounts = new Set(opportunities.map((o) => o.accountId));
  return {
    scope: { opportunities, problems: reads.scope.problems },
    cases: keep(reads.cases, accounts),
    contacts: keep(reads.contacts, accounts),
    tasks: keep(reads.tasks, new Set(opportunities.map((o) => o.id)))
  };
}

beforeAll(async () => {
  h = await startHarness(NOW);
  const book = seedBook(h.org, 8);
  opportunityIds = book.opportunityIds;
  await h.store.insertEvents(book.events);
  const [busy] = (
    await h.conn.query<{ AccountId: string }>(`SELECT AccountId FROM Opportunity WHERE Id = '${opportunityIds[0]}'`)
  ).records;
  busyAccount = busy?.AccountId ?? '';
  h.org.insert(
    'Case',
    Array.from({ length: 230 }, (_, i) => ({ AccountId: busyAccount, Subject: `Case ${i}` }))
  );
  h.org.insert(
    'Contact',
    Array.from({ length: 210 }, (_, i) => ({ AccountId: busyAccount, LastName: `Person ${i}` }))
  );
  h.org.insert(
    'Business_Review__c',
    Array.from({ length: 210 }, (_, i) => ({
      Opportunity__c: opportunityIds[0],
      Name: `Old review ${i}`,
      Review_Type__c: 'QBR',
      Sequence__c: 100 + i,
      Due_Date__c: '2026-03-01',
      Status__c: 'Completed'
    }))
  );
  h.org.insert(
    'Task',
    Array.from({ length: 220 }, (_, i) => ({
      WhatId: opportunityIds[0],
      Subject: `Cairn: check ${i}`,
      Cairn_Alert_Key__c: `${opportunityIds[0]}:by-hand-${i}`
    }))
  );
  // out of scope, on the account of a book deal: lost, and won four years ago
  const [other] = (
    await h.conn.query<{ AccountId: string }>(`SELECT AccountId FROM Opportunity WHERE Id = '${opportunityIds[1]}'`)
  ).records;
  h.org.insert('Opportunity', [
    { Name: 'Lost', AccountId: other?.AccountId, StageName: 'Closed Lost', CloseDate: '2026-04-01' },
    { Name: 'Old', AccountId: other?.AccountId, StageName: 'Closed Won', CloseDate: '2022-04-01' }
  ]);
  const result = await runSync(h.deps);
  expect(result.status).toBe('succeeded');
  session = await h.connector.session();
}, 120_000);

afterAll(() => h?.close());

test('the targeted read of every product account equals the full read', async () => {
  const whole = await readWholeScope(session, new Date(NOW), WINDOWS);
  const accounts = await readAccountsScope(
    session,
    new Date(NOW),
    Array.from({ length: 8 }, (_, i) => `rel-acct-${i}`),
    WINDOWS
  );
  // deals 2 and 6 have no product account
  expect(whole.scope.opportunities).toHaveLength(8);
  expect(accounts.scope.opportunities).toHaveLength(6);
  expect(whole.cases.byParent.get(busyAccount)).toHaveLength(230);
  expect(whole.contacts.byParent.get(busyAccount)).toHaveLength(210);
  // 210 hand-made reviews and those the sync planned: more than one page of the child set
  expect(whole.scope.opportunities.find((o) => o.id === opportunityIds[0])?.reviews.length).toBeGreaterThan(210);
  // 220 by hand, and those the sync created
  expect(whole.tasks.byParent.get(opportunityIds[0] as string)?.length).toBeGreaterThan(220);
  expect(ofProductAccounts(accounts)).toEqual(ofProductAccounts(whole));
});

test('it reads only the accounts asked for, and no Task when every alert rule is off', async () => {
  const read = await readAccountsScope(session, new Date(NOW), ['rel-acct-0', 'rel-acct-3', 'nobody'], {
    ...WINDOWS,
    tasksClosedSince: null
  });
  expect(read.scope.opportunities.map((o) => o.id).sort()).toEqual([opportunityIds[0], opportunityIds[3]].sort());
  expect([...read.cases.byParent.keys()]).toEqual([busyAccount]);
  expect(read.tasks.byParent.size).toBe(0);
});
