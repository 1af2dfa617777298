// The standard Task object as Cairn's alerts use it (DESIGN §9.5), through real jsforce:
// Salesforce's default task statuses and priorities, IsClosed following the status,
// OwnerId defaulting to the running user, the polymorphic WhatId, Activity's custom fields
// (force-app/main/default/objects/Activity) on both Task and Event, SOQL, sObject
// Collections and Bulk API 2.0. Shapes from the Object Reference ("Task", "TaskStatus").

import type { LocalOrg } from './index.js';
import { call, connect, data, NOW, rejection, startTestOrg } from './testing.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());
beforeEach(() => {
  org.reset();
  org.setNow(NOW);
});

interface TaskRow {
  Id: string;
  Subject: string;
  Status: string;
  Priority: string;
  IsClosed: boolean;
  OwnerId: string;
  ActivityDate: string | null;
  Cairn_Alert_Key__c: string | null;
  CreatedDate: string;
  LastModifiedDate: string;
}

function seedDeal(): { accountId: string; opportunityId: string; contactId: string } {
  const [accountId] = org.insert('Account', [{ Name: 'Acme' }]) as [string];
  const [opportunityId] = org.insert('Opportunity', [
    { Name: 'Acme Deal', AccountId: accountId, StageName: 'Closed Won', CloseDate: '2026-03-01' }
  ]) as [string];
  const [contactId] = org.insert('Contact', [{ LastName: 'Lee', AccountId: accountId }]) as [string];
  return { accountId, opportunityId, contactId };
}

test('describe: statuses, priorities and their defaults; IsClosed read-only; WhatId polymorphic; the alert key on Task and Event', async () => {
  const conn = connect(org);
  const task = await conn.sobject('Task').describe();
  const field = (name: string) => task.fields.find((f) => f.name === name);
  expect(task.keyPrefix).toBe('00T');
  expect(field('Status')?.picklistValues?.map((v) => [v.value, v.defaultValue])).toEqual([
    ['Not Started', true],
    ['In Progress', false],
    ['Completed', false],
    ['Waiting on someone else', false],
    ['Deferred', false]
  ]);
  expect(field('Priority')?.picklistValues?.map((v) => [v.value, v.defaultValue])).toEqual([
    ['High', false],
    ['Normal', true],
    ['Low', false]
  ]);
  expect(field('IsClosed')).toMatchObject({ type: 'boolean', createable: false, updateable: false });
  expect(field('WhatId')).toMatchObject({ referenceTo: ['Account', 'Opportunity'], relationshipName: 'What' });
  expect(field('WhoId')).toMatchObject({ referenceTo: ['Contact'], relationshipName: 'Who' });
  expect(field('Description')).toMatchObject({ type: 'textarea', length: 32000 });
  expect(field('OwnerId')).toMatchObject({ createable: true, updateable: true, defaultedOnCreate: true });
  for (const name of ['CreatedDate', 'LastModifiedDate']) {
    expect(field(name)).toMatchObject({ type: 'datetime', createable: false, updateable: false });
  }
  const key = {
    type: 'string',
    length: 255,
    custom: true,
    externalId: true,
    unique: false,
    createable: true,
    updateable: true
  };
  expect(field('Cairn_Alert_Key__c')).toMatchObject(key);
  const event = await conn.sobject('Event').describe();
  expect(event.fields.find((f) => f.name === 'Cairn_Alert_Key__c')).toMatchObject(key);
  // Activity is no object of its own
  expect((await rejection(conn.sobject('Activity').describe())).errorCode).toBe('NOT_FOUND');
});

test('a new task: Not Started, Normal, open, owned by the running user; completing it closes it and stamps LastModifiedDate', async () => {
  const conn = connect(org);
  const { opportunityId } = seedDeal();
  const created = await conn.sobject('Task').create({
    Subject: 'Cairn: kickoff overdue',
    WhatId: opportunityId,
    ActivityDate: '2026-05-08',
    Cairn_Alert_Key__c: `${opportunityId}:kickoff-overdue`
  });
  expect(created.success).toBe(true);
  const id = created.id as string;
  expect(id).toMatch(/^00T[0-9A-Za-z]{15}$/);
  const fields = 'Status,Priority,IsClosed,OwnerId,ActivityDate,CreatedDate,LastModifiedDate';
  const read = async () =>
    (await conn.sobject('Task').retrieve(id, { fields: fields.split(',') })) as unknown as TaskRow;
  expect(await read()).toMatchObject({
    Status: 'Not Started',
    Priority: 'Normal',
    IsClosed: false,
    OwnerId: org.userId,
    ActivityDate: '2026-05-08',
    CreatedDate: '2026-05-01T12:00:00.000+0000',
    LastModifiedDate: '2026-05-01T12:00:00.000+0000'
  });

  org.setNow('2026-05-02T08:15:00Z');
  await conn.sobject('Task').update({ Id: id, Status: 'Completed' });
  expect(await read()).toMatchObject({
    Status: 'Completed',
    IsClosed: true,
    CreatedDate: '2026-05-01T12:00:00.000+0000',
    LastModifiedDate: '2026-05-02T08:15:00.000+0000'
  });
  await conn.sobject('Task').update({ Id: id, Status: 'Deferred' });
  expect((await read()).IsClosed).toBe(false);
});

test('refused as Salesforce refuses them: a WhatId of an object tasks cannot relate to, an unknown status, a write to IsClosed', async () => {
  const conn = connect(org);
  const { contactId, accountId } = seedDeal();
  const results = await conn.sobject('Task').create(
    [
      { Subject: 'on a contact', WhatId: contactId },
      { Subject: 'unknown status', Status: 'Done' },
      { Subject: 'on the account', WhatId: accountId, WhoId: contactId }
    ],
    { allOrNone: false }
  );
  expect(results.map((r) => (r.success ? 'ok' : r.errors))).toEqual([
    [
      {
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: `Related To ID: id value of incorrect type: ${contactId}`,
        fields: ['WhatId']
      }
    ],
    [
      {
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Status: bad value for restricted picklist field: Done',
        fields: ['Status']
      }
    ],
    'ok'
  ]);
  const closed = await call(org, 'POST', data('/sobjects/Task'), { body: { Subject: 'x', IsClosed: true } });
  expect(closed.status).toBe(400);
  expect(closed.body).toMatchObject([{ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['IsClosed'] }]);
});

test('SOQL: the alert read — a semi-join on WhatId, a key not null, open or recently modified', async () => {
  const conn = connect(org);
  const { opportunityId, accountId } = seedDeal();
  const [otherDeal] = org.insert('Opportunity', [
    { Name: 'Other Deal', AccountId: accountId, StageName: 'Prospecting', CloseDate: '2026-09-01' }
  ]) as [string];
  org.insert('Task', [
    {
      Subject: 'open alert',
      WhatId: opportunityId,
      Cairn_Alert_Key__c: `${opportunityId}:a`,
      CreatedDate: '2026-03-01T00:00:00Z'
    },
    { Subject: 'a person’s own task', WhatId: opportunityId },
    { Subject: 'other deal', WhatId: otherDeal, Cairn_Alert_Key__c: `${otherDeal}:a` },
    { Subject: 'on the account', WhatId: accountId, Cairn_Alert_Key__c: 'account:a' }
  ]);
  org.setNow('2026-03-01T00:00:00Z');
  org.insert('Task', [
    { Subject: 'closed long ago', WhatId: opportunityId, Status: 'Completed', Cairn_Alert_Key__c: `${opportunityId}:b` }
  ]);
  org.setNow('2026-04-20T00:00:00Z');
  org.insert('Task', [
    { Subject: 'closed lately', WhatId: opportunityId, Status: 'Completed', Cairn_Alert_Key__c: `${opportunityId}:c` }
  ]);
  org.setNow(NOW);
  const result = await conn.query<{ Subject: string; IsClosed: boolean; What: { Name: string } }>(
    `SELECT Subject, IsClosed, What.Name FROM Task
     WHERE WhatId IN (SELECT Id FROM Opportunity WHERE StageName = 'Closed Won')
       AND Cairn_Alert_Key__c != null
       AND (IsClosed = false OR LastModifiedDate >= 2026-04-01T00:00:00Z)
     ORDER BY Subject`
  );
  expect(result.records.map((r) => [r.Subject, r.IsClosed, r.What.Name])).toEqual([
    ['closed lately', true, 'Acme Deal'],
    ['open alert', false, 'Acme Deal']
  ]);
});

test('sObject Collections: create by POST, update by PATCH, results in the order sent', async () => {
  const conn = connect(org);
  const { opportunityId } = seedDeal();
  const created = await call(org, 'POST', data('/composite/sobjects'), {
    body: {
      allOrNone: false,
      records: [
        { attributes: { type: 'Task' }, Subject: 'Cairn: one', WhatId: opportunityId, Priority: 'High' },
        { attributes: { type: 'Task' }, Subject: 'Cairn: two', WhatId: opportunityId, Priority: 'Urgent' },
        { attributes: { type: 'Task' }, Subject: 'Cairn: three', WhatId: opportunityId }
      ]
    }
  });
  expect(created.status).toBe(200);
  const results = created.body as { id: string | null; success: boolean; errors: { statusCode: string }[] }[];
  expect(results.map((r) => [r.success, r.errors.map((e) => e.statusCode)])).toEqual([
    [true, []],
    [false, ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']],
    [true, []]
  ]);
  const [one, , three] = results.map((r) => r.id) as [string, null, string];
  const updated = await conn.sobject('Task').update(
    [
      { Id: one, Status: 'Completed' },
      { Id: three, Description: 'evidence' }
    ],
    { allOrNone: false }
  );
  expect(updated.map((r) => r.success)).toEqual([true, true]);
  const rows = await conn.query<{ Subject: string; IsClosed: boolean; Priority: string; Description: string | null }>(
    'SELECT Subject, IsClosed, Priority, Description FROM Task ORDER BY Subject'
  );
  expect(rows.records.map((r) => [r.Subject, r.IsClosed, r.Priority, r.Description])).toEqual([
    ['Cairn: one', true, 'High', null],
    ['Cairn: three', false, 'Normal', 'evidence']
  ]);
});

test('Bulk API 2.0: an insert job and an update job of tasks', async () => {
  const conn = connect(org);
  const { opportunityId } = seedDeal();
  const load = (operation: 'insert' | 'update', input: string) =>
    conn.bulk2.loadAndWaitForResults({ object: 'Task', operation, input, pollInterval: 20, pollTimeout: 30_000 });
  const inserted = await load(
    'insert',
    [
      'Cairn_Alert_Key__c,Subject,WhatId,Status',
      `${opportunityId}:x,Cairn: x,${opportunityId},Not Started`,
      `${opportunityId}:y,Cairn: y,${opportunityId},Done`
    ].join('\n')
  );
  expect(inserted.successfulResults).toEqual([
    {
      sf__Id: expect.stringMatching(/^00T/),
      sf__Created: 'true',
      Cairn_Alert_Key__c: `${opportunityId}:x`,
      Subject: 'Cairn: x',
      WhatId: opportunityId,
      Status: 'Not Started'
    }
  ]);
  expect(inserted.failedResults.map((r) => [(r as Record<string, unknown>).Cairn_Alert_Key__c, r.sf__Error])).toEqual([
    [
      `${opportunityId}:y`,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Status: bad value for restricted picklist field: Done:Status --'
    ]
  ]);
  const id = inserted.successfulResults[0]?.sf__Id as string;
  const updated = await load('update', ['Id,Status', `${id},Completed`].join('\n'));
  expect(updated.successfulResults.map((r) => [r.sf__Id, r.sf__Created])).toEqual([[id, 'false']]);
  const task = (await conn.sobject('Task').retrieve(id)) as unknown as TaskRow;
  expect([task.Status, task.IsClosed]).toEqual(['Completed', true]);
});

test('UI API: a task record page reads its fields and the opportunity it relates to', async () => {
  const { opportunityId } = seedDeal();
  const [id] = org.insert('Task', [{ Subject: 'Cairn: review', WhatId: opportunityId, Priority: 'High' }]) as [string];
  const res = await call(
    org,
    'GET',
    data(`/ui-api/records/${id}?fields=Task.Subject,Task.Priority,Task.IsClosed,Task.WhatId`)
  );
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    apiName: 'Task',
    id,
    fields: {
      Subject: { value: 'Cairn: review' },
      Priority: { value: 'High' },
      IsClosed: { value: false },
      WhatId: { value: opportunityId }
    }
  });
});
