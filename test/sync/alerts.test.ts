// Alerts as Tasks (DESIGN §9.5) through whole syncs against the local org: the Tasks one
// opportunity's conditions ask for, none on an unchanged run, closing by the worker with the
// closing line, a hand-closed Task left closed while its condition holds, and the condition
// that clears and holds again as occurrence :2.
//
// now = 2026-06-15T09:00:00Z. "Alert Deal" (an upsell: its playbook plans nothing) was won on
// 2026-06-01, 14 days ago, CS owner Cass. By hand: a kickoff stage To Do (target 06-10), the
// first-value milestone (target 06-10, event:report_shared ≥ 3, no such events → Missed this
// run), a QBR To Schedule due 07-10 (in 25 days). Contacts: Quinn (Executive Sponsor, never
// touched → quiet) and Lara (Decision Maker, left). No usage: health F.

import { runSync } from '../../worker/sync/run.js';
import { BACKENDS } from '../store/backends.js';
import { startHarness, type Harness } from './harness.js';

const NOW = '2026-06-15T09:00:00Z';

interface TaskRow {
  Id: string;
  Cairn_Alert_Key__c: string;
  Subject: string;
  Status: string;
  Priority: string;
  ActivityDate: string;
  OwnerId: string;
  WhoId: string | null;
  WhatId: string;
  Description: string;
}

describe.each(BACKENDS)('alerts on the %s store', (backend) => {
  let h: Harness;
  let now = NOW;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness(NOW, {}, backend);
    h.deps.now = () => new Date(now);
    const [cass] = h.org.insert('User', [
      {
        Username: 'cass@cairn.example',
        LastName: 'Cole',
        FirstName: 'Cass',
        Alias: 'ccole',
        Email: 'cass@cairn.example'
      }
    ]);
    const [account] = h.org.insert('Account', [{ Name: 'Alerts Inc', Product_Account_Id__c: 'alr' }]);
    const [deal] = h.org.insert('Opportunity', [
      {
        Name: 'Alert Deal',
        AccountId: account,
        StageName: 'Closed Won',
        Type: 'Existing Customer - Upgrade',
        CloseDate: '2026-06-01',
        CS_Owner__c: cass
      }
    ]);
    Object.assign(ids, { cass, account, deal });
    h.org.insert('Implementation_Stage__c', [
      {
        Opportunity__c: deal,
        Name: 'Kickoff call',
        Sequence__c: 1,
        Status__c: 'To Do',
        Is_Kickoff__c: true,
        Target_Date__c: '2026-06-10'
      }
    ]);
    h.org.insert('Success_Milestone__c', [
      {
        Opportunity__c: deal,
        Name: 'First report shared',
        Kind__c: 'Product',
        Sequence__c: 1,
        Status__c: 'Planned',
        Target_Date__c: '2026-06-10',
        Is_First_Value__c: true,
        Usage_Metric__c: 'event:report_shared',
        Usage_Threshold__c: 3
      }
    ]);
    const [qbr] = h.org.insert('Business_Review__c', [
      {
        Opportunity__c: deal,
        Name: 'QBR 1',
        Review_Type__c: 'QBR',
        Sequence__c: 1,
        Due_Date__c: '2026-07-10',
        Status__c: 'To Schedule'
      }
    ]);
    const [quinn, lara] = h.org.insert('Contact', [
      { AccountId: account, FirstName: 'Quinn', LastName: 'Park' },
      { AccountId: account, FirstName: 'Lara', LastName: 'Moss', Left_Company__c: true }
    ]);
    const [, laraRole] = h.org.insert('OpportunityContactRole', [
      { OpportunityId: deal, ContactId: quinn, Role: 'Executive Sponsor' },
      { OpportunityId: deal, ContactId: lara, Role: 'Decision Maker' }
    ]);
    Object.assign(ids, { qbr, quinn, lara, laraRole });
  });

  afterAll(async () => {
    await h.close();
  });

  async function tasks(): Promise<Map<string, TaskRow>> {
    const result = await h.conn.query<TaskRow>(
      'SELECT Id, Cairn_Alert_Key__c, Subject, Status, Priority, ActivityDate, OwnerId, WhoId, WhatId, Description ' +
        'FROM Task WHERE Cairn_Alert_Key__c != null ORDER BY CreatedDate, Id'
    );
    return new Map(result.records.map((r) => [r.Cairn_Alert_Key__c.replace(`${ids.deal}:`, ''), r]));
  }

  it('creates one Task per condition, owned by the CS owner, with the evidence', async () => {
    const run = await runSync(h.deps);
    expect(run.status).toBe('succeeded');
    expect(run.writes.Task).toEqual({ created: 6, updated: 0 });

    const found = await tasks();
    expect([...found.keys()].sort()).toEqual(
      [
        'first-value-overdue',
        'health-at-risk',
        `key-person-left:${ids.lara}`,
        `key-person-quiet:${ids.quinn}`,
        'kickoff-overdue',
        `review-to-schedule:${ids.qbr}`
      ].sort()
    );
    for (const task of found.values()) {
      expect(task).toMatchObject({ OwnerId: ids.cass, WhatId: ids.deal, Status: 'Not Started' });
      expect(task.Subject).toMatch(/^Cairn: .* — Alert Deal$/);
    }
    expect(found.get('kickoff-overdue')).toMatchObject({
      Subject: 'Cairn: hold the kickoff call — Alert Deal',
      Priority: 'High',
      ActivityDate: '2026-06-17',
      WhoId: null,
      Description:
        'Won on 2026-06-01 (14 days ago) and the kickoff call is not held yet.\n' +
        'Kickoff stage "Kickoff call": To Do, target 2026-06-10.\n' +
        'Cairn raises this 7 days after the close.'
    });
    expect(found.get(`key-person-quiet:${ids.quinn}`)).toMatchObject({
      Subject: 'Cairn: re-engage Quinn Park — Alert Deal',
      Priority: 'Normal',
      ActivityDate: '2026-06-22',
      WhoId: ids.quinn
    });
    expect(found.get(`key-person-left:${ids.lara}`)).toMatchObject({ Priority: 'High', WhoId: ids.lara });
    // the QBR is due in 25 days: due a week from now, before the review itself
    expect(found.get(`review-to-schedule:${ids.qbr}`)).toMatchObject({
      ActivityDate: '2026-06-22',
      Description:
        'QBR "QBR 1" is due 2026-07-10 (in 25 days) and is not scheduled yet.\nBook it with the customer and set Scheduled At.'
    });
    expect(found.get('health-at-risk')?.Subject).toMatch(/^Cairn: health is F \(\d+\) — Alert Deal$/);
  });

  it('an unchanged run writes nothing', async () => {
    const before = h.org.stats().apiCalls.writes;
    const run = await runSync(h.deps);
    expect(run.writes.Task ?? { created: 0, updated: 0 }).toEqual({ created: 0, updated: 0 });
    expect(h.org.stats().apiCalls.writes).toBe(before);
  });

  it('closes what cleared with the closing line, and leaves a hand-closed Task closed while it holds', async () => {
    const before = await tasks();
    await h.conn
      .sobject('Task')
      .update({ Id: before.get(`key-person-quiet:${ids.quinn}`)?.Id as string, Status: 'Completed' });
    await h.conn.sobject('Opportunity').update({ Id: ids.deal as string, Kickoff_Date__c: '2026-06-12' });
    await h.conn.sobject('Business_Review__c').update({ Id: ids.qbr as string, Status__c: 'Scheduled' });
    // Lara's role is gone, and the type the first run filled for it
    await h.conn.sobject('OpportunityContactRole').destroy(ids.laraRole as string);
    await h.conn.sobject('Contact').update({ Id: ids.lara as string, Contact_Type__c: null });

    const run = await runSync(h.deps);
    expect(run.writes.Task).toEqual({ created: 0, updated: 3 });
    const after = await tasks();
    expect(after.size).toBe(6);
    const closedBy = (key: string) => [after.get(key)?.Status, after.get(key)?.Description.split('\n\n').at(-1)];
    expect(closedBy('kickoff-overdue')).toEqual([
      'Completed',
      'Closed by Cairn on 2026-06-15: the kickoff call was held on 2026-06-12'
    ]);
    expect(closedBy(`review-to-schedule:${ids.qbr}`)).toEqual([
      'Completed',
      'Closed by Cairn on 2026-06-15: the review is Scheduled'
    ]);
    expect(closedBy(`key-person-left:${ids.lara}`)).toEqual([
      'Completed',
      'Closed by Cairn on 2026-06-15: they are no longer a key person of this opportunity'
    ]);
    // Quinn is still quiet: the Task closed by hand stays closed, and no other is made
    expect(after.get(`key-person-quiet:${ids.quinn}`)?.Description).not.toContain('Closed by Cairn');
    expect(after.get('health-at-risk')?.Status).toBe('Not Started');

    const written = h.org.stats().apiCalls.writes;
    await runSync(h.deps);
    expect(h.org.stats().apiCalls.writes).toBe(written);
  });

  it('a condition that clears and holds again is a new occurrence, :2', async () => {
    // Salesforce dates LastActivityDate by a closed Task's due date: the hand-closed alert (due
    // 06-22) is Quinn's touch once that day comes. Engaged: the clearing is remembered, no write.
    now = '2026-06-23T09:00:00Z';
    const cleared = await runSync(h.deps);
    expect(cleared.writes.Task ?? { created: 0, updated: 0 }).toEqual({ created: 0, updated: 0 });

    // 49 days after that touch Quinn is quiet again
    now = '2026-08-10T09:00:00Z';
    await runSync(h.deps);
    const found = await tasks();
    expect(found.get(`key-person-quiet:${ids.quinn}:2`)).toMatchObject({
      Status: 'Not Started',
      WhoId: ids.quinn,
      ActivityDate: '2026-08-17'
    });
    expect(found.has(`key-person-quiet:${ids.quinn}:3`)).toBe(false);
  });
});
