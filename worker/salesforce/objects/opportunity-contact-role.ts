// OpportunityContactRole: who plays which part in a deal, read with each opportunity in scope
// to find its key people (DESIGN §9.3). Access follows the opportunity; the worker never writes it.

import type { ContactRole } from '../../core/types.js';
import { defineReadOnlyObject } from './define.js';

export const opportunityContactRole = defineReadOnlyObject({
  name: 'OpportunityContactRole',
  child: { relationship: 'OpportunityContactRoles', orderBy: 'Id' },
  read: ['Id', 'ContactId', 'Role', 'IsPrimary'],
  fromSalesforce: (f): ContactRole => ({
    contactId: f.requiredText('ContactId'),
    role: f.text('Role'),
    isPrimary: f.checkbox('IsPrimary')
  })
});
