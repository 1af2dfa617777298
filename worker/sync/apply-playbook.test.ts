import { parsePlaybook, planFor } from '../core/playbooks.js';
import { DEFAULT_REVIEWS_CONFIG } from '../core/reviews.js';
import { OPP_ID, opportunity, review, stage } from '../core/test-support.js';
import { applyResult, type WriteOutcome } from './apply-playbook.js';

const TODAY = '2026-05-01';
const config = { reviews: DEFAULT_REVIEWS_CONFIG };
const playbook = parsePlaybook(
  {
    key: 'onboard',
    name: 'Onboarding',
    description: 'Two stages, two milestones, quarterly and renewal reviews.',
    default: true,
    stages: [
      { key: 'kickoff', name: 'Kickoff call', dueDays: 7, isKickoff: true },
      { key: 'setup', name: 'Setup', dueDays: 30 }
    ],
    milestones: [
      {
        key: 'first-report',
        name: 'First report',
        kind: 'Product',
        dueDays: 14,
        usageMetric: 'event:report_created',
        usageThreshold: 1,
        firstValue: true
      },
      { key: 'outcome', name: 'Registrations up', kind: 'Customer', dueDays: 90 }
    ],
    reviews: { quarterly: true, renewalReview: true }
  },
  'onboard.json'
);

// Closed 2026-01-15, contract ends 2027-01-14. Stage and milestone targets are close + dueDays:
// kickoff 01-22, setup 02-14, first report 01-29, outcome 04-15 (16 + 28 + 31 + 15 = 90 days).
// QBRs are due close + 3n months while before end − 80 days = 2026-10-26: 04-15, 07-15, 10-15
// (QBR 4, 2027-01-15, is past it); the Renewal Review is due end − 42 days = 2026-12-03.
// The org already has the kickoff stage (renamed and moved by hand) and QBR 1.
const opp = opportunity({
  closeDate: '2026-01-15',
  contractEndDate: '2027-01-14',
  stages: [
    stage({
      id: 'a01Lc0000000001AAA',
      key: `${OPP_ID}:kickoff`,
      name: 'Kickoff call (moved)',
      isKickoff: true,
      targetDate: '2026-01-29'
    })
  ],
  reviews: [review({ id: 'a03Lc0000000001AAA', key: `${OPP_ID}:QBR:1`, name: 'QBR 1', dueDate: '2026-04-15' })]
});
const plan = planFor(opp, playbook, TODAY, config.reviews, { reapply: true });

test('the plan holds only what the org lacks: setup, both milestones, QBR 2, QBR 3 and the Renewal Review', () => {
  expect([...plan.stages, ...plan.milestones, ...plan.reviews].map((r) => r.key)).toEqual([
    `${OPP_ID}:setup`,
    `${OPP_ID}:first-report`,
    `${OPP_ID}:outcome`,
    `${OPP_ID}:QBR:2`,
    `${OPP_ID}:QBR:3`,
    `${OPP_ID}:Renewal:1`
  ]);
});

test('after a write: created, present (read, or matched by the upsert) and failed, in playbook and due order', () => {
  const outcome: WriteOutcome = {
    written: [
      { object: 'Implementation_Stage__c', key: `${OPP_ID}:setup`, id: 'a01Lc0000000002AAA', created: true },
      { object: 'Success_Milestone__c', key: `${OPP_ID}:first-report`, id: 'a02Lc0000000001AAA', created: true },
      { object: 'Business_Review__c', key: `${OPP_ID}:QBR:2`, id: 'a03Lc0000000002AAA', created: true },
      // someone made QBR 3 between the read and the write: the upsert matched it
      { object: 'Business_Review__c', key: `${OPP_ID}:QBR:3`, id: 'a03Lc0000000003AAA', created: false },
      { object: 'Business_Review__c', key: `${OPP_ID}:Renewal:1`, id: 'a03Lc0000000004AAA', created: true }
    ],
    failed: [
      {
        object: 'Success_Milestone__c',
        id: null,
        key: `${OPP_ID}:outcome`,
        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Customer milestones need an owner',
        fields: []
      }
    ]
  };
  expect(applyResult({ opp, playbook, plan, today: TODAY, config, outcome })).toEqual({
    opportunityId: OPP_ID,
    opportunityName: opp.name,
    playbook: { key: 'onboard', name: 'Onboarding' },
    dryRun: false,
    stages: [
      // the org's name and date, not the playbook's
      {
        key: `${OPP_ID}:kickoff`,
        name: 'Kickoff call (moved)',
        dueDate: '2026-01-29',
        status: 'present',
        id: 'a01Lc0000000001AAA'
      },
      { key: `${OPP_ID}:setup`, name: 'Setup', dueDate: '2026-02-14', status: 'created', id: 'a01Lc0000000002AAA' }
    ],
    milestones: [
      {
        key: `${OPP_ID}:first-report`,
        name: 'First report',
        dueDate: '2026-01-29',
        status: 'created',
        id: 'a02Lc0000000001AAA'
      },
      {
        key: `${OPP_ID}:outcome`,
        name: 'Registrations up',
        dueDate: '2026-04-15',
        status: 'failed',
        id: null,
        error: 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Customer milestones need an owner'
      }
    ],
    reviews: [
      { key: `${OPP_ID}:QBR:1`, name: 'QBR 1', dueDate: '2026-04-15', status: 'present', id: 'a03Lc0000000001AAA' },
      { key: `${OPP_ID}:QBR:2`, name: 'QBR 2', dueDate: '2026-07-15', status: 'created', id: 'a03Lc0000000002AAA' },
      { key: `${OPP_ID}:QBR:3`, name: 'QBR 3', dueDate: '2026-10-15', status: 'present', id: 'a03Lc0000000003AAA' },
      {
        key: `${OPP_ID}:Renewal:1`,
        name: 'Renewal Review',
        dueDate: '2026-12-03',
        status: 'created',
        id: 'a03Lc0000000004AAA'
      }
    ]
  });
});

test('a dry run lists what is missing, with no ids', () => {
  const result = applyResult({ opp, playbook, plan, today: TODAY, config, outcome: null });
  expect(result.dryRun).toBe(true);
  const statuses = [...result.stages, ...result.milestones, ...result.reviews].map((r) => [r.key, r.status, r.id]);
  expect(statuses).toEqual([
    [`${OPP_ID}:kickoff`, 'present', 'a01Lc0000000001AAA'],
    [`${OPP_ID}:setup`, 'missing', null],
    [`${OPP_ID}:first-report`, 'missing', null],
    [`${OPP_ID}:outcome`, 'missing', null],
    [`${OPP_ID}:QBR:1`, 'present', 'a03Lc0000000001AAA'],
    [`${OPP_ID}:QBR:2`, 'missing', null],
    [`${OPP_ID}:QBR:3`, 'missing', null],
    [`${OPP_ID}:Renewal:1`, 'missing', null]
  ]);
});

test('a row the writer never reached (the write stopped) is failed, not silently missing', () => {
  const result = applyResult({ opp, playbook, plan, today: TODAY, config, outcome: { written: [], failed: [] } });
  expect(result.stages[1]).toEqual({
    key: `${OPP_ID}:setup`,
    name: 'Setup',
    dueDate: '2026-02-14',
    status: 'failed',
    id: null,
    error: 'not written: the write stopped before this row'
  });
});
