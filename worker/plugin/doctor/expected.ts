// What `sf cairn doctor` expects in the org. The fields are WORKER_FIELDS (the one list of
// what the worker reads and writes) plus the few force-app fields the worker never touches;
// a test proves the two together are exactly force-app's custom fields.
import { WORKER_FIELDS, fieldsOf, type WorkerObject } from '../../salesforce/fields.js';

/**
 * force-app fields the worker never touches: the DESIGN §2 fields sales and account managers
 * write, and CS_Owner_Is_Me__c (a formula the "My Post-Sale Accounts" list view filters on).
 */
export const NON_WORKER_FIELDS: Partial<Record<WorkerObject, readonly string[]>> = {
  Opportunity: ['Desired_Outcome__c', 'Appropriate_Experience__c', 'Success_Criteria__c', 'CS_Owner_Is_Me__c'],
  Implementation_Stage__c: ['Customer_Owner__c', 'Assigned_To__c', 'Notes__c'],
  Business_Review__c: ['Outcome_Summary__c', 'Next_Steps__c']
};

export const CAIRN_OBJECTS = Object.keys(WORKER_FIELDS) as WorkerObject[];

export const PERMISSION_SETS = ['Cairn_Account_Manager', 'Cairn_Sync_Integration'] as const;

/**
 * Objects whose records the worker creates by insert (DESIGN §9.5: alerts are new Tasks, never
 * upserted), so it needs create as well as edit on every field it writes; with what grants the
 * create (a task has no object permissions).
 */
export const CREATED_BY_INSERT: Partial<Record<WorkerObject, string>> = { Task: 'Edit Tasks (EditTask)' };

/** The force-app folder (objects/<folder>/fields) of an object's custom fields: a task's are Activity's. */
export function fieldsFolderOf(object: WorkerObject): string {
  return object === 'Task' ? 'Activity' : object;
}

/** The custom fields a deploy of force-app creates on an object. */
export function customFieldsOf(object: WorkerObject): string[] {
  const all = [...fieldsOf(object), ...(NON_WORKER_FIELDS[object] ?? [])];
  return all.filter((field) => field.endsWith('__c'));
}
