import { createElement } from 'lwc';
import BusinessReviews from 'c/businessReviews';
import { updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

const mockReviews = require('./data/getRelatedListRecords.json');
const mockNoReviews = require('./data/getRelatedListRecordsEmpty.json');

const OPPORTUNITY_ID = '006000000000001AAA';
// Read against 4 May 2026: QBR 2 (due 27 April, To Schedule) is overdue by 7 days; the
// Renewal Review (due 30 May, To Schedule) is due in 26 days, inside the default 30;
// QBR 3 (due 27 May) is already Scheduled, so it is not flagged.
const TODAY = new Date(2026, 4, 4, 12, 0, 0);

/** The shared card's own shadow root: spinner, error panel, empty state and live region */
function card(element) {
  return element.shadowRoot.querySelector('c-cairn-card').shadowRoot;
}

describe('c-business-reviews', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: TODAY, advanceTimers: true });
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

  async function render(reviews = mockReviews, props = {}) {
    const element = createElement('c-business-reviews', { is: BusinessReviews });
    element.recordId = OPPORTUNITY_ID;
    Object.assign(element, props);
    document.body.appendChild(element);
    if (reviews) getRelatedListRecords.emit(reviews);
    await flush();
    return element;
  }

  function row(element, id) {
    return element.shadowRoot.querySelector(`li[data-id="${id}"]`);
  }

  it('asks for the Opportunity’s reviews by due date', async () => {
    await render(null);
    expect(getRelatedListRecords.getLastConfig()).toEqual(
      expect.objectContaining({
        parentRecordId: OPPORTUNITY_ID,
        relatedListId: 'Business_Reviews__r',
        sortBy: ['Business_Review__c.Due_Date__c']
      })
    );
  });

  it('orders reviews due the same day by sequence, since the related list sorts by due date alone', async () => {
    const reviews = JSON.parse(JSON.stringify(mockReviews));
    // QBR 3 (sequence 3) moved to the renewal review's day, 30 May; it still arrives before the
    // renewal review (sequence 1), which must now come first.
    reviews.records.find((r) => r.id === 'a03000000000003AAA').fields.Due_Date__c.value = '2026-05-30';
    const element = await render(reviews);
    expect([...element.shadowRoot.querySelectorAll('.review-name')].map((p) => p.textContent)).toEqual([
      'QBR 1',
      'QBR 2',
      'Renewal Review',
      'QBR 3',
      'QBR 4'
    ]);
  });

  it('asks for the type, meeting, outcome and value summary as optional fields', async () => {
    await render(null);
    expect(getRelatedListRecords.getLastConfig().fields).toEqual([
      'Business_Review__c.Name',
      'Business_Review__c.Sequence__c',
      'Business_Review__c.Due_Date__c',
      'Business_Review__c.Status__c'
    ]);
    expect(getRelatedListRecords.getLastConfig().optionalFields).toEqual([
      'Business_Review__c.Review_Type__c',
      'Business_Review__c.Scheduled_At__c',
      'Business_Review__c.Outcome_Summary__c',
      'Business_Review__c.Next_Steps__c',
      'Business_Review__c.Value_Summary__c',
      'Business_Review__c.Product_Satisfaction__c',
      'Business_Review__c.Service_Satisfaction__c'
    ]);
  });

  it('still lists the reviews when the value summary and the type cannot be read', async () => {
    const reviews = JSON.parse(JSON.stringify(mockReviews));
    reviews.records.forEach((record) => {
      delete record.fields.Value_Summary__c;
      delete record.fields.Review_Type__c;
    });
    const element = await render(reviews);
    const root = element.shadowRoot;
    expect([...root.querySelectorAll('.review-name')].map((p) => p.textContent)).toEqual([
      'QBR 1',
      'QBR 2',
      'QBR 3',
      'Renewal Review',
      'QBR 4'
    ]);
    expect(root.querySelectorAll('details.value-summary')).toHaveLength(0);
    expect(root.querySelector('.renewal-badge')).toBeNull();
    expect(row(element, 'a03000000000002AAA').querySelector('.urgency').textContent).toBe('Overdue by 7 days');
    expect(root.querySelector('.to-schedule-badge').label).toBe('2 to schedule');
  });

  it('shows a spinner while loading', async () => {
    const element = await render(null);
    expect(card(element).querySelector('lightning-spinner')).not.toBeNull();
  });

  it('lists the QBRs and the renewal review with status and due date', async () => {
    const element = await render();
    const root = element.shadowRoot;
    expect([...root.querySelectorAll('.review-name')].map((p) => p.textContent)).toEqual([
      'QBR 1',
      'QBR 2',
      'QBR 3',
      'Renewal Review',
      'QBR 4'
    ]);
    expect([...root.querySelectorAll('.status-badge')].map((b) => b.label)).toEqual([
      'Completed',
      'To Schedule',
      'Scheduled',
      'To Schedule',
      'Cancelled'
    ]);
    expect(row(element, 'a03000000000005AAA').querySelector('.renewal-badge')).not.toBeNull();
    expect(row(element, 'a03000000000002AAA').querySelector('.due lightning-formatted-date-time').value).toBe(
      '2026-04-27'
    );
    expect(
      row(element, 'a03000000000003AAA').querySelector('.scheduled-at-value lightning-formatted-date-time').value
    ).toBe('2026-05-21T14:00:00.000Z');
    expect(root.querySelector('.to-schedule-badge').label).toBe('2 to schedule');
  });

  it('flags reviews to schedule that are overdue or due soon', async () => {
    const element = await render();
    const overdue = row(element, 'a03000000000002AAA');
    expect(overdue.classList).toContain('review-row_overdue');
    expect(overdue.querySelector('.urgency').textContent).toBe('Overdue by 7 days');
    const soon = row(element, 'a03000000000005AAA');
    expect(soon.classList).toContain('review-row_due-soon');
    expect(soon.querySelector('.urgency').textContent).toBe('Due in 26 days');
    expect(row(element, 'a03000000000003AAA').querySelector('.urgency')).toBeNull();
  });

  it('takes "due soon" from the daysAhead setting', async () => {
    const element = await render(mockReviews, { daysAhead: 14 });
    expect(row(element, 'a03000000000005AAA').querySelector('.urgency')).toBeNull();
    expect(row(element, 'a03000000000002AAA').querySelector('.urgency').textContent).toBe('Overdue by 7 days');
  });

  it('keeps value summaries and outcomes collapsed until asked for', async () => {
    const element = await render();
    const summary = row(element, 'a03000000000002AAA').querySelector('details.value-summary');
    expect(summary.open).toBe(false);
    expect(summary.querySelector('summary').textContent).toBe('Value summary');
    expect(summary.querySelector('.value-summary-text').textContent).toContain('Active users: 9 now, 6 at the start');
    const outcome = row(element, 'a03000000000001AAA').querySelector('details.outcome-details');
    expect(outcome.querySelector('.outcome-text').textContent).toBe('Reviewed onboarding; registrations flat so far.');
    expect(row(element, 'a03000000000005AAA').querySelector('details.value-summary')).toBeNull();
  });

  it('offers Schedule for reviews to schedule and Complete for scheduled ones', async () => {
    const element = await render();
    const actions = (id) =>
      [...row(element, id).querySelectorAll('.review-actions lightning-button')].map((b) => b.label);
    expect(actions('a03000000000001AAA')).toEqual([]);
    expect(actions('a03000000000002AAA')).toEqual(['Schedule']);
    expect(actions('a03000000000003AAA')).toEqual(['Complete']);
    expect(actions('a03000000000004AAA')).toEqual([]);
  });

  it('schedules a review in place', async () => {
    const element = await render();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    row(element, 'a03000000000002AAA').querySelector('lightning-button.schedule').click();
    await flush();

    const input = row(element, 'a03000000000002AAA').querySelector('lightning-input.scheduled-at');
    expect(input.type).toBe('datetime');
    expect(input.required).toBe(true);
    input.value = '2026-05-12T14:00:00.000Z';
    row(element, 'a03000000000002AAA').querySelector('lightning-button.save').click();
    await flush();

    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: 'a03000000000002AAA', Status__c: 'Scheduled', Scheduled_At__c: '2026-05-12T14:00:00.000Z' }
    });
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Review updated',
      message: 'QBR 2 is scheduled.',
      variant: 'success'
    });
    expect(card(element).querySelector('[aria-live="polite"]').textContent).toBe('QBR 2 is scheduled.');
    expect(element.shadowRoot.querySelector('.review-form')).toBeNull();
  });

  it('does not save a schedule without a meeting time', async () => {
    const element = await render();
    row(element, 'a03000000000002AAA').querySelector('lightning-button.schedule').click();
    await flush();
    row(element, 'a03000000000002AAA').querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('.review-form')).not.toBeNull();
  });

  it('completes a review with its outcome and next steps', async () => {
    const element = await render();
    row(element, 'a03000000000003AAA').querySelector('lightning-button.complete').click();
    await flush();

    const form = row(element, 'a03000000000003AAA').querySelector('.review-form');
    form.querySelector('lightning-textarea.outcome').value = '  Registrations up 12%; agreed a case study.  ';
    form.querySelector('lightning-textarea.next-steps').value = 'Draft the case study by June.';
    form.querySelector('lightning-button.save').click();
    await flush();

    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: 'a03000000000003AAA',
        Status__c: 'Completed',
        Outcome_Summary__c: 'Registrations up 12%; agreed a case study.',
        Next_Steps__c: 'Draft the case study by June.'
      }
    });
  });

  function questionsOf(element, id) {
    return row(element, id).querySelector('c-satisfaction-questions');
  }

  async function complete(element, id) {
    row(element, id).querySelector('lightning-button.complete').click();
    await flush();
    row(element, id).querySelector('lightning-textarea.outcome').value = 'Registrations up 12%.';
    row(element, id).querySelector('lightning-button.save').click();
    await flush();
  }

  it('offers the satisfaction questions on completed reviews only, with the answers given', async () => {
    const element = await render();
    const withQuestions = [...element.shadowRoot.querySelectorAll('li[data-id]')]
      .filter((li) => li.querySelector('c-satisfaction-questions'))
      .map((li) => li.dataset.id);
    expect(withQuestions).toEqual(['a03000000000001AAA']);
    const questions = questionsOf(element, 'a03000000000001AAA');
    expect(questions).toMatchObject({
      recordId: 'a03000000000001AAA',
      recordName: 'QBR 1',
      product: 'Satisfied',
      service: 'Unsatisfied',
      open: false
    });
    expect(questions.productField.fieldApiName).toBe('Product_Satisfaction__c');
    expect(questions.serviceField.fieldApiName).toBe('Service_Satisfaction__c');
  });

  it('unfolds the satisfaction questions once a review is completed; one click saves the answer to it', async () => {
    const element = await render();
    expect(questionsOf(element, 'a03000000000003AAA')).toBeNull();
    await complete(element, 'a03000000000003AAA');

    const questions = questionsOf(element, 'a03000000000003AAA');
    expect(questions.open).toBe(true);
    expect(questions.shadowRoot.querySelector('details').open).toBe(true);
    questions.shadowRoot.querySelector('.question[data-key="product"] lightning-button[data-value="Neutral"]').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledTimes(2);
    expect(updateRecord).toHaveBeenLastCalledWith({
      fields: { Id: 'a03000000000003AAA', Product_Satisfaction__c: 'Neutral' }
    });
  });

  it('saves only the completion when the questions are skipped', async () => {
    const element = await render();
    await complete(element, 'a03000000000003AAA');
    expect(questionsOf(element, 'a03000000000003AAA')).not.toBeNull();
    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord.mock.calls[0][0].fields).not.toHaveProperty('Product_Satisfaction__c');
    expect(updateRecord.mock.calls[0][0].fields).not.toHaveProperty('Service_Satisfaction__c');
  });

  it('does not ask when the completion could not be saved', async () => {
    updateRecord.mockRejectedValueOnce({ body: { message: 'insufficient access rights on object id' } });
    const element = await render();
    await complete(element, 'a03000000000003AAA');
    await flush();
    expect(questionsOf(element, 'a03000000000003AAA')).toBeNull();
  });

  it('shows the reason in the questions when an answer is refused', async () => {
    const element = await render();
    updateRecord.mockRejectedValueOnce({ body: { message: 'insufficient access rights on object id' } });
    const questions = questionsOf(element, 'a03000000000001AAA');
    questions.shadowRoot.querySelector('.question[data-key="service"] lightning-button[data-value="Neutral"]').click();
    await flush();
    await flush();
    const panel = questions.shadowRoot.querySelector('c-error-panel');
    expect(panel.friendlyMessage).toBe('Your answer was not saved; QBR 1 is unchanged. Try again.');
    expect(panel.shadowRoot.querySelector('.details').textContent).toBe('insufficient access rights on object id');
  });

  it('needs an outcome to complete a review, and sends blank next steps as empty', async () => {
    const element = await render();
    row(element, 'a03000000000003AAA').querySelector('lightning-button.complete').click();
    await flush();
    const form = row(element, 'a03000000000003AAA').querySelector('.review-form');
    form.querySelector('lightning-textarea.outcome').value = '   ';
    form.querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).not.toHaveBeenCalled();

    form.querySelector('lightning-textarea.outcome').value = 'Held; no changes.';
    form.querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: 'a03000000000003AAA',
        Status__c: 'Completed',
        Outcome_Summary__c: 'Held; no changes.',
        Next_Steps__c: null
      }
    });
  });

  it('closes the form on Cancel without saving', async () => {
    const element = await render();
    row(element, 'a03000000000002AAA').querySelector('lightning-button.schedule').click();
    await flush();
    row(element, 'a03000000000002AAA').querySelector('lightning-button.cancel').click();
    await flush();
    expect(element.shadowRoot.querySelector('.review-form')).toBeNull();
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('keeps the form open and shows the reason when the save fails', async () => {
    updateRecord.mockRejectedValueOnce({
      body: { output: { errors: [], fieldErrors: { Scheduled_At__c: [{ message: 'Invalid date' }] } } }
    });
    const element = await render();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    row(element, 'a03000000000002AAA').querySelector('lightning-button.schedule').click();
    await flush();
    row(element, 'a03000000000002AAA').querySelector('lightning-input.scheduled-at').value = 'x';
    row(element, 'a03000000000002AAA').querySelector('lightning-button.save').click();
    await flush();
    await flush();
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Could not save QBR 2',
      message: 'Invalid date',
      variant: 'error'
    });
    expect(element.shadowRoot.querySelector('.review-form')).not.toBeNull();
  });

  it('says the sync plans the reviews when there are none', async () => {
    const element = await render(mockNoReviews);
    expect(card(element).querySelector('.empty').textContent).toBe(
      'No reviews yet: the next sync plans QBRs from the close date'
    );
    jest.useRealTimers(); // axe refuses to run under fake timers
    await expect(element).toBeAccessible();
  });

  it('shows an error panel when the reviews cannot be read', async () => {
    const element = await render(null);
    getRelatedListRecords.error({ body: [{ message: 'Insufficient access' }] });
    await flush();
    expect(card(element).querySelector('c-error-panel').friendlyMessage).toBe(
      'The business reviews could not be loaded.'
    );
  });

  it('is accessible with reviews and an open form', async () => {
    const element = await render();
    row(element, 'a03000000000003AAA').querySelector('lightning-button.complete').click();
    await flush();
    jest.useRealTimers(); // axe refuses to run under fake timers
    await expect(element).toBeAccessible();
  });
});
