import { toOpportunity } from './scope-records.js';

// An Opportunity as the REST query API returns it (child sets as query results, parent as a record).
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    attributes: { type: 'Opportunity', url: '/services/data/v62.0/sobjects/Opportunity/006000000000001AAA' },
    Id: '006000000000001AAA',
    Name: 'Acme renewal',
    Type: 'New Business',
    AccountId: '001000000000001AAA',
    Account: { attributes: { type: 'Account' }, Name: 'Acme', Product_Account_Id__c: 'acme' },
    CloseDate: '2026-01-15',
    Amount: 12000.5,
    OwnerId: '005000000000001AAA',
    IsWon: true,
    CS_Owner__c: null,
    Implementation_Type__c: 'Multi-Phase Project',
    Licensed_Seats__c: 40,
    Contract_End_Date__c: '2027-01-14',
    Kickoff_Date__c: null,
    Post_Sale_Status__c: 'Implementing',
    Onboarded__c: false,
    Onboarded_Date__c: null,
    Days_To_First_Value__c: null,
    Health_Score__c: 71,
    Health_Grade__c: 'B',
    Health_Trend__c: -4,
    Health_Drivers__c: '-14.0 seat_utilization: 22% of seats active (target 60%)',
    Health_Updated_At__c: '2026-04-30T09:00:00.000+0000',
    Active_Users_30d__c: 9,
    Last_Product_Activity__c: '2026-04-29T17:45:12.345+0000',
    Implementation_Stages__r: {
      totalSize: 2,
      done: true,
      records: [
        {
          Id: 'a00000000000001AAA',
          Stage_Key__c: '006000000000001AAA:kickoff',
          Name: 'Kickoff call',
          Sequence__c: 1,
          Status__c: 'Done',
          Is_Kickoff__c: true,
          Target_Date__c: '2026-01-22',
          Completed_Date__c: '2026-01-20',
          Service_Satisfaction__c: 'Unsatisfied'
        },
        { Id: 'a00000000000002AAA', Stage_Key__c: null, Name: 'Extra', Sequence__c: null, Status__c: null }
      ]
    },
    Success_Milestones__r: {
      totalSize: 1,
      done: true,
      records: [
        {
          Id: 'a01000000000001AAA',
          Milestone_Key__c: '006000000000001AAA:first-campaign',
          Name: 'First campaign sent',
          Kind__c: 'Product',
          Sequence__c: 1,
          Status__c: 'Achieved',
          Target_Date__c: '2026-02-14',
          Achieved_At__c: '2026-02-03T10:12:00.000+0000',
          Is_First_Value__c: true,
          Usage_Metric__c: 'event:campaign_sent',
          Usage_Threshold__c: 1,
          Evidence__c: 'usage: event:campaign_sent reached 1 at 2026-02-03T10:12:00Z',
          Expansion_Signal__c: false,
          Advocacy_Ask__c: false
        }
      ]
    },
    Business_Reviews__r: null,
    Health_Changes__r: {
      totalSize: 1,
      done: true,
      records: [
        {
          Change_Key__c: '006000000000001AAA:2026-04-30T09:00:00Z',
          Score__c: 71,
          Previous_Score__c: 78,
          Grade__c: 'B',
          Previous_Grade__c: 'B',
          Changed_At__c: '2026-04-30T09:00:00.000+0000',
          Drivers__c: 'lines'
        }
      ]
    },
    ...overrides
  };
}

test('a full record maps to the core Opportunity, date-times normalised to ISO UTC', () => {
  const opp = toOpportunity(record());
  expect(opp).toMatchObject({
    id: '006000000000001AAA',
    accountName: 'Acme',
    productAccountId: 'acme',
    closeDate: '2026-01-15',
    amount: 12000.5,
    csOwnerId: null,
    implementationType: 'Multi-Phase Project',
    healthGrade: 'B',
    healthUpdatedAt: '2026-04-30T09:00:00Z',
    lastProductActivity: '2026-04-29T17:45:12.345Z',
    onboarded: false,
    reviews: [],
    lastHealthChange: {
      key: '006000000000001AAA:2026-04-30T09:00:00Z',
      score: 71,
      previousScore: 78,
      grade: 'B',
      previousGrade: 'B',
      changedAt: '2026-04-30T09:00:00Z',
      drivers: 'lines'
    }
  });
  if ('opportunityId' in opp) throw new Error('expected an opportunity');
  expect(opp.stages).toEqual([
    {
      id: 'a00000000000001AAA',
      key: '006000000000001AAA:kickoff',
      name: 'Kickoff call',
      sequence: 1,
      status: 'Done',
      isKickoff: true,
      targetDate: '2026-01-22',
      completedDate: '2026-01-20',
      productSatisfaction: null,
      serviceSatisfaction: 'Unsatisfied'
    },
    // made by hand: no key, no sequence, no status yet → sequence 0, status To Do
    {
      id: 'a00000000000002AAA',
      key: null,
      name: 'Extra',
      sequence: 0,
      status: 'To Do',
      isKickoff: false,
      targetDate: null,
      completedDate: null,
      productSatisfaction: null,
      serviceSatisfaction: null
    }
  ]);
  expect(opp.milestones[0]).toMatchObject({
    achievedAt: '2026-02-03T10:12:00Z',
    usageThreshold: 1,
    isFirstValue: true
  });
});

test('an account without a product id, or no account at all, gives null usage key', () => {
  const noProductId = toOpportunity(record({ Account: { Name: 'Beta', Product_Account_Id__c: null } }));
  expect(noProductId).toMatchObject({ accountName: 'Beta', productAccountId: null });
  const noAccount = toOpportunity(record({ AccountId: null, Account: null }));
  expect(noAccount).toMatchObject({ accountId: null, accountName: null, productAccountId: null });
});

test('a value the core has no rule for keeps the opportunity out, naming record, field and value', () => {
  const stages = record().Implementation_Stages__r as { records: Record<string, unknown>[] };
  const badStage = { ...stages.records[0], Status__c: 'Blocked' };
  expect(toOpportunity(record({ Implementation_Stages__r: { done: true, records: [badStage] } }))).toEqual({
    opportunityId: '006000000000001AAA',
    object: 'Implementation_Stage__c',
    recordId: 'a00000000000001AAA',
    field: 'Status__c',
    value: 'Blocked',
    message: 'Status__c is "Blocked"; expected one of To Do, Scheduled, In Progress, Done, On Hold'
  });
  expect(toOpportunity(record({ Implementation_Type__c: 'Enterprise' }))).toMatchObject({
    object: 'Opportunity',
    recordId: '006000000000001AAA',
    field: 'Implementation_Type__c'
  });
  expect(toOpportunity(record({ CloseDate: '2026-02-30' }))).toMatchObject({ field: 'CloseDate', value: '2026-02-30' });
});
