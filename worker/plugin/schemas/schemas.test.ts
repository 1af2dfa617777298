import { schemaProblems } from '../../../test/plugin/result-schemas.js';
import { parsePlaybook, planFor } from '../../core/playbooks.js';
import { DEFAULT_REVIEWS_CONFIG } from '../../core/reviews.js';
import { opportunity } from '../../core/test-support.js';
import { applyResult } from '../../sync/apply-playbook.js';
import { doctorChecks } from '../doctor/checks.js';
import { CAIRN_OBJECTS } from '../doctor/expected.js';
import { healthListRows } from '../queries/health-list.js';
import { kickoffMissingRows } from '../queries/kickoff-missing.js';
import { qbrDueRows } from '../queries/qbr-due.js';

const TODAY = '2026-05-01';

test('kickoff missing rows conform, with and without the optional values', () => {
  const rows = kickoffMissingRows(
    [
      {
        Id: '006000000000001AAA',
        Name: 'Acme',
        CloseDate: '2026-04-20',
        Amount: 1200.5,
        Kickoff_Date__c: null,
        Account: { Name: 'Acme Corp' },
        CS_Owner__r: { Name: 'Casey' },
        Implementation_Stages__r: {
          records: [
            {
              Id: 'a01000000000001AAA',
              Stage_Key__c: null,
              Name: 'Kickoff',
              Sequence__c: 1,
              Status__c: 'Scheduled',
              Is_Kickoff__c: true,
              Target_Date__c: '2026-05-03',
              Completed_Date__c: null
            }
          ]
        }
      },
      {
        Id: '006000000000002',
        Name: 'Globex',
        CloseDate: '2026-04-30',
        Amount: null,
        Kickoff_Date__c: null,
        Account: null,
        CS_Owner__r: null,
        Implementation_Stages__r: null
      }
    ],
    TODAY
  );
  expect(rows).toHaveLength(2);
  expect(schemaProblems('cairn-kickoff-missing', rows)).toEqual([]);
});

test('qbr due rows conform, overdue included', () => {
  const rows = qbrDueRows(
    [
      {
        Id: 'a03000000000001AAA',
        Name: 'QBR 1',
        Opportunity__c: '006000000000001AAA',
        Opportunity__r: { Name: 'Acme' },
        Review_Type__c: 'QBR',
        Due_Date__c: '2026-04-20'
      },
      {
        Id: 'a03000000000002AAA',
        Name: 'Renewal Review',
        Opportunity__c: '006000000000001AAA',
        Opportunity__r: null,
        Review_Type__c: 'Renewal Review',
        Due_Date__c: '2026-06-20'
      }
    ],
    TODAY
  );
  expect(schemaProblems('cairn-qbr-due', rows)).toEqual([]);
});

test('health list rows conform, unscored included', () => {
  const rows = healthListRows([
    {
      Id: '006000000000001AAA',
      Name: 'Acme',
      Account: { Name: 'Acme Corp' },
      CS_Owner__r: { Name: 'Casey' },
      Health_Score__c: 48,
      Health_Grade__c: 'D',
      Health_Trend__c: -12,
      Post_Sale_Status__c: 'At Risk',
      Health_Drivers__c: '-20.0 milestones: 0 of 2 due reached\n-9.0 recency: 18 days',
      Health_Next_Grade__c: 'C at 55: achieve 1 more due milestone'
    },
    {
      Id: '006000000000002AAA',
      Name: 'Globex',
      Account: null,
      CS_Owner__r: null,
      Health_Score__c: null,
      Health_Grade__c: null,
      Health_Trend__c: null,
      Post_Sale_Status__c: 'Awaiting Kickoff',
      Health_Drivers__c: null,
      Health_Next_Grade__c: null
    }
  ]);
  expect(schemaProblems('cairn-health-list', rows)).toEqual([]);
});

test('doctor results conform, failing ones included', () => {
  const result = doctorChecks(
    {
      instanceUrl: 'http://127.0.0.1:1',
      username: 'admin@cairn.local',
      apiVersion: '62.0',
      objects: Object.fromEntries(CAIRN_OBJECTS.map((o) => [o, null])) as never,
      permissionSetsDeployed: { unknown: 'no PermissionSet object' },
      permissionSetsAssigned: [],
      dailyApiRequests: { max: 100, remaining: 0 },
      featureNames: { unknown: 'config/features.json: not valid JSON' },
      waitingEvents: {
        total: 3,
        waiting: 2,
        users: [{ userId: 'u1', events: 2, since: '2026-04-01T00:00:00.000Z' }],
        userCount: 1
      }
    },
    'local'
  );
  expect(result.ok).toBe(false);
  expect(schemaProblems('cairn-doctor', result)).toEqual([]);
});

test('plan apply results conform: created, present, failed, and a dry run', () => {
  const playbook = parsePlaybook(
    {
      key: 'single-call',
      name: 'Single call',
      description: 'One call.',
      default: true,
      stages: [{ key: 'kickoff', name: 'Kickoff', dueDays: 7, isKickoff: true }],
      milestones: [{ key: 'first-report', name: 'First report', kind: 'Product', dueDays: 14 }],
      reviews: { quarterly: true, renewalReview: false }
    },
    'single-call.json'
  );
  const opp = opportunity({ id: '006Lc0000000001IAA', closeDate: '2026-04-20' });
  const plan = planFor(opp, playbook, TODAY, DEFAULT_REVIEWS_CONFIG, { reapply: true });
  const input = { opp, playbook, plan, today: TODAY, config: { reviews: DEFAULT_REVIEWS_CONFIG } };
  const written = applyResult({
    ...input,
    outcome: {
      written: [
        { object: 'Implementation_Stage__c', key: `${opp.id}:kickoff`, id: 'a01Lc0000000001AAA', created: true }
      ],
      failed: [
        {
          object: 'Success_Milestone__c',
          id: null,
          key: `${opp.id}:first-report`,
          statusCode: 'UNABLE_TO_LOCK_ROW',
          message: 'unable to obtain exclusive access to this record',
          fields: []
        }
      ]
    }
  });
  expect(written.reviews).toHaveLength(4); // no contract end date: the next four QBRs
  expect(schemaProblems('cairn-plan-apply', written)).toEqual([]);
  expect(schemaProblems('cairn-plan-apply', applyResult({ ...input, outcome: null }))).toEqual([]);
  expect(
    schemaProblems('cairn-plan-apply', { ...written, stages: [{ ...written.stages[0], status: 'updated' }] })
  ).not.toEqual([]);
  expect(schemaProblems('cairn-plan-apply', { ...written, extra: true })).not.toEqual([]);
});

test('the schemas are strict: an extra, missing or mistyped field is caught', () => {
  const row = {
    id: '006000000000001AAA',
    opportunityId: '006000000000001AAA',
    opportunityName: 'Acme',
    name: 'QBR 1',
    reviewType: 'QBR',
    dueDate: '2026-05-01',
    daysUntilDue: 0
  };
  expect(schemaProblems('cairn-qbr-due', [row])).toEqual([]);
  expect(schemaProblems('cairn-qbr-due', [{ ...row, extra: 1 }])).not.toEqual([]);
  const { daysUntilDue: _dropped, ...missing } = row;
  expect(schemaProblems('cairn-qbr-due', [missing])).not.toEqual([]);
  expect(schemaProblems('cairn-qbr-due', [{ ...row, daysUntilDue: '0' }])).not.toEqual([]);
  expect(schemaProblems('cairn-qbr-due', [{ ...row, reviewType: 'Kickoff' }])).not.toEqual([]);
  expect(schemaProblems('cairn-health-list', [{ grade: 'E' }])).not.toEqual([]);
  expect(schemaProblems('cairn-doctor', { checks: [{ name: 'x', status: 'ok', message: '' }], ok: true })).not.toEqual(
    []
  );
});
