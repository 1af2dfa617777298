// LastActivityDate on Contact and Account, computed when read from the tasks and events in
// the store, as Salesforce defines it (Help: "Guidelines for Tracking Activities",
// "Differences between Last Activity and Last Modified Dates"): the latest due date among the
// record's closed tasks and its events, whatever the event's date (a future event counts).
// A contact's activities are those naming it (WhoId); an account's are those related to it
// or to one of its opportunities (WhatId), and those related to nothing that name one of its
// contacts. Computing on read keeps it right through deletes, cascades and rollbacks.

import type { Rec, Schema } from '../schema/index.js';
import type { Store } from './store.js';

const ACTIVITIES = ['Task', 'Event'] as const;

/** The date an activity counts for: a closed task's due date, any event's date. */
function activityDate(object: (typeof ACTIVITIES)[number], activity: Rec): string | null {
  if (activity.IsDeleted === true) return null;
  if (object === 'Task' && activity.IsClosed !== true) return null;
  return typeof activity.ActivityDate === 'string' ? activity.ActivityDate : null;
}

function latest(store: Store, field: 'WhoId' | 'WhatId', parentId: string, only?: (a: Rec) => boolean): string | null {
  let best: string | null = null;
  for (const object of ACTIVITIES) {
    for (const activity of store.children(object, field, parentId)) {
      if (only && !only(activity)) continue;
      const date = activityDate(object, activity);
      if (date !== null && (best === null || date > best)) best = date;
    }
  }
  return best;
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null || a >= b ? a : b);

function contactLastActivity(store: Store, contact: Rec): string | null {
  return latest(store, 'WhoId', contact.Id as string);
}

function accountLastActivity(store: Store, account: Rec): string | null {
  const id = account.Id as string;
  let best = latest(store, 'WhatId', id);
  for (const opportunity of store.children('Opportunity', 'AccountId', id)) {
    if (opportunity.IsDeleted !== true) best = later(best, latest(store, 'WhatId', opportunity.Id as string));
  }
  for (const contact of store.children('Contact', 'AccountId', id)) {
    if (contact.IsDeleted === true) continue;
    best = later(
      best,
      latest(store, 'WhoId', contact.Id as string, (a) => a.WhatId === undefined || a.WhatId === null)
    );
  }
  return best;
}

/** Makes the schema's LastActivityDate fields read from `store`. Call once, when the store exists. */
export function computeLastActivityDates(schema: Schema, store: Store): void {
  const install = (objectName: string, compute: (store: Store, record: Rec) => string | null) => {
    const field = schema.object(objectName)?.field('LastActivityDate');
    if (!field) throw new Error(`the schema lacks ${objectName}.LastActivityDate`);
    field.formula = (record) => compute(store, record);
  };
  install('Contact', contactLastActivity);
  install('Account', accountLastActivity);
}
