import { createElement } from 'lwc';
import SuccessMilestones from 'c/successMilestones';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

const mockOpportunity = require('./data/getRecord.json');
const mockOpportunityNotOnboarded = require('./data/getRecordNotOnboarded.json');
const mockMilestones = require('./data/getRelatedListRecords.json');
const mockNoMilestones = require('./data/getRelatedListRecordsEmpty.json');
const mockJourney = require('./data/getRelatedListRecordsJourney.json');

const OPPORTUNITY_ID = '006000000000001AAA';
const NOW = new Date('2026-05-04T09:30:00.000Z');

/** The shared card's own shadow root: spinner, error panel, empty state and live region */
function card(element) {
  return element.shadowRoot.querySelector('c-cairn-card').shadowRoot;
}

describe('c-success-milestones', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, advanceTimers: true });
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  async function flush() {
    await Promise.resolve();
    await Promise.resolve();
  }

  async function render({ opportunity = mockOpportunity, milestones = mockMilestones } = {}) {
    const element = createElement('c-success-milestones', { is: SuccessMilestones });
    element.recordId = OPPORTUNITY_ID;
    document.body.appendChild(element);
    if (opportunity) getRecord.emit(opportunity);
    if (milestones) getRelatedListRecords.emit(milestones);
    await flush();
    return element;
  }

  function step(element, id) {
    return element.shadowRoot.querySelector(`li[data-id="${id}"]`);
  }

  it('asks for the Opportunity’s milestones in sequence order', async () => {
    await render({ opportunity: null, milestones: null });
    expect(getRelatedListRecords.getLastConfig()).toEqual(
      expect.objectContaining({
        parentRecordId: OPPORTUNITY_ID,
        relatedListId: 'Success_Milestones__r',
        sortBy: ['Success_Milestone__c.Sequence__c']
      })
    );
    expect(getRecord.getLastConfig().recordId).toBe(OPPORTUNITY_ID);
  });

  it('shows a spinner until both the opportunity and its milestones arrive', async () => {
    const element = await render({ milestones: null });
    expect(card(element).querySelector('lightning-spinner')).not.toBeNull();
    getRelatedListRecords.emit(mockMilestones);
    await flush();
    expect(card(element).querySelector('lightning-spinner')).toBeNull();
  });

  it('draws the route from closed won through the milestones to the desired outcome', async () => {
    const element = await render();
    const steps = [...element.shadowRoot.querySelectorAll('.route > li')];
    expect(steps.map((li) => li.querySelector('.route-title').textContent)).toEqual([
      'Point A: closed won',
      'Workspace connected',
      'First campaign sent',
      'Ten active users',
      'Registrations up 20%',
      'Desired outcome'
    ]);
    expect(steps[0].querySelector('lightning-formatted-date-time').value).toBe('2026-02-16');
    expect(steps[5].querySelector('.desired-outcome').textContent).toBe('Get more people to register for our events');
    expect(element.shadowRoot.querySelector('.progress-badge').label).toBe('2 of 4 reached');
  });

  it('shows achieved milestones with their date and evidence, and marks first value', async () => {
    const element = await render();
    const firstValue = step(element, 'a02000000000002AAA');
    expect(firstValue.classList).toContain('route-step_achieved');
    expect(firstValue.querySelector('.achieved lightning-formatted-date-time').value).toBe('2026-03-04T10:12:00.000Z');
    expect(firstValue.querySelector('.evidence').textContent).toBe(
      'Evidence: usage: event:campaign_sent reached 1 at 2026-03-04T10:12:00Z'
    );
    expect(firstValue.querySelector('.first-value-badge')).not.toBeNull();
    expect(element.shadowRoot.querySelectorAll('.first-value-badge')).toHaveLength(1);
    expect(firstValue.querySelector('.mark-achieved')).toBeNull();
  });

  it('highlights the next milestone, shows Missed and the expansion and review badges', async () => {
    const element = await render();
    const missed = step(element, 'a02000000000003AAA');
    // The first milestone not yet achieved is the next one, even when it was missed.
    expect(missed.classList).toContain('route-step_next');
    expect(element.shadowRoot.querySelectorAll('.route-step_next')).toHaveLength(1);
    expect(missed.querySelector('.slds-assistive-text').textContent).toBe('Missed, next to reach');
    expect(missed.querySelector('.missed-text').textContent).toContain('Missed: target was');
    expect(missed.querySelector('.expansion-badge').label).toBe('Expansion moment');
    expect(missed.querySelector('.tracking').textContent).toBe('Tracked from usage: active_users_30d reaches 10');
    // Usage decides this one, so it cannot be marked by hand.
    expect(missed.querySelector('.mark-achieved')).toBeNull();

    const planned = step(element, 'a02000000000004AAA');
    expect(planned.querySelector('.advocacy-badge').label).toBe('Ask for a review');
    expect(planned.querySelector('.kind-badge').label).toBe('Customer');
    expect(planned.querySelector('.tracking').textContent).toBe('Tracked by hand');
  });

  it('still draws the route when the onboarding fields and usage metrics cannot be read', async () => {
    const opportunity = JSON.parse(JSON.stringify(mockOpportunity));
    ['Desired_Outcome__c', 'Onboarded__c', 'Onboarded_Date__c', 'Days_To_First_Value__c'].forEach(
      (name) => delete opportunity.fields[name]
    );
    const milestones = JSON.parse(JSON.stringify(mockMilestones));
    milestones.records.forEach((record) => delete record.fields.Usage_Metric__c);
    const element = await render({ opportunity, milestones });
    const root = element.shadowRoot;
    expect([...root.querySelectorAll('.route > li .route-title')].map((p) => p.textContent)).toEqual([
      'Point A: closed won',
      'Workspace connected',
      'First campaign sent',
      'Ten active users',
      'Registrations up 20%',
      'Desired outcome'
    ]);
    expect(root.querySelector('.onboarded')).toBeNull();
    expect(root.querySelector('.desired-outcome-missing')).not.toBeNull();
    // Without the metric it cannot be told whether usage decides a milestone: no tracking line, no manual mark.
    expect(root.querySelectorAll('.tracking')).toHaveLength(0);
    expect(root.querySelectorAll('.mark-achieved')).toHaveLength(0);
    expect(root.querySelector('.progress-badge').label).toBe('2 of 4 reached');
  });

  it('groups the customer’s own journey by horizon beside the route, which keeps the other milestones', async () => {
    const element = await render({ milestones: mockJourney });
    const root = element.shadowRoot;
    expect([...root.querySelectorAll('.route > li .route-title')].map((p) => p.textContent)).toEqual([
      'Point A: closed won',
      'Workspace connected',
      'First campaign sent',
      'Ten active users',
      'Registrations up 20%',
      'Desired outcome'
    ]);
    const horizons = [...root.querySelectorAll('.journey .horizon')];
    expect(
      horizons.map((h) => [
        h.querySelector('.horizon-title').textContent,
        h.querySelector('.horizon-progress').textContent.trim(),
        [...h.querySelectorAll('.route-title')].map((p) => p.textContent)
      ])
    ).toEqual([
      ['In 3 months', '· 1 of 2 reached', ['Every event promoted by email', 'Events team self-serve']],
      ['In 6 months', '· 0 of 1 reached', ['Registrations up 20% on last year']],
      ['In 12 months', '· 0 of 1 reached', ['Campaigns run end to end in-house']]
    ]);
    const reached = step(element, 'a02000000000005AAA');
    expect(reached.classList).toContain('route-step_achieved');
    expect(reached.querySelector('.achieved lightning-formatted-date-time').value).toBe('2026-04-28T14:00:00.000Z');
    const sixMonths = step(element, 'a02000000000007AAA');
    expect(sixMonths.querySelector('.target lightning-formatted-date-time').value).toBe('2026-08-16');
    // the next milestone is on the route, never in the journey; all eight count in the badge
    expect(root.querySelectorAll('.journey .route-step_next')).toHaveLength(0);
    expect(root.querySelector('.progress-badge').label).toBe('3 of 8 reached');
    jest.useRealTimers(); // axe refuses to run under fake timers
    await expect(element).toBeAccessible();
  });

  it('marks a journey milestone achieved by hand', async () => {
    const element = await render({ milestones: mockJourney });
    step(element, 'a02000000000007AAA').querySelector('.mark-achieved').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: 'a02000000000007AAA',
        Status__c: 'Achieved',
        Achieved_At__c: '2026-05-04T09:30:00.000Z',
        Evidence__c: 'manual'
      }
    });
  });

  it('has no journey section when no milestone carries a horizon', async () => {
    const element = await render();
    expect(element.shadowRoot.querySelector('.journey')).toBeNull();
  });

  it('says when the customer was onboarded and how long first value took', async () => {
    const element = await render();
    const onboarded = element.shadowRoot.querySelector('.onboarded');
    expect(onboarded.querySelector('lightning-formatted-date-time').value).toBe('2026-03-04');
    expect(onboarded.textContent).toContain('16 days after close');
  });

  it('names the first-value milestone and asks for the desired outcome when they are still ahead', async () => {
    const element = await render({ opportunity: mockOpportunityNotOnboarded });
    expect(element.shadowRoot.querySelector('.onboarded')).toBeNull();
    expect(element.shadowRoot.querySelector('.not-onboarded').textContent).toBe(
      'Not onboarded yet: first value is “First campaign sent”.'
    );
    expect(element.shadowRoot.querySelector('.desired-outcome-missing').textContent).toBe(
      'Not captured yet: add it in the handoff checklist.'
    );
  });

  it('marks a milestone tracked by hand as achieved now, with manual evidence', async () => {
    const element = await render();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    step(element, 'a02000000000004AAA').querySelector('.mark-achieved').click();
    await flush();

    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: 'a02000000000004AAA',
        Status__c: 'Achieved',
        Achieved_At__c: '2026-05-04T09:30:00.000Z',
        Evidence__c: 'manual'
      }
    });
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Milestone reached',
      message: 'Registrations up 20% is marked achieved.',
      variant: 'success'
    });
    expect(card(element).querySelector('[aria-live="polite"]').textContent).toBe(
      'Registrations up 20% is marked achieved.'
    );
  });

  it('reports a failed save', async () => {
    updateRecord.mockRejectedValueOnce({ body: { message: 'Insufficient access rights on object id' } });
    const element = await render();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    step(element, 'a02000000000004AAA').querySelector('.mark-achieved').click();
    await flush();
    await flush();
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Could not update Registrations up 20%',
      message: 'Insufficient access rights on object id',
      variant: 'error'
    });
  });

  it('says the playbook comes with the next sync when there are no milestones', async () => {
    const element = await render({ milestones: mockNoMilestones });
    expect(element.shadowRoot.querySelector('.empty').textContent).toBe(
      'No milestones yet: the next sync applies the playbook'
    );
    expect(element.shadowRoot.querySelector('.progress-badge')).toBeNull();
    jest.useRealTimers(); // axe refuses to run under fake timers
    await expect(element).toBeAccessible();
  });

  it('shows an error panel when the opportunity cannot be read', async () => {
    const element = await render({ opportunity: null });
    getRecord.error({ body: [{ message: 'The requested resource does not exist' }] });
    await flush();
    const panel = card(element).querySelector('c-error-panel');
    expect(panel.friendlyMessage).toBe('The success milestones could not be loaded.');
    expect(element.shadowRoot.querySelector('.route')).toBeNull();
  });

  it('is accessible with milestones', async () => {
    const element = await render();
    jest.useRealTimers(); // axe refuses to run under fake timers
    await expect(element).toBeAccessible();
  });
});
