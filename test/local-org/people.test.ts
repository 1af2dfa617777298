// People on deals: the standard OpportunityContactRole object (one primary per opportunity;
// Role an unrestricted picklist of Salesforce's default contact roles; OpportunityId set once)
// and the standard, read-only LastActivityDate on Contact and Account (the latest due date of
// the record's closed tasks and its events, a future event included). Shapes from the Object
// Reference ("OpportunityContactRole", "Contact"), Salesforce Help ("Guidelines for Tracking
// Activities", "Differences between Last Activity and Last Modified Dates") and the REST API
// Developer Guide ("Status Codes and Error Responses").

import type { LocalOrg } from './index.js';
import { call, connect, data, NOW, startTestOrg } from './testing.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());
beforeEach(() => {
  org.reset();
  org.setNow(NOW);
});

function seedDeal() {
  const [accountId] = org.insert('Account', [{ Name: 'Acme' }]) as [string];
  const [opportunityId, otherOpportunityId] = org.insert('Opportunity', [
    { Name: 'Acme renewal', AccountId: accountId, StageName: 'Closed Won', CloseDate: '2026-04-20' },
    { Name: 'Acme upsell', AccountId: accountId, StageName: 'Prospecting', CloseDate: '2026-06-30' }
  ]) as [string, string];
  const [ana, ben, cleo] = org.insert('Contact', [
    { AccountId: accountId, FirstName: 'Ana', LastName: 'Lopez', Email: 'ana@acme.example' },
    { AccountId: accountId, FirstName: 'Ben', LastName: 'Okafor', Email: 'ben@acme.example' },
    { AccountId: accountId, FirstName: 'Cleo', LastName: 'Park', Email: 'cleo@acme.example' }
  ]) as [string, string, string];
  return { accountId, opportunityId, otherOpportunityId, ana, ben, cleo };
}

const get = async (object: string, id: string, fields: string) =>
  (await call(org, 'GET', data(`/sobjects/${object}/${id}?fields=${fields}`))).body as Record<string, unknown>;
const primaryOf = async (ids: string[]) =>
  Promise.all(ids.map(async (id) => (await get('OpportunityContactRole', id, 'IsPrimary')).IsPrimary));

describe('OpportunityContactRole over REST', () => {
  test('a new contact role: 00K id, not primary unless said', async () => {
    const { opportunityId, ana } = seedDeal();
    const created = await call(org, 'POST', data('/sobjects/OpportunityContactRole'), {
      body: { OpportunityId: opportunityId, ContactId: ana, Role: 'Decision Maker' }
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(id).toMatch(/^00K[0-9A-Za-z]{15}$/);
    expect(await get('OpportunityContactRole', id, 'OpportunityId,ContactId,Role,IsPrimary,CreatedDate')).toMatchObject(
      {
        OpportunityId: opportunityId,
        ContactId: ana,
        Role: 'Decision Maker',
        IsPrimary: false,
        CreatedDate: '2026-05-01T12:00:00.000+0000'
      }
    );
  });

  test('OpportunityId and ContactId are required', async () => {
    const { opportunityId } = seedDeal();
    const neither = await call(org, 'POST', data('/sobjects/OpportunityContactRole'), { body: { Role: 'Evaluator' } });
    expect(neither.status).toBe(400);
    expect(neither.body).toEqual([
      {
        errorCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [OpportunityId, ContactId]',
        fields: ['OpportunityId', 'ContactId']
      }
    ]);
    const noContact = await call(org, 'POST', data('/sobjects/OpportunityContactRole'), {
      body: { OpportunityId: opportunityId, ContactId: null }
    });
    expect(noContact.body).toEqual([
      {
        errorCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [ContactId]',
        fields: ['ContactId']
      }
    ]);
  });

  test('Role takes any value, as an unrestricted picklist does; OpportunityId cannot be changed, ContactId can', async () => {
    const { opportunityId, otherOpportunityId, ana, ben } = seedDeal();
    const created = await call(org, 'POST', data('/sobjects/OpportunityContactRole'), {
      body: { OpportunityId: opportunityId, ContactId: ana, Role: 'Champion' }
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const moved = await call(org, 'PATCH', data(`/sobjects/OpportunityContactRole/${id}`), {
      body: { OpportunityId: otherOpportunityId }
    });
    expect(moved.status).toBe(400);
    expect(moved.body).toEqual([
      {
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message:
          'Unable to create/update fields: OpportunityId. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        fields: ['OpportunityId']
      }
    ]);
    const recast = await call(org, 'PATCH', data(`/sobjects/OpportunityContactRole/${id}`), {
      body: { ContactId: ben, Role: 'Economic Buyer' }
    });
    expect(recast.status).toBe(204);
    expect(await get('OpportunityContactRole', id, 'OpportunityId,ContactId,Role')).toMatchObject({
      OpportunityId: opportunityId,
      ContactId: ben,
      Role: 'Economic Buyer'
    });
  });

  test('marking a role primary clears it on the opportunity’s other roles, not on other opportunities', async () => {
    const { opportunityId, otherOpportunityId, ana, ben, cleo } = seedDeal();
    const [anaRole, benRole, elsewhere] = org.insert('OpportunityContactRole', [
      { OpportunityId: opportunityId, ContactId: ana, Role: 'Decision Maker', IsPrimary: true },
      { OpportunityId: opportunityId, ContactId: ben, Role: 'Influencer' },
      { OpportunityId: otherOpportunityId, ContactId: cleo, IsPrimary: true }
    ]) as [string, string, string];
    expect(await primaryOf([anaRole, benRole, elsewhere])).toEqual([true, false, true]);

    org.setNow('2026-05-02T08:00:00Z');
    const created = await call(org, 'POST', data('/sobjects/OpportunityContactRole'), {
      body: { OpportunityId: opportunityId, ContactId: cleo, Role: 'Executive Sponsor', IsPrimary: true }
    });
    const cleoRole = (created.body as { id: string }).id;
    expect(await primaryOf([anaRole, benRole, cleoRole, elsewhere])).toEqual([false, false, true, true]);
    expect((await get('OpportunityContactRole', anaRole, 'SystemModstamp')).SystemModstamp).toBe(
      '2026-05-02T08:00:00.000+0000'
    );

    await call(org, 'PATCH', data(`/sobjects/OpportunityContactRole/${benRole}`), { body: { IsPrimary: true } });
    expect(await primaryOf([anaRole, benRole, cleoRole, elsewhere])).toEqual([false, true, false, true]);

    // Clearing the primary leaves the opportunity without one.
    await call(org, 'PATCH', data(`/sobjects/OpportunityContactRole/${benRole}`), { body: { IsPrimary: false } });
    expect(await primaryOf([anaRole, benRole, cleoRole])).toEqual([false, false, false]);
  });

  test('in one collections call the last primary wins; a failed allOrNone call changes nothing', async () => {
    const { opportunityId, ana, ben, cleo } = seedDeal();
    const [anaRole] = org.insert('OpportunityContactRole', [
      { OpportunityId: opportunityId, ContactId: ana, IsPrimary: true }
    ]) as [string];
    const row = (ContactId: string | null) => ({
      attributes: { type: 'OpportunityContactRole' },
      OpportunityId: opportunityId,
      ContactId,
      IsPrimary: true
    });
    const failed = await call(org, 'POST', data('/composite/sobjects'), {
      body: { allOrNone: true, records: [row(ben), row(null)] }
    });
    expect((failed.body as { success: boolean }[]).map((r) => r.success)).toEqual([false, false]);
    expect(await primaryOf([anaRole])).toEqual([true]);

    const res = await call(org, 'POST', data('/composite/sobjects'), {
      body: { allOrNone: true, records: [row(ben), row(cleo)] }
    });
    const [benRole, cleoRole] = (res.body as { id: string }[]).map((r) => r.id) as [string, string];
    expect(await primaryOf([anaRole, benRole, cleoRole])).toEqual([false, false, true]);
  });

  test('a role can be deleted; deleting its opportunity or its contact deletes it', async () => {
    const { opportunityId, otherOpportunityId, ana, ben } = seedDeal();
    const [first, second, third] = org.insert('OpportunityContactRole', [
      { OpportunityId: opportunityId, ContactId: ana },
      { OpportunityId: opportunityId, ContactId: ben },
      { OpportunityId: otherOpportunityId, ContactId: ana }
    ]) as [string, string, string];
    const conn = connect(org);
    const live = async () =>
      (await conn.query<{ Id: string }>('SELECT Id FROM OpportunityContactRole ORDER BY CreatedDate, Id')).records.map(
        (r) => r.Id
      );
    expect((await call(org, 'DELETE', data(`/sobjects/OpportunityContactRole/${first}`))).status).toBe(204);
    expect(await live()).toEqual([second, third]);
    await call(org, 'DELETE', data(`/sobjects/Opportunity/${otherOpportunityId}`));
    expect(await live()).toEqual([second]);
    await call(org, 'DELETE', data(`/sobjects/Contact/${ben}`));
    expect(await live()).toEqual([]);
  });
});

describe('OpportunityContactRole in SOQL, describe and the UI API', () => {
  function seedRoles() {
    const ids = seedDeal();
    const [anaRole, benRole] = org.insert('OpportunityContactRole', [
      { OpportunityId: ids.opportunityId, ContactId: ids.ana, Role: 'Economic Buyer', IsPrimary: true },
      { OpportunityId: ids.opportunityId, ContactId: ids.ben, Role: 'Technical Buyer' },
      { OpportunityId: ids.otherOpportunityId, ContactId: ids.ana, Role: 'Evaluator' }
    ]) as [string, string, string];
    return { ...ids, anaRole, benRole };
  }

  test('a subquery from Opportunity and from Contact, with the contact’s fields', async () => {
    const ids = seedRoles();
    const conn = connect(org);
    type Role = { ContactId: string; Role: string; IsPrimary: boolean; Contact: { Email: string } };
    const opps = await conn.query<{
      Name: string;
      OpportunityContactRoles: { totalSize: number; records: Role[] } | null;
    }>(
      'SELECT Name, (SELECT ContactId, Contact.Email, Role, IsPrimary FROM OpportunityContactRoles ORDER BY Role) FROM Opportunity ORDER BY Name'
    );
    expect(
      opps.records.map((o) => [
        o.Name,
        o.OpportunityContactRoles?.records.map((r) => [r.ContactId, r.Contact.Email, r.Role, r.IsPrimary])
      ])
    ).toEqual([
      [
        'Acme renewal',
        [
          [ids.ana, 'ana@acme.example', 'Economic Buyer', true],
          [ids.ben, 'ben@acme.example', 'Technical Buyer', false]
        ]
      ],
      ['Acme upsell', [[ids.ana, 'ana@acme.example', 'Evaluator', false]]]
    ]);
    const contacts = await conn.query<{ Name: string; OpportunityContactRoles: { totalSize: number } | null }>(
      "SELECT Name, (SELECT Id FROM OpportunityContactRoles WHERE Opportunity.IsWon = true) FROM Contact WHERE Email LIKE '%@acme.example' ORDER BY Name"
    );
    expect(contacts.records.map((c) => [c.Name, c.OpportunityContactRoles?.totalSize ?? 0])).toEqual([
      ['Ana Lopez', 1],
      ['Ben Okafor', 1],
      ['Cleo Park', 0]
    ]);
  });

  test('filters on role, primary and the contact’s email (case-insensitive, as for any email field)', async () => {
    const ids = seedRoles();
    const conn = connect(org);
    const names = async (soql: string) =>
      (await conn.query<{ Contact: { Name: string } }>(soql)).records.map((r) => r.Contact.Name);
    expect(
      await names(
        `SELECT Contact.Name FROM OpportunityContactRole WHERE OpportunityId = '${ids.opportunityId}' AND (Role IN ('Decision Maker', 'Economic Buyer', 'Executive Sponsor') OR IsPrimary = true)`
      )
    ).toEqual(['Ana Lopez']);
    expect(
      await names("SELECT Contact.Name FROM OpportunityContactRole WHERE Contact.Email = 'BEN@Acme.Example'")
    ).toEqual(['Ben Okafor']);
    const keyPeople = await conn.query<{ Name: string }>(
      `SELECT Name FROM Contact WHERE Id IN (SELECT ContactId FROM OpportunityContactRole WHERE OpportunityId = '${ids.opportunityId}' AND Role = 'Technical Buyer')`
    );
    expect(keyPeople.records.map((c) => c.Name)).toEqual(['Ben Okafor']);
    const byEmail = await conn.query<{ Name: string }>(
      "SELECT Name FROM Contact WHERE Email IN ('ANA@ACME.EXAMPLE', 'nobody@acme.example') OR Email > 'c'"
    );
    expect(byEmail.records.map((c) => c.Name).sort()).toEqual(['Ana Lopez', 'Cleo Park']);
  });

  test('describe: the object, its fields and the child relationships on Opportunity and Contact; Contact.Email is an email', async () => {
    const res = await call(org, 'GET', data('/sobjects/OpportunityContactRole/describe'));
    expect(res.status).toBe(200);
    const body = res.body as {
      keyPrefix: string;
      label: string;
      fields: { name: string; type: string; label: string; nillable: boolean; updateable: boolean }[];
    };
    expect(body).toMatchObject({ keyPrefix: '00K', label: 'Opportunity Contact Role' });
    const field = (name: string) => body.fields.find((f) => f.name === name);
    expect(body.fields.map((f) => f.name)).toEqual([
      'Id',
      'OpportunityId',
      'ContactId',
      'Role',
      'IsPrimary',
      'IsDeleted',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp'
    ]);
    expect(field('Id')).toMatchObject({ label: 'Contact Role ID' });
    expect(field('OpportunityId')).toMatchObject({
      type: 'reference',
      nillable: false,
      updateable: false,
      referenceTo: ['Opportunity'],
      relationshipName: 'Opportunity'
    });
    expect(field('ContactId')).toMatchObject({ nillable: false, updateable: true, relationshipName: 'Contact' });
    expect(field('Role')).toMatchObject({
      type: 'picklist',
      nillable: true,
      restrictedPicklist: false,
      picklistValues: [
        'Business User',
        'Decision Maker',
        'Economic Buyer',
        'Economic Decision Maker',
        'Evaluator',
        'Executive Sponsor',
        'Influencer',
        'Technical Buyer',
        'Other'
      ].map((value) => expect.objectContaining({ value, label: value, active: true }))
    });
    expect(field('IsPrimary')).toMatchObject({ type: 'boolean', defaultValue: false, defaultedOnCreate: true });

    for (const parent of ['Opportunity', 'Contact']) {
      const described = (await call(org, 'GET', data(`/sobjects/${parent}/describe`))).body as {
        childRelationships: { childSObject: string; field: string; relationshipName: string; cascadeDelete: boolean }[];
        fields: { name: string; type: string; length: number }[];
      };
      expect(described.childRelationships).toContainEqual(
        expect.objectContaining({
          childSObject: 'OpportunityContactRole',
          field: `${parent}Id`,
          relationshipName: 'OpportunityContactRoles',
          cascadeDelete: true
        })
      );
      if (parent === 'Contact')
        expect(described.fields.find((f) => f.name === 'Email')).toMatchObject({ type: 'email', length: 80 });
    }
  });

  test('the UI API related list of an opportunity’s contact roles', async () => {
    const ids = seedRoles();
    const res = await call(
      org,
      'GET',
      data(
        `/ui-api/related-list-records/${ids.opportunityId}/OpportunityContactRoles?fields=OpportunityContactRole.Role,OpportunityContactRole.IsPrimary,OpportunityContactRole.Contact.Name&sortBy=-OpportunityContactRole.IsPrimary`
      )
    );
    expect(res.status).toBe(200);
    const body = res.body as {
      count: number;
      listReference: unknown;
      records: { id: string; fields: Record<string, { value: unknown; displayValue: unknown }> }[];
    };
    expect(body.count).toBe(2);
    expect(body.listReference).toMatchObject({
      parentObjectApiName: 'Opportunity',
      objectApiName: 'OpportunityContactRole',
      relatedListId: 'OpportunityContactRoles'
    });
    expect(body.records.map((r) => [r.id, r.fields.Role?.value, r.fields.IsPrimary?.value])).toEqual([
      [ids.anaRole, 'Economic Buyer', true],
      [ids.benRole, 'Technical Buyer', false]
    ]);
    expect(body.records[0]?.fields.Contact).toMatchObject({ displayValue: 'Ana Lopez' });
  });
});

describe('LastActivityDate', () => {
  const lastActivity = async (object: string, id: string) =>
    (await get(object, id, 'LastActivityDate')).LastActivityDate;

  test('a contact’s latest closed task: completing, reopening and deleting tasks move it', async () => {
    const { opportunityId, ana, ben } = seedDeal();
    expect(await lastActivity('Contact', ana)).toBeNull();
    const [call1, call2] = org.insert('Task', [
      { WhoId: ana, Subject: 'Call', ActivityDate: '2026-04-10', Status: 'Completed' },
      { WhoId: ana, Subject: 'Call', ActivityDate: '2026-04-20' },
      { WhoId: ben, Subject: 'Call', ActivityDate: '2026-04-25', Status: 'Completed' },
      { WhoId: ana, Subject: 'Other', Status: 'Completed' }
    ]) as [string, string];
    // The open task of 04-20 does not count yet, nor does a closed task without a due date.
    expect(await lastActivity('Contact', ana)).toBe('2026-04-10');
    expect(await lastActivity('Contact', ben)).toBe('2026-04-25');
    // Also through a parent path, as the key-people query reads it.
    org.insert('OpportunityContactRole', [{ OpportunityId: opportunityId, ContactId: ana, Role: 'Decision Maker' }]);
    const viaRole = await connect(org).query<{ Contact: { LastActivityDate: string | null } }>(
      `SELECT Contact.LastActivityDate FROM OpportunityContactRole WHERE ContactId = '${ana}'`
    );
    expect(viaRole.records.map((r) => r.Contact.LastActivityDate)).toEqual(['2026-04-10']);

    await call(org, 'PATCH', data(`/sobjects/Task/${call2}`), { body: { Status: 'Completed' } });
    expect(await lastActivity('Contact', ana)).toBe('2026-04-20');
    await call(org, 'PATCH', data(`/sobjects/Task/${call2}`), { body: { Status: 'In Progress' } });
    expect(await lastActivity('Contact', ana)).toBe('2026-04-10');
    await call(org, 'DELETE', data(`/sobjects/Task/${call1}`));
    expect(await lastActivity('Contact', ana)).toBeNull();
  });

  test('events count by their date: yesterday, later today, and (as in Salesforce) one still to come', async () => {
    const { ana } = seedDeal();
    const [meeting] = org.insert('Event', [
      { WhoId: ana, Subject: 'Meeting', StartDateTime: '2026-04-30T16:00:00Z', DurationInMinutes: 60 }
    ]) as [string];
    org.insert('Task', [{ WhoId: ana, Subject: 'Call', ActivityDate: '2026-04-29', Status: 'Completed' }]);
    expect(await lastActivity('Contact', ana)).toBe('2026-04-30');

    // Now is 2026-05-01T12:00Z: an event at 15:00 today counts as today.
    const created = await call(org, 'POST', data('/sobjects/Event'), {
      body: { WhoId: ana, Subject: 'Call', StartDateTime: '2026-05-01T15:00:00Z', DurationInMinutes: 30 }
    });
    const today = (created.body as { id: string }).id;
    expect(await lastActivity('Contact', ana)).toBe('2026-05-01');

    await call(org, 'PATCH', data(`/sobjects/Event/${meeting}`), {
      body: { StartDateTime: '2026-05-08T09:00:00Z', EndDateTime: '2026-05-08T10:00:00Z' }
    });
    expect(await lastActivity('Contact', ana)).toBe('2026-05-08');

    await call(org, 'DELETE', data(`/sobjects/Event/${meeting}`));
    await call(org, 'PATCH', data(`/sobjects/Event/${today}`), { body: { WhoId: null } });
    expect(await lastActivity('Contact', ana)).toBe('2026-04-29');
  });

  test('an account’s: activities related to it or its opportunities, and those related to nothing that name its contacts', async () => {
    const { accountId, opportunityId, ana, ben } = seedDeal();
    const [otherAccount] = org.insert('Account', [{ Name: 'Globex' }]) as [string];
    expect(await lastActivity('Account', accountId)).toBeNull();
    org.insert('Task', [
      { WhatId: accountId, Subject: 'Call', ActivityDate: '2026-03-01', Status: 'Completed' },
      { WhatId: otherAccount, WhoId: ben, Subject: 'Call', ActivityDate: '2026-04-28', Status: 'Completed' }
    ]);
    // Ben's task is related to Globex, which takes precedence over his account.
    expect(await lastActivity('Account', accountId)).toBe('2026-03-01');
    expect(await lastActivity('Account', otherAccount)).toBe('2026-04-28');
    expect(await lastActivity('Contact', ben)).toBe('2026-04-28');

    org.insert('Event', [
      { WhatId: opportunityId, Subject: 'Meeting', StartDateTime: '2026-04-02T10:00:00Z', DurationInMinutes: 60 }
    ]);
    expect(await lastActivity('Account', accountId)).toBe('2026-04-02');
    org.insert('Task', [{ WhoId: ana, Subject: 'Call', ActivityDate: '2026-04-15', Status: 'Completed' }]);
    expect(await lastActivity('Account', accountId)).toBe('2026-04-15');
  });

  test('SOQL filters and sorts on it; it is read-only', async () => {
    const { ana, ben, cleo } = seedDeal();
    org.insert('Task', [
      { WhoId: ana, Subject: 'Call', ActivityDate: '2026-04-25', Status: 'Completed' },
      { WhoId: ben, Subject: 'Call', ActivityDate: '2026-02-01', Status: 'Completed' }
    ]);
    const conn = connect(org);
    const quiet = await conn.query<{ Name: string; LastActivityDate: string | null }>(
      'SELECT Name, LastActivityDate FROM Contact WHERE LastActivityDate < LAST_N_DAYS:45 OR LastActivityDate = null ORDER BY LastActivityDate NULLS FIRST'
    );
    expect(quiet.records.map((c) => [c.Name, c.LastActivityDate])).toEqual([
      ['Cleo Park', null],
      ['Ben Okafor', '2026-02-01']
    ]);

    const refused = await call(org, 'POST', data('/sobjects/Contact'), {
      body: { LastName: 'New', LastActivityDate: '2026-04-01' }
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      {
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message:
          'Unable to create/update fields: LastActivityDate. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        fields: ['LastActivityDate']
      }
    ]);
    const patched = await call(org, 'PATCH', data(`/sobjects/Contact/${cleo}`), {
      body: { LastActivityDate: '2026-04-01' }
    });
    expect((patched.body as { errorCode: string; fields: string[] }[])[0]).toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      fields: ['LastActivityDate']
    });
    const described = (await call(org, 'GET', data('/sobjects/Contact/describe'))).body as {
      fields: { name: string }[];
    };
    expect(described.fields.find((f) => f.name === 'LastActivityDate')).toMatchObject({
      type: 'date',
      label: 'Last Activity',
      createable: false,
      updateable: false,
      calculated: false,
      nillable: true,
      filterable: true,
      sortable: true
    });
  });
});
