import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { kickoffMissingQuery, kickoffMissingRows, type KickoffOpportunityRecord } from './kickoff-missing.js';
import type { StageRecord } from './records.js';

const TODAY = '2026-05-01';

function stage(overrides: Partial<StageRecord>): StageRecord {
  return {
    Id: 'a01000000000001AAA',
    Stage_Key__c: null,
    Name: 'Kickoff call',
    Sequence__c: 1,
    Status__c: 'To Do',
    Is_Kickoff__c: true,
    Target_Date__c: null,
    Completed_Date__c: null,
    ...overrides
  };
}

function opp(overrides: Partial<KickoffOpportunityRecord> & { stages?: StageRecord[] }): KickoffOpportunityRecord {
  const { stages, ...fields } = overrides;
  return {
    Id: '006000000000001AAA',
    Name: 'Acme',
    CloseDate: '2026-04-20',
    Amount: 1000,
    Kickoff_Date__c: null,
    Account: { Name: 'Acme Corp' },
    CS_Owner__r: { Name: 'Casey Owner' },
    Implementation_Stages__r: stages ? { records: stages } : null,
    ...fields
  };
}

describe('kickoffMissingQuery', () => {
  test('counts N days back from today, both ends included (LAST_N_DAYS from CAIRN_NOW)', () => {
    // 2026-05-01 − 14 days = 2026-04-17
    const soql = kickoffMissingQuery(TODAY, 14);
    expect(soql).toContain('WHERE IsWon = true AND CloseDate >= 2026-04-17 AND CloseDate <= 2026-05-01');
    const parsed = parseQuery(soql);
    expect(parsed.sObject).toBe('Opportunity');
    expect(JSON.stringify(parsed.fields)).toContain('Implementation_Stages__r');
  });

  test('crosses month and year ends', () => {
    // 2026-01-05 − 10 days = 2025-12-26
    expect(kickoffMissingQuery('2026-01-05', 10)).toContain('CloseDate >= 2025-12-26 AND CloseDate <= 2026-01-05');
  });
});

describe('kickoffMissingRows', () => {
  test('keeps only deals whose kickoff was not held (DESIGN §4.4), oldest close first, then name, then id', () => {
    const rows = kickoffMissingRows(
      [
        opp({ Id: '006A', Name: 'Newest', CloseDate: '2026-04-30' }),
        opp({ Id: '006B', Name: 'Held by date', CloseDate: '2026-04-17', Kickoff_Date__c: '2026-04-25' }),
        opp({
          Id: '006C',
          Name: 'Held by stage',
          CloseDate: '2026-04-17',
          stages: [stage({ Status__c: 'Done', Completed_Date__c: '2026-04-24' })]
        }),
        opp({
          Id: '006D',
          Name: 'Delta',
          CloseDate: '2026-04-17',
          Amount: null,
          CS_Owner__r: null,
          stages: [stage({ Status__c: 'Scheduled', Target_Date__c: '2026-05-04' })]
        }),
        opp({ Id: '006F', Name: 'Alpha', CloseDate: '2026-04-17', Account: null }),
        opp({ Id: '006E', Name: 'Alpha', CloseDate: '2026-04-17', Account: null })
      ],
      TODAY
    );
    expect(rows.map((r) => r.id)).toEqual(['006E', '006F', '006D', '006A']);
    expect(rows[2]).toEqual({
      id: '006D',
      name: 'Delta',
      accountName: 'Acme Corp',
      closeDate: '2026-04-17',
      daysSinceClose: 14, // 2026-04-17 → 2026-05-01
      amount: null,
      csOwner: null,
      kickoffScheduled: true,
      kickoffTargetDate: '2026-05-04'
    });
    expect(rows[3]).toMatchObject({ daysSinceClose: 1, kickoffScheduled: false, kickoffTargetDate: null }); // 04-30 → 05-01
    expect(rows[0]).toMatchObject({ accountName: null, csOwner: 'Casey Owner', amount: 1000 });
  });

  test('a Done stage that is not the kickoff does not count as the kickoff', () => {
    const rows = kickoffMissingRows(
      [opp({ stages: [stage({ Is_Kickoff__c: false, Status__c: 'Done', Completed_Date__c: '2026-04-21' })] })],
      TODAY
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.kickoffScheduled).toBe(false);
  });

  test('reads the kickoff stage in sequence order, whatever order the org returns them in', () => {
    const rows = kickoffMissingRows(
      [
        opp({
          stages: [
            stage({ Id: 'a012', Sequence__c: 2, Status__c: 'Scheduled', Target_Date__c: '2026-05-09' }),
            stage({ Id: 'a011', Sequence__c: 1, Status__c: 'To Do', Target_Date__c: '2026-05-02' })
          ]
        })
      ],
      TODAY
    );
    // the first kickoff stage by sequence is a011: To Do, target 2026-05-02
    expect(rows[0]).toMatchObject({ kickoffScheduled: false, kickoffTargetDate: '2026-05-02' });
  });
});
