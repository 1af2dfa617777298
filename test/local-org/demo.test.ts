// The demo book of business: every post-sale situation the demo and the preview show, and
// DEMO_ACCOUNTS in step with what is in the org. Today is 2026-05-01.

import type { LocalOrg } from './index.js';
import { DEMO_ACCOUNTS } from './index.js';
import { connect, startTestOrg } from './testing.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg({ seed: 'demo' });
});
afterAll(() => org.close());

interface Deal {
  Name: string;
  Type: string | null;
  CloseDate: string;
  Contract_End_Date__c: string | null;
  Kickoff_Date__c: string | null;
  Post_Sale_Status__c: string | null;
  Licensed_Seats__c: number;
  Account: { Product_Account_Id__c: string | null };
  Implementation_Stages__r: { records: { Status__c: string; Is_Kickoff__c: boolean }[] } | null;
  Health_Changes__r: { totalSize: number } | null;
}

const wonDeals = async (): Promise<Deal[]> =>
  (
    await connect(org).query<Deal>(
      `SELECT Name, Type, CloseDate, Contract_End_Date__c, Kickoff_Date__c, Post_Sale_Status__c, Licensed_Seats__c, Account.Product_Account_Id__c,
              (SELECT Status__c, Is_Kickoff__c FROM Implementation_Stages__r), (SELECT Id FROM Health_Changes__r)
       FROM Opportunity WHERE IsWon = true`
    )
  ).records;

test('every lifecycle situation is there', async () => {
  const deals = await wonDeals();
  const statuses = new Set(deals.map((d) => d.Post_Sale_Status__c));
  for (const status of ['Kickoff Scheduled', 'Implementing', 'Onboarded', 'At Risk', 'Renewal Due'])
    expect(statuses).toContain(status);
  // Just won, nothing applied yet: the next sync gives it a playbook.
  expect(
    deals.some((d) => d.CloseDate >= '2026-04-24' && d.Implementation_Stages__r === null && d.Kickoff_Date__c === null)
  ).toBe(true);
  // A contract that ended long ago (out of scope: more than 30 days past).
  expect(deals.some((d) => d.Contract_End_Date__c !== null && d.Contract_End_Date__c < '2026-04-01')).toBe(true);
  // A renewal within 90 days (by 2026-07-30).
  expect(
    deals.some(
      (d) =>
        d.Contract_End_Date__c !== null &&
        d.Contract_End_Date__c > '2026-05-01' &&
        d.Contract_End_Date__c <= '2026-07-30'
    )
  ).toBe(true);
  expect(deals.some((d) => d.Type === 'Existing Customer - Upgrade')).toBe(true);
  expect(deals.some((d) => d.Account.Product_Account_Id__c === null)).toBe(true);
  // A kickoff scheduled but not held.
  expect(
    deals.some((d) => d.Implementation_Stages__r?.records.some((s) => s.Is_Kickoff__c && s.Status__c === 'Scheduled'))
  ).toBe(true);
  // History for some, none for others.
  expect(deals.filter((d) => (d.Health_Changes__r?.totalSize ?? 0) > 0).length).toBeGreaterThan(3);
  expect(deals.filter((d) => d.Implementation_Stages__r === null).length).toBeGreaterThan(2);
});

test('open and lost deals, account managers and contacts', async () => {
  const conn = connect(org);
  expect((await conn.query(`SELECT Id FROM Opportunity WHERE IsClosed = false`)).totalSize).toBeGreaterThan(0);
  expect((await conn.query(`SELECT Id FROM Opportunity WHERE StageName = 'Closed Lost'`)).totalSize).toBeGreaterThan(0);
  expect((await conn.query(`SELECT Id FROM User WHERE Title = 'Account Manager'`)).totalSize).toBeGreaterThanOrEqual(4);
  expect((await conn.query(`SELECT Id FROM Contact`)).totalSize).toBeGreaterThan(12);
});

test('DEMO_ACCOUNTS match the accounts and first won deals in the org', async () => {
  const deals = await wonDeals();
  expect(DEMO_ACCOUNTS.length).toBeGreaterThanOrEqual(10);
  for (const account of DEMO_ACCOUNTS) {
    const first = deals
      .filter(
        (d) => d.Account.Product_Account_Id__c === account.productAccountId && d.Type !== 'Existing Customer - Upgrade'
      )
      .sort((a, b) => a.CloseDate.localeCompare(b.CloseDate))[0];
    expect(first?.Licensed_Seats__c).toBe(account.seats);
    // closedDaysAgo counts back from 2026-05-01.
    const closed = new Date(Date.parse('2026-05-01T00:00:00Z') - account.closedDaysAgo * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(first?.CloseDate).toBe(closed);
  }
  expect(new Set(DEMO_ACCOUNTS.map((a) => a.profile))).toEqual(new Set(['healthy', 'declining', 'new', 'inactive']));
});
