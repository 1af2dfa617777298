// People (DESIGN §9.2–§9.4) in one sync against the local org: users matched to contacts by
// Product_User_Id__c and by identify email, each contact's engagement, Contact_Type__c filled
// only when blank, key people per deal (a contact with a role on two deals), the key_people
// measure and its driver line; an unchanged re-run writes no Contact.
//
// now = 2026-05-01T09:00:00Z. One account, product id "ppl", with two upsell deals (their
// playbook plans nothing): People Platform (10 seats) and People Expansion (no seats).
// Usage in (04-01T09:00, 05-01T09:00]: u-ann 04-20 and 04-30, u-bo 04-10, u-ed 04-25, u-zed 04-28
// (no contact); nothing before.

import { runSync } from '../../worker/sync/run.js';
import { BACKENDS } from '../store/backends.js';
import { startHarness, type Harness } from './harness.js';
import { event, readOpportunity } from './org-records.js';

const NOW = '2026-05-01T09:00:00Z';

describe.each(BACKENDS)('on the %s store', (backend) => {
  let h: Harness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness(NOW, {}, backend);
    const [account] = h.org.insert('Account', [{ Name: 'People Inc', Product_Account_Id__c: 'ppl' }]);
    const upsell = { AccountId: account, StageName: 'Closed Won', Type: 'Existing Customer - Upgrade' };
    const [platform, expansion] = h.org.insert('Opportunity', [
      { ...upsell, Name: 'People Platform', CloseDate: '2025-11-15', Licensed_Seats__c: 10 },
      { ...upsell, Name: 'People Expansion', CloseDate: '2026-01-10' }
    ]);
    Object.assign(ids, { platform, expansion });
    const people = {
      ann: { FirstName: 'Ann', LastName: 'Lee', Product_User_Id__c: 'u-ann' },
      bo: { FirstName: 'Bo', LastName: 'Chen', Email: 'bo.chen@people.example' },
      cy: { FirstName: 'Cy', LastName: 'Diaz', Contact_Type__c: 'Decision Maker' },
      di: { FirstName: 'Di', LastName: 'Fox', Left_Company__c: true },
      ed: { FirstName: 'Ed', LastName: 'Gray', Product_User_Id__c: 'u-ed' },
      fay: { FirstName: 'Fay', LastName: 'Hu', Contact_Type__c: 'User' }
    };
    const contactIds = h.org.insert(
      'Contact',
      Object.values(people).map((p) => ({ AccountId: account, ...p }))
    );
    Object.keys(people).forEach((key, i) => (ids[key] = contactIds[i] as string));
    h.org.insert('OpportunityContactRole', [
      { OpportunityId: platform, ContactId: ids.ann, Role: 'Executive Sponsor' },
      { OpportunityId: platform, ContactId: ids.bo, Role: 'Economic Buyer' },
      { OpportunityId: platform, ContactId: ids.fay, Role: 'Executive Sponsor' },
      { OpportunityId: expansion, ContactId: ids.bo, Role: 'Decision Maker' },
      { OpportunityId: expansion, ContactId: ids.di, Role: 'Decision Maker' }
    ]);
    // a partner's contact, key to the expansion deal: another account, out of scope; a call 10 days ago
    const [partner] = h.org.insert('Account', [{ Name: 'Partner Co' }]);
    const [gil] = h.org.insert('Contact', [{ AccountId: partner, FirstName: 'Gil', LastName: 'Ito' }]);
    ids.gil = gil as string;
    h.org.insert('OpportunityContactRole', [
      { OpportunityId: expansion, ContactId: ids.gil, Role: 'Executive Sponsor' }
    ]);
    // Cy's last touch: a call 61 days ago
    h.org.insert('Task', [
      { Subject: 'Call', WhoId: ids.cy, Status: 'Completed', ActivityDate: '2026-03-01' },
      { Subject: 'Call', WhoId: ids.gil, Status: 'Completed', ActivityDate: '2026-04-21' }
    ]);

    await h.store.insertEvents([
      event('ppl', 'u-ann', 'login', '2026-04-20T10:00:00Z'),
      event('ppl', 'u-ann', 'report_created', '2026-04-30T10:00:00Z'),
      event('ppl', 'u-bo', 'login', '2026-04-10T10:00:00Z'),
      event('ppl', 'u-ed', 'login', '2026-04-25T10:00:00Z'),
      event('ppl', 'u-zed', 'login', '2026-04-28T10:00:00Z')
    ]);
    // Bo is known to the product by email only, in another case
    await h.store.recordIdentities([{ userId: 'u-bo', email: 'BO.CHEN@people.example', at: '2026-03-01T08:00:00Z' }]);
  });

  afterAll(async () => {
    await h.close();
  });

  async function contacts() {
    const result = await h.conn.query<Record<string, unknown>>(
      'SELECT Id, Contact_Type__c, Engagement__c, Last_Product_Activity__c, Active_Days_30d__c FROM Contact'
    );
    const byId = new Map(result.records.map((r) => [r.Id as string, r]));
    return Object.fromEntries(
      ['ann', 'bo', 'cy', 'di', 'ed', 'fay'].map((key) => {
        const r = byId.get(ids[key] as string) ?? {};
        const at = r.Last_Product_Activity__c as string | null;
        return [key, [r.Contact_Type__c, r.Engagement__c, at && new Date(at).toISOString(), r.Active_Days_30d__c]];
      })
    );
  }

  it('writes each contact’s engagement, product activity and active days, and fills only blank types', async () => {
    const result = await runSync(h.deps);
    expect(result.status).toBe('succeeded');
    expect(await contacts()).toEqual({
      // a key role: Decision Maker; events 1 day ago: Active; 2 days in the window
      ann: ['Decision Maker', 'Active', '2026-04-30T10:00:00.000Z', 2],
      // matched by identify email; 21 days since: Quiet
      bo: ['Decision Maker', 'Quiet', '2026-04-10T10:00:00.000Z', 1],
      cy: ['Decision Maker', 'Never Active', null, 0],
      // a key role fills the type even for someone who left
      di: ['Decision Maker', 'Left', null, 0],
      // no role, but a product user
      ed: ['User', 'Active', '2026-04-25T10:00:00.000Z', 1],
      // typed by hand: kept, although a key role would say Decision Maker
      fay: ['User', 'Never Active', null, 0]
    });
  });

  it('counts key people per deal, with the types the run filled, and names those not engaged', async () => {
    // People Platform: Ann (1 day), Bo (21 days), Fay (never), Cy (a Decision Maker; 61 days) and
    // Di (made Decision Maker by her role on the other deal; left) → 2 of 5 = 40.
    // seat 4 of 10 = 40% → 60; trend 4 users, none before → 100; recency 1 day → 100.
    // Σw = 30 + 20 + 15 + 10 = 75; Σ w·s = 1800 + 2000 + 1500 + 400 = 5700 → 76 → B
    // lost: seat 30×40/75 = 16.0; key_people 10×60/75 = 8.0
    const platform = await readOpportunity(h.conn, ids.platform as string);
    expect(platform.fields).toMatchObject({
      Health_Score__c: 76,
      Health_Grade__c: 'B',
      Key_People__c: 5,
      Key_People_Engaged__c: 2
    });
    expect(platform.fields.Health_Drivers__c).toBe(
      [
        '-16.0 seat_utilization: 40% of seats active (target 60%)',
        '-8.0 key_people: 2 of 5 key people engaged in 45 days (Di Fox, Decision Maker: left the company; ' +
          'Fay Hu, Executive Sponsor: never touched; Cy Diaz, Decision Maker: last touch 61 days ago)',
        '-0.0 activity_trend: 4 active users in the last 30 days, none in the 30 days before',
        '-0.0 recency: last activity 1 day ago (target within 3 days)',
        'absent milestones: no milestones due yet',
        'absent implementation: no implementation stages due yet'
      ].join('\n')
    );

    // People Expansion: Bo (Decision Maker role here, 21 days), Di (left), Cy (61 days), Ann
    // (made Decision Maker by her role on the platform deal; 1 day) and Gil (a partner's contact,
    // 10 days) → 3 of 5 = 60. No seats.
    // Σw = 20 + 15 + 10 = 45; Σ w·s = 2000 + 1500 + 600 = 4100 → 91.11 → 91 → A
    // lost: key_people 10×40/45 = 8.89 → 8.9
    const expansion = await readOpportunity(h.conn, ids.expansion as string);
    expect(expansion.fields).toMatchObject({
      Health_Score__c: 91,
      Health_Grade__c: 'A',
      Key_People__c: 5,
      Key_People_Engaged__c: 3
    });
    expect(String(expansion.fields.Health_Drivers__c).split('\n')[0]).toBe(
      '-8.9 key_people: 3 of 5 key people engaged in 45 days (Di Fox, Decision Maker: left the company; ' +
        'Cy Diaz, Decision Maker: last touch 61 days ago)'
    );
    // the partner's contact counts, but this run does not write it: its account is not in scope
    const [gilRecord] = (
      await h.conn.query<{ Engagement__c: string | null }>(`SELECT Engagement__c FROM Contact WHERE Id = '${ids.gil}'`)
    ).records;
    expect(gilRecord?.Engagement__c).toBeNull();
  });

  it('an unchanged run writes no Contact; a hand edit of a sync-owned field is put back', async () => {
    const before = h.org.stats().apiCalls.writes;
    await runSync(h.deps);
    expect(h.org.stats().apiCalls.writes).toBe(before);

    await h.conn
      .sobject('Contact')
      .update({ Id: ids.ed as string, Engagement__c: 'Quiet', Contact_Type__c: 'Decision Maker' });
    const run = await runSync(h.deps);
    expect(run.writes.Contact).toEqual({ created: 0, updated: 1 });
    // Engagement__c is put back; the type someone chose stays
    expect((await contacts()).ed).toEqual(['Decision Maker', 'Active', '2026-04-25T10:00:00.000Z', 1]);

    // an event with milliseconds: Salesforce holds its time to the second, and the run after
    // the one that wrote it writes nothing
    await h.store.insertEvents([event('ppl', 'u-ed', 'login', '2026-04-30T08:00:05.678Z')]);
    await runSync(h.deps);
    expect((await contacts()).ed).toEqual(['Decision Maker', 'Active', '2026-04-30T08:00:05.000Z', 2]);
    const written = h.org.stats().apiCalls.writes;
    await runSync(h.deps);
    expect(h.org.stats().apiCalls.writes).toBe(written);
  });
});
