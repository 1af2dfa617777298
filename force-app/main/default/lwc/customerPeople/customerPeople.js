import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { qualifiedName } from 'c/ldsUtils';
import { attemptSave } from 'c/cairnSave';
import { dayCount } from 'c/cairnDates';
import { peopleOf } from './peopleRules';
import ACCOUNT_ID_FIELD from '@salesforce/schema/Opportunity.AccountId';
import ACCOUNT_NAME_FIELD from '@salesforce/schema/Opportunity.Account.Name';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import NAME_FIELD from '@salesforce/schema/Contact.Name';
import TITLE_FIELD from '@salesforce/schema/Contact.Title';
import EMAIL_FIELD from '@salesforce/schema/Contact.Email';
import TYPE_FIELD from '@salesforce/schema/Contact.Contact_Type__c';
import LEFT_FIELD from '@salesforce/schema/Contact.Left_Company__c';
import ENGAGEMENT_FIELD from '@salesforce/schema/Contact.Engagement__c';
import LAST_PRODUCT_ACTIVITY_FIELD from '@salesforce/schema/Contact.Last_Product_Activity__c';
import ACTIVE_DAYS_FIELD from '@salesforce/schema/Contact.Active_Days_30d__c';
import LAST_ACTIVITY_DATE_FIELD from '@salesforce/schema/Contact.LastActivityDate';
import ROLE_CONTACT_ID_FIELD from '@salesforce/schema/OpportunityContactRole.ContactId';
import ROLE_FIELD from '@salesforce/schema/OpportunityContactRole.Role';
import ROLE_IS_PRIMARY_FIELD from '@salesforce/schema/OpportunityContactRole.IsPrimary';

// The name is what a row cannot be shown without; the rest is optional, so a field someone
// cannot read (a sync-owned one, say) leaves a gap instead of an error (DESIGN §6).
const CONTACT_FIELDS = [NAME_FIELD];
const OPTIONAL_CONTACT_FIELDS = [
  TITLE_FIELD,
  EMAIL_FIELD,
  TYPE_FIELD,
  LEFT_FIELD,
  ENGAGEMENT_FIELD,
  LAST_PRODUCT_ACTIVITY_FIELD,
  ACTIVE_DAYS_FIELD,
  LAST_ACTIVITY_DATE_FIELD
];
/** The same fields through a contact role, for a role whose contact belongs to another account */
const THROUGH_ROLE = [NAME_FIELD, ...OPTIONAL_CONTACT_FIELDS].map((field) => ({
  objectApiName: 'OpportunityContactRole',
  fieldApiName: `Contact.${field.fieldApiName}`
}));
const ROLE_FIELDS = [ROLE_CONTACT_ID_FIELD].map(qualifiedName);
const OPTIONAL_ROLE_FIELDS = [ROLE_FIELD, ROLE_IS_PRIMARY_FIELD, ...THROUGH_ROLE].map(qualifiedName);
const BY_NAME = [qualifiedName(NAME_FIELD)];
const PAGE_SIZE = 200;
const NO_KEY_PEOPLE =
  'No key people yet. Add contact roles on this opportunity (Decision Maker, Economic Buyer or Executive Sponsor, or mark one primary), or set a contact’s type to Decision Maker.';

/** Engagement badges: a colour and the word, so colour is never the only cue. */
const BADGE_CLASSES = {
  Active: 'engagement-badge engagement-badge_active',
  Quiet: 'engagement-badge engagement-badge_quiet',
  'Never Active': 'engagement-badge',
  Left: 'engagement-badge engagement-badge_left'
};

function lastTouchText(days) {
  if (days === null) {
    return 'never';
  }
  return days === 0 ? 'today' : `${dayCount(days)} ago`;
}

/**
 * The people of the Opportunity's account who matter to it: the key people (decision makers,
 * buyers and sponsors by contact role, the primary contact, contacts typed Decision Maker) and
 * the other product users, each with role, engagement and last touch. Key people not engaged
 * and anyone who left stand out; Contact_Type__c can be set in place.
 */
export default class CustomerPeople extends LightningElement {
  @api recordId;
  /** Card title, set in Lightning App Builder */
  @api title = 'Customer people';

  contactRecords;
  /** The account has more contacts than the card reads (PAGE_SIZE, by name) */
  moreContacts = false;
  contactsError;
  roleRecords;
  rolesError;
  typeOptions;
  typesError;
  savingId;
  /** The contact whose type could not be saved, and why: shown under its row */
  saveFailure;
  /** Types saved here until the refreshed contacts arrive, by contact id */
  savedTypes = {};
  announcement = '';

  @wire(getRecord, { recordId: '$recordId', fields: [ACCOUNT_ID_FIELD], optionalFields: [ACCOUNT_NAME_FIELD] })
  opportunity;

  get accountId() {
    return this.opportunity?.data ? getFieldValue(this.opportunity.data, ACCOUNT_ID_FIELD) : undefined;
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$accountId',
    relatedListId: 'Contacts',
    fields: CONTACT_FIELDS.map(qualifiedName),
    optionalFields: OPTIONAL_CONTACT_FIELDS.map(qualifiedName),
    sortBy: BY_NAME,
    pageSize: PAGE_SIZE
  })
  wiredContacts({ data, error }) {
    this.contactRecords = data?.records;
    this.moreContacts = !!data?.nextPageToken;
    this.contactsError = error;
    if (data) {
      this.savedTypes = {};
    }
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'OpportunityContactRoles',
    fields: ROLE_FIELDS,
    optionalFields: OPTIONAL_ROLE_FIELDS,
    pageSize: PAGE_SIZE
  })
  wiredRoles({ data, error }) {
    this.roleRecords = data?.records;
    this.rolesError = error;
  }

  @wire(getObjectInfo, { objectApiName: CONTACT_OBJECT })
  contactInfo;

  @wire(getPicklistValues, { recordTypeId: '$contactInfo.data.defaultRecordTypeId', fieldApiName: TYPE_FIELD })
  wiredTypes({ data, error }) {
    this.typeOptions = data?.values.map(({ label, value }) => ({ label, value }));
    this.typesError = error;
  }

  get errors() {
    return [
      this.opportunity?.error,
      this.contactsError,
      this.rolesError,
      this.contactInfo?.error,
      this.typesError
    ].filter((e) => !!e);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get hasNoAccount() {
    return !!this.opportunity?.data && !this.accountId;
  }

  get isLoading() {
    if (this.hasError || this.hasNoAccount) {
      return false;
    }
    return !this.opportunity?.data || !this.contactRecords || !this.roleRecords || !this.typeOptions;
  }

  get isReady() {
    return !this.isLoading && !this.hasError && !this.hasNoAccount;
  }

  get truncationNote() {
    return this.moreContacts
      ? `Showing the first ${PAGE_SIZE} contacts of the account by name; the Contacts related list has them all.`
      : null;
  }

  get isEmpty() {
    return this.hasNoAccount || (this.isReady && this.contactRecords.length === 0 && this.roleRecords.length === 0);
  }

  get emptyMessage() {
    if (this.hasNoAccount) {
      return 'No account on this opportunity: add one to see its people';
    }
    const accountName = this.opportunity?.data ? getFieldValue(this.opportunity.data, ACCOUNT_NAME_FIELD) : null;
    return `No contacts yet: add the people of ${accountName ?? 'the account'} as contacts`;
  }

  get hasPeople() {
    return this.isReady && !this.isEmpty;
  }

  get people() {
    const contacts = this.contactRecords.map((record) => this.toContact(record, record.id, ''));
    const roles = this.roleRecords.map((record) => {
      const contactId = getFieldValue(record, ROLE_CONTACT_ID_FIELD);
      return {
        contactId,
        role: getFieldValue(record, ROLE_FIELD) ?? null,
        isPrimary: getFieldValue(record, ROLE_IS_PRIMARY_FIELD) === true,
        contact: record.fields.Contact?.value ? this.toContact(record, contactId, 'Contact.') : null
      };
    });
    return peopleOf(contacts, roles, new Date());
  }

  /** A Contact record, or the Contact of a contact role (`path` 'Contact.'), as the rules take it. */
  toContact(record, id, path) {
    const value = (field) =>
      getFieldValue(record, { objectApiName: record.apiName, fieldApiName: `${path}${field.fieldApiName}` }) ?? null;
    return {
      id,
      name: value(NAME_FIELD) ?? id,
      title: value(TITLE_FIELD),
      email: value(EMAIL_FIELD),
      activeDays30d: value(ACTIVE_DAYS_FIELD),
      type: this.savedTypes[id] ?? value(TYPE_FIELD),
      left: value(LEFT_FIELD) === true,
      engagement: value(ENGAGEMENT_FIELD),
      lastProductActivity: value(LAST_PRODUCT_ACTIVITY_FIELD),
      lastActivityDate: value(LAST_ACTIVITY_DATE_FIELD)
    };
  }

  get hasKeyPeople() {
    return this.people.keyPeople.length > 0;
  }

  /** Key people always (with guidance when there are none), then product users when there are some. */
  get sections() {
    const { keyPeople, productUsers } = this.people;
    const sections = [
      {
        key: 'key-people',
        heading: 'Key people',
        guidance: keyPeople.length === 0 ? NO_KEY_PEOPLE : '',
        rows: keyPeople.map((person) => this.toRow(person))
      }
    ];
    if (productUsers.length > 0) {
      sections.push({
        key: 'product-users',
        heading: 'Product users',
        guidance: '',
        rows: productUsers.map((person) => this.toRow(person))
      });
    }
    return sections.map((section) => ({ ...section, className: section.key, headingId: `${section.key}-heading` }));
  }

  get engagedLabel() {
    const { keyPeople } = this.people;
    return `${keyPeople.filter((person) => person.engaged).length} of ${keyPeople.length} key people engaged`;
  }

  toRow(person) {
    const alert = this.alertFor(person);
    return {
      id: person.id,
      name: person.name,
      title: person.title,
      email: person.email,
      activeDaysText: person.activeDays30d ? `Active ${dayCount(person.activeDays30d)} of the last 30` : '',
      roleText: this.roleText(person),
      engagement: person.engagement,
      badgeClass: BADGE_CLASSES[person.engagement] ?? 'engagement-badge',
      lastTouchText: lastTouchText(person.daysSinceTouch),
      alert,
      rowClass: `person-row slds-p-vertical_x-small${person.left ? ' person-row_left' : alert ? ' person-row_quiet' : ''}`,
      type: person.type,
      typeLabel: `Contact type of ${person.name}`,
      isSaving: this.savingId === person.id,
      saveError: this.saveFailure?.contactId === person.id ? this.saveFailure.error : undefined,
      saveErrorMessage: `The contact type of ${person.name} was not saved; it is unchanged. Try again.`
    };
  }

  roleText(person) {
    if (person.roles.length > 0) {
      return `${person.roles.join(', ')}${person.isPrimary ? ' (primary)' : ''}`;
    }
    if (person.isPrimary) {
      return 'Primary contact';
    }
    return person.type ?? 'No role';
  }

  /** Why a row stands out, in words; blank when it does not. */
  alertFor(person) {
    if (person.left) {
      return 'Left the company';
    }
    if (person.isKey && !person.engaged) {
      return person.daysSinceTouch === null ? 'Never touched' : `Quiet: no touch in ${dayCount(person.daysSinceTouch)}`;
    }
    return !person.isKey && person.engagement === 'Quiet' ? 'Stopped using the product' : '';
  }

  async handleTypeChange(event) {
    const combobox = event.target;
    const contactId = combobox.dataset.id;
    const type = event.detail.value;
    const person = [...this.people.keyPeople, ...this.people.productUsers].find((p) => p.id === contactId);
    const previous = person.type;

    this.savingId = contactId;
    this.saveFailure = undefined;
    const error = await attemptSave(
      this,
      { Id: contactId, [TYPE_FIELD.fieldApiName]: type },
      {
        successTitle: 'Contact type saved',
        successMessage: `${person.name} is now a ${type}.`,
        errorTitle: `Could not update ${person.name}`,
        errorMessage: `The contact type of ${person.name} was not saved; it is still ${previous ?? 'not set'}.`
      }
    );
    this.savingId = undefined;
    if (error) {
      combobox.value = previous;
      this.saveFailure = { contactId, error };
      return;
    }
    this.savedTypes = { ...this.savedTypes, [contactId]: type };
  }
}
