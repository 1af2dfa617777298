import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { scopeQuery } from './scope.js';

test('the scope query at 2026-05-01: won, closed on or after 2023-05-01, contract ended on or after 2026-04-01', () => {
  // three years before 2026-05-01 is 2023-05-01; 30 days before it is 2026-04-01
  const soql = scopeQuery(new Date('2026-05-01T09:30:00Z'));
  expect(soql).toContain(
    'WHERE IsWon = true AND CloseDate >= 2023-05-01 AND (Contract_End_Date__c = null OR Contract_End_Date__c >= 2026-04-01)'
  );
  const parsed = parseQuery(soql);
  expect(parsed.sObject).toBe('Opportunity');
  const children = parsed.fields?.filter((field) => field.type === 'FieldSubquery') ?? [];
  expect(children.map((field) => field.type === 'FieldSubquery' && field.subquery.relationshipName)).toEqual([
    'Implementation_Stages__r',
    'Success_Milestones__r',
    'Business_Reviews__r',
    'Health_Changes__r'
  ]);
  const health = children[3];
  expect(health?.type === 'FieldSubquery' && health.subquery.limit).toBe(1);
  expect(soql).toContain('Account.Product_Account_Id__c');
});

test('three years before 29 February is 28 February; UTC decides the day', () => {
  // 2028-02-29T23:30:00-02:00 is 2028-03-01T01:30Z: today is 2028-03-01 → 2025-03-01 and 2028-01-31
  expect(scopeQuery(new Date('2028-03-01T01:30:00Z'))).toContain(
    'CloseDate >= 2025-03-01 AND (Contract_End_Date__c = null OR Contract_End_Date__c >= 2028-01-31)'
  );
  expect(scopeQuery(new Date('2028-02-29T12:00:00Z'))).toContain('CloseDate >= 2025-02-28');
});
