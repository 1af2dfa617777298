import { createElement } from 'lwc';
import HealthSummary from 'c/healthSummary';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

const mockOpportunity = require('./data/getRecord.json');
const mockNotScored = require('./data/getRecordNotScored.json');
const mockChanges = require('./data/getRelatedListRecords.json');
const mockNoChanges = require('./data/getRelatedListRecordsEmpty.json');

const OPPORTUNITY_ID = '006000000000001AAA';

function withFields(record, values) {
  const copy = JSON.parse(JSON.stringify(record));
  Object.entries(values).forEach(([name, value]) => {
    copy.fields[name] = { displayValue: null, value };
  });
  return copy;
}

/** The shared card's own shadow root: spinner, error panel, empty state and live region */
function card(element) {
  return element.shadowRoot.querySelector('c-cairn-card').shadowRoot;
}

describe('c-health-summary', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  async function flush() {
    await Promise.resolve();
    await Promise.resolve();
  }

  async function render({ opportunity = mockOpportunity, changes = mockChanges } = {}) {
    const element = createElement('c-health-summary', { is: HealthSummary });
    element.recordId = OPPORTUNITY_ID;
    document.body.appendChild(element);
    if (opportunity) getRecord.emit(opportunity);
    if (changes) getRelatedListRecords.emit(changes);
    await flush();
    return element;
  }

  it('asks for the latest health changes, newest first, as many as configured', async () => {
    const element = await render({ opportunity: null, changes: null });
    expect(getRelatedListRecords.getLastConfig()).toEqual(
      expect.objectContaining({
        parentRecordId: OPPORTUNITY_ID,
        relatedListId: 'Health_Changes__r',
        sortBy: ['-Health_Change__c.Changed_At__c'],
        pageSize: 12
      })
    );
    element.historyLimit = 20;
    await flush();
    expect(getRelatedListRecords.getLastConfig().pageSize).toBe(20);
  });

  it('shows a spinner while loading', async () => {
    const element = await render({ changes: null });
    expect(card(element).querySelector('lightning-spinner')).not.toBeNull();
  });

  it('shows score, grade and trend at a glance', async () => {
    const element = await render();
    const root = element.shadowRoot;
    expect(root.querySelector('.score').textContent).toBe('62');
    const badge = root.querySelector('.grade-badge');
    expect(badge.label).toBe('Grade C');
    expect(badge.classList).toContain('grade-badge_c');
    expect(root.querySelector('.trend lightning-icon').iconName).toBe('utility:arrowup');
    expect(root.querySelector('.trend-number').textContent).toBe('+6');
    expect(root.querySelector('.trend .slds-assistive-text').textContent).toBe('Up 6 points since about 30 days ago');
    expect(root.querySelector('.active-users').textContent).toBe('9');
  });

  it('shows the recovery path under the score, and nothing when there is none', async () => {
    const path = 'B at 70: activate 2 more seats (40% → 50%); or achieve 1 more due milestone';
    const element = await render({ opportunity: withFields(mockOpportunity, { Health_Next_Grade__c: path }) });
    const line = element.shadowRoot.querySelector('.next-grade');
    expect(line.textContent).toBe(`To reach the next grade: ${path}`);
    const none = await render({ opportunity: withFields(mockOpportunity, { Health_Next_Grade__c: null }) });
    expect(none.shadowRoot.querySelector('.next-grade')).toBeNull();
  });

  it('shows a falling trend and a missing one in words', async () => {
    let element = await render({ opportunity: withFields(mockOpportunity, { Health_Trend__c: -4 }) });
    expect(element.shadowRoot.querySelector('.trend lightning-icon').iconName).toBe('utility:arrowdown');
    expect(element.shadowRoot.querySelector('.trend-number').textContent).toBe('-4');
    expect(element.shadowRoot.querySelector('.trend .slds-assistive-text').textContent).toBe(
      'Down 4 points since about 30 days ago'
    );
    document.body.removeChild(element);

    element = await render({ opportunity: withFields(mockOpportunity, { Health_Trend__c: null }) });
    expect(element.shadowRoot.querySelector('.trend_none').textContent).toBe(
      'No trend yet: it needs a week of history'
    );
  });

  it('asks for the score alone as required, and still shows it when the drivers cannot be read', async () => {
    const opportunity = JSON.parse(JSON.stringify(mockOpportunity));
    delete opportunity.fields.Health_Drivers__c;
    delete opportunity.fields.Active_Users_30d__c;
    const element = await render({ opportunity });
    expect(getRecord.getLastConfig().fields).toEqual([
      { objectApiName: 'Opportunity', fieldApiName: 'Health_Score__c' }
    ]);
    expect(getRecord.getLastConfig().optionalFields).toHaveLength(7);
    const root = element.shadowRoot;
    expect(root.querySelector('.score').textContent).toBe('62');
    expect(root.querySelector('.grade-badge').label).toBe('Grade C');
    expect(root.querySelector('.drivers')).toBeNull();
    expect(root.querySelector('.active-users')).toBeNull();
    expect(root.querySelectorAll('circle')).toHaveLength(4);
  });

  it('colours the badge by grade', async () => {
    const element = await render({
      opportunity: withFields(mockOpportunity, { Health_Score__c: 31, Health_Grade__c: 'F' })
    });
    expect(element.shadowRoot.querySelector('.grade-badge').classList).toContain('grade-badge_f');
  });

  it('lists the drivers in words, worst first, absent measures last', async () => {
    const element = await render();
    const drivers = [...element.shadowRoot.querySelectorAll('.drivers li')].map((li) => li.textContent);
    expect(drivers).toEqual([
      'Seat utilization:\u00a022% of seats active (target 60%)\u00a0(costs 14.0 points)',
      'Activity trend:\u00a09 users in the last 30 days vs 12 in the 30 days before (ratio 0.75, target 1.00)\u00a0(costs 8.5 points)',
      'Recency:\u00a0last activity 1 day ago\u00a0(on target)',
      'Implementation:\u00a0no stages due yet\u00a0(not measured)'
    ]);
    expect(element.shadowRoot.querySelectorAll('.driver_absent')).toHaveLength(1);
  });

  it('lists the support, satisfaction and key-people drivers, long ones whole, and an absent one', async () => {
    const drivers = [
      '-5.1 key_people: 1 of 3 key people engaged in 45 days (Chris Lee, Executive Sponsor: last touch 75 days ago; Sam Ortiz, Decision Maker: left the company)',
      '-3.1 support: 1 open high-priority case, 1 open case older than 7 days',
      '-2.3 satisfaction: 3 of 5 answers satisfied in 180 days (service unsatisfied at Kickoff)',
      'absent support: no open case and none created in 90 days'
    ].join('\n');
    const element = await render({ opportunity: withFields(mockOpportunity, { Health_Drivers__c: drivers }) });
    const items = [...element.shadowRoot.querySelectorAll('.drivers li')];
    expect(items.map((li) => li.textContent)).toEqual([
      'Key people:\u00a01 of 3 key people engaged in 45 days (Chris Lee, Executive Sponsor: last touch 75 days ago; Sam Ortiz, Decision Maker: left the company)\u00a0(costs 5.1 points)',
      'Support:\u00a01 open high-priority case, 1 open case older than 7 days\u00a0(costs 3.1 points)',
      'Satisfaction:\u00a03 of 5 answers satisfied in 180 days (service unsatisfied at Kickoff)\u00a0(costs 2.3 points)',
      'Support:\u00a0no open case and none created in 90 days\u00a0(not measured)'
    ]);
    expect(items.map((li) => li.className)).toEqual(['driver', 'driver', 'driver', 'driver driver_absent']);
  });

  it('charts the history oldest first and lists the latest changes newest first', async () => {
    const element = await render();
    const root = element.shadowRoot;
    const dots = [...root.querySelectorAll('circle')];
    expect(dots.map((dot) => dot.getAttribute('class'))).toEqual(['dot dot_b', 'dot dot_d', 'dot dot_c', 'dot dot_c']);
    // Oldest at the left edge, newest at the right.
    expect(dots[0].getAttribute('cx')).toBe('24');
    expect(dots[3].getAttribute('cx')).toBe('312');
    expect(root.querySelector('svg').getAttribute('aria-label')).toBe(
      'Health score history, oldest first: 71 (B) on Feb 20, 2026, 48 (D) on Mar 1, 2026, 55 (C) on Apr 1, 2026, 62 (C) on May 1, 2026.'
    );
    expect([...root.querySelectorAll('.change-text')].map((s) => s.textContent)).toEqual([
      'Score 55 → 62 (+7), grade C unchanged',
      'Score 48 → 55 (+7), grade D → C',
      'Score 71 → 48 (-23), grade B → D'
    ]);
  });

  it('says when health is not scored yet and has no history', async () => {
    const element = await render({ opportunity: mockNotScored, changes: mockNoChanges });
    const root = element.shadowRoot;
    expect(root.querySelector('.not-scored .slds-text-heading_small').textContent).toBe('Not scored yet');
    expect(root.querySelector('.score')).toBeNull();
    expect(root.querySelector('svg')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows an error panel when the history cannot be read', async () => {
    const element = await render({ changes: null });
    getRelatedListRecords.error({ body: [{ message: 'Insufficient access' }] });
    await flush();
    const panel = card(element).querySelector('c-error-panel');
    expect(panel.friendlyMessage).toBe('The health score could not be loaded.');
    expect(element.shadowRoot.querySelector('.score')).toBeNull();
  });

  it('is accessible with a score and history', async () => {
    const element = await render();
    await expect(element).toBeAccessible();
  });
});
