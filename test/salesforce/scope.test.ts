// The scope read (DESIGN §4) against the local org: which won opportunities are in, their
// accounts and children as the core sees them, and every page of a large result.

import { connect, type SalesforceSession } from '../../worker/salesforce/session.js';
import { readScope } from '../../worker/salesforce/scope.js';
import { NOW, accessTokenSettings, apiCalls, startOrg, type LocalOrg } from './support.js';

let org: LocalOrg;
let session: SalesforceSession;

beforeAll(async () => {
  org = await startOrg();
  session = await connect(accessTokenSettings(org));
});

afterAll(async () => {
  await org.close();
});

beforeEach(async () => {
  org.reset();
});

const won = { StageName: 'Closed Won' };

test('in and out of scope at 2026-05-01, by the rules of DESIGN §4', async () => {
  const [acme, beta] = await org.insert('Account', [
    { Name: 'Acme', Product_Account_Id__c: 'acme' },
    { Name: 'Beta (no product id)' }
  ]);
  // today 2026-05-01: CloseDate must be ≥ 2023-05-01, Contract_End_Date__c blank or ≥ 2026-04-01
  const ids = await org.insert('Opportunity', [
    { Name: 'in: recent win', AccountId: acme, ...won, CloseDate: '2026-01-15' },
    { Name: 'out: lost', AccountId: acme, StageName: 'Closed Lost', CloseDate: '2026-01-15' },
    { Name: 'out: open', AccountId: acme, StageName: 'Prospecting', CloseDate: '2026-06-30' },
    { Name: 'out: closed 3 years and 1 day ago', AccountId: acme, ...won, CloseDate: '2023-04-30' },
    { Name: 'in: closed exactly 3 years ago', AccountId: acme, ...won, CloseDate: '2023-05-01' },
    {
      Name: 'out: contract ended 31 days ago',
      AccountId: acme,
      ...won,
      CloseDate: '2025-04-01',
      Contract_End_Date__c: '2026-03-31'
    },
    {
      Name: 'in: contract ended 30 days ago',
      AccountId: acme,
      ...won,
      CloseDate: '2025-04-02',
      Contract_End_Date__c: '2026-04-01'
    },
    { Name: 'in: no product id', AccountId: beta, ...won, CloseDate: '2026-02-01', Contract_End_Date__c: '2027-01-31' }
  ]);
  const { opportunities, problems } = await readScope(session, NOW);
  expect(problems).toEqual([]);
  // ordered by CloseDate
  expect(opportunities.map((o) => o.name)).toEqual([
    'in: closed exactly 3 years ago',
    'in: contract ended 30 days ago',
    'in: recent win',
    'in: no product id'
  ]);
  const noProductId = opportunities.find((o) => o.name === 'in: no product id');
  expect(noProductId).toMatchObject({
    id: ids[7],
    accountId: beta,
    accountName: 'Beta (no product id)',
    productAccountId: null,
    closeDate: '2026-02-01',
    contractEndDate: '2027-01-31',
    stages: [],
    milestones: [],
    reviews: [],
    lastHealthChange: null
  });
  expect(opportunities.find((o) => o.name === 'in: recent win')).toMatchObject({
    productAccountId: 'acme',
    accountName: 'Acme'
  });
});

test('children come in Sequence__c order, with only the newest health change, date-times in UTC', async () => {
  const [account] = await org.insert('Account', [{ Name: 'Acme', Product_Account_Id__c: 'acme' }]);
  const [opp] = await org.insert('Opportunity', [
    {
      Name: 'Acme',
      AccountId: account,
      ...won,
      CloseDate: '2026-01-15',
      Health_Score__c: 71,
      Health_Grade__c: 'B',
      Health_Updated_At__c: '2026-04-30T09:00:00.000Z'
    }
  ]);
  await org.insert('Implementation_Stage__c', [
    { Opportunity__c: opp, Name: 'Training', Sequence__c: 2, Status__c: 'To Do', Stage_Key__c: `${opp}:training` },
    {
      Opportunity__c: opp,
      Name: 'Kickoff',
      Sequence__c: 1,
      Status__c: 'Done',
      Is_Kickoff__c: true,
      Completed_Date__c: '2026-01-20',
      Stage_Key__c: `${opp}:kickoff`
    }
  ]);
  await org.insert('Success_Milestone__c', [
    {
      Opportunity__c: opp,
      Name: 'Campaign sent',
      Kind__c: 'Product',
      Sequence__c: 1,
      Status__c: 'Achieved',
      Achieved_At__c: '2026-02-03T10:12:00.000Z',
      Is_First_Value__c: true
    }
  ]);
  await org.insert('Business_Review__c', [
    {
      Opportunity__c: opp,
      Name: 'QBR 2',
      Review_Type__c: 'QBR',
      Sequence__c: 2,
      Status__c: 'To Schedule',
      Due_Date__c: '2026-07-15'
    },
    {
      Opportunity__c: opp,
      Name: 'QBR 1',
      Review_Type__c: 'QBR',
      Sequence__c: 1,
      Status__c: 'Completed',
      Due_Date__c: '2026-04-15'
    }
  ]);
  await org.insert('Health_Change__c', [
    {
      Opportunity__c: opp,
      Score__c: 80,
      Grade__c: 'B',
      Changed_At__c: '2026-03-01T09:00:00.000Z',
      Change_Key__c: `${opp}:1`
    },
    {
      Opportunity__c: opp,
      Score__c: 71,
      Previous_Score__c: 80,
      Grade__c: 'B',
      Previous_Grade__c: 'B',
      Changed_At__c: '2026-04-30T09:00:00.000Z',
      Change_Key__c: `${opp}:2`
    },
    {
      Opportunity__c: opp,
      Score__c: 86,
      Grade__c: 'A',
      Changed_At__c: '2026-02-01T09:00:00.000Z',
      Change_Key__c: `${opp}:0`
    }
  ]);
  const { opportunities } = await readScope(session, NOW);
  expect(opportunities).toHaveLength(1);
  const [read] = opportunities;
  expect(read?.stages.map((s) => [s.sequence, s.name, s.status, s.isKickoff, s.completedDate])).toEqual([
    [1, 'Kickoff', 'Done', true, '2026-01-20'],
    [2, 'Training', 'To Do', false, null]
  ]);
  expect(read?.milestones[0]).toMatchObject({
    achievedAt: '2026-02-03T10:12:00Z',
    isFirstValue: true,
    kind: 'Product'
  });
  expect(read?.reviews.map((r) => r.name)).toEqual(['QBR 1', 'QBR 2']);
  expect(read?.lastHealthChange).toEqual({
    key: `${opp}:2`,
    score: 71,
    previousScore: 80,
    grade: 'B',
    previousGrade: 'B',
    changedAt: '2026-04-30T09:00:00Z',
    drivers: ''
  });
  expect(read).toMatchObject({ healthScore: 71, healthGrade: 'B', healthUpdatedAt: '2026-04-30T09:00:00Z' });
});

test('2,450 opportunities come back whole, page after page', async () => {
  const [account] = await org.insert('Account', [{ Name: 'Big', Product_Account_Id__c: 'big' }]);
  const rows = Array.from({ length: 2450 }, (_, i) => ({
    Name: `Deal ${String(i).padStart(4, '0')}`,
    AccountId: account,
    ...won,
    CloseDate: '2026-02-01'
  }));
  await org.insert('Opportunity', rows);
  const before = apiCalls(org);
  const { opportunities } = await readScope(session, NOW);
  const after = apiCalls(org);
  expect(opportunities).toHaveLength(2450);
  expect(new Set(opportunities.map((o) => o.id)).size).toBe(2450);
  // the local org pages at 2,000 rows: ⌈2450 / 2000⌉ = 2 query calls (the first and one
  // nextRecordsUrl), and nothing else
  expect(after.byKind.query - before.byKind.query).toBe(2);
  expect(after.total - before.total).toBe(2);
});
