import { createElement } from 'lwc';
import SatisfactionQuestions from 'c/satisfactionQuestions';
import { updateRecord } from 'lightning/uiRecordApi';

const STAGE_ID = 'a01000000000002AAA';
const PRODUCT_FIELD = { objectApiName: 'Implementation_Stage__c', fieldApiName: 'Product_Satisfaction__c' };
const SERVICE_FIELD = { objectApiName: 'Implementation_Stage__c', fieldApiName: 'Service_Satisfaction__c' };

describe('c-satisfaction-questions', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  function render(props = {}) {
    const element = createElement('c-satisfaction-questions', { is: SatisfactionQuestions });
    Object.assign(element, {
      recordId: STAGE_ID,
      recordName: 'Workspace setup',
      productField: PRODUCT_FIELD,
      serviceField: SERVICE_FIELD,
      open: true,
      ...props
    });
    document.body.appendChild(element);
    return element;
  }

  async function flush() {
    await Promise.resolve();
    await Promise.resolve();
  }

  function group(element, key) {
    return element.shadowRoot.querySelector(`.question[data-key="${key}"]`);
  }

  function button(element, key, value) {
    return group(element, key).querySelector(`lightning-button[data-value="${value}"]`);
  }

  function pressed(element, key) {
    return [...group(element, key).querySelectorAll('lightning-button')]
      .filter((b) => b.ariaPressed === 'true')
      .map((b) => b.label);
  }

  it('asks the two questions, each a labelled group of three answers, none pressed when unanswered', () => {
    const element = render();
    const root = element.shadowRoot;
    expect(root.querySelector('details').open).toBe(true);
    expect(root.querySelector('summary').textContent).toBe('Satisfaction: not answered yet (optional)');
    for (const [key, text] of [
      ['product', 'Satisfied with the product?'],
      ['service', 'Satisfied with our service?']
    ]) {
      const question = group(element, key);
      expect(question.getAttribute('role')).toBe('group');
      const labelId = question.getAttribute('aria-labelledby');
      expect(root.querySelector(`[id="${labelId}"]`).textContent).toBe(text);
      expect([...question.querySelectorAll('lightning-button')].map((b) => [b.label, b.ariaPressed])).toEqual([
        ['Satisfied', 'false'],
        ['Neutral', 'false'],
        ['Unsatisfied', 'false']
      ]);
    }
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('shows the answers already given, pressed, and in the summary', () => {
    const element = render({ product: 'Neutral', open: false });
    expect(element.shadowRoot.querySelector('details').open).toBe(false);
    expect(element.shadowRoot.querySelector('summary').textContent).toBe(
      'Satisfaction: product Neutral, service not answered'
    );
    expect(pressed(element, 'product')).toEqual(['Neutral']);
    expect(pressed(element, 'service')).toEqual([]);
  });

  it('saves an answer with one click: that field of that record, and shows it pressed', async () => {
    const element = render({ product: 'Satisfied' });
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);

    button(element, 'service', 'Unsatisfied').click();
    await flush();

    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: STAGE_ID, Service_Satisfaction__c: 'Unsatisfied' } });
    expect(pressed(element, 'service')).toEqual(['Unsatisfied']);
    expect(pressed(element, 'product')).toEqual(['Satisfied']);
    expect(element.shadowRoot.querySelector('summary').textContent).toBe(
      'Satisfaction: product Satisfied, service Unsatisfied'
    );
    expect(element.shadowRoot.querySelector('[aria-live="polite"]').textContent).toBe(
      'Saved for Workspace setup: service Unsatisfied.'
    );
    expect(toastHandler.mock.calls[0][0].detail.variant).toBe('success');
  });

  it('saves nothing when the answer given is clicked again', async () => {
    const element = render({ product: 'Satisfied' });
    button(element, 'product', 'Satisfied').click();
    await flush();
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('shows the reason in an error panel when the save is refused, and keeps the answer it had', async () => {
    updateRecord.mockRejectedValueOnce({ body: { message: 'insufficient access rights on object id' } });
    const element = render({ product: 'Neutral' });
    button(element, 'product', 'Satisfied').click();
    await flush();
    await flush();

    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel).not.toBeNull();
    expect(panel.friendlyMessage).toBe('Your answer was not saved; Workspace setup is unchanged. Try again.');
    expect(panel.errors).toEqual({ body: { message: 'insufficient access rights on object id' } });
    expect(pressed(element, 'product')).toEqual(['Neutral']);
    expect(element.shadowRoot.querySelector('[aria-live="polite"]').textContent).toBe(
      'The product answer for Workspace setup was not saved.'
    );

    // A second try that works clears the panel.
    button(element, 'product', 'Satisfied').click();
    await flush();
    expect(element.shadowRoot.querySelector('c-error-panel')).toBeNull();
    expect(pressed(element, 'product')).toEqual(['Satisfied']);
  });

  it('is accessible', async () => {
    const element = render({ service: 'Neutral' });
    await expect(element).toBeAccessible();
  });
});
