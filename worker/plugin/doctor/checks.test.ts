import { WORKER_FIELDS, fieldsOf, type WorkerObject } from '../../salesforce/fields.js';
import { doctorChecks, type DoctorFacts, type FieldFacts } from './checks.js';
import { CAIRN_OBJECTS, customFieldsOf } from './expected.js';

const FEATURES = ['Email Campaigns', 'Custom Reports', 'CRM Integrations'];

// A describe in which the running user can read every field and edit every one (Id excepted).
function fullAccess(object: WorkerObject): FieldFacts[] {
  const names = new Set([...fieldsOf(object), ...customFieldsOf(object)]);
  return [...names].map((name) => ({
    name,
    createable: name !== 'Id',
    updateable: name !== 'Id' && name !== 'Opportunity__c',
    masterDetail: name === 'Opportunity__c',
    picklistValues: name === 'Product_Feature__c' ? [...FEATURES] : []
  }));
}

function healthyFacts(): DoctorFacts {
  return {
    instanceUrl: 'http://127.0.0.1:8800',
    username: 'sync@cairn.local',
    apiVersion: '62.0',
    objects: Object.fromEntries(CAIRN_OBJECTS.map((o) => [o, fullAccess(o)])) as DoctorFacts['objects'],
    permissionSetsDeployed: ['Cairn_Account_Manager', 'Cairn_Sync_Integration'],
    permissionSetsAssigned: ['Cairn_Sync_Integration'],
    dailyApiRequests: { max: 15000, remaining: 14200 },
    waitingEvents: { total: 0, waiting: 0, users: [], userCount: 0 },
    featureNames: [...FEATURES]
  };
}

function check(facts: DoctorFacts, name: string) {
  const found = doctorChecks(facts, 'local').checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check named ${name}`);
  return found;
}

test('a healthy org passes every check, in a fixed order', () => {
  const result = doctorChecks(healthyFacts(), 'local');
  expect(result.ok).toBe(true);
  expect(result.checks.map((c) => [c.name, c.status])).toEqual([
    ['connection', 'pass'],
    ...CAIRN_OBJECTS.map((o) => [`deployed: ${o}`, 'pass']),
    ...CAIRN_OBJECTS.map((o) => [`access: ${o}`, 'pass']),
    ['Case.Product_Feature__c values', 'pass'],
    ['permission sets deployed', 'pass'],
    ['permission sets assigned', 'pass'],
    ['API budget', 'pass'],
    ['events waiting for an account', 'pass']
  ]);
  expect(check(healthyFacts(), 'connection').message).toBe('sync@cairn.local at http://127.0.0.1:8800 (API v62.0)');
  // 58.0 is the first version with nested child subqueries, which targeted runs read with
  expect(check({ ...healthyFacts(), apiVersion: '58.0' }, 'connection').status).toBe('pass');
  const old = check({ ...healthyFacts(), apiVersion: '57.0' }, 'connection');
  expect(old).toMatchObject({
    status: 'fail',
    message:
      'sync@cairn.local at http://127.0.0.1:8800 (API v57.0): Cairn needs API version 58.0 or later (targeted runs read with nested subqueries)'
  });
  expect(old.fix).toContain('sf config set org-api-version 62.0');
  // Business_Review__c: WORKER_FIELDS has 10 custom fields (the two satisfaction answers among them) + Outcome_Summary__c and Next_Steps__c = 12
  expect(check(healthyFacts(), 'deployed: Business_Review__c').message).toBe('12 of 12 Cairn fields present');
  expect(check(healthyFacts(), 'access: Account').message).toBe(
    'the running user can read the 3 fields the worker reads (it writes none)'
  );
  // 14,200 / 15,000 = 94.67% → 94%
  expect(check(healthyFacts(), 'API budget').message).toBe('14,200 of 15,000 daily API requests left (94%)');
});

test('a missing object fails with the deploy command, and its access check is left out', () => {
  const facts = healthyFacts();
  facts.objects.Business_Review__c = null;
  const result = doctorChecks(facts, 'local');
  expect(result.ok).toBe(false);
  expect(check(facts, 'deployed: Business_Review__c')).toMatchObject({
    status: 'fail',
    message: 'the object Business_Review__c is not in the org, or the running user cannot see it',
    fix: expect.stringContaining('sf project deploy start --source-dir force-app --target-org local')
  });
  expect(result.checks.some((c) => c.name === 'access: Business_Review__c')).toBe(false);
});

test('missing fields are named', () => {
  const facts = healthyFacts();
  facts.objects.Opportunity = fullAccess('Opportunity').filter(
    (f) => f.name !== 'Kickoff_Date__c' && f.name !== 'Desired_Outcome__c'
  );
  const opp = check(facts, 'deployed: Opportunity');
  expect(opp.status).toBe('fail');
  expect(opp.message).toBe(
    `2 of ${customFieldsOf('Opportunity').length} Cairn fields missing or hidden from the running user: Kickoff_Date__c, Desired_Outcome__c`
  );
  // the access check does not report the same custom fields again
  expect(check(facts, 'access: Opportunity').status).toBe('pass');
});

test('fields the worker writes but the user cannot edit fail the access check, naming the permission set', () => {
  const facts = healthyFacts();
  facts.objects.Opportunity = fullAccess('Opportunity').map((f) =>
    f.name === 'Health_Score__c' || f.name === 'Post_Sale_Status__c' ? { ...f, updateable: false } : f
  );
  expect(check(facts, 'access: Opportunity')).toEqual({
    name: 'access: Opportunity',
    status: 'fail',
    message: 'the running user cannot edit Post_Sale_Status__c, Health_Score__c (the sync worker needs them)',
    fix: 'Run the worker as a user with Cairn_Sync_Integration: Assign the permission set: sf org assign permset --name Cairn_Sync_Integration --target-org local'
  });
});

test('a master-detail field only needs to be createable; any other written field must be updateable', () => {
  const facts = healthyFacts();
  facts.objects.Health_Change__c = fullAccess('Health_Change__c').map((f) =>
    f.name === 'Change_Key__c' ? { ...f, updateable: false } : f
  );
  expect(WORKER_FIELDS.Health_Change__c.write).toContain('Opportunity__c'); // createable, not updateable: fine
  expect(check(facts, 'access: Health_Change__c').message).toBe(
    'the running user cannot edit Change_Key__c (the sync worker needs them)'
  );
});

describe('Task, the alerts the worker creates by insert', () => {
  test('healthy: the key field counts as deployed and the 7 written fields pass', () => {
    expect(check(healthyFacts(), 'deployed: Task').message).toBe('1 of 1 Cairn fields present');
    // reads Id, IsClosed; writes Cairn_Alert_Key__c, WhatId, WhoId, OwnerId, Subject, Description, ActivityDate, Priority, Status
    expect(check(healthyFacts(), 'access: Task').message).toBe(
      'the running user can read the 2 fields the worker reads and edit the 9 it writes'
    );
  });

  test('the key field not deployed: the fix says it deploys from objects/Activity', () => {
    const facts = healthyFacts();
    facts.objects.Task = fullAccess('Task').filter((f) => f.name !== 'Cairn_Alert_Key__c');
    expect(check(facts, 'deployed: Task')).toEqual({
      name: 'deployed: Task',
      status: 'fail',
      message: '1 of 1 Cairn fields missing or hidden from the running user: Cairn_Alert_Key__c',
      fix:
        "Deploy Cairn's metadata: sf project deploy start --source-dir force-app --target-org local" +
        " (Task's custom fields are Activity fields: force-app/main/default/objects/Activity/fields);" +
        ' if they are deployed: Assign the permission set: sf org assign permset --name Cairn_Sync_Integration --target-org local'
    });
  });

  test('without Edit Tasks describe says no field is createable: the access check fails naming EditTask', () => {
    const facts = healthyFacts();
    // a user without Edit Tasks: Salesforce's describe marks every Task field neither createable nor updateable
    facts.objects.Task = fullAccess('Task').map((f) => ({ ...f, createable: false, updateable: false }));
    expect(check(facts, 'access: Task')).toEqual({
      name: 'access: Task',
      status: 'fail',
      message:
        'the running user cannot create and edit Cairn_Alert_Key__c, WhatId, WhoId, OwnerId, Subject, Description, ActivityDate, Priority, Status (the sync worker needs them)',
      fix: 'Run the worker as a user with Cairn_Sync_Integration, which enables Edit Tasks (EditTask) and edit on the Task fields the worker writes: Assign the permission set: sf org assign permset --name Cairn_Sync_Integration --target-org local'
    });
    expect(doctorChecks(facts, 'local').ok).toBe(false);
  });

  test('a Task field that is updateable but not createable still fails: the worker sets it on insert', () => {
    const facts = healthyFacts();
    facts.objects.Task = fullAccess('Task').map((f) => (f.name === 'WhoId' ? { ...f, createable: false } : f));
    expect(check(facts, 'access: Task').message).toBe(
      'the running user cannot create and edit WhoId (the sync worker needs them)'
    );
  });
});

test('a standard field the worker reads but cannot see fails the access check', () => {
  const facts = healthyFacts();
  facts.objects.Opportunity = fullAccess('Opportunity').filter((f) => f.name !== 'Amount');
  expect(check(facts, 'access: Opportunity')).toMatchObject({
    status: 'fail',
    message: 'the running user cannot read Amount (the sync worker needs them)'
  });
});

test('permission sets: missing ones fail, none assigned warns, unanswerable is unknown', () => {
  const facts = healthyFacts();
  facts.permissionSetsDeployed = ['Cairn_Account_Manager'];
  facts.permissionSetsAssigned = [];
  expect(check(facts, 'permission sets deployed')).toMatchObject({
    status: 'fail',
    message: 'not in the org: Cairn_Sync_Integration'
  });
  expect(check(facts, 'permission sets assigned')).toMatchObject({
    status: 'warn',
    message:
      'sync@cairn.local has neither Cairn_Account_Manager, Cairn_Sync_Integration; its access comes from its profile alone'
  });

  facts.permissionSetsDeployed = {
    unknown: 'the org cannot answer a PermissionSet query (INVALID_TYPE: no such object)'
  };
  facts.permissionSetsAssigned = { unknown: 'the org cannot answer a PermissionSetAssignment query (INVALID_TYPE: x)' };
  expect(check(facts, 'permission sets deployed')).toEqual({
    name: 'permission sets deployed',
    status: 'warn',
    message: 'unknown: the org cannot answer a PermissionSet query (INVALID_TYPE: no such object)'
  });
  expect(check(facts, 'permission sets assigned').status).toBe('warn');
  // warnings alone keep the doctor's verdict ok
  expect(doctorChecks(facts, 'local').ok).toBe(true);
});

test.each([
  [15000, 1501, 'pass', '1,501 of 15,000 daily API requests left (10%)'], // 1501/15000 = 10.006% ≥ 10%
  [15000, 1499, 'warn', '1,499 of 15,000 daily API requests left (9%)'], // 9.99% < 10%
  [15000, 0, 'fail', '0 of 15,000 daily API requests left (0%)']
])('API budget: %i max, %i left → %s', (max, remaining, status, message) => {
  const facts = healthyFacts();
  facts.dailyApiRequests = { max, remaining };
  expect(check(facts, 'API budget')).toMatchObject({ status, message });
  expect(doctorChecks(facts, 'local').ok).toBe(status !== 'fail');
});

describe('events waiting for an account', () => {
  test('none waiting long: pass, with how many wait now', () => {
    const facts = healthyFacts();
    facts.waitingEvents = { total: 4, waiting: 0, users: [], userCount: 0 };
    expect(check(facts, 'events waiting for an account')).toEqual({
      name: 'events waiting for an account',
      status: 'pass',
      message: 'none has waited more than 7 days (4 waiting for a group call now)'
    });
  });

  test('events older than 7 days: a warning naming the users, most events first, and the fix', () => {
    const facts = healthyFacts();
    facts.waitingEvents = {
      total: 9,
      waiting: 7,
      users: [
        { userId: 'u3', events: 5, since: '2026-04-01T00:00:00.000Z' },
        { userId: 'u9', events: 1, since: '2026-04-02T00:00:00.000Z' }
      ],
      userCount: 3
    };
    const found = check(facts, 'events waiting for an account');
    expect(found.status).toBe('warn');
    expect(found.message).toBe(
      "7 events have waited more than 7 days for an account, from 3 users u3 (5), u9 (1) and 1 more: they count once a group call (analytics.group with the account's groupId) names each user's account"
    );
    expect(found.fix).toMatch(/analytics\.group\(\{ userId, groupId/);
    expect(doctorChecks(facts, 'local').ok).toBe(true);
  });

  test('a store the doctor cannot read: unknown, a warning', () => {
    const facts = healthyFacts();
    facts.waitingEvents = { unknown: 'no worker store at .cairn/store' };
    expect(check(facts, 'events waiting for an account')).toEqual({
      name: 'events waiting for an account',
      status: 'warn',
      message: 'unknown: no worker store at .cairn/store'
    });
  });
});

describe('Case.Product_Feature__c against the features file', () => {
  const withValues = (values: string[], featureNames: DoctorFacts['featureNames'] = [...FEATURES]): DoctorFacts => {
    const facts = healthyFacts();
    const caseFields = (facts.objects.Case ?? []).map((f) =>
      f.name === 'Product_Feature__c' ? { ...f, picklistValues: values } : f
    );
    return { ...facts, objects: { ...facts.objects, Case: caseFields }, featureNames };
  };

  test('passes when the picklist offers exactly the feature names, in any order', () => {
    expect(check(withValues([...FEATURES].reverse()), 'Case.Product_Feature__c values')).toEqual({
      name: 'Case.Product_Feature__c values',
      status: 'pass',
      message: 'the 3 features of the features file'
    });
  });

  test('warns naming what each side lacks, with the fix', () => {
    const found = check(
      withValues(['Email Campaigns', 'Custom Reports', 'Audience Segments']),
      'Case.Product_Feature__c values'
    );
    expect(found).toMatchObject({
      status: 'warn',
      message:
        'lacks CRM Integrations, named in the features file; offers Audience Segments, which the features file does not name'
    });
    expect(found.fix).toContain('edit config/features.json (or the file CAIRN_FEATURES names)');
  });

  test('warns when the features file cannot be read, and says nothing more when Case is not deployed', () => {
    expect(
      check(withValues([...FEATURES], { unknown: 'features.json: not valid JSON' }), 'Case.Product_Feature__c values')
    ).toMatchObject({ status: 'warn', message: 'unknown: features.json: not valid JSON' });
    const noCase = { ...healthyFacts(), objects: { ...healthyFacts().objects, Case: null } };
    expect(doctorChecks(noCase, 'local').checks.map((c) => c.name)).not.toContain('Case.Product_Feature__c values');
  });
});
