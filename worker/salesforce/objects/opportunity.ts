// Opportunity: the won deal the worker reads in scope and whose sync-owned fields it keeps
// up to date (DESIGN §2). Its account and child records are read with it (scope-records.ts).

import type { OpportunityValues } from '../../core/evaluate.js';
import { HEALTH_GRADES, IMPLEMENTATION_TYPES, POST_SALE_STATUSES, type Opportunity } from '../../core/types.js';
import { boolean, date, datetime, defineObject, integer, text, type ChildSet } from './define.js';

/** The opportunity's own fields, without what comes from its account and child records. */
export type OpportunityFields = Omit<
  Opportunity,
  'accountName' | 'productAccountId' | 'stages' | 'milestones' | 'reviews' | 'lastHealthChange' | 'contactRoles'
>;

export const opportunity = defineObject({
  name: 'Opportunity',
  child: null,
  externalKey: null,
  read: [
    'Id',
    'Name',
    'Type',
    'AccountId',
    'CloseDate',
    'Amount',
    'OwnerId',
    'IsWon',
    'CS_Owner__c',
    'Implementation_Type__c',
    'Licensed_Seats__c',
    'Contract_End_Date__c'
  ],
  write: {
    Kickoff_Date__c: date,
    Post_Sale_Status__c: text,
    Onboarded__c: boolean,
    Onboarded_Date__c: date,
    Days_To_First_Value__c: integer,
    Health_Score__c: integer,
    Health_Grade__c: text,
    Health_Trend__c: integer,
    Health_Drivers__c: text,
    Health_Next_Grade__c: text,
    Health_Updated_At__c: datetime,
    Active_Users_30d__c: integer,
    Last_Product_Activity__c: datetime,
    Open_Support_Cases__c: integer,
    Key_People__c: integer,
    Key_People_Engaged__c: integer,
    Features_Adopted__c: text
  },
  fillOnly: ['Kickoff_Date__c'],
  fromSalesforce: (f): OpportunityFields => {
    const closeDate = f.requiredDate('CloseDate');
    return {
      id: f.text('Id') ?? '',
      name: f.requiredText('Name'),
      type: f.text('Type'),
      accountId: f.text('AccountId'),
      closeDate,
      amount: f.number('Amount'),
      ownerId: f.text('OwnerId'),
      csOwnerId: f.text('CS_Owner__c'),
      implementationType: f.pick('Implementation_Type__c', IMPLEMENTATION_TYPES, null),
      licensedSeats: f.number('Licensed_Seats__c'),
      contractEndDate: f.date('Contract_End_Date__c'),
      kickoffDate: f.date('Kickoff_Date__c'),
      postSaleStatus: f.pick('Post_Sale_Status__c', POST_SALE_STATUSES, null),
      onboarded: f.checkbox('Onboarded__c'),
      onboardedDate: f.date('Onboarded_Date__c'),
      daysToFirstValue: f.number('Days_To_First_Value__c'),
      healthScore: f.number('Health_Score__c'),
      healthGrade: f.pick('Health_Grade__c', HEALTH_GRADES, null),
      healthTrend: f.number('Health_Trend__c'),
      healthDrivers: f.text('Health_Drivers__c'),
      healthNextGrade: f.text('Health_Next_Grade__c'),
      healthUpdatedAt: f.dateTime('Health_Updated_At__c'),
      activeUsers30d: f.number('Active_Users_30d__c'),
      lastProductActivity: f.dateTime('Last_Product_Activity__c'),
      openSupportCases: f.number('Open_Support_Cases__c'),
      keyPeople: f.number('Key_People__c'),
      keyPeopleEngaged: f.number('Key_People_Engaged__c'),
      featuresAdopted: f.text('Features_Adopted__c')
    };
  },
  toSalesforce: (values: OpportunityValues) => ({
    Kickoff_Date__c: values.kickoffDate,
    Post_Sale_Status__c: values.postSaleStatus,
    Onboarded__c: values.onboarded,
    Onboarded_Date__c: values.onboardedDate,
    Days_To_First_Value__c: values.daysToFirstValue,
    Health_Score__c: values.healthScore,
    Health_Grade__c: values.healthGrade,
    Health_Trend__c: values.healthTrend,
    Health_Drivers__c: values.healthDrivers,
    Health_Next_Grade__c: values.healthNextGrade,
    Health_Updated_At__c: values.healthUpdatedAt,
    Active_Users_30d__c: values.activeUsers30d,
    Last_Product_Activity__c: values.lastProductActivity,
    Open_Support_Cases__c: values.openSupportCases,
    Key_People__c: values.keyPeople,
    Key_People_Engaged__c: values.keyPeopleEngaged,
    Features_Adopted__c: values.featuresAdopted
  })
});

/** An account's opportunities, as a targeted run reads them under the account; the scope reads in the same order. */
export const ACCOUNT_OPPORTUNITIES: ChildSet = {
  relationship: 'Opportunities',
  parentField: 'AccountId',
  orderBy: 'CloseDate, Id'
};
