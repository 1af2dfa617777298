// Task: the alerts the worker raises for a person (DESIGN §9.5). The worker creates a Task for
// each alert occurrence (never by upsert: Cairn_Alert_Key__c is not unique on Activity) and
// closes its own Tasks when their condition clears; it reads open and recently closed Cairn
// Tasks of the opportunities in scope to know which exist.

import type { AlertTask, NewAlertTask } from '../../core/types.js';
import { date, defineObject, text, type ChildSet } from './define.js';

export const task = defineObject({
  name: 'Task',
  child: null,
  externalKey: null,
  read: ['Id', 'IsClosed'],
  write: {
    Cairn_Alert_Key__c: text,
    WhatId: text,
    WhoId: text,
    OwnerId: text,
    Subject: text,
    Description: text,
    ActivityDate: date,
    Priority: text,
    Status: text
  },
  fillOnly: [],
  fromSalesforce: (f): AlertTask => ({
    id: f.requiredText('Id'),
    key: f.requiredText('Cairn_Alert_Key__c'),
    opportunityId: f.requiredText('WhatId'),
    status: f.text('Status'),
    isClosed: f.checkbox('IsClosed'),
    description: f.text('Description')
  }),
  toSalesforce: (alert: NewAlertTask) => ({
    Cairn_Alert_Key__c: alert.key,
    WhatId: alert.opportunityId,
    WhoId: alert.whoId,
    OwnerId: alert.ownerId,
    Subject: alert.subject,
    Description: alert.description,
    ActivityDate: alert.dueDate,
    Priority: alert.priority,
    Status: alert.status
  })
});

/** The two fields the worker changes when it closes one of its Tasks. */
export function taskClosing(values: Pick<AlertTask, 'status' | 'description'>): {
  Status: string | null;
  Description: string | null;
} {
  return { Status: values.status, Description: values.description };
}

/** An opportunity's Tasks (WhatId), as a targeted run reads them under the opportunity (and a full run in the same order). */
export const OPPORTUNITY_TASKS: ChildSet = { relationship: 'Tasks', parentField: 'WhatId', orderBy: 'CreatedDate, Id' };
