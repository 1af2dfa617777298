// Support cases and satisfaction answers (DESIGN §9.4) in one sync against the local org: the
// score, grade, driver lines, Open_Support_Cases__c and value summary worked out by hand; an
// unchanged re-run writes nothing; closing a case lifts the grade.
//
// now = 2026-05-01T09:00:00Z. The deal closed 2025-11-15 (an upsell: its playbook plans nothing),
// with 10 seats, a kickoff stage Done and QBR 1 Completed (both with answers), QBR 2 due 2026-05-15.
// Usage: u1 and u2 sent NPS answers (9 on 04-20, 4 on 04-25); u1's "ten" on 04-26 is no answer.

import { runSync } from '../../worker/sync/run.js';
import { BACKENDS } from '../store/backends.js';
import { startHarness, type Harness } from './harness.js';
import { event, readOpportunity, seedOpportunity } from './org-records.js';

const NOW = '2026-05-01T09:00:00Z';

function nps(userId: string, score: unknown, timestamp: string) {
  return { ...event('sig', userId, 'nps_submitted', timestamp), properties: { score } };
}

describe.each(BACKENDS)('on the %s store', (backend) => {
  let h: Harness;
  let id: string;

  beforeAll(async () => {
    h = await startHarness(NOW, {}, backend);
    id = seedOpportunity(h.org, {
      name: 'Signals',
      productAccountId: 'sig',
      closeDate: '2025-11-15',
      fields: { Type: 'Existing Customer - Upgrade', Licensed_Seats__c: 10 },
      stages: [
        {
          Name: 'Kickoff call',
          Sequence__c: 1,
          Status__c: 'Done',
          Is_Kickoff__c: true,
          Target_Date__c: '2025-11-22',
          Completed_Date__c: '2025-11-20',
          Product_Satisfaction__c: 'Satisfied',
          Service_Satisfaction__c: 'Unsatisfied'
        }
      ]
    });
    h.org.insert('Business_Review__c', [
      {
        Opportunity__c: id,
        Name: 'QBR 1',
        Review_Type__c: 'QBR',
        Sequence__c: 1,
        Due_Date__c: '2026-02-15',
        Status__c: 'Completed',
        Scheduled_At__c: '2026-02-14T15:00:00Z',
        Product_Satisfaction__c: 'Satisfied',
        Service_Satisfaction__c: 'Neutral'
      },
      { Opportunity__c: id, Name: 'QBR 2', Review_Type__c: 'QBR', Sequence__c: 2, Due_Date__c: '2026-05-15' }
    ]);
    const [accountId] = (
      await h.conn.query<{ AccountId: string }>(`SELECT AccountId FROM Opportunity WHERE Id = '${id}'`)
    ).records.map((r) => r.AccountId);
    const [otherAccount] = h.org.insert('Account', [{ Name: 'Other Inc' }]);
    h.org.insert('Case', [
      // counted: open, High
      { AccountId: accountId, Subject: 'Exports fail', Priority: 'High', CreatedDate: '2026-04-28T09:00:00Z' },
      // counted: open, 21 days old
      { AccountId: accountId, Subject: 'Slow search', CreatedDate: '2026-04-10T09:00:00Z' },
      // open, exactly 3 days old: not stale
      { AccountId: accountId, Subject: 'Typo in email', CreatedDate: '2026-04-28T09:00:00Z' },
      // another account's case never counts here
      { AccountId: otherAccount, Subject: 'Other', Priority: 'High', CreatedDate: '2026-04-29T09:00:00Z' }
    ]);
    // closed within the lookback: created 03-01, closed 04-20
    h.org.setNow('2026-04-20T12:00:00Z');
    const [closedCase] = h.org.insert('Case', [
      { AccountId: accountId, Subject: 'Login loop', CreatedDate: '2026-03-01T09:00:00Z' }
    ]);
    await h.conn.sobject('Case').update({ Id: closedCase as string, Status: 'Closed' });
    h.org.setNow(NOW);

    await h.store.insertEvents([
      nps('u1', 9, '2026-04-20T10:00:00Z'),
      nps('u2', 4, '2026-04-25T10:00:00Z'),
      nps('u1', 'ten', '2026-04-26T10:00:00Z') // stored before npsEvent was checked at ingestion: usage, not an answer
    ]);
  });

  afterAll(async () => {
    await h.close();
  });

  // Present measures, weights 30/20/15/15/10/10 (milestones absent: none due), Σw = 100:
  //   seat_utilization 2 of 10 seats = 20% → (20 − 10) / 50 = 20
  //   activity_trend   2 users now, none before → 100
  //   implementation   1 of 1 stage due done → 100
  //   recency          5 days (04-26 → 05-01) → 100 − (5 − 3) / 27 × 100 = 92.59
  //   support          100 − 30 (1 High) − 10 (1 open since 04-10) = 60; the 3-day-old case costs nothing
  //   satisfaction     kickoff S + U, QBR 1 S + N, NPS 9 S, NPS 4 U → (100+0+100+50+100+0) / 6 = 58.33
  // Σ w·s = 600 + 2000 + 1500 + 1388.89 + 600 + 583.33 = 6672.22 → 66.72 → 67 → C
  // lost: seat 30×80/100 = 24.0; satisfaction 10×41.67/100 = 4.17 → 4.2; support 10×40/100 = 4.0;
  //   recency 15×7.41/100 = 1.11 → 1.1; trend and implementation 0.0 (table order)
  const drivers = [
    '-24.0 seat_utilization: 20% of seats active (target 60%)',
    '-4.2 satisfaction: 3 of 6 answers satisfied in 180 days (NPS 4 on 2026-04-25, service unsatisfied at Kickoff call)',
    '-4.0 support: 1 open high-priority case, 1 open case older than 7 days',
    '-1.1 recency: last activity 5 days ago (target within 3 days)',
    '-0.0 activity_trend: 2 active users in the last 30 days, none in the 30 days before',
    '-0.0 implementation: 1 of 1 stage due by today done',
    'absent milestones: no milestones due yet'
  ].join('\n');

  it('scores support and satisfaction beside usage and counts the open cases', async () => {
    const result = await runSync(h.deps);
    expect(result.status).toBe('succeeded');
    expect(result.warnings).toEqual([]);
    const read = await readOpportunity(h.conn, id);
    expect(read.fields).toEqual({
      Kickoff_Date__c: '2025-11-20',
      Post_Sale_Status__c: 'Implementing',
      Onboarded__c: false,
      Onboarded_Date__c: null,
      Days_To_First_Value__c: null,
      Health_Score__c: 67,
      Health_Grade__c: 'C',
      Health_Trend__c: null,
      Health_Drivers__c: drivers,
      // B at 70: 1 more seat (3 of 10 = 30% → 40) adds 30·20 → 72.7; closing the High case adds 10·30 → 69.72 → 70
      Health_Next_Grade__c: 'B at 70: activate 1 more seat (20% → 30%); or close 1 open case',
      Health_Updated_At__c: NOW,
      Active_Users_30d__c: 2,
      Last_Product_Activity__c: '2026-04-26T10:00:00Z',
      Open_Support_Cases__c: 3,
      Key_People__c: 0, // the account has no contacts
      Key_People_Engaged__c: 0,
      Features_Adopted__c: null // this run measures no features
    });
  });

  it('puts the period cases and answers in the value summary of the review due next', async () => {
    const read = await readOpportunity(h.conn, id);
    const qbr2 = read.reviews.find((r) => r.Name === 'QBR 2');
    // the period starts at QBR 1's due date, 02-15: the QBR 1 answers (02-14) fall before it
    expect(qbr2?.Value_Summary__c).toBe(
      [
        'QBR 2, due 2026-05-15',
        'Period: 2026-02-15 to 2026-05-15 (since QBR 1)',
        'Active users (30 days): 2 now, 0 at 2026-02-15',
        'Users active in the period: 2 of 2',
        'Milestones reached in the period: none',
        'Support cases in the period: 4 opened, 1 closed',
        'Satisfaction in the period: 1 of 2 answers satisfied (NPS 4 on 2026-04-25)',
        'Onboarded: not yet (first value not reached)',
        'Health: 67 (C)',
        drivers
      ].join('\n')
    );
  });

  it('writes nothing when nothing changed, and lifts the grade when the High case closes', async () => {
    const writeCalls = h.org.stats().apiCalls.writes;
    await runSync(h.deps);
    expect(h.org.stats().apiCalls.writes).toBe(writeCalls);

    const [high] = (await h.conn.query<{ Id: string }>("SELECT Id FROM Case WHERE Subject = 'Exports fail'")).records;
    await h.conn.sobject('Case').update({ Id: high?.Id as string, Status: 'Closed' });
    await runSync(h.deps);
    // support 100 − 10 = 90: Σ w·s = 6672.22 + 300 = 6972.22 → 69.72 → 70 → B; support loses 10×10/100 = 1.0
    const read = await readOpportunity(h.conn, id);
    expect(read.fields).toMatchObject({ Health_Score__c: 70, Health_Grade__c: 'B', Open_Support_Cases__c: 2 });
    expect(String(read.fields.Health_Drivers__c).split('\n')).toContain('-1.0 support: 1 open case older than 7 days');
  });

  it('refuses a satisfaction answer that is not Satisfied, Neutral or Unsatisfied, as Salesforce does', async () => {
    const [stage] = (await h.conn.query<{ Id: string }>('SELECT Id FROM Implementation_Stage__c')).records;
    await expect(
      h.conn
        .sobject('Implementation_Stage__c')
        .update({ Id: stage?.Id as string, Product_Satisfaction__c: 'Delighted' })
    ).rejects.toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Product Satisfaction: bad value for restricted picklist field: Delighted'
    });
  });
});
