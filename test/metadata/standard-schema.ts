// The standard objects, fields, list view columns and tabs the Cairn metadata and worker name.
// force-app only holds what Cairn adds, so references to Salesforce's own schema are checked
// against this list; extend it when metadata starts to use another standard field.

export interface StandardObject {
  /** API names of the standard fields Cairn refers to */
  fields: readonly string[];
  /** those of `fields` without field-level security (a permission set cannot name them) */
  withoutFieldSecurity: readonly string[];
  /** the tokens list views use for standard columns, e.g. OPPORTUNITY.CLOSE_DATE */
  listViewColumns: readonly string[];
}

const AUDIT_FIELDS = ['CreatedById', 'CreatedDate', 'LastModifiedById', 'LastModifiedDate'];

export const STANDARD_OBJECTS: Readonly<Record<string, StandardObject>> = {
  Account: {
    fields: ['Id', 'Name', 'OwnerId', ...AUDIT_FIELDS],
    withoutFieldSecurity: ['Id', 'Name', 'OwnerId', ...AUDIT_FIELDS],
    listViewColumns: ['ACCOUNT.NAME', 'ACCOUNT.SITE', 'CORE.USERS.ALIAS']
  },
  Opportunity: {
    fields: [
      'Id',
      'Name',
      'AccountId',
      'Amount',
      'CloseDate',
      'IsClosed',
      'IsWon',
      'OwnerId',
      'StageName',
      'Type',
      ...AUDIT_FIELDS
    ],
    withoutFieldSecurity: ['Id', 'Name', 'CloseDate', 'IsClosed', 'IsWon', 'OwnerId', 'StageName', ...AUDIT_FIELDS],
    listViewColumns: [
      'OPPORTUNITY.NAME',
      'ACCOUNT.NAME',
      'OPPORTUNITY.AMOUNT',
      'OPPORTUNITY.CLOSE_DATE',
      'OPPORTUNITY.STAGE_NAME',
      'OPPORTUNITY.TYPE',
      'OPPORTUNITY.WON',
      'OPPORTUNITY.CLOSED',
      'CORE.USERS.ALIAS',
      'CORE.USERS.FULL_NAME'
    ]
  },
  Contact: {
    fields: ['Id', 'Name', 'AccountId', 'Email', 'LastActivityDate', ...AUDIT_FIELDS],
    // the platform derives LastActivityDate from the contact's tasks and events
    withoutFieldSecurity: ['Id', 'Name', 'LastActivityDate', ...AUDIT_FIELDS],
    listViewColumns: ['FULL_NAME', 'ACCOUNT.NAME', 'CONTACT.EMAIL']
  },
  Case: {
    fields: [
      'Id',
      'CaseNumber',
      'AccountId',
      'ClosedDate',
      'IsClosed',
      'IsEscalated',
      'Origin',
      'OwnerId',
      'Priority',
      'Status',
      'Subject',
      ...AUDIT_FIELDS
    ],
    // Status is required on every case; the platform derives IsClosed and ClosedDate from it.
    withoutFieldSecurity: ['Id', 'CaseNumber', 'ClosedDate', 'IsClosed', 'OwnerId', 'Status', ...AUDIT_FIELDS],
    listViewColumns: []
  },
  // Access to contact roles follows their opportunity: no object or field permissions of their own.
  OpportunityContactRole: {
    fields: ['Id', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary', ...AUDIT_FIELDS],
    withoutFieldSecurity: ['Id', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary', ...AUDIT_FIELDS],
    listViewColumns: []
  },
  // Task fields with field-level security are the optional ones (WhatId, WhoId, ActivityDate,
  // Description); Subject, Status and Priority are always on a task, OwnerId is its assignee and
  // IsClosed follows from Status, so Salesforce secures none of them. List views of Task
  // (objects/Task/listViews) name its columns bare (SUBJECT, not TASK.SUBJECT).
  Task: {
    fields: [
      'Id',
      'Subject',
      'Status',
      'Priority',
      'OwnerId',
      'WhatId',
      'WhoId',
      'ActivityDate',
      'Description',
      'IsClosed',
      ...AUDIT_FIELDS
    ],
    withoutFieldSecurity: ['Id', 'Subject', 'Status', 'Priority', 'OwnerId', 'IsClosed', ...AUDIT_FIELDS],
    listViewColumns: ['SUBJECT', 'WHAT_NAME', 'DUE_DATE', 'PRIORITY', 'STATUS', 'IS_CLOSED', 'CORE.USERS.ALIAS']
  },
  User: {
    fields: ['Id', 'Name', 'Email', 'IsActive'],
    withoutFieldSecurity: ['Id', 'Name', 'Email', 'IsActive'],
    listViewColumns: []
  }
};

/**
 * Custom fields of tasks and events are defined once, on Activity (objects/Activity/fields),
 * and appear on both; permission sets and list views name them by Task or Event.
 */
export const ACTIVITY = 'Activity';
export const ACTIVITY_OBJECTS: readonly string[] = ['Task', 'Event'];

/** Standard fields every custom object has; Salesforce secures none of them separately. */
export const CUSTOM_OBJECT_STANDARD_FIELDS: readonly string[] = ['Id', 'Name', ...AUDIT_FIELDS];

/** List view tokens for the standard columns of a custom object (a detail object has no owner). */
export const CUSTOM_OBJECT_LIST_VIEW_COLUMNS: readonly string[] = [
  'NAME',
  'CREATED_DATE',
  'CREATEDBY_USER',
  'LAST_UPDATE',
  'UPDATEDBY_USER'
];

/** Tabs of standard objects and pages that an app may list. */
export const STANDARD_TABS: readonly string[] = [
  'standard-home',
  'standard-Account',
  'standard-Contact',
  'standard-Opportunity',
  'standard-report',
  'standard-Dashboard'
];
