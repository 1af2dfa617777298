import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import { getPicklistValues } from 'lightning/uiObjectInfoApi';
import { saveRecord } from 'c/cairnSave';
import USER_ID from '@salesforce/user/Id';
import ID_FIELD from '@salesforce/schema/Opportunity.Id';
import DESIRED_OUTCOME_FIELD from '@salesforce/schema/Opportunity.Desired_Outcome__c';
import APPROPRIATE_EXPERIENCE_FIELD from '@salesforce/schema/Opportunity.Appropriate_Experience__c';
import SUCCESS_CRITERIA_FIELD from '@salesforce/schema/Opportunity.Success_Criteria__c';
import IMPLEMENTATION_TYPE_FIELD from '@salesforce/schema/Opportunity.Implementation_Type__c';
import CS_OWNER_FIELD from '@salesforce/schema/Opportunity.CS_Owner__c';
import CS_OWNER_NAME_FIELD from '@salesforce/schema/Opportunity.CS_Owner__r.Name';
import LICENSED_SEATS_FIELD from '@salesforce/schema/Opportunity.Licensed_Seats__c';
import CONTRACT_END_DATE_FIELD from '@salesforce/schema/Opportunity.Contract_End_Date__c';
import KICKOFF_DATE_FIELD from '@salesforce/schema/Opportunity.Kickoff_Date__c';

/**
 * What sales hands to customer success, in the order it is asked for. `editor` says how the
 * item is changed in place: a text area, a picklist, a number, a date, or "assign to me".
 * `optional` items can be edited here but are not needed before handoff: a blank one is
 * "Not set", not missing.
 */
const ITEMS = [
  {
    key: 'desiredOutcome',
    field: DESIRED_OUTCOME_FIELD,
    label: 'Desired outcome',
    help: 'The required outcome, in the customer’s words.',
    editor: 'textarea'
  },
  {
    key: 'appropriateExperience',
    field: APPROPRIATE_EXPERIENCE_FIELD,
    label: 'Appropriate experience',
    help: 'How the customer needs to achieve it.',
    editor: 'textarea'
  },
  {
    key: 'successCriteria',
    field: SUCCESS_CRITERIA_FIELD,
    label: 'Success criteria',
    help: 'Measurable criteria agreed at the sale.',
    editor: 'textarea'
  },
  {
    key: 'implementationType',
    field: IMPLEMENTATION_TYPE_FIELD,
    label: 'Implementation type',
    help: 'Picks the playbook the next sync applies.',
    editor: 'picklist'
  },
  {
    key: 'csOwner',
    field: CS_OWNER_FIELD,
    label: 'CS owner',
    help: 'The account manager after handoff.',
    editor: 'assign'
  },
  {
    key: 'licensedSeats',
    field: LICENSED_SEATS_FIELD,
    label: 'Licensed seats',
    help: 'Seats sold; seat utilization is measured against it.',
    editor: 'number'
  },
  {
    key: 'contractEndDate',
    field: CONTRACT_END_DATE_FIELD,
    label: 'Contract end date',
    help: 'Sets the renewal review and the QBR schedule.',
    editor: 'date',
    optional: true
  },
  {
    key: 'kickoffDate',
    field: KICKOFF_DATE_FIELD,
    label: 'Kickoff date',
    help: 'The day the kickoff call was held; the sync sets it when the kickoff stage is done.',
    editor: 'date',
    optional: true
  }
];
const DATE_FORMAT = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC'
});
// All optional: a field someone cannot read (a sales rep without the account-manager
// permission set, say) is left out of the checklist instead of failing the whole card.
const OPPORTUNITY_FIELDS = [...ITEMS.map((item) => item.field), CS_OWNER_NAME_FIELD];

/**
 * The sales-to-CS handoff: desired outcome, appropriate experience, success criteria,
 * implementation type, CS owner and seats, with what is still missing before handoff, plus the
 * contract end and kickoff dates, and a way to fill each item in place.
 */
export default class HandoffChecklist extends LightningElement {
  @api recordId;
  /** Card title, set in Lightning App Builder */
  @api title = 'Handoff checklist';

  opportunity;
  recordTypeId;
  typeOptions;
  /** The key of the item being edited */
  editingKey;
  isSaving = false;
  announcement = '';
  focusPending = false;

  @wire(getRecord, { recordId: '$recordId', optionalFields: OPPORTUNITY_FIELDS })
  wiredOpportunity(result) {
    this.opportunity = result;
    this.recordTypeId = result.data?.recordTypeId;
  }

  @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: IMPLEMENTATION_TYPE_FIELD })
  wiredTypes({ data }) {
    // Without the values the type can still be seen, just not picked (the editor is disabled).
    this.typeOptions = data?.values.map(({ label, value }) => ({ label, value }));
  }

  renderedCallback() {
    if (this.focusPending) {
      const editor = this.template.querySelector('.editor [data-editor]');
      if (editor) {
        editor.focus();
        this.focusPending = false;
      }
    }
  }

  get isLoading() {
    return !this.opportunity?.data && !this.opportunity?.error;
  }

  get error() {
    return this.opportunity?.error;
  }

  get isReady() {
    return !!this.opportunity?.data;
  }

  fieldValue(field) {
    return getFieldValue(this.opportunity.data, field);
  }

  /** The items whose field the user can read: the record leaves out the others. */
  get visibleItems() {
    return ITEMS.filter((item) => this.fieldValue(item.field) !== undefined);
  }

  /** The visible items needed before handoff: what the progress counts */
  get checkedItems() {
    return this.visibleItems.filter((item) => !item.optional);
  }

  get hiddenText() {
    const hidden = ITEMS.filter((item) => this.fieldValue(item.field) === undefined).map((item) => item.label);
    return hidden.length ? `Not shown, as you cannot see them: ${hidden.join(', ')}.` : '';
  }

  get items() {
    return this.visibleItems.map((item) => {
      const value = this.fieldValue(item.field);
      const isDone = isFilled(value);
      const isMissing = !isDone && !item.optional;
      const isEditing = this.editingKey === item.key;
      return {
        ...item,
        value,
        isDone,
        displayValue: this.displayValueOf(item, value),
        statusIcon: isDone ? 'utility:success' : isMissing ? 'utility:warning' : 'utility:event',
        statusVariant: isDone ? 'success' : isMissing ? 'warning' : '',
        statusText: isDone ? 'Ready' : isMissing ? 'Missing' : 'Not set',
        itemClass: `item slds-p-vertical_x-small${isMissing ? ' item_missing' : ''}`,
        isEditing,
        isTextarea: isEditing && item.editor === 'textarea',
        isPicklist: isEditing && item.editor === 'picklist',
        isNumber: isEditing && item.editor === 'number',
        isDate: isEditing && item.editor === 'date',
        canEdit: !isEditing && item.editor !== 'assign',
        canAssignToMe: item.editor === 'assign' && value !== USER_ID,
        editLabel: `Edit ${item.label}`
      };
    });
  }

  displayValueOf(item, value) {
    if (!isFilled(value)) {
      return item.optional ? 'Not set' : 'Missing';
    }
    if (item.editor === 'date') {
      return DATE_FORMAT.format(Date.parse(value));
    }
    if (item.editor === 'assign') {
      return value === USER_ID ? 'You' : (this.fieldValue(CS_OWNER_NAME_FIELD) ?? value);
    }
    return `${value}`;
  }

  get readyCount() {
    return this.checkedItems.filter((item) => isFilled(this.fieldValue(item.field))).length;
  }

  get progress() {
    const total = this.checkedItems.length;
    return total ? Math.round((100 * this.readyCount) / total) : 0;
  }

  get progressText() {
    return `${this.readyCount} of ${this.checkedItems.length} ready`;
  }

  get isComplete() {
    return this.checkedItems.length > 0 && this.readyCount === this.checkedItems.length;
  }

  get hasMissing() {
    return this.readyCount < this.checkedItems.length;
  }

  get missingText() {
    const missing = this.checkedItems
      .filter((item) => !isFilled(this.fieldValue(item.field)))
      .map((item) => item.label);
    return `Missing before handoff: ${missing.join(', ')}.`;
  }

  get noTypeOptions() {
    return !this.typeOptions || this.typeOptions.length === 0;
  }

  handleEdit(event) {
    this.editingKey = event.target.dataset.key;
    this.focusPending = true;
  }

  handleCancel() {
    this.editingKey = undefined;
  }

  async handleSave() {
    const item = ITEMS.find((i) => i.key === this.editingKey);
    const editor = this.template.querySelector('.editor [data-editor]');
    if (!editor.checkValidity()) {
      editor.reportValidity();
      return;
    }
    await this.save(item, toFieldValue(item, editor.value));
  }

  async handleAssignToMe() {
    await this.save(
      ITEMS.find((i) => i.editor === 'assign'),
      USER_ID
    );
  }

  async save(item, value) {
    this.isSaving = true;
    const saved = await saveRecord(
      this,
      { [ID_FIELD.fieldApiName]: this.recordId, [item.field.fieldApiName]: value },
      {
        successTitle: 'Handoff updated',
        successMessage: `${item.label} saved.`,
        errorTitle: `Could not save ${item.label}`,
        errorMessage: `${item.label} could not be saved.`
      }
    );
    this.isSaving = false;
    if (saved) {
      this.editingKey = undefined;
    }
  }
}

function isFilled(value) {
  if (typeof value === 'string') {
    return value.trim().length > 0;
  }
  if (typeof value === 'number') {
    return value > 0;
  }
  return value !== null && value !== undefined;
}

/** What the editor's value becomes in the field: blank clears it, seats are a whole number, a date stays `YYYY-MM-DD`. */
function toFieldValue(item, raw) {
  const text = raw === null || raw === undefined ? '' : `${raw}`.trim();
  if (text === '') {
    return null;
  }
  return item.editor === 'number' ? Number(text) : text;
}
