import type { ApplyPlaybookResult } from '../sync/apply-playbook.js';
import { parseOpportunityId, parsePlaybookKey, planApplyRows, statusCounts } from './plan-apply.js';

const OPP = '006Lc0000000001IAA';

describe('--opportunity', () => {
  test.each([OPP, '006Lc0000000001', `  ${OPP} `])('takes %j', (value) => {
    expect(parseOpportunityId(value)).toBe(value.trim());
  });

  test.each([
    ['001Lc0000000001IAA'], // an Account Id
    ['006Lc000000001'], // 14 characters
    ['006Lc0000000001IA'], // 17
    ['006Lc0000000001IAAX'], // 19
    ["006Lc0000000001' OR Name != '"],
    ['006Lc00000000\\1IAA'],
    ['006Lc0000000%_IAA'],
    ['']
  ])('refuses %j, saying what an Id looks like', (value) => {
    expect(() => parseOpportunityId(value)).toThrow(
      `${JSON.stringify(value)} is not an Opportunity Id: give the 15- or 18-character Id, letters and digits starting with 006`
    );
  });
});

describe('--playbook', () => {
  test.each(['multi-phase', 'single_call', 'q3', ` upsell `])('takes %j', (value) => {
    expect(parsePlaybookKey(value)).toBe(value.trim());
  });

  test.each(['Multi-Phase', 'multi phase', '-lead', 'trail-', 'a--b', "x' OR '1'='1", 'a'.repeat(61)])(
    'refuses %j with the rule for keys',
    (value) => {
      expect(() => parsePlaybookKey(value)).toThrow(
        `${JSON.stringify(value)} is not a playbook key: use lower-case letters and digits joined by - or _`
      );
    }
  );
});

const result: ApplyPlaybookResult = {
  opportunityId: OPP,
  opportunityName: 'Acme Platform',
  playbook: { key: 'single-call', name: 'Single call' },
  dryRun: false,
  stages: [
    {
      key: `${OPP}:kickoff-training`,
      name: 'Kickoff',
      dueDate: '2026-04-27',
      status: 'present',
      id: 'a01Lc0000000001AAA'
    }
  ],
  milestones: [
    {
      key: `${OPP}:first-report`,
      name: 'First report',
      dueDate: '2026-05-04',
      status: 'created',
      id: 'a02Lc0000000001AAA'
    },
    {
      key: `${OPP}:review-asked`,
      name: 'Review asked',
      dueDate: null,
      status: 'failed',
      id: null,
      error: 'REQUIRED_FIELD_MISSING: Required fields are missing: [Owner__c]'
    }
  ],
  reviews: [{ key: `${OPP}:QBR:1`, name: 'QBR 1', dueDate: '2026-07-20', status: 'created', id: 'a03Lc0000000001AAA' }]
};

test('table rows: stages, milestones, reviews; keys without the opportunity Id; why a row failed', () => {
  expect(planApplyRows(result)).toEqual([
    { type: 'Stage', key: 'kickoff-training', name: 'Kickoff', due: '2026-04-27', status: 'present' },
    { type: 'Milestone', key: 'first-report', name: 'First report', due: '2026-05-04', status: 'created' },
    {
      type: 'Milestone',
      key: 'review-asked',
      name: 'Review asked',
      due: '',
      status: 'failed: REQUIRED_FIELD_MISSING: Required fields are missing: [Owner__c]'
    },
    { type: 'Review', key: 'QBR:1', name: 'QBR 1', due: '2026-07-20', status: 'created' }
  ]);
});

test('counts by status', () => {
  expect(statusCounts(result)).toEqual({ created: 2, present: 1, missing: 0, failed: 1 });
});
