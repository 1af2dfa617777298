// Test data for the plugin's end-to-end tests: opportunities, stages and reviews in known
// situations, on a local org whose "now" is 2026-05-01T12:00:00Z. The comments give the rule
// that puts each record in or out of a command's answer; the tests hold the expected rows.
import type { LocalOrg } from '../local-org/index.js';

export const NOW = '2026-05-01T12:00:00Z';

export interface ScenarioIds {
  caseyId: string;
  opp: Record<string, string>;
  review: Record<string, string>;
  contact: Record<string, string>;
}

function one(ids: string[]): string {
  const [id] = ids;
  if (!id) throw new Error('insert returned no id');
  return id;
}

export function seedScenario(org: LocalOrg): ScenarioIds {
  const caseyId = one(
    org.insert('User', [
      {
        Username: 'casey@cairn.local',
        FirstName: 'Casey',
        LastName: 'Jones',
        Alias: 'cjones',
        Email: 'casey@cairn.local'
      }
    ])
  );
  const admin = org.userId;
  const accountNames = ['Acme Corp', 'Globex', 'Initech', "O'Hare & Sons \\ Co", 'Hooli', 'Soylent'];
  const [acme, globex, initech, ohare, hooli, soylent] = org.insert(
    'Account',
    accountNames.map((Name) => ({ Name }))
  );
  const won = 'Closed Won';
  const lost = 'Closed Lost';

  const opportunities: Record<string, Record<string, unknown>> = {
    // kickoff missing --days 14 looks at CloseDate 2026-04-17 … 2026-05-01
    acmeExpansion: {
      Name: 'Acme Expansion',
      AccountId: acme,
      StageName: won,
      CloseDate: '2026-04-20',
      Amount: 12000,
      CS_Owner__c: caseyId
    }, // in: no kickoff at all
    globexPlatform: {
      Name: 'Globex Platform',
      AccountId: globex,
      StageName: won,
      CloseDate: '2026-04-17',
      Amount: 48000,
      CS_Owner__c: admin
    }, // in: kickoff stage Scheduled
    initechRollout: {
      Name: 'Initech Rollout',
      AccountId: initech,
      StageName: won,
      CloseDate: '2026-04-25',
      Kickoff_Date__c: '2026-04-28'
    }, // out: Kickoff_Date__c set
    hooliSuite: { Name: 'Hooli Suite', AccountId: hooli, StageName: won, CloseDate: '2026-04-22' }, // out: kickoff stage Done
    acmeOldDeal: { Name: 'Acme Old Deal', AccountId: acme, StageName: won, CloseDate: '2026-04-16' }, // out: 15 days ago (in with --days 30)
    globexLost: { Name: 'Globex Lost', AccountId: globex, StageName: lost, CloseDate: '2026-04-21' }, // out: not won
    ohareRenewal: { Name: "O'Hare Renewal", AccountId: ohare, StageName: won, CloseDate: '2026-04-17' }, // in: no amount, no owner
    soylentFuture: { Name: 'Soylent Future', AccountId: soylent, StageName: won, CloseDate: '2026-05-03' }, // out: closes after today

    // health list: won with Post_Sale_Status__c; closed in 2025 with the kickoff held
    acmePlatform: {
      Name: 'Acme Platform',
      AccountId: acme,
      StageName: won,
      CloseDate: '2025-06-01',
      Kickoff_Date__c: '2025-06-10',
      CS_Owner__c: admin,
      Post_Sale_Status__c: 'At Risk',
      Health_Score__c: 48,
      Health_Grade__c: 'D',
      Health_Trend__c: -12,
      Health_Drivers__c: '-20.0 milestones: 0 of 2 due milestones achieved\n-9.0 recency: 18 days since last activity',
      Health_Next_Grade__c: 'C at 55: achieve 1 more due milestone'
    },
    globexAnalytics: {
      Name: 'Globex Analytics',
      AccountId: globex,
      StageName: won,
      CloseDate: '2025-07-01',
      Kickoff_Date__c: '2025-07-08',
      CS_Owner__c: caseyId,
      Post_Sale_Status__c: 'Onboarded',
      Health_Score__c: 72,
      Health_Grade__c: 'B',
      Health_Trend__c: 3,
      Health_Drivers__c: '-6.0 seat_utilization: 40% of seats active (target 60%)'
    },
    initechPlatform: {
      Name: 'Initech Platform',
      AccountId: initech,
      StageName: won,
      CloseDate: '2025-08-01',
      Kickoff_Date__c: '2025-08-05',
      CS_Owner__c: caseyId,
      Post_Sale_Status__c: 'Implementing',
      Health_Score__c: 48,
      Health_Grade__c: 'D'
    },
    hooliPlatform: {
      Name: 'Hooli Platform',
      AccountId: hooli,
      StageName: won,
      CloseDate: '2025-09-01',
      Kickoff_Date__c: '2025-09-03',
      CS_Owner__c: admin,
      Post_Sale_Status__c: 'Awaiting Kickoff'
    },
    soylentPlatform: {
      Name: 'Soylent Platform',
      AccountId: soylent,
      StageName: won,
      CloseDate: '2025-10-01',
      Kickoff_Date__c: '2025-10-02',
      CS_Owner__c: admin,
      Post_Sale_Status__c: 'Onboarded',
      Health_Score__c: 91,
      Health_Grade__c: 'A',
      Health_Trend__c: 0,
      Health_Drivers__c: '-1.5 recency: 4 days since last activity'
    },
    soylentUpsell: {
      Name: 'Soylent Upsell',
      AccountId: soylent,
      StageName: won,
      CloseDate: '2025-11-01',
      Kickoff_Date__c: '2025-11-02'
    }, // out: no post-sale status
    initechLost: {
      Name: 'Initech Lost',
      AccountId: initech,
      StageName: lost,
      CloseDate: '2025-11-01',
      Post_Sale_Status__c: 'At Risk',
      Health_Score__c: 20,
      Health_Grade__c: 'F'
    } // out: not won
  };
  const keys = Object.keys(opportunities);
  const oppIds = org.insert(
    'Opportunity',
    keys.map((key) => opportunities[key] as Record<string, unknown>)
  );
  const opp = Object.fromEntries(keys.map((key, i) => [key, oppIds[i] as string]));

  org.insert('Implementation_Stage__c', [
    {
      Opportunity__c: opp.globexPlatform,
      Name: 'Kickoff call',
      Sequence__c: 1,
      Is_Kickoff__c: true,
      Status__c: 'Scheduled',
      Target_Date__c: '2026-05-04'
    },
    {
      Opportunity__c: opp.globexPlatform,
      Name: 'Setup',
      Sequence__c: 2,
      Is_Kickoff__c: false,
      Status__c: 'To Do',
      Target_Date__c: '2026-05-20'
    },
    {
      Opportunity__c: opp.hooliSuite,
      Name: 'Kickoff call',
      Sequence__c: 1,
      Is_Kickoff__c: true,
      Status__c: 'Done',
      Completed_Date__c: '2026-04-29'
    },
    // a Done stage that is not the kickoff does not count
    {
      Opportunity__c: opp.acmeExpansion,
      Name: 'Setup',
      Sequence__c: 2,
      Is_Kickoff__c: false,
      Status__c: 'Done',
      Completed_Date__c: '2026-04-27'
    }
  ]);

  // qbr due --within 60 looks at Due_Date__c ≤ 2026-06-30, status To Schedule
  const reviews: Record<string, Record<string, unknown>> = {
    acmeQbr1: {
      Opportunity__c: opp.acmePlatform,
      Name: 'QBR 1',
      Review_Type__c: 'QBR',
      Sequence__c: 1,
      Due_Date__c: '2026-04-25',
      Status__c: 'To Schedule'
    }, // in: overdue
    acmeQbr2: {
      Opportunity__c: opp.acmePlatform,
      Name: 'QBR 2',
      Review_Type__c: 'QBR',
      Sequence__c: 2,
      Due_Date__c: '2026-06-30',
      Status__c: 'To Schedule'
    }, // in: last day
    acmeQbr3: {
      Opportunity__c: opp.acmePlatform,
      Name: 'QBR 3',
      Review_Type__c: 'QBR',
      Sequence__c: 3,
      Due_Date__c: '2026-07-01',
      Status__c: 'To Schedule'
    }, // out: 61 days
    globexQbr1: {
      Opportunity__c: opp.globexAnalytics,
      Name: 'QBR 1',
      Review_Type__c: 'QBR',
      Sequence__c: 1,
      Due_Date__c: '2026-05-10',
      Status__c: 'Scheduled'
    }, // out: scheduled
    globexRenewal: {
      Opportunity__c: opp.globexAnalytics,
      Name: 'Renewal Review',
      Review_Type__c: 'Renewal Review',
      Sequence__c: 1,
      Due_Date__c: '2026-05-10',
      Status__c: 'To Schedule'
    }, // in
    initechQbr1: {
      Opportunity__c: opp.initechPlatform,
      Name: 'QBR 1',
      Review_Type__c: 'QBR',
      Sequence__c: 1,
      Due_Date__c: '2026-05-10',
      Status__c: 'To Schedule'
    }, // in
    soylentQbr1: {
      Opportunity__c: opp.soylentPlatform,
      Name: 'QBR 1',
      Review_Type__c: 'QBR',
      Sequence__c: 1,
      Due_Date__c: '2026-05-20',
      Status__c: 'Completed'
    }, // out: completed
    soylentQbr2: {
      Opportunity__c: opp.soylentPlatform,
      Name: 'QBR 2',
      Review_Type__c: 'QBR',
      Sequence__c: 2,
      Due_Date__c: '2025-12-01',
      Status__c: 'Cancelled'
    } // out: cancelled
  };
  const reviewKeys = Object.keys(reviews);
  const reviewIds = org.insert(
    'Business_Review__c',
    reviewKeys.map((key) => reviews[key] as Record<string, unknown>)
  );
  const review = Object.fromEntries(reviewKeys.map((key, i) => [key, reviewIds[i] as string]));

  // people quiet (--days 45 from 2026-05-01): key people of the post-sale deals Acme Platform
  // (the admin's) and Globex Analytics (Casey's)
  const people: Record<string, Record<string, unknown>> = {
    pat: { LastName: 'Lee', FirstName: 'Pat', AccountId: acme }, // Executive Sponsor; a call 60 days ago: quiet
    quinn: {
      LastName: 'Ray',
      FirstName: 'Quinn',
      AccountId: acme,
      Contact_Type__c: 'Decision Maker',
      Left_Company__c: true
    }, // left
    rae: { LastName: 'Kim', FirstName: 'Rae', AccountId: acme, Last_Product_Activity__c: '2026-04-21T10:00:00Z' }, // Economic Buyer, active: out
    sam: { LastName: 'Oh', FirstName: 'Sam', AccountId: globex }, // Decision Maker role, never touched
    tess: { LastName: 'Wu', FirstName: 'Tess', AccountId: globex } // Evaluator: not key
  };
  const peopleKeys = Object.keys(people);
  const contactIds = org.insert(
    'Contact',
    peopleKeys.map((key) => people[key] as Record<string, unknown>)
  );
  const contact = Object.fromEntries(peopleKeys.map((key, i) => [key, contactIds[i] as string]));
  org.insert('OpportunityContactRole', [
    { OpportunityId: opp.acmePlatform, ContactId: contact.pat, Role: 'Executive Sponsor' },
    { OpportunityId: opp.acmePlatform, ContactId: contact.rae, Role: 'Economic Buyer' },
    { OpportunityId: opp.globexAnalytics, ContactId: contact.sam, Role: 'Decision Maker' },
    { OpportunityId: opp.globexAnalytics, ContactId: contact.tess, Role: 'Evaluator' }
  ]);
  org.insert('Task', [
    { Subject: 'Call', WhoId: contact.pat, WhatId: opp.acmePlatform, Status: 'Completed', ActivityDate: '2026-03-02' }
  ]);

  return { caseyId, opp, review, contact };
}
