// `applyPlaybook` (sf cairn plan apply) against the local org: what it creates, with values
// worked out by hand from the repository's playbooks (config/playbooks) and DESIGN §4.6;
// that a second apply finds everything present and makes no write call; and the refusals,
// each before anything is written.
//
// "now" is 2026-05-01T12:00:00Z: the scope takes CloseDate ≥ 2023-05-01 and
// Contract_End_Date__c blank or ≥ 2026-04-01.

import type { Connection } from 'jsforce';
import jsforce from 'jsforce';
import { DEFAULT_CORE_CONFIG } from '../../worker/core/config.js';
import type { Playbook } from '../../worker/core/playbooks.js';
import { loadPlaybooks } from '../../worker/playbooks/load.js';
import { connect, type SalesforceSession } from '../../worker/salesforce/session.js';
import { applyPlaybook, type ApplyPlaybookInput } from '../../worker/sync/apply-playbook.js';
import { API_VERSION, NOW, accessTokenSettings, apiCalls, startOrg, type LocalOrg } from '../salesforce/support.js';
import { readOpportunity, seedOpportunity } from './org-records.js';

let org: LocalOrg;
let session: SalesforceSession;
let conn: Connection;
let playbooks: Playbook[];

beforeAll(async () => {
  org = await startOrg();
  session = await connect(accessTokenSettings(org));
  conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: API_VERSION });
  playbooks = await loadPlaybooks('config/playbooks');
});

afterAll(async () => {
  await org.close();
});

beforeEach(() => {
  org.reset();
});

function apply(opportunityId: string, options: Partial<ApplyPlaybookInput> = {}) {
  return applyPlaybook({
    salesforce: async () => session,
    opportunityId,
    playbooks,
    config: DEFAULT_CORE_CONFIG,
    now: NOW,
    ...options
  });
}

/** Key, name, date and status of each listed record, the key without the opportunity Id. */
function summary(records: { key: string; name: string; dueDate: string | null; status: string }[], id: string) {
  return records.map((r) => [r.key.replace(`${id}:`, ''), r.name, r.dueDate, r.status]);
}

describe('a multi-phase deal that already has its kickoff stage', () => {
  // Closed 2026-03-10, contract ends 2027-03-09; Implementation_Type__c picks multi-phase.json.
  // Stage and milestone targets are CloseDate + dueDays:
  //   +7 03-17, +21 03-31, +45 04-24 (21 days to 03-31, 24 more), +60 05-09, +75 05-24,
  //   +90 06-08, +150 08-07, +180 09-06, +240 11-05.
  // QBR n is due 2026-03-10 + 3n months while before end − 80 days = 2026-12-19
  // (03-09 → 02-09 is 28 days, → 01-09 31 more, then 21 more): 06-10, 09-10, 12-10; QBR 4
  // (2027-03-10) is not. Renewal Review: end − 42 days = 2027-01-26 (9 days to 02-28, 31 to
  // 01-28, 2 more).
  let id: string;

  beforeEach(() => {
    id = seedOpportunity(org, {
      name: 'Initech Rollout',
      productAccountId: 'initech',
      closeDate: '2026-03-10',
      fields: { Implementation_Type__c: 'Multi-Phase Project', Contract_End_Date__c: '2027-03-09' }
    });
    org.insert('Implementation_Stage__c', [
      // applied before (its key is the playbook's), then held and renamed by hand
      {
        Opportunity__c: id,
        Name: 'Kickoff (held early)',
        Sequence__c: 1,
        Status__c: 'Done',
        Is_Kickoff__c: true,
        Target_Date__c: '2026-03-14',
        Stage_Key__c: `${id}:kickoff`
      },
      // made by hand: no key, so not the playbook's and left alone
      { Opportunity__c: id, Name: 'Data migration', Sequence__c: 9, Status__c: 'In Progress' }
    ]);
    // a first-value milestone made by hand: the playbook's must not be a second one
    org.insert('Success_Milestone__c', [
      {
        Opportunity__c: id,
        Name: 'Pilot team live',
        Kind__c: 'Customer',
        Sequence__c: 1,
        Status__c: 'Planned',
        Is_First_Value__c: true
      }
    ]);
  });

  test('creates the missing stages (although one exists), every milestone and the reviews', async () => {
    const writesBefore = apiCalls(org).writes;
    const result = await apply(id);

    expect(result).toMatchObject({
      opportunityId: id,
      opportunityName: 'Initech Rollout',
      playbook: { key: 'multi-phase', name: 'Multi-phase project' },
      dryRun: false
    });
    expect(summary(result.stages, id)).toEqual([
      ['kickoff', 'Kickoff (held early)', '2026-03-14', 'present'],
      ['technical-setup', 'Technical setup', '2026-03-31', 'created'],
      ['integration', 'Integration', '2026-04-24', 'created'],
      ['training', 'Team training', '2026-05-09', 'created'],
      ['go-live', 'Go-live', '2026-05-24', 'created']
    ]);
    expect(summary(result.milestones, id)).toEqual([
      ['integration-connected', 'Integration connected', '2026-04-24', 'created'],
      ['first-campaign', 'First campaign sent', '2026-05-09', 'created'],
      ['team-active', 'Ten people active in a month', '2026-06-08', 'created'],
      ['registrations-up', 'Event registrations up 20%', '2026-08-07', 'created'],
      ['campaigns-at-scale', 'Fifty campaigns sent', '2026-09-06', 'created'],
      ['second-team', 'A second team asks to join', '2026-11-05', 'created'],
      // the customer's journey: CloseDate 2026-03-10 + 3, 6 and 12 months
      ['journey-3-months', 'Every event promoted by email, no agency', '2026-06-10', 'created'],
      ['journey-6-months', 'Registrations up 20% on last year', '2026-09-10', 'created'],
      ['journey-12-months', 'Events team runs its own campaigns end to end', '2027-03-10', 'created']
    ]);
    expect(summary(result.reviews, id)).toEqual([
      ['QBR:1', 'QBR 1', '2026-06-10', 'created'],
      ['QBR:2', 'QBR 2', '2026-09-10', 'created'],
      ['QBR:3', 'QBR 3', '2026-12-10', 'created'],
      ['Renewal:1', 'Renewal Review', '2027-01-26', 'created']
    ]);
    // one collections upsert per object: 4 stages, 6 milestones, 4 reviews
    expect(apiCalls(org).writes - writesBefore).toBe(3);

    // what the org holds now, as the sync would read it
    const back = await readOpportunity(conn, id);
    expect(back.stages.map((s) => [s.Name, s.Sequence__c, s.Status__c, s.Is_Kickoff__c, s.Target_Date__c])).toEqual([
      ['Kickoff (held early)', 1, 'Done', true, '2026-03-14'],
      ['Technical setup', 2, 'To Do', false, '2026-03-31'],
      ['Integration', 3, 'To Do', false, '2026-04-24'],
      ['Team training', 4, 'To Do', false, '2026-05-09'],
      ['Go-live', 5, 'To Do', false, '2026-05-24'],
      ['Data migration', 9, 'In Progress', false, null]
    ]);
    const campaign = back.milestones.find((m) => m.Milestone_Key__c === `${id}:first-campaign`);
    expect(campaign).toMatchObject({
      Status__c: 'Planned',
      Is_First_Value__c: false, // the hand-made "Pilot team live" is the first-value milestone
      Usage_Metric__c: 'event:campaign_sent',
      Usage_Threshold__c: 1
    });
    expect(back.milestones.filter((m) => m.Is_First_Value__c).map((m) => m.Name)).toEqual(['Pilot team live']);
    expect(back.reviews.map((r) => [r.Review_Key__c, r.Status__c])).toEqual([
      [`${id}:QBR:1`, 'To Schedule'],
      [`${id}:QBR:2`, 'To Schedule'],
      [`${id}:QBR:3`, 'To Schedule'],
      [`${id}:Renewal:1`, 'To Schedule']
    ]);
    // the ids reported are the records' ids
    const stageIds = await conn.query<{ Id: string; Stage_Key__c: string }>(
      `SELECT Id, Stage_Key__c FROM Implementation_Stage__c WHERE Stage_Key__c = '${id}:go-live'`
    );
    expect(result.stages[4]?.id).toBe(stageIds.records[0]?.Id);
  });

  test('applied again (by the 15-character Id): everything present, one query and no write call', async () => {
    const first = await apply(id);
    const before = apiCalls(org);
    const again = await apply(id.slice(0, 15));
    const after = apiCalls(org);

    expect(again.opportunityId).toBe(id); // the 18-character Id, as the keys use it
    const listed = [...again.stages, ...again.milestones, ...again.reviews];
    expect(listed).toHaveLength(18); // 5 stages, 9 milestones, 4 reviews
    expect(listed.filter((r) => r.status !== 'present')).toEqual([]);
    expect(listed.map((r) => r.id)).toEqual([...first.stages, ...first.milestones, ...first.reviews].map((r) => r.id));
    expect(after.writes - before.writes).toBe(0);
    expect(after.total - before.total).toBe(1); // the scope query for this one opportunity
  });

  test('a dry run lists what is missing and writes nothing', async () => {
    const before = apiCalls(org).writes;
    const result = await apply(id, { dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.stages.map((s) => [s.status, s.id === null])).toEqual([
      ['present', false],
      ['missing', true],
      ['missing', true],
      ['missing', true],
      ['missing', true]
    ]);
    expect(apiCalls(org).writes).toBe(before);
    expect((await readOpportunity(conn, id)).stages).toHaveLength(2);
  });

  test('--playbook upsell (an empty playbook) lists and writes nothing', async () => {
    const before = apiCalls(org).writes;
    const result = await apply(id, { playbookKey: 'upsell' });
    expect(result).toMatchObject({ playbook: { key: 'upsell' }, stages: [], milestones: [], reviews: [] });
    expect(apiCalls(org).writes).toBe(before);
  });
});

test('--playbook single-call on a deal the default playbook would get', async () => {
  // no Implementation_Type__c: default.json would apply. Closed 2026-04-20, no contract end:
  // QBRs 1–4 due close + 3, 6, 9, 12 months (none is due yet, so four).
  const id = seedOpportunity(org, { name: 'Hooli Suite', productAccountId: null, closeDate: '2026-04-20' });
  const result = await apply(id, { playbookKey: 'single-call' });
  expect(result.playbook).toEqual({ key: 'single-call', name: 'Single call' });
  expect(summary(result.stages, id)).toEqual([
    ['kickoff-training', 'Kickoff and training call', '2026-04-27', 'created'] // +7
  ]);
  expect(result.milestones.map((m) => m.dueDate)).toEqual([
    '2026-05-04', // +14
    '2026-05-20', // +30
    '2026-06-04', // +45: 11 days to 05-31, 4 more
    '2026-07-19', // +90: 30 to 05-20, 31 to 06-20, 29 more
    '2026-08-18' // +120: 30 more
  ]);
  expect(result.reviews.map((r) => [r.name, r.dueDate])).toEqual([
    ['QBR 1', '2026-07-20'],
    ['QBR 2', '2026-10-20'],
    ['QBR 3', '2027-01-20'],
    ['QBR 4', '2027-04-20']
  ]);
});

describe('refusals, each before anything is written', () => {
  let writesBefore: number;
  beforeEach(() => {
    writesBefore = apiCalls(org).writes;
  });
  afterEach(() => {
    expect(apiCalls(org).writes).toBe(writesBefore);
  });

  test('an unknown --playbook, before any call, listing the keys there are', async () => {
    const id = seedOpportunity(org, { name: 'Acme', productAccountId: null, closeDate: '2026-04-20' });
    const calls = apiCalls(org).total;
    await expect(apply(id, { playbookKey: 'enterprise' })).rejects.toMatchObject({
      refusal: 'unknown-playbook',
      message: 'no playbook has key "enterprise"; known keys: default, multi-phase, single-call, upsell'
    });
    expect(apiCalls(org).total).toBe(calls);
  });

  test('no such opportunity', async () => {
    await expect(apply('006Lc00000000ZZ')).rejects.toMatchObject({
      refusal: 'not-found',
      message: 'The org has no Opportunity with Id 006Lc00000000ZZ.'
    });
  });

  test('not won', async () => {
    const id = seedOpportunity(org, {
      name: 'Globex Lost',
      productAccountId: null,
      closeDate: '2026-04-20',
      stageName: 'Closed Lost'
    });
    await expect(apply(id)).rejects.toMatchObject({
      refusal: 'not-won',
      message: `Opportunity "Globex Lost" (${id}) is not won (IsWon is false): playbooks apply to won deals only.`
    });
  });

  test.each([
    [
      { closeDate: '2023-04-30' },
      'it closed on 2023-04-30, more than three years ago (the scope starts at CloseDate 2023-05-01)'
    ],
    [
      { closeDate: '2025-03-01', fields: { Contract_End_Date__c: '2026-03-31' } },
      'its contract ended on 2026-03-31, more than 30 days ago (the scope keeps contracts ending on or after 2026-04-01)'
    ]
  ])('out of scope: %j', async (seed, reason) => {
    const id = seedOpportunity(org, { name: 'Old Deal', productAccountId: null, ...seed });
    await expect(apply(id)).rejects.toMatchObject({
      refusal: 'out-of-scope',
      message: `Opportunity "Old Deal" (${id}) is outside Cairn's scope: ${reason}.`
    });
  });
});
