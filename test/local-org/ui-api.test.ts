// The User Interface API endpoints the component preview uses. Shapes from the User
// Interface API Developer Guide: "Record" (ui_api_responses_record.htm:
// {apiName, id, fields: {Name: {displayValue, value}}, ...}) and "Related List Records"
// (ui_api_resources_related_list_records.htm: {records, count, pageSize, nextPageToken, ...}).

import type { LocalOrg } from './index.js';
import { call, data, seedWonDeal, startTestOrg } from './testing.js';

let org: LocalOrg;
let ids: { accountId: string; opportunityId: string };
beforeAll(async () => {
  org = await startTestOrg();
  ids = seedWonDeal(org);
  const { opportunityId } = ids;
  org.insert(
    'Implementation_Stage__c',
    ['Kickoff', 'Setup', 'Training'].map((name, i) => ({
      Name: name,
      Opportunity__c: opportunityId,
      Sequence__c: 3 - i,
      Status__c: 'To Do',
      Target_Date__c: `2026-05-0${i + 2}`,
      Assigned_To__c: org.userId,
      Stage_Key__c: `${opportunityId}:${name}`
    }))
  );
});
afterAll(() => org.close());

test('a record with fields and optional fields, display values and a parent', async () => {
  const res = await call(
    org,
    'GET',
    data(
      `/ui-api/records/${ids.opportunityId}?fields=Opportunity.Name,Opportunity.Amount,Opportunity.CloseDate,Opportunity.Account.Name&optionalFields=Opportunity.No_Such_Field__c,Opportunity.StageName`
    )
  );
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    apiName: 'Opportunity',
    id: ids.opportunityId,
    fields: {
      Name: { value: 'acme deal', displayValue: null },
      Amount: { value: 1000, displayValue: '$1,000.00' },
      CloseDate: { value: '2026-04-20', displayValue: '4/20/2026' },
      StageName: { value: 'Closed Won', displayValue: 'Closed Won' },
      Account: {
        displayValue: 'acme Inc',
        value: { apiName: 'Account', id: ids.accountId, fields: { Name: { value: 'acme Inc', displayValue: null } } }
      }
    }
  });
  expect((res.body as { fields: Record<string, unknown> }).fields.No_Such_Field__c).toBeUndefined();
  const bad = await call(org, 'GET', data(`/ui-api/records/${ids.opportunityId}?fields=Opportunity.No_Such_Field__c`));
  expect(bad.status).toBe(400);
  expect((bad.body as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_FIELD');
});

test('related list records, sorted and paged', async () => {
  const path = data(
    `/ui-api/related-list-records/${ids.opportunityId}/Implementation_Stages__r?fields=Implementation_Stage__c.Name,Implementation_Stage__c.Assigned_To__r.Name&sortBy=Implementation_Stage__c.Sequence__c&pageSize=2`
  );
  const first = await call(org, 'GET', path);
  const body = first.body as {
    count: number;
    records: { fields: { Name: { value: string } } }[];
    nextPageToken: string | null;
    listReference: unknown;
  };
  expect(body.count).toBe(3);
  // Sequence 1 is Training, 2 Setup, 3 Kickoff.
  expect(body.records.map((r) => r.fields.Name.value)).toEqual(['Training', 'Setup']);
  expect(body.records[0]).toMatchObject({ fields: { Assigned_To__r: { displayValue: 'Cairn Admin' } } });
  expect(body.listReference).toMatchObject({
    parentObjectApiName: 'Opportunity',
    objectApiName: 'Implementation_Stage__c',
    relatedListId: 'Implementation_Stages__r'
  });
  expect(body.nextPageToken).toBe('2');
  const second = await call(org, 'GET', `${path}&pageToken=2`);
  expect((second.body as typeof body).records.map((r) => r.fields.Name.value)).toEqual(['Kickoff']);
});

test('update a record in place; a bad value comes back as a field error', async () => {
  const list = await call(
    org,
    'GET',
    data(
      `/ui-api/related-list-records/${ids.opportunityId}/Implementation_Stages__r?fields=Implementation_Stage__c.Name`
    )
  );
  const [stage] = (list.body as { records: { id: string }[] }).records;
  const ok = await call(org, 'PATCH', data(`/ui-api/records/${stage?.id}`), {
    body: { fields: { Status__c: 'Done' } }
  });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ fields: { Status__c: { value: 'Done' } } });
  const bad = await call(org, 'PATCH', data(`/ui-api/records/${stage?.id}`), {
    body: { fields: { Status__c: 'Sideways' } }
  });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({
    enhancedErrorType: 'RecordError',
    output: {
      errors: [],
      fieldErrors: {
        Status__c: [
          {
            errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            field: 'Status__c',
            message: 'Status: bad value for restricted picklist field: Sideways'
          }
        ]
      }
    }
  });
});

test('an unknown record is NOT_FOUND', async () => {
  const res = await call(org, 'GET', data('/ui-api/records/006Lc000000zzzzIAA?fields=Opportunity.Name'));
  expect(res.status).toBe(404);
  expect(res.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
});
