import { parseQuery, type FieldSubquery } from '@jetstreamapp/soql-parser-js';
import { accountScopeQuery } from './run-reads.js';

const NOW = new Date('2026-05-01T09:30:00Z');
const WINDOWS = { casesFrom: new Date('2026-02-01T00:00:00Z'), tasksClosedSince: new Date('2026-04-01T00:00:00Z') };

const subqueries = (fields: unknown[] | undefined): FieldSubquery[] =>
  (fields ?? []).filter((field): field is FieldSubquery => (field as FieldSubquery).type === 'FieldSubquery');

test('the targeted read: accounts by product account id (escaped) with an opportunity in scope', () => {
  const soql = accountScopeQuery(['acme', "x' OR Name != '"], NOW, WINDOWS);
  expect(soql).toContain(
    "FROM Account WHERE Product_Account_Id__c IN ('acme', 'x\\' OR Name != \\'') AND Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true AND CloseDate >= 2023-05-01"
  );
  const parsed = parseQuery(soql);
  expect(parsed.sObject).toBe('Account');
  expect(subqueries(parsed.fields).map((s) => s.subquery.relationshipName)).toEqual([
    'Opportunities',
    'Cases',
    'Contacts'
  ]);
});

test('under the opportunities: their child sets and Cairn Tasks, the second level of subqueries', () => {
  const [opportunities, cases] = subqueries(parseQuery(accountScopeQuery(['acme'], NOW, WINDOWS)).fields);
  expect(subqueries(opportunities?.subquery.fields).map((s) => s.subquery.relationshipName)).toEqual([
    'Implementation_Stages__r',
    'Success_Milestones__r',
    'Business_Reviews__r',
    'Health_Changes__r',
    'OpportunityContactRoles',
    'Tasks'
  ]);
  expect(accountScopeQuery(['acme'], NOW, WINDOWS)).toContain(
    'FROM Tasks WHERE Cairn_Alert_Key__c != null AND (IsClosed = false OR LastModifiedDate >= 2026-04-01T00:00:00Z)'
  );
  expect(cases?.subquery.where).toBeDefined();
  expect(accountScopeQuery(['acme'], NOW, WINDOWS)).toContain(
    'FROM Cases WHERE (IsClosed = false OR CreatedDate >= 2026-02-01T00:00:00Z OR ClosedDate >= 2026-02-01T00:00:00Z)'
  );
});

test('with every alert rule off, no Tasks subquery', () => {
  expect(accountScopeQuery(['acme'], NOW, { ...WINDOWS, tasksClosedSince: null })).not.toContain('FROM Tasks');
});
