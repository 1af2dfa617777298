import { createElement } from 'lwc';
import CustomerPeople from 'c/customerPeople';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';

const mockOpportunity = require('./data/getRecord.json');
const mockOpportunityNoAccount = require('./data/getRecordNoAccount.json');
const mockContacts = require('./data/getContacts.json');
const mockNoContacts = require('./data/getContactsEmpty.json');
const mockRoles = require('./data/getContactRoles.json');
const mockNoRoles = require('./data/getContactRolesEmpty.json');
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockTypes = require('./data/getPicklistValues.json');

const OPPORTUNITY_ID = '006000000000001AAA';
const ACCOUNT_ID = '001000000000001AAA';
// The fixtures' dates are read against this instant. Key people, in the card's order:
// Cara Lind (Left), Dev Shah (never touched), Ana Costa (20 March: 45 days, not engaged),
// Ben Ortiz (23:30 UTC on 21 March: 44 days, engaged), Hal Moss (4 April: 30 days, engaged; a
// contact of another account, known through the contact role). Product users: Fay Wu (last
// touched by a task on 24 April: 10 days; product use Quiet), then Eli Park (yesterday).
const NOW = new Date('2026-05-04T12:00:00.000Z');
const ANA = '003000000000001AAA';
const BEN = '003000000000002AAA';
const GUS = '003000000000007AAA';

const isContacts = (config) => config.relatedListId === 'Contacts';
const isRoles = (config) => config.relatedListId === 'OpportunityContactRoles';

/** The shared card's own shadow root: spinner, error panel, empty state and live region */
function card(element) {
  return element.shadowRoot.querySelector('c-cairn-card').shadowRoot;
}

describe('c-customer-people', () => {
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

  function render() {
    const element = createElement('c-customer-people', { is: CustomerPeople });
    element.recordId = OPPORTUNITY_ID;
    document.body.appendChild(element);
    return element;
  }

  async function flush() {
    await Promise.resolve();
    await Promise.resolve();
  }

  async function renderWith({ opportunity = mockOpportunity, contacts = mockContacts, roles = mockRoles } = {}) {
    const element = render();
    getRecord.emit(opportunity);
    await flush();
    getRelatedListRecords.emit(contacts, isContacts);
    getRelatedListRecords.emit(roles, isRoles);
    getObjectInfo.emit(mockObjectInfo);
    getPicklistValues.emit(mockTypes);
    await flush();
    return element;
  }

  /** The configuration of the related list wire that `which` picks (getLastConfig knows only the last). */
  function relatedListConfig(which) {
    const configs = [];
    getRelatedListRecords.emit(undefined, (config) => {
      if (which(config)) configs.push(config);
      return false;
    });
    return configs.at(-1);
  }

  function section(element, key) {
    return element.shadowRoot.querySelector(`section.${key}`);
  }

  function rows(element, key) {
    return [...section(element, key).querySelectorAll('li.person-row')].map((li) => ({
      name: li.querySelector('.person-name').textContent,
      role: li.querySelector('.role').textContent,
      engagement: li.querySelector('lightning-badge').label,
      lastTouch: li.querySelector('.last-touch').textContent,
      alert: li.querySelector('.alert')?.textContent.trim() ?? '',
      type: li.querySelector('lightning-combobox').value ?? null
    }));
  }

  function rowFor(element, contactId) {
    return element.shadowRoot.querySelector(`li.person-row[data-id="${contactId}"]`);
  }

  function comboboxFor(element, contactId) {
    return rowFor(element, contactId).querySelector('lightning-combobox');
  }

  it('asks for the account of the opportunity, its contacts and the opportunity’s contact roles', async () => {
    render();
    getRecord.emit(mockOpportunity);
    await flush();
    expect(getRecord.getLastConfig()).toEqual(
      expect.objectContaining({
        recordId: OPPORTUNITY_ID,
        fields: [expect.objectContaining({ fieldApiName: 'AccountId' })]
      })
    );
    const contactsConfig = relatedListConfig(isContacts);
    expect(contactsConfig).toEqual(
      expect.objectContaining({ parentRecordId: ACCOUNT_ID, relatedListId: 'Contacts', sortBy: ['Contact.Name'] })
    );
    expect(contactsConfig.fields).toEqual(['Contact.Name']);
    expect(contactsConfig.optionalFields).toEqual([
      'Contact.Title',
      'Contact.Email',
      'Contact.Contact_Type__c',
      'Contact.Left_Company__c',
      'Contact.Engagement__c',
      'Contact.Last_Product_Activity__c',
      'Contact.Active_Days_30d__c',
      'Contact.LastActivityDate'
    ]);
  });

  it('asks for the contact roles with their contact’s fields, optionally', async () => {
    render();
    await flush();
    const config = relatedListConfig(isRoles);
    expect(config).toEqual(
      expect.objectContaining({ parentRecordId: OPPORTUNITY_ID, relatedListId: 'OpportunityContactRoles' })
    );
    expect(config.fields).toEqual(['OpportunityContactRole.ContactId']);
    expect(config.optionalFields).toEqual(
      expect.arrayContaining([
        'OpportunityContactRole.Role',
        'OpportunityContactRole.IsPrimary',
        'OpportunityContactRole.Contact.Name',
        'OpportunityContactRole.Contact.LastActivityDate'
      ])
    );
  });

  it('shows a spinner until the account’s contacts, the roles and the contact types arrive', async () => {
    const element = render();
    expect(card(element).querySelector('lightning-spinner')).not.toBeNull();
    getRecord.emit(mockOpportunity);
    await flush();
    getRelatedListRecords.emit(mockContacts, isContacts);
    await flush();
    expect(card(element).querySelector('lightning-spinner')).not.toBeNull();
    getRelatedListRecords.emit(mockRoles, isRoles);
    getObjectInfo.emit(mockObjectInfo);
    getPicklistValues.emit(mockTypes);
    await flush();
    expect(card(element).querySelector('lightning-spinner')).toBeNull();
  });

  it('says when the account has more contacts than the card reads', async () => {
    const element = await renderWith();
    expect(element.shadowRoot.querySelector('.truncation-note')).toBeNull();
    const more = { ...JSON.parse(JSON.stringify(mockContacts)), nextPageToken: '200' };
    const truncated = await renderWith({ contacts: more });
    expect(truncated.shadowRoot.querySelector('.truncation-note').textContent).toBe(
      'Showing the first 200 contacts of the account by name; the Contacts related list has them all.'
    );
  });

  it('lists the key people first, Left first, then the longest silence, never touched first', async () => {
    const element = await renderWith();
    expect(section(element, 'key-people').querySelector('h3').textContent).toBe('Key people');
    expect(rows(element, 'key-people')).toEqual([
      {
        name: 'Cara Lind',
        role: 'Executive Sponsor',
        engagement: 'Left',
        lastTouch: 'Last touch: 4 days ago',
        alert: 'Left the company',
        type: null
      },
      {
        name: 'Dev Shah',
        role: 'Technical Buyer (primary)',
        engagement: 'Never Active',
        lastTouch: 'Last touch: never',
        alert: 'Never touched',
        type: null
      },
      {
        name: 'Ana Costa',
        role: 'Economic Buyer',
        engagement: 'Never Active',
        lastTouch: 'Last touch: 45 days ago',
        alert: 'Quiet: no touch in 45 days',
        type: null
      },
      {
        name: 'Ben Ortiz',
        role: 'Decision Maker',
        engagement: 'Quiet',
        lastTouch: 'Last touch: 44 days ago',
        alert: '',
        type: 'Decision Maker'
      },
      {
        name: 'Hal Moss',
        role: 'Decision Maker',
        engagement: 'Never Active',
        lastTouch: 'Last touch: 30 days ago',
        alert: '',
        type: null
      }
    ]);
    expect(element.shadowRoot.querySelector('.engaged-badge').label).toBe('2 of 5 key people engaged');
  });

  it('then the other product users, and leaves out contacts who neither matter to the deal nor use the product', async () => {
    const element = await renderWith();
    expect(rows(element, 'product-users')).toEqual([
      {
        name: 'Fay Wu',
        role: 'User',
        engagement: 'Quiet',
        lastTouch: 'Last touch: 10 days ago',
        alert: 'Stopped using the product',
        type: 'User'
      },
      {
        name: 'Eli Park',
        role: 'Influencer',
        engagement: 'Active',
        lastTouch: 'Last touch: 1 day ago',
        alert: '',
        type: 'User'
      }
    ]);
    expect(rowFor(element, '003000000000005AAA').querySelector('.active-days').textContent).toBe(
      'Active 12 days of the last 30'
    );
    expect(element.shadowRoot.querySelector(`li[data-id="${GUS}"]`)).toBeNull();
  });

  it('does not count a meeting still to come as a touch', async () => {
    const contacts = JSON.parse(JSON.stringify(mockContacts));
    contacts.records.find((r) => r.id === ANA).fields.LastActivityDate.value = '2026-05-06';
    const element = await renderWith({ contacts });
    expect(rowFor(element, ANA).querySelector('.last-touch').textContent).toBe('Last touch: never');
    expect(rowFor(element, ANA).querySelector('.alert').textContent).toBe('Never touched');
  });

  it('makes quiet and left people stand out: an edge on the row and the reason in words', async () => {
    const element = await renderWith();
    expect(rowFor(element, '003000000000003AAA').classList).toContain('person-row_left');
    expect(rowFor(element, ANA).classList).toContain('person-row_quiet');
    expect(rowFor(element, '003000000000006AAA').classList).toContain('person-row_quiet');
    for (const engaged of [BEN, '003000000000008AAA', '003000000000005AAA']) {
      expect(rowFor(element, engaged).classList).not.toContain('person-row_quiet');
      expect(rowFor(element, engaged).classList).not.toContain('person-row_left');
    }
  });

  it('offers the contact types as each row’s combobox, labelled with the person', async () => {
    const element = await renderWith();
    const combobox = comboboxFor(element, BEN);
    expect(combobox.label).toBe('Contact type of Ben Ortiz');
    expect(combobox.options).toEqual([
      { label: 'User', value: 'User' },
      { label: 'Decision Maker', value: 'Decision Maker' }
    ]);
  });

  it('saves a contact type in place, and a contact typed Decision Maker becomes a key person', async () => {
    const element = await renderWith();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);

    const combobox = comboboxFor(element, '003000000000006AAA');
    combobox.dispatchEvent(new CustomEvent('change', { detail: { value: 'Decision Maker' } }));
    await flush();
    await flush();

    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: '003000000000006AAA', Contact_Type__c: 'Decision Maker' }
    });
    expect(rows(element, 'key-people').map((r) => r.name)).toEqual([
      'Cara Lind',
      'Dev Shah',
      'Ana Costa',
      'Ben Ortiz',
      'Hal Moss', // 30 days
      'Fay Wu' // 10 days
    ]);
    expect(rows(element, 'product-users').map((r) => r.name)).toEqual(['Eli Park']);
    expect(card(element).querySelector('[aria-live="polite"]').textContent).toBe('Fay Wu is now a Decision Maker.');
    expect(toastHandler.mock.calls[0][0].detail).toMatchObject({ title: 'Contact type saved', variant: 'success' });
  });

  it('shows why a save was refused in an error panel under the row, and keeps the type it had', async () => {
    const refusal = {
      body: {
        message: 'An error occurred while trying to update the record. Please try again.',
        output: { errors: [{ message: 'insufficient access rights on object id' }] }
      }
    };
    updateRecord.mockRejectedValueOnce(refusal);
    const element = await renderWith();
    const combobox = comboboxFor(element, BEN);
    combobox.dispatchEvent(new CustomEvent('change', { detail: { value: 'User' } }));
    await flush();
    await flush();

    const panel = rowFor(element, BEN).querySelector('c-error-panel');
    expect(panel.friendlyMessage).toBe('The contact type of Ben Ortiz was not saved; it is unchanged. Try again.');
    expect(panel.errors).toEqual(refusal);
    expect(comboboxFor(element, BEN).value).toBe('Decision Maker');
    expect(card(element).querySelector('[aria-live="polite"]').textContent).toBe(
      'The contact type of Ben Ortiz was not saved; it is still Decision Maker.'
    );

    // A second try that works clears the panel.
    comboboxFor(element, BEN).dispatchEvent(new CustomEvent('change', { detail: { value: 'User' } }));
    await flush();
    await flush();
    expect(element.shadowRoot.querySelector('c-error-panel')).toBeNull();
  });

  it('says so when the opportunity has no account', async () => {
    const element = render();
    getRecord.emit(mockOpportunityNoAccount);
    getRelatedListRecords.emit(mockNoRoles, isRoles);
    await flush();
    expect(card(element).querySelector('lightning-spinner')).toBeNull();
    expect(card(element).querySelector('.empty').textContent).toBe(
      'No account on this opportunity: add one to see its people'
    );
    expect(element.shadowRoot.querySelector('section')).toBeNull();
  });

  it('says so when the account has no contacts and the opportunity no contact roles', async () => {
    const element = await renderWith({ contacts: mockNoContacts, roles: mockNoRoles });
    expect(card(element).querySelector('.empty').textContent).toBe(
      'No contacts yet: add the people of Northwind Traders as contacts'
    );
    expect(element.shadowRoot.querySelector('section')).toBeNull();
  });

  it('guides to contact roles when there are contacts but no key people, and still lists the product users', async () => {
    const contacts = JSON.parse(JSON.stringify(mockContacts));
    contacts.records = contacts.records.filter((r) => r.fields.Contact_Type__c.value !== 'Decision Maker');
    const element = await renderWith({ contacts, roles: mockNoRoles });
    expect(section(element, 'key-people').querySelector('.no-key-people').textContent).toBe(
      'No key people yet. Add contact roles on this opportunity (Decision Maker, Economic Buyer or Executive Sponsor, or mark one primary), or set a contact’s type to Decision Maker.'
    );
    expect(section(element, 'key-people').querySelector('ul')).toBeNull();
    expect(element.shadowRoot.querySelector('.engaged-badge')).toBeNull();
    expect(rows(element, 'product-users').map((r) => r.name)).toEqual(['Cara Lind', 'Fay Wu', 'Eli Park']);
  });

  it('shows what went wrong when the contacts cannot be read', async () => {
    const element = render();
    getRecord.emit(mockOpportunity);
    await flush();
    getRelatedListRecords.emitError(
      { status: 403, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'You don’t have access to this record.' }] },
      isContacts
    );
    await flush();
    const panel = card(element).querySelector('c-error-panel');
    expect(panel.friendlyMessage).toBe('The customer’s people could not be loaded.');
    expect(element.shadowRoot.querySelector('section')).toBeNull();
  });

  it('is accessible', async () => {
    const element = await renderWith();
    jest.useRealTimers(); // axe refuses to run under fake timers
    await expect(element).toBeAccessible();
  });
});
