import { createElement } from 'lwc';
import HandoffChecklist from 'c/handoffChecklist';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getPicklistValues } from 'lightning/uiObjectInfoApi';

const mockOpportunity = require('./data/getRecord.json');
const mockComplete = require('./data/getRecordComplete.json');
const mockTypes = require('./data/getPicklistValues.json');

const OPPORTUNITY_ID = '006000000000001AAA';
// What sfdx-lwc-jest gives `@salesforce/user/Id`
const CURRENT_USER_ID = '005000000000000000';

/** The shared card's own shadow root: spinner, error panel, empty state and live region */
function card(element) {
  return element.shadowRoot.querySelector('c-cairn-card').shadowRoot;
}

describe('c-handoff-checklist', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  async function flush() {
    await Promise.resolve();
    await Promise.resolve();
  }

  async function render(opportunity = mockOpportunity) {
    const element = createElement('c-handoff-checklist', { is: HandoffChecklist });
    element.recordId = OPPORTUNITY_ID;
    document.body.appendChild(element);
    if (opportunity) {
      getRecord.emit(opportunity);
      getPicklistValues.emit(mockTypes);
    }
    await flush();
    return element;
  }

  function item(element, key) {
    return element.shadowRoot.querySelector(`li[data-key="${key}"]`);
  }

  async function openEditor(element, key) {
    item(element, key).querySelector('lightning-button-icon.edit').click();
    await flush();
    const editor = item(element, key).querySelector('[data-editor]');
    // The stubbed base components have no validation of their own.
    editor.checkValidity = () => true;
    return editor;
  }

  it('reads the handoff fields of the Opportunity, all optional', async () => {
    await render(null);
    expect(getRecord.getLastConfig()).toEqual({
      recordId: OPPORTUNITY_ID,
      optionalFields: [
        'Opportunity.Desired_Outcome__c',
        'Opportunity.Appropriate_Experience__c',
        'Opportunity.Success_Criteria__c',
        'Opportunity.Implementation_Type__c',
        'Opportunity.CS_Owner__c',
        'Opportunity.Licensed_Seats__c',
        'Opportunity.Contract_End_Date__c',
        'Opportunity.Kickoff_Date__c',
        'Opportunity.CS_Owner__r.Name'
      ].map((name) => {
        const [objectApiName, ...rest] = name.split('.');
        return { objectApiName, fieldApiName: rest.join('.') };
      })
    });
  });

  it('shows a spinner while loading', async () => {
    const element = await render(null);
    expect(card(element).querySelector('lightning-spinner')).not.toBeNull();
  });

  it('shows what is ready and what is missing before handoff', async () => {
    const element = await render();
    const root = element.shadowRoot;
    // 4 of 6 filled: 4 / 6 = 66.7% → 67
    expect(root.querySelector('.progress-text').textContent).toBe('4 of 6 ready');
    expect(root.querySelector('lightning-progress-bar').value).toBe(67);
    expect(root.querySelector('.missing').textContent).toBe(
      'Missing before handoff: Success criteria, Licensed seats.'
    );
    expect([...root.querySelectorAll('.item_missing')].map((li) => li.dataset.key)).toEqual([
      'successCriteria',
      'licensedSeats'
    ]);
    expect(item(element, 'desiredOutcome').querySelector('.item-value').textContent).toBe(
      'Get more people to register for our events'
    );
    expect(item(element, 'csOwner').querySelector('.item-value').textContent).toBe('Morgan Lee');
    expect(item(element, 'successCriteria').querySelector('.status-icon').alternativeText).toBe('Missing');
    expect(item(element, 'successCriteria').querySelector('.item-help').textContent).toBe(
      'Measurable criteria agreed at the sale.'
    );
    expect(root.querySelector('.ready-badge')).toBeNull();
  });

  it('leaves out an item whose field the user cannot read, and says so', async () => {
    const opportunity = JSON.parse(JSON.stringify(mockOpportunity));
    delete opportunity.fields.Licensed_Seats__c;
    const element = await render(opportunity);
    const root = element.shadowRoot;
    // 4 of the 5 visible items are filled: 80%.
    expect(root.querySelector('.progress-text').textContent).toBe('4 of 5 ready');
    expect(root.querySelector('lightning-progress-bar').value).toBe(80);
    expect(root.querySelector('.missing').textContent).toBe('Missing before handoff: Success criteria.');
    expect(root.querySelector('.hidden-items').textContent).toBe('Not shown, as you cannot see them: Licensed seats.');
    expect(item(element, 'licensedSeats')).toBeNull();
    expect(item(element, 'desiredOutcome').querySelector('.item-value').textContent).toBe(
      'Get more people to register for our events'
    );
  });

  it('says when everything is ready', async () => {
    const element = await render(mockComplete);
    expect(element.shadowRoot.querySelector('.progress-text').textContent).toBe('6 of 6 ready');
    expect(element.shadowRoot.querySelector('.ready-badge').label).toBe('Ready for handoff');
    expect(element.shadowRoot.querySelector('.missing')).toBeNull();
    expect(element.shadowRoot.querySelector('.hidden-items')).toBeNull();
    // Already the current user's: nothing to assign.
    expect(item(element, 'csOwner').querySelector('.item-value').textContent).toBe('You');
    expect(item(element, 'csOwner').querySelector('lightning-button.assign')).toBeNull();
  });

  it('fills a text item in place', async () => {
    const element = await render();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    const editor = await openEditor(element, 'successCriteria');
    expect(editor.tagName).toBe('LIGHTNING-TEXTAREA');
    expect(editor.label).toBe('Success criteria');
    editor.value = '  Registrations up 20% by Q3  ';
    item(element, 'successCriteria').querySelector('lightning-button.save').click();
    await flush();

    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: OPPORTUNITY_ID, Success_Criteria__c: 'Registrations up 20% by Q3' }
    });
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Handoff updated',
      message: 'Success criteria saved.',
      variant: 'success'
    });
    expect(card(element).querySelector('[aria-live="polite"]').textContent).toBe('Success criteria saved.');
    expect(element.shadowRoot.querySelector('.editor')).toBeNull();
  });

  it('shows the contract end and kickoff dates without counting them as needed for handoff', async () => {
    const element = await render();
    const contractEnd = item(element, 'contractEndDate');
    expect(contractEnd.querySelector('.item-label').textContent).toBe('Contract end date');
    expect(contractEnd.querySelector('.item-value').textContent).toBe('Feb 15, 2027');
    expect(contractEnd.querySelector('.status-icon').alternativeText).toBe('Ready');
    const kickoff = item(element, 'kickoffDate');
    expect(kickoff.querySelector('.status-icon').alternativeText).toBe('Not set');
    expect(kickoff.querySelector('.item-help').textContent).toBe(
      'The day the kickoff call was held; the sync sets it when the kickoff stage is done.'
    );
    expect(kickoff.classList).not.toContain('item_missing');
    // Still 4 of the 6 handoff items, and the blank kickoff date is not missing.
    expect(element.shadowRoot.querySelector('.progress-text').textContent).toBe('4 of 6 ready');
  });

  it('edits the contract end date in place', async () => {
    const element = await render();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    const editor = await openEditor(element, 'contractEndDate');
    expect(editor.tagName).toBe('LIGHTNING-INPUT');
    expect(editor.type).toBe('date');
    expect(editor.value).toBe('2027-02-15');
    editor.value = '2027-03-31';
    item(element, 'contractEndDate').querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: OPPORTUNITY_ID, Contract_End_Date__c: '2027-03-31' } });
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Handoff updated',
      message: 'Contract end date saved.',
      variant: 'success'
    });
  });

  it('sets the kickoff date, and clears the contract end date saved blank', async () => {
    const element = await render();
    const kickoff = await openEditor(element, 'kickoffDate');
    expect(kickoff.type).toBe('date');
    kickoff.value = '2026-05-12';
    item(element, 'kickoffDate').querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).toHaveBeenLastCalledWith({ fields: { Id: OPPORTUNITY_ID, Kickoff_Date__c: '2026-05-12' } });

    const contractEnd = await openEditor(element, 'contractEndDate');
    contractEnd.value = '';
    item(element, 'contractEndDate').querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).toHaveBeenLastCalledWith({ fields: { Id: OPPORTUNITY_ID, Contract_End_Date__c: null } });
  });

  it('sets the seats as a number', async () => {
    const element = await render();
    const editor = await openEditor(element, 'licensedSeats');
    expect(editor.type).toBe('number');
    editor.value = '40';
    item(element, 'licensedSeats').querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: OPPORTUNITY_ID, Licensed_Seats__c: 40 } });
  });

  it('picks the implementation type from the picklist values', async () => {
    const element = await render();
    const editor = await openEditor(element, 'implementationType');
    expect(editor.tagName).toBe('LIGHTNING-COMBOBOX');
    expect(editor.value).toBe('Multi-Phase Project');
    expect(editor.options).toEqual([
      { label: 'Single Call', value: 'Single Call' },
      { label: 'Multi-Phase Project', value: 'Multi-Phase Project' }
    ]);
    editor.value = 'Single Call';
    item(element, 'implementationType').querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: OPPORTUNITY_ID, Implementation_Type__c: 'Single Call' }
    });
  });

  it('clears an item saved blank', async () => {
    const element = await render();
    const editor = await openEditor(element, 'appropriateExperience');
    editor.value = '   ';
    item(element, 'appropriateExperience').querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: OPPORTUNITY_ID, Appropriate_Experience__c: null } });
  });

  it('does not save what the editor finds invalid', async () => {
    const element = await render();
    const editor = await openEditor(element, 'licensedSeats');
    editor.checkValidity = () => false;
    editor.value = '-3';
    item(element, 'licensedSeats').querySelector('lightning-button.save').click();
    await flush();
    expect(updateRecord).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('.editor')).not.toBeNull();
  });

  it('assigns the CS owner to the current user', async () => {
    const element = await render();
    item(element, 'csOwner').querySelector('lightning-button.assign').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: OPPORTUNITY_ID, CS_Owner__c: CURRENT_USER_ID } });
  });

  it('cancels an edit without saving', async () => {
    const element = await render();
    await openEditor(element, 'desiredOutcome');
    item(element, 'desiredOutcome').querySelector('lightning-button.cancel').click();
    await flush();
    expect(element.shadowRoot.querySelector('.editor')).toBeNull();
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('keeps the editor open and says why when the save fails', async () => {
    updateRecord.mockRejectedValueOnce({
      body: { output: { errors: [{ message: 'Insufficient access rights on cross-reference id' }] } }
    });
    const element = await render();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    const editor = await openEditor(element, 'successCriteria');
    editor.value = 'Registrations up 20%';
    item(element, 'successCriteria').querySelector('lightning-button.save').click();
    await flush();
    await flush();
    expect(toastHandler.mock.calls[0][0].detail).toEqual({
      title: 'Could not save Success criteria',
      message: 'Insufficient access rights on cross-reference id',
      variant: 'error'
    });
    expect(element.shadowRoot.querySelector('.editor')).not.toBeNull();
  });

  it('shows an error panel when the Opportunity cannot be read', async () => {
    const element = await render(null);
    getRecord.error({ body: [{ message: 'The requested resource does not exist' }] });
    await flush();
    expect(card(element).querySelector('c-error-panel').friendlyMessage).toBe(
      'The handoff checklist could not be loaded.'
    );
  });

  it('is accessible, with an editor open', async () => {
    const element = await render();
    await expect(element).toBeAccessible();
    await openEditor(element, 'successCriteria');
    await expect(element).toBeAccessible();
  });
});
