// Case: the support cases of in-scope accounts, read for the support measure, the value
// summary and Open_Support_Cases__c (DESIGN §9.1, §9.4). The worker never writes a case.

import type { SupportCase } from '../../core/types.js';
import { defineReadOnlyObject, type ChildSet } from './define.js';

export const supportCase = defineReadOnlyObject({
  name: 'Case',
  child: null,
  read: [
    'Id',
    'AccountId',
    'Subject',
    'Priority',
    'IsEscalated',
    'IsClosed',
    'CreatedDate',
    'ClosedDate',
    'Product_Feature__c'
  ],
  fromSalesforce: (f): SupportCase => ({
    id: f.requiredText('Id'),
    accountId: f.requiredText('AccountId'),
    subject: f.text('Subject'),
    priority: f.text('Priority'),
    isEscalated: f.checkbox('IsEscalated'),
    isClosed: f.checkbox('IsClosed'),
    createdAt: f.requiredDateTime('CreatedDate'),
    closedAt: f.dateTime('ClosedDate'),
    productFeature: f.text('Product_Feature__c')
  })
});

/** An account's cases, as a targeted run reads them under the account (and a full run in the same order). */
export const ACCOUNT_CASES: ChildSet = { relationship: 'Cases', parentField: 'AccountId', orderBy: 'CreatedDate, Id' };
