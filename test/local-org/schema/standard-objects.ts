// The standard objects and fields the project uses, with Salesforce's key prefixes,
// required fields and derived values. Custom fields from force-app are added on top.

import {
  makeField,
  SObjectDef,
  type Deriver,
  type FieldDef,
  type PicklistValue,
  type SideEffect,
  type Value
} from './model.js';

const picklist = (values: readonly string[], defaultValue?: string): PicklistValue[] =>
  values.map((value) => ({ value, label: value, default: value === defaultValue, active: true }));

const id = (label: string): FieldDef =>
  makeField({
    name: 'Id',
    label: `${label} ID`,
    type: 'id',
    length: 18,
    createable: false,
    updateable: false,
    nillable: false,
    defaultedOnCreate: true
  });

const userRef = (name: string, label: string, relationshipName: string, system: boolean): FieldDef =>
  makeField({
    name,
    label,
    type: 'reference',
    length: 18,
    referenceTo: ['User'],
    relationshipName,
    createable: !system,
    updateable: !system,
    nillable: false,
    defaultedOnCreate: true
  });

const auditFields = (): FieldDef[] => [
  makeField({
    name: 'IsDeleted',
    label: 'Deleted',
    type: 'boolean',
    createable: false,
    updateable: false,
    nillable: false,
    defaultValue: false,
    defaultedOnCreate: true
  }),
  makeField({
    name: 'CreatedDate',
    label: 'Created Date',
    type: 'datetime',
    createable: false,
    updateable: false,
    nillable: false,
    defaultedOnCreate: true
  }),
  userRef('CreatedById', 'Created By ID', 'CreatedBy', true),
  makeField({
    name: 'LastModifiedDate',
    label: 'Last Modified Date',
    type: 'datetime',
    createable: false,
    updateable: false,
    nillable: false,
    defaultedOnCreate: true
  }),
  userRef('LastModifiedById', 'Last Modified By ID', 'LastModifiedBy', true),
  makeField({
    name: 'SystemModstamp',
    label: 'System Modstamp',
    type: 'datetime',
    createable: false,
    updateable: false,
    nillable: false,
    defaultedOnCreate: true
  })
];

/** The standard fields every custom object has (Name, owner unless it is a detail object, audit fields). */
export function customObjectStandardFields(
  label: string,
  nameField: { label: string; autoNumberFormat: string | null },
  isDetail: boolean
): FieldDef[] {
  const fields = [id(label)];
  if (!isDetail) fields.push(userRef('OwnerId', 'Owner ID', 'Owner', false));
  fields.push(
    makeField({
      name: 'Name',
      label: nameField.label,
      type: 'string',
      length: 80,
      nameField: true,
      nillable: false,
      required: nameField.autoNumberFormat === null,
      autoNumber: nameField.autoNumberFormat !== null,
      autoNumberFormat: nameField.autoNumberFormat,
      createable: nameField.autoNumberFormat === null,
      updateable: nameField.autoNumberFormat === null,
      defaultedOnCreate: nameField.autoNumberFormat !== null,
      custom: false
    }),
    ...auditFields()
  );
  return fields.map((f) => ({ ...f, custom: false }));
}

const OPPORTUNITY_STAGES: { name: string; probability: number; forecast: string; closed: boolean; won: boolean }[] = [
  { name: 'Prospecting', probability: 10, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Qualification', probability: 10, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Needs Analysis', probability: 20, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Value Proposition', probability: 50, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Id. Decision Makers', probability: 60, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Perception Analysis', probability: 70, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Proposal/Price Quote', probability: 75, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Negotiation/Review', probability: 90, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Closed Won', probability: 100, forecast: 'Closed', closed: true, won: true },
  { name: 'Closed Lost', probability: 0, forecast: 'Omitted', closed: true, won: false }
];

export const OPPORTUNITY_TYPES = [
  'Existing Customer - Upgrade',
  'Existing Customer - Replacement',
  'Existing Customer - Downgrade',
  'New Customer'
] as const;

const deriveOpportunity: Deriver = (record, given, isCreate) => {
  const stage = OPPORTUNITY_STAGES.find((s) => s.name === record.StageName);
  if (!stage) return;
  record.IsClosed = stage.closed;
  record.IsWon = stage.won;
  const stageChanged = isCreate || given.has('StageName');
  if (stageChanged && !given.has('Probability')) record.Probability = stage.probability;
  if (stageChanged && !given.has('ForecastCategoryName')) record.ForecastCategoryName = stage.forecast;
  const amount = typeof record.Amount === 'number' ? record.Amount : null;
  const probability = typeof record.Probability === 'number' ? record.Probability : null;
  record.ExpectedRevenue = amount !== null && probability !== null ? Math.round(amount * probability) / 100 : null;
  const close = typeof record.CloseDate === 'string' ? record.CloseDate : null;
  record.FiscalYear = close ? Number(close.slice(0, 4)) : null;
  record.FiscalQuarter = close ? Math.floor((Number(close.slice(5, 7)) - 1) / 3) + 1 : null;
};

/** Salesforce's default case statuses (CaseStatus): only Closed closes a case. */
const CASE_STATUSES: { name: string; closed: boolean }[] = [
  { name: 'New', closed: false },
  { name: 'Working', closed: false },
  { name: 'Escalated', closed: false },
  { name: 'Closed', closed: true }
];

/** IsClosed follows the status; ClosedDate is set when the case closes and cleared when it reopens. */
const deriveCase: Deriver = (record, _given, _isCreate, now) => {
  const status = CASE_STATUSES.find((s) => s.name === record.Status);
  if (!status) return;
  const wasClosed = record.IsClosed === true;
  record.IsClosed = status.closed;
  if (!status.closed) record.ClosedDate = null;
  else if (!wasClosed) record.ClosedDate = now;
};

const deriveFullName: Deriver = (record) => {
  const first = typeof record.FirstName === 'string' && record.FirstName ? record.FirstName + ' ' : '';
  const last = typeof record.LastName === 'string' ? record.LastName : '';
  record.Name = first + last || null;
};

const deriveTask: Deriver = (record) => {
  record.IsClosed = record.Status === 'Completed';
};

/** Event keeps start, end and duration consistent whichever of them is given. */
const deriveEvent: Deriver = (record, given) => {
  if (given.has('ActivityDateTime') && !given.has('StartDateTime'))
    record.StartDateTime = record.ActivityDateTime ?? null;
  const start = typeof record.StartDateTime === 'string' ? Date.parse(record.StartDateTime.replace('+0000', 'Z')) : NaN;
  if (Number.isNaN(start)) return;
  record.ActivityDateTime = record.StartDateTime ?? null;
  record.ActivityDate = (record.StartDateTime as string).slice(0, 10);
  if (given.has('EndDateTime') && typeof record.EndDateTime === 'string') {
    record.DurationInMinutes = Math.round((Date.parse(record.EndDateTime.replace('+0000', 'Z')) - start) / 60_000);
  } else if (typeof record.DurationInMinutes === 'number') {
    record.EndDateTime = new Date(start + record.DurationInMinutes * 60_000).toISOString().replace('Z', '+0000');
  }
};

/** Salesforce's default Opportunity Contact Roles (Setup, Contact Roles on Opportunities). */
const CONTACT_ROLES = [
  'Business User',
  'Decision Maker',
  'Economic Buyer',
  'Economic Decision Maker',
  'Evaluator',
  'Executive Sponsor',
  'Influencer',
  'Technical Buyer',
  'Other'
] as const;

/** An opportunity has one primary contact role: marking one primary clears it on the others. */
const clearOtherPrimaries: SideEffect = (record, records, now) => {
  if (record.IsPrimary !== true || typeof record.OpportunityId !== 'string') return;
  for (const other of records.children('OpportunityContactRole', 'OpportunityId', record.OpportunityId)) {
    if (other.Id === record.Id || other.IsDeleted === true || other.IsPrimary !== true) continue;
    records.put(Object.freeze({ ...other, IsPrimary: false, SystemModstamp: now }));
  }
};

const text = (name: string, label: string, length: number, extra: Partial<FieldDef> = {}): FieldDef =>
  makeField({ name, label, type: 'string', length, ...extra });
/** A checkbox: never null, defaulted on create. */
const checkbox = (name: string, label: string, defaultValue = false): FieldDef =>
  makeField({ name, label, type: 'boolean', nillable: false, defaultValue, defaultedOnCreate: true });
const longText = (name: string, label: string, length = 32000): FieldDef =>
  makeField({ name, label, type: 'textarea', length });
const pick = (name: string, label: string, values: readonly string[], extra: Partial<FieldDef> = {}): FieldDef =>
  makeField({
    name,
    label,
    type: 'picklist',
    length: 255,
    // describe marks the default value in the list as well
    picklistValues: picklist(values, typeof extra.defaultValue === 'string' ? extra.defaultValue : undefined),
    ...extra
  });
const ref = (
  name: string,
  label: string,
  referenceTo: string[],
  relationshipName: string,
  childRelationshipName: string | null,
  extra: Partial<FieldDef> = {}
): FieldDef =>
  makeField({
    name,
    label,
    type: 'reference',
    length: 18,
    referenceTo,
    relationshipName,
    childRelationshipName,
    ...extra
  });
const derived = (field: FieldDef): FieldDef => ({ ...field, createable: false, updateable: false, calculated: false });
const owner = (): FieldDef => userRef('OwnerId', 'Owner ID', 'Owner', false);

function build(object: SObjectDef, fields: FieldDef[]): SObjectDef {
  for (const f of [id(object.label), ...fields, ...auditFields()]) object.addField({ ...f, custom: false });
  return object;
}

export function standardObjects(): SObjectDef[] {
  const account = build(
    new SObjectDef({ name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: '001', custom: false }),
    [
      text('Name', 'Account Name', 255, { nameField: true, nillable: false, required: true }),
      pick('Type', 'Account Type', [
        'Prospect',
        'Customer - Direct',
        'Customer - Channel',
        'Channel Partner / Reseller',
        'Installation Partner',
        'Technology Partner',
        'Other'
      ]),
      ref('ParentId', 'Parent Account ID', ['Account'], 'Parent', 'ChildAccounts'),
      makeField({ name: 'BillingStreet', label: 'Billing Street', type: 'textarea', length: 255 }),
      text('BillingCity', 'Billing City', 40),
      text('BillingState', 'Billing State/Province', 80),
      text('BillingPostalCode', 'Billing Zip/Postal Code', 20),
      text('BillingCountry', 'Billing Country', 80),
      makeField({ name: 'Phone', label: 'Account Phone', type: 'phone', length: 40 }),
      makeField({ name: 'Website', label: 'Website', type: 'url', length: 255 }),
      pick('Industry', 'Industry', [
        'Agriculture',
        'Banking',
        'Communications',
        'Education',
        'Energy',
        'Finance',
        'Healthcare',
        'Hospitality',
        'Manufacturing',
        'Media',
        'Retail',
        'Technology',
        'Transportation',
        'Other'
      ]),
      makeField({ name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency', precision: 18, scale: 0 }),
      makeField({ name: 'NumberOfEmployees', label: 'Employees', type: 'int', digits: 8 }),
      longText('Description', 'Account Description'),
      derived(makeField({ name: 'LastActivityDate', label: 'Last Activity', type: 'date' })),
      owner()
    ]
  );

  const contact = build(
    new SObjectDef({
      name: 'Contact',
      label: 'Contact',
      labelPlural: 'Contacts',
      keyPrefix: '003',
      custom: false,
      derive: deriveFullName
    }),
    [
      ref('AccountId', 'Account ID', ['Account'], 'Account', 'Contacts'),
      text('LastName', 'Last Name', 80, { nillable: false, required: true }),
      text('FirstName', 'First Name', 40),
      pick('Salutation', 'Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']),
      derived(text('Name', 'Full Name', 121, { nameField: true })),
      text('Title', 'Title', 128),
      makeField({ name: 'Email', label: 'Email', type: 'email', length: 80 }),
      makeField({ name: 'Phone', label: 'Business Phone', type: 'phone', length: 40 }),
      makeField({ name: 'MobilePhone', label: 'Mobile Phone', type: 'phone', length: 40 }),
      text('Department', 'Department', 80),
      longText('Description', 'Contact Description'),
      derived(makeField({ name: 'LastActivityDate', label: 'Last Activity', type: 'date' })),
      owner()
    ]
  );

  const user = build(
    new SObjectDef({
      name: 'User',
      label: 'User',
      labelPlural: 'Users',
      keyPrefix: '005',
      custom: false,
      deletable: false,
      derive: deriveFullName
    }),
    [
      text('Username', 'Username', 80, { nillable: false, required: true, unique: true, idLookup: true }),
      text('LastName', 'Last Name', 80, { nillable: false, required: true }),
      text('FirstName', 'First Name', 40),
      derived(text('Name', 'Full Name', 121, { nameField: true })),
      text('Alias', 'Alias', 8, { nillable: false, required: true }),
      makeField({ name: 'Email', label: 'Email', type: 'email', length: 128, nillable: false, required: true }),
      checkbox('IsActive', 'Active', true),
      text('Title', 'Title', 80),
      text('CompanyName', 'Company Name', 80),
      text('Department', 'Department', 80),
      ref('ManagerId', 'Manager ID', ['User'], 'Manager', 'ManagedUsers'),
      pick(
        'TimeZoneSidKey',
        'Time Zone',
        ['GMT', 'Europe/London', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles'],
        { nillable: false, defaultValue: 'GMT', defaultedOnCreate: true, restrictedPicklist: true }
      ),
      pick('LocaleSidKey', 'Locale', ['en_US', 'en_GB', 'fr_FR', 'de_DE'], {
        nillable: false,
        defaultValue: 'en_US',
        defaultedOnCreate: true,
        restrictedPicklist: true
      }),
      pick('EmailEncodingKey', 'Email Encoding', ['UTF-8', 'ISO-8859-1'], {
        nillable: false,
        defaultValue: 'UTF-8',
        defaultedOnCreate: true,
        restrictedPicklist: true
      }),
      pick('LanguageLocaleKey', 'Language', ['en_US', 'fr', 'de'], {
        nillable: false,
        defaultValue: 'en_US',
        defaultedOnCreate: true,
        restrictedPicklist: true
      }),
      derived(pick('UserType', 'User Type', ['Standard'], { defaultValue: 'Standard', defaultedOnCreate: true }))
    ]
  );

  const opportunity = build(
    new SObjectDef({
      name: 'Opportunity',
      label: 'Opportunity',
      labelPlural: 'Opportunities',
      keyPrefix: '006',
      custom: false,
      derive: deriveOpportunity
    }),
    [
      ref('AccountId', 'Account ID', ['Account'], 'Account', 'Opportunities'),
      checkbox('IsPrivate', 'Private'),
      text('Name', 'Name', 120, { nameField: true, nillable: false, required: true }),
      longText('Description', 'Description'),
      pick(
        'StageName',
        'Stage',
        OPPORTUNITY_STAGES.map((s) => s.name),
        { nillable: false, required: true, restrictedPicklist: true }
      ),
      makeField({ name: 'Amount', label: 'Amount', type: 'currency', precision: 18, scale: 2 }),
      makeField({
        name: 'Probability',
        label: 'Probability (%)',
        type: 'percent',
        precision: 3,
        scale: 0,
        defaultedOnCreate: true
      }),
      derived(
        makeField({ name: 'ExpectedRevenue', label: 'Expected Amount', type: 'currency', precision: 18, scale: 2 })
      ),
      makeField({ name: 'CloseDate', label: 'Close Date', type: 'date', nillable: false, required: true }),
      pick('Type', 'Opportunity Type', OPPORTUNITY_TYPES),
      text('NextStep', 'Next Step', 255),
      pick('LeadSource', 'Lead Source', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
      derived(checkbox('IsClosed', 'Closed')),
      derived(checkbox('IsWon', 'Won')),
      pick('ForecastCategoryName', 'Forecast Category', ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'], {
        defaultedOnCreate: true,
        restrictedPicklist: true
      }),
      derived(makeField({ name: 'FiscalYear', label: 'Fiscal Year', type: 'int', digits: 4 })),
      derived(makeField({ name: 'FiscalQuarter', label: 'Fiscal Quarter', type: 'int', digits: 1 })),
      owner()
    ]
  );

  const supportCase = build(
    new SObjectDef({
      name: 'Case',
      label: 'Case',
      labelPlural: 'Cases',
      keyPrefix: '500',
      custom: false,
      derive: deriveCase
    }),
    [
      derived(
        text('CaseNumber', 'Case Number', 30, {
          nameField: true,
          autoNumber: true,
          autoNumberFormat: '{00000000}',
          nillable: false,
          defaultedOnCreate: true,
          idLookup: true
        })
      ),
      ref('AccountId', 'Account ID', ['Account'], 'Account', 'Cases'),
      text('Subject', 'Subject', 255),
      longText('Description', 'Description'),
      // Salesforce refuses a status that is not a case status, although describe calls the field unrestricted.
      pick(
        'Status',
        'Status',
        CASE_STATUSES.map((s) => s.name),
        { defaultValue: 'New', defaultedOnCreate: true, restrictedPicklist: true }
      ),
      pick('Priority', 'Priority', ['High', 'Medium', 'Low'], { defaultValue: 'Medium', defaultedOnCreate: true }),
      pick('Origin', 'Case Origin', ['Phone', 'Email', 'Web']),
      pick('Type', 'Case Type', ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other']),
      checkbox('IsEscalated', 'Escalated'),
      derived(checkbox('IsClosed', 'Closed')),
      derived(makeField({ name: 'ClosedDate', label: 'Closed Date', type: 'datetime' })),
      owner()
    ]
  );

  const activityParents = ['Account', 'Opportunity'];
  const event = build(
    new SObjectDef({
      name: 'Event',
      label: 'Event',
      labelPlural: 'Events',
      keyPrefix: '00U',
      custom: false,
      derive: deriveEvent
    }),
    [
      ref('WhoId', 'Name ID', ['Contact'], 'Who', 'Events'),
      ref('WhatId', 'Related To ID', activityParents, 'What', 'Events'),
      makeField({
        name: 'Subject',
        label: 'Subject',
        type: 'combobox',
        length: 255,
        picklistValues: picklist(['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other'])
      }),
      text('Location', 'Location', 255),
      checkbox('IsAllDayEvent', 'All-Day Event'),
      makeField({ name: 'ActivityDateTime', label: 'Due Date Time', type: 'datetime' }),
      derived(makeField({ name: 'ActivityDate', label: 'Due Date Only', type: 'date' })),
      makeField({ name: 'DurationInMinutes', label: 'Duration', type: 'int', digits: 8 }),
      makeField({ name: 'StartDateTime', label: 'Start Date Time', type: 'datetime', required: true }),
      makeField({ name: 'EndDateTime', label: 'End Date Time', type: 'datetime', required: true }),
      pick('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
      longText('Description', 'Description'),
      owner()
    ]
  );

  const task = build(
    new SObjectDef({
      name: 'Task',
      label: 'Task',
      labelPlural: 'Tasks',
      keyPrefix: '00T',
      custom: false,
      derive: deriveTask
    }),
    [
      ref('WhoId', 'Name ID', ['Contact'], 'Who', 'Tasks'),
      ref('WhatId', 'Related To ID', activityParents, 'What', 'Tasks'),
      makeField({
        name: 'Subject',
        label: 'Subject',
        type: 'combobox',
        length: 255,
        picklistValues: picklist(['Call', 'Send Letter', 'Send Quote', 'Other'])
      }),
      makeField({ name: 'ActivityDate', label: 'Due Date Only', type: 'date' }),
      pick('Status', 'Status', ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], {
        nillable: false,
        defaultValue: 'Not Started',
        defaultedOnCreate: true,
        restrictedPicklist: true
      }),
      pick('Priority', 'Priority', ['High', 'Normal', 'Low'], {
        nillable: false,
        defaultValue: 'Normal',
        defaultedOnCreate: true,
        restrictedPicklist: true
      }),
      derived(checkbox('IsClosed', 'Closed')),
      pick('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
      longText('Description', 'Description'),
      owner()
    ]
  );

  // Deleting either parent deletes the role; OpportunityId cannot change once set.
  const contactRole = build(
    new SObjectDef({
      name: 'OpportunityContactRole',
      label: 'Opportunity Contact Role',
      labelPlural: 'Opportunity Contact Roles',
      keyPrefix: '00K',
      custom: false,
      afterSave: clearOtherPrimaries
    }),
    [
      ref('OpportunityId', 'Opportunity ID', ['Opportunity'], 'Opportunity', 'OpportunityContactRoles', {
        nillable: false,
        required: true,
        updateable: false,
        cascadeDelete: true
      }),
      ref('ContactId', 'Contact ID', ['Contact'], 'Contact', 'OpportunityContactRoles', {
        nillable: false,
        required: true,
        cascadeDelete: true
      }),
      pick('Role', 'Role', CONTACT_ROLES),
      checkbox('IsPrimary', 'Primary')
    ]
  );
  contactRole.addField({ ...id('Contact Role'), custom: false });

  const organization = build(
    new SObjectDef({
      name: 'Organization',
      label: 'Organization',
      labelPlural: 'Organizations',
      keyPrefix: '00D',
      custom: false,
      createable: false,
      updateable: false,
      deletable: false
    }),
    [
      text('Name', 'Name', 80, { nameField: true }),
      text('Division', 'Division', 80),
      text('Country', 'Country', 80),
      text('PrimaryContact', 'Primary Contact', 80),
      pick('OrganizationType', 'Edition', ['Developer Edition', 'Enterprise Edition', 'Unlimited Edition']),
      text('InstanceName', 'Instance Name', 5),
      makeField({ name: 'IsSandbox', label: 'Is Sandbox', type: 'boolean', nillable: false, defaultValue: false }),
      text('NamespacePrefix', 'Namespace Prefix', 15),
      makeField({ name: 'TrialExpirationDate', label: 'Trial Expiration Date', type: 'datetime' }),
      makeField({ name: 'FiscalYearStartMonth', label: 'Fiscal Year Starts In', type: 'int', digits: 2 }),
      pick('LanguageLocaleKey', 'Language', ['en_US']),
      pick('DefaultLocaleSidKey', 'Locale', ['en_US']),
      pick('TimeZoneSidKey', 'Time Zone', ['GMT'])
    ].map((f) => ({ ...f, createable: false, updateable: false }))
  );

  return [account, contact, user, opportunity, contactRole, supportCase, event, task, organization];
}

/** Values every record of these system objects starts with (the org and its admin user). */
export const SYSTEM_VALUES: Record<string, Record<string, Value>> = {
  Organization: {
    Name: 'Cairn Local Org',
    OrganizationType: 'Developer Edition',
    InstanceName: 'LOCAL',
    IsSandbox: false,
    NamespacePrefix: null,
    TrialExpirationDate: null,
    FiscalYearStartMonth: 1,
    LanguageLocaleKey: 'en_US',
    DefaultLocaleSidKey: 'en_US',
    TimeZoneSidKey: 'GMT',
    Country: 'US'
  }
};
