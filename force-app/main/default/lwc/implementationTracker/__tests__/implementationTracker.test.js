import { createElement } from 'lwc';
import ImplementationTracker from 'c/implementationTracker';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { updateRecord } from 'lightning/uiRecordApi';

const mockStages = require('./data/getRelatedListRecords.json');
const mockNoStages = require('./data/getRelatedListRecordsEmpty.json');
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockStatuses = require('./data/getPicklistValues.json');

const OPPORTUNITY_ID = '006000000000001AAA';
// The fixtures' dates are read against this day: Workspace setup (target 20 April, In
// Progress) is overdue by 14 days (10 days left in April after the 20th, plus 4 in May).
const TODAY = new Date(2026, 4, 4, 12, 0, 0);

/** The shared card's own shadow root: spinner, error panel, empty state and live region */
function card(element) {
  return element.shadowRoot.querySelector('c-cairn-card').shadowRoot;
}

describe('c-implementation-tracker', () => {
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

  function render() {
    const element = createElement('c-implementation-tracker', { is: ImplementationTracker });
    element.recordId = OPPORTUNITY_ID;
    document.body.appendChild(element);
    return element;
  }

  async function flush() {
    await Promise.resolve();
    await Promise.resolve();
  }

  async function renderWithStages(stages = mockStages) {
    const element = render();
    getRelatedListRecords.emit(stages);
    getObjectInfo.emit(mockObjectInfo);
    getPicklistValues.emit(mockStatuses);
    await flush();
    return element;
  }

  function comboboxFor(element, stageId) {
    return element.shadowRoot.querySelector(`lightning-combobox[data-id="${stageId}"]`);
  }

  function rowFor(element, stageId) {
    return element.shadowRoot.querySelector(`.stage-row[data-id="${stageId}"]`);
  }

  it('asks for the Opportunity’s stages in sequence order', async () => {
    render();
    await flush();
    expect(getRelatedListRecords.getLastConfig()).toEqual(
      expect.objectContaining({
        parentRecordId: OPPORTUNITY_ID,
        relatedListId: 'Implementation_Stages__r',
        sortBy: ['Implementation_Stage__c.Sequence__c']
      })
    );
    expect(getRelatedListRecords.getLastConfig().fields).toEqual([
      'Implementation_Stage__c.Name',
      'Implementation_Stage__c.Sequence__c',
      'Implementation_Stage__c.Status__c'
    ]);
    expect(getRelatedListRecords.getLastConfig().optionalFields).toEqual(
      expect.arrayContaining([
        'Implementation_Stage__c.Target_Date__c',
        'Implementation_Stage__c.Customer_Owner__r.Name',
        'Implementation_Stage__c.Product_Satisfaction__c',
        'Implementation_Stage__c.Service_Satisfaction__c'
      ])
    );
  });

  it('shows a spinner until the stages and the status values arrive', async () => {
    const element = render();
    expect(card(element).querySelector('lightning-spinner')).not.toBeNull();
    getRelatedListRecords.emit(mockStages);
    await flush();
    expect(card(element).querySelector('lightning-spinner')).not.toBeNull();
    getObjectInfo.emit(mockObjectInfo);
    getPicklistValues.emit(mockStatuses);
    await flush();
    expect(card(element).querySelector('lightning-spinner')).toBeNull();
  });

  it('renders the stages as a path in order, with owner, target date and status', async () => {
    const element = await renderWithStages();
    const root = element.shadowRoot;

    const steps = [...root.querySelectorAll('.path li')];
    expect(steps.map((li) => li.querySelector('.path-name').textContent)).toEqual([
      'Kickoff call',
      'Workspace setup',
      'CRM integration',
      'Admin training',
      'Go-live'
    ]);
    expect(steps.map((li) => li.querySelector('.slds-assistive-text').textContent)).toEqual([
      ': Done',
      ': In Progress, overdue by 14 days',
      ': To Do',
      ': Scheduled',
      ': On Hold'
    ]);
    // The first stage not Done is the current one.
    expect(steps[1].classList).toContain('path-step_current');
    expect(steps[0].classList).toContain('path-step_done');

    const kickoff = rowFor(element, 'a01000000000001AAA');
    expect(kickoff.querySelector('.owner').textContent).toBe('Customer owner: Dana Reyes');
    expect(kickoff.querySelector('.kickoff-badge')).not.toBeNull();
    expect(kickoff.querySelector('lightning-formatted-date-time').value).toBe('2026-03-10');
    expect(rowFor(element, 'a01000000000003AAA').querySelector('.owner').textContent).toBe(
      'Customer owner: Not assigned'
    );
    expect(rowFor(element, 'a01000000000005AAA').querySelector('.target-date').textContent).toBe('Not set');

    const combobox = comboboxFor(element, 'a01000000000002AAA');
    expect(combobox.value).toBe('In Progress');
    expect(combobox.label).toBe('Status of Workspace setup');
    expect(combobox.options.map((o) => o.value)).toEqual(['To Do', 'Scheduled', 'In Progress', 'Done', 'On Hold']);

    expect(root.querySelector('.progress-badge').label).toBe('1 of 5 done');
  });

  it('still shows the plan when the customer owner and target dates cannot be read', async () => {
    const stages = JSON.parse(JSON.stringify(mockStages));
    stages.records.forEach((record) => {
      delete record.fields.Customer_Owner__r;
      delete record.fields.Target_Date__c;
    });
    const element = await renderWithStages(stages);
    expect([...element.shadowRoot.querySelectorAll('.path .path-name')].map((s) => s.textContent)).toEqual([
      'Kickoff call',
      'Workspace setup',
      'CRM integration',
      'Admin training',
      'Go-live'
    ]);
    const row = rowFor(element, 'a01000000000002AAA');
    expect(row.querySelector('.owner').textContent).toBe('Customer owner: Not assigned');
    expect(row.querySelector('.target-date').textContent).toBe('Not set');
    // Nothing can be overdue without a target date.
    expect(element.shadowRoot.querySelectorAll('.stage-row_overdue')).toHaveLength(0);
    expect(comboboxFor(element, 'a01000000000002AAA').value).toBe('In Progress');
  });

  it('makes overdue stages stand out: target date passed and not Done', async () => {
    const element = await renderWithStages();
    const overdueRows = [...element.shadowRoot.querySelectorAll('.stage-row_overdue')];
    // Kickoff call's target (10 March) has passed too, but it is Done.
    expect(overdueRows.map((row) => row.dataset.id)).toEqual(['a01000000000002AAA']);
    expect(overdueRows[0].querySelector('.overdue-text').textContent).toBe('Overdue by 14 days');
    expect(element.shadowRoot.querySelectorAll('.path-step_overdue')).toHaveLength(1);
  });

  it('sets Done with today as the completed date, and says so', async () => {
    const element = await renderWithStages();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);

    comboboxFor(element, 'a01000000000002AAA').dispatchEvent(new CustomEvent('change', { detail: { value: 'Done' } }));
    await flush();

    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: 'a01000000000002AAA', Status__c: 'Done', Completed_Date__c: '2026-05-04' }
    });
    expect(toastHandler).toHaveBeenCalledTimes(1);
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Stage updated',
      message: 'Workspace setup is now Done.',
      variant: 'success'
    });
    expect(card(element).querySelector('[aria-live="polite"]').textContent).toBe('Workspace setup is now Done.');
  });

  it('changes any other status alone', async () => {
    const element = await renderWithStages();
    comboboxFor(element, 'a01000000000003AAA').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Scheduled' } })
    );
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: 'a01000000000003AAA', Status__c: 'Scheduled' } });
  });

  it('clears the completed date when a Done stage is reopened', async () => {
    const element = await renderWithStages();
    comboboxFor(element, 'a01000000000001AAA').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'In Progress' } })
    );
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: 'a01000000000001AAA', Status__c: 'In Progress', Completed_Date__c: null }
    });
  });

  it('puts the old status back and shows the reason when the save fails', async () => {
    updateRecord.mockRejectedValueOnce({
      body: { message: 'bad value for restricted picklist field: Done' }
    });
    const element = await renderWithStages();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    const combobox = comboboxFor(element, 'a01000000000003AAA');
    combobox.value = 'Done';
    combobox.dispatchEvent(new CustomEvent('change', { detail: { value: 'Done' } }));
    await flush();
    await flush();

    expect(combobox.value).toBe('To Do');
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Could not update CRM integration',
      message: 'bad value for restricted picklist field: Done',
      variant: 'error'
    });
    expect(card(element).querySelector('[aria-live="polite"]').textContent).toBe(
      'CRM integration could not be updated; it is still To Do.'
    );
  });

  function questionsOf(element, stageId) {
    return rowFor(element, stageId).querySelector('c-satisfaction-questions');
  }

  async function markDone(element, stageId) {
    comboboxFor(element, stageId).dispatchEvent(new CustomEvent('change', { detail: { value: 'Done' } }));
    await flush();
  }

  it('offers the satisfaction questions on Done stages only, folded, with the answers given', async () => {
    const element = await renderWithStages();
    const withQuestions = [...element.shadowRoot.querySelectorAll('.stage-row')]
      .filter((row) => row.querySelector('c-satisfaction-questions'))
      .map((row) => row.dataset.id);
    expect(withQuestions).toEqual(['a01000000000001AAA']);
    const questions = questionsOf(element, 'a01000000000001AAA');
    expect(questions).toMatchObject({
      recordId: 'a01000000000001AAA',
      recordName: 'Kickoff call',
      product: 'Satisfied',
      service: 'Unsatisfied',
      open: false
    });
    expect(questions.productField).toEqual({
      objectApiName: 'Implementation_Stage__c',
      fieldApiName: 'Product_Satisfaction__c'
    });
    expect(questions.serviceField.fieldApiName).toBe('Service_Satisfaction__c');
  });

  it('unfolds the questions once a stage is saved as Done; one click saves the answer to that stage', async () => {
    const element = await renderWithStages();
    expect(questionsOf(element, 'a01000000000002AAA')).toBeNull();
    await markDone(element, 'a01000000000002AAA');

    const questions = questionsOf(element, 'a01000000000002AAA');
    expect(questions.shadowRoot.querySelector('details').open).toBe(true);
    questions.shadowRoot
      .querySelector('.question[data-key="service"] lightning-button[data-value="Satisfied"]')
      .click();
    await flush();
    expect(updateRecord).toHaveBeenCalledTimes(2);
    expect(updateRecord).toHaveBeenLastCalledWith({
      fields: { Id: 'a01000000000002AAA', Service_Satisfaction__c: 'Satisfied' }
    });
  });

  it('saves only the status when the questions are skipped, and folds them away when the stage is reopened', async () => {
    const element = await renderWithStages();
    await markDone(element, 'a01000000000002AAA');
    expect(questionsOf(element, 'a01000000000002AAA')).not.toBeNull();
    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(Object.keys(updateRecord.mock.calls[0][0].fields)).toEqual(['Id', 'Status__c', 'Completed_Date__c']);

    comboboxFor(element, 'a01000000000002AAA').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'In Progress' } })
    );
    await flush();
    expect(questionsOf(element, 'a01000000000002AAA')).toBeNull();
  });

  it('does not ask when Done could not be saved', async () => {
    updateRecord.mockRejectedValueOnce({ body: { message: 'insufficient access rights on object id' } });
    const element = await renderWithStages();
    await markDone(element, 'a01000000000003AAA');
    await flush();
    expect(questionsOf(element, 'a01000000000003AAA')).toBeNull();
  });

  it('shows the reason in the questions when an answer is refused', async () => {
    const element = await renderWithStages();
    updateRecord.mockRejectedValueOnce({ body: { message: 'insufficient access rights on object id' } });
    const questions = questionsOf(element, 'a01000000000001AAA');
    questions.shadowRoot.querySelector('.question[data-key="product"] lightning-button[data-value="Neutral"]').click();
    await flush();
    await flush();
    const panel = questions.shadowRoot.querySelector('c-error-panel');
    expect(panel.friendlyMessage).toBe('Your answer was not saved; Kickoff call is unchanged. Try again.');
    expect(panel.shadowRoot.querySelector('.details').textContent).toBe('insufficient access rights on object id');
    // The answer it had stays pressed.
    const pressed = [...questions.shadowRoot.querySelectorAll('.question[data-key="product"] lightning-button')]
      .filter((b) => b.ariaPressed === 'true')
      .map((b) => b.label);
    expect(pressed).toEqual(['Satisfied']);
  });

  it('says the playbook comes with the next sync when there is no plan', async () => {
    const element = await renderWithStages(mockNoStages);
    expect(card(element).querySelector('.empty').textContent).toBe('No plan yet: the next sync applies the playbook');
    expect(element.shadowRoot.querySelector('.path')).toBeNull();
    jest.useRealTimers(); // axe refuses to run under fake timers
    await expect(element).toBeAccessible();
  });

  it('shows an error panel when the stages cannot be read', async () => {
    const element = render();
    getRelatedListRecords.error({ message: 'Insufficient access' });
    getObjectInfo.emit(mockObjectInfo);
    getPicklistValues.emit(mockStatuses);
    await flush();
    const panel = card(element).querySelector('c-error-panel');
    expect(panel).not.toBeNull();
    expect(panel.friendlyMessage).toBe('The implementation plan could not be loaded.');
    expect(card(element).querySelector('lightning-spinner')).toBeNull();
  });

  it('is accessible with a plan', async () => {
    const element = await renderWithStages();
    jest.useRealTimers(); // axe refuses to run under fake timers
    await expect(element).toBeAccessible();
  });
});
