// Account: read through the opportunity's Account relationship for its name and the product
// account its usage events carry (DESIGN §3). The worker never writes it.

import { defineReadOnlyObject } from './define.js';

export const account = defineReadOnlyObject({
  name: 'Account',
  child: null,
  read: ['Id', 'Name', 'Product_Account_Id__c'],
  fromSalesforce: (f) => ({ accountName: f.text('Name'), productAccountId: f.text('Product_Account_Id__c') })
});

/** The opportunity's lookup the scope query reads the account through. */
export const ACCOUNT_RELATIONSHIP = 'Account';
