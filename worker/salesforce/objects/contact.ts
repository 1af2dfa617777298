// Contact: the people of in-scope accounts. The worker reads who they are and writes how they
// use the product (DESIGN §9.1, §9.3); Contact_Type__c it fills only when blank.

import { CONTACT_TYPES, ENGAGEMENTS, type Contact } from '../../core/types.js';
import { datetime, defineObject, integer, text, type ChildSet } from './define.js';

/** What a run wants a contact's sync-owned fields to hold. */
export type ContactValues = Pick<Contact, 'contactType' | 'engagement' | 'lastProductActivity' | 'activeDays30d'>;

export const contact = defineObject({
  name: 'Contact',
  child: null,
  externalKey: null,
  read: ['Id', 'AccountId', 'Name', 'Email', 'LastActivityDate', 'Product_User_Id__c', 'Left_Company__c'],
  write: {
    Contact_Type__c: text,
    Engagement__c: text,
    Last_Product_Activity__c: datetime,
    Active_Days_30d__c: integer
  },
  fillOnly: ['Contact_Type__c'],
  fromSalesforce: (f): Contact => ({
    id: f.requiredText('Id'),
    accountId: f.requiredText('AccountId'),
    name: f.text('Name') ?? '',
    email: f.text('Email'),
    lastActivityDate: f.date('LastActivityDate'),
    productUserId: f.text('Product_User_Id__c'),
    leftCompany: f.checkbox('Left_Company__c'),
    contactType: f.pick('Contact_Type__c', CONTACT_TYPES, null),
    engagement: f.pick('Engagement__c', ENGAGEMENTS, null),
    lastProductActivity: f.dateTime('Last_Product_Activity__c'),
    activeDays30d: f.number('Active_Days_30d__c')
  }),
  toSalesforce: (values: ContactValues) => ({
    Contact_Type__c: values.contactType,
    Engagement__c: values.engagement,
    Last_Product_Activity__c: values.lastProductActivity,
    Active_Days_30d__c: values.activeDays30d
  })
});

/** An account's contacts, as a targeted run reads them under the account (and a full run in the same order). */
export const ACCOUNT_CONTACTS: ChildSet = { relationship: 'Contacts', parentField: 'AccountId', orderBy: 'Id' };
