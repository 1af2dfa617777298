import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { outOfScopeReason, scopeQuery } from './scope.js';

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
    'Health_Changes__r',
    'OpportunityContactRoles'
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

test('limited to given ids: an escaped IN list, the scope conditions kept', () => {
  const soql = scopeQuery(new Date('2026-05-01T09:30:00Z'), {
    opportunityIds: ['006Lc0000000001IAA', "006' OR Name != '"]
  });
  expect(soql).toContain(
    "AND (Contract_End_Date__c = null OR Contract_End_Date__c >= 2026-04-01) AND Id IN ('006Lc0000000001IAA', '006\\' OR Name != \\'') ORDER BY"
  );
  expect(parseQuery(soql).where).toBeDefined();
});

describe('why an opportunity is out of scope at 2026-05-01 (cutoffs 2023-05-01 and 2026-04-01)', () => {
  const now = new Date('2026-05-01T09:30:00Z');
  const standing = {
    id: '006Lc0000000001IAA',
    name: 'Acme',
    isWon: true,
    closeDate: '2026-01-15',
    contractEndDate: null
  };

  test.each([
    [{}, null],
    [{ closeDate: '2023-05-01', contractEndDate: '2026-04-01' }, null], // both on the first day in scope
    [{ isWon: false }, 'won'],
    [{ closeDate: '2023-04-30' }, 'dates'],
    [{ contractEndDate: '2026-03-31' }, 'dates']
  ] as const)('%j → %s', (change, rule) => {
    expect(outOfScopeReason({ ...standing, ...change }, now)?.rule ?? null).toBe(rule);
  });

  test('the reason names the date and the cutoff', () => {
    expect(outOfScopeReason({ ...standing, closeDate: '2023-04-30' }, now)?.reason).toBe(
      'it closed on 2023-04-30, more than three years ago (the scope starts at CloseDate 2023-05-01)'
    );
    expect(outOfScopeReason({ ...standing, contractEndDate: '2026-03-31' }, now)?.reason).toBe(
      'its contract ended on 2026-03-31, more than 30 days ago (the scope keeps contracts ending on or after 2026-04-01)'
    );
  });
});
