import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { qbrDueQuery, qbrDueRows, type ReviewRecord } from './qbr-due.js';

const TODAY = '2026-05-01';

function review(overrides: Partial<ReviewRecord>): ReviewRecord {
  return {
    Id: 'a03000000000001AAA',
    Name: 'QBR 1',
    Opportunity__c: '006000000000001AAA',
    Opportunity__r: { Name: 'Acme' },
    Review_Type__c: 'QBR',
    Due_Date__c: '2026-05-10',
    ...overrides
  };
}

describe('qbrDueQuery', () => {
  test('reviews To Schedule due on or before today + N (overdue included: no lower bound)', () => {
    // 2026-05-01 + 60 days = 2026-06-30 (30 days to May 31, 30 more to June 30)
    const soql = qbrDueQuery(TODAY, 60);
    expect(soql).toContain("WHERE Status__c = 'To Schedule' AND Due_Date__c <= 2026-06-30");
    expect(parseQuery(soql).sObject).toBe('Business_Review__c');
  });
});

describe('qbrDueRows', () => {
  test('earliest due first, days until due negative when overdue; ties by opportunity, name, id', () => {
    const rows = qbrDueRows(
      [
        review({ Id: 'r1', Name: 'QBR 2', Due_Date__c: '2026-06-30' }),
        review({ Id: 'r2', Name: 'Renewal Review', Review_Type__c: 'Renewal Review', Due_Date__c: '2026-04-25' }),
        review({ Id: 'r4', Name: 'QBR 1', Due_Date__c: '2026-05-01', Opportunity__r: { Name: 'Zeta' } }),
        review({ Id: 'r3', Name: 'QBR 1', Due_Date__c: '2026-05-01', Opportunity__r: { Name: 'Beta' } })
      ],
      TODAY
    );
    expect(rows.map((r) => [r.id, r.daysUntilDue])).toEqual([
      ['r2', -6], // 2026-04-25 is 6 days before 2026-05-01
      ['r3', 0],
      ['r4', 0],
      ['r1', 60] // 30 days to 2026-05-31, 30 more to 2026-06-30
    ]);
    expect(rows[0]).toEqual({
      id: 'r2',
      opportunityId: '006000000000001AAA',
      opportunityName: 'Acme',
      name: 'Renewal Review',
      reviewType: 'Renewal Review',
      dueDate: '2026-04-25',
      daysUntilDue: -6
    });
  });
});
