import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { whereShape } from '../../../test/plugin/soql-shape.js';
import { healthListQuery, healthListRows, parseGrade, type HealthOpportunityRecord } from './health-list.js';

function opp(overrides: Partial<HealthOpportunityRecord>): HealthOpportunityRecord {
  return {
    Id: '006000000000001AAA',
    Name: 'Acme',
    Account: { Name: 'Acme Corp' },
    CS_Owner__r: { Name: 'Casey Owner' },
    Health_Score__c: 72,
    Health_Grade__c: 'B',
    Health_Trend__c: -3,
    Post_Sale_Status__c: 'Onboarded',
    Health_Drivers__c:
      '-14.0 seat_utilization: 22% of seats active (target 60%)\n-4.5 recency: 12 days since last activity',
    Health_Next_Grade__c: 'A at 85: activate 3 more seats (22% → 34%)',
    ...overrides
  };
}

describe('parseGrade', () => {
  test.each([
    ['C', 'C'],
    ['c', 'C'],
    [' f ', 'F']
  ])('%j → %s', (input, grade) => {
    expect(parseGrade(input)).toBe(grade);
  });

  test.each(['E', 'AB', '', "C' OR Name != '", 'C%', '_'])('refuses %j and lists the valid grades', (input) => {
    expect(() => parseGrade(input)).toThrow(/is not a health grade\. Use A, B, C, D, F/);
  });
});

describe('healthListQuery', () => {
  test('post-sale opportunities: won with a status', () => {
    const soql = healthListQuery();
    expect(soql).toMatch(/ WHERE IsWon = true AND Post_Sale_Status__c != null$/);
    expect(parseQuery(soql).sObject).toBe('Opportunity');
  });

  test('grade and owner filters, each value quoted, duplicates dropped', () => {
    const soql = healthListQuery({ grades: ['D', 'F', 'D'], csOwnerId: '005000000000001AAA' });
    expect(soql).toContain(
      "WHERE IsWon = true AND Post_Sale_Status__c != null AND Health_Grade__c IN ('D', 'F') AND CS_Owner__c = '005000000000001AAA'"
    );
  });

  test.each([["005' OR Name != '"], ['005\\'], ['%'], ['_'], ["\\' OR IsWon = false OR Name = '"]])(
    'a hostile owner id %j stays one literal',
    (hostile) => {
      const where = whereShape(healthListQuery({ csOwnerId: hostile }));
      expect(where.conditions).toMatchObject([
        { field: 'IsWon' },
        { field: 'Post_Sale_Status__c' },
        { field: 'CS_Owner__c', operator: '=', literalType: 'STRING' }
      ]);
      expect(where.operators).toEqual(['AND', 'AND']);
    }
  );
});

describe('healthListRows', () => {
  test('lowest score first, unscored last, ties by name then id; the top driver is the first line', () => {
    const rows = healthListRows([
      opp({ Id: 'o1', Name: 'High', Health_Score__c: 91, Health_Grade__c: 'A' }),
      opp({
        Id: 'o2',
        Name: 'Unscored',
        Health_Score__c: null,
        Health_Grade__c: null,
        Health_Trend__c: null,
        Health_Drivers__c: null
      }),
      opp({ Id: 'o4', Name: 'Low', Health_Score__c: 38, Health_Grade__c: 'F' }),
      opp({ Id: 'o3', Name: 'Low', Health_Score__c: 38, Health_Grade__c: 'F' }),
      opp({
        Id: 'o5',
        Name: 'Middle',
        Health_Score__c: 55,
        Health_Grade__c: 'C',
        Health_Drivers__c: '\r\n  -20.0 milestones: 0 of 2 due reached\r\n'
      })
    ]);
    expect(rows.map((r) => r.id)).toEqual(['o3', 'o4', 'o5', 'o1', 'o2']);
    expect(rows[0]).toEqual({
      id: 'o3',
      name: 'Low',
      accountName: 'Acme Corp',
      csOwner: 'Casey Owner',
      score: 38,
      grade: 'F',
      trend: -3,
      status: 'Onboarded',
      topDriver: '-14.0 seat_utilization: 22% of seats active (target 60%)',
      nextGrade: 'A at 85: activate 3 more seats (22% → 34%)'
    });
    expect(rows[2]?.topDriver).toBe('-20.0 milestones: 0 of 2 due reached');
    expect(rows[4]).toMatchObject({ score: null, grade: null, trend: null, topDriver: null });
  });
});
