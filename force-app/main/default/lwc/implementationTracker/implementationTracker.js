import { LightningElement, api, wire } from 'lwc';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getFieldValue } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { qualifiedName } from 'c/ldsUtils';
import { saveRecord } from 'c/cairnSave';
import { dayCount, daysBetween, todayIso } from 'c/cairnDates';
import STAGE_OBJECT from '@salesforce/schema/Implementation_Stage__c';
import ID_FIELD from '@salesforce/schema/Implementation_Stage__c.Id';
import NAME_FIELD from '@salesforce/schema/Implementation_Stage__c.Name';
import SEQUENCE_FIELD from '@salesforce/schema/Implementation_Stage__c.Sequence__c';
import STATUS_FIELD from '@salesforce/schema/Implementation_Stage__c.Status__c';
import IS_KICKOFF_FIELD from '@salesforce/schema/Implementation_Stage__c.Is_Kickoff__c';
import CUSTOMER_OWNER_NAME_FIELD from '@salesforce/schema/Implementation_Stage__c.Customer_Owner__r.Name';
import TARGET_DATE_FIELD from '@salesforce/schema/Implementation_Stage__c.Target_Date__c';
import COMPLETED_DATE_FIELD from '@salesforce/schema/Implementation_Stage__c.Completed_Date__c';
import PRODUCT_SATISFACTION_FIELD from '@salesforce/schema/Implementation_Stage__c.Product_Satisfaction__c';
import SERVICE_SATISFACTION_FIELD from '@salesforce/schema/Implementation_Stage__c.Service_Satisfaction__c';

// What the plan cannot be shown without; the rest is optional, so a field someone cannot read
// (the customer owner's Contact, say) leaves a gap instead of an error (DESIGN §6).
const STAGE_FIELDS = [NAME_FIELD, SEQUENCE_FIELD, STATUS_FIELD].map(qualifiedName);
const OPTIONAL_STAGE_FIELDS = [
  IS_KICKOFF_FIELD,
  CUSTOMER_OWNER_NAME_FIELD,
  TARGET_DATE_FIELD,
  COMPLETED_DATE_FIELD,
  PRODUCT_SATISFACTION_FIELD,
  SERVICE_SATISFACTION_FIELD
].map(qualifiedName);
const SORT_BY_SEQUENCE = [qualifiedName(SEQUENCE_FIELD)];
const DONE = 'Done';
/** How each status shows on the path; overdue wins over all but Done. */
const STATE_BY_STATUS = {
  'To Do': 'todo',
  Scheduled: 'active',
  'In Progress': 'active',
  Done: 'done',
  'On Hold': 'hold'
};
/** Done and overdue steps carry an icon as well as a colour, so colour is never the only cue. */
const PATH_ICONS = { done: 'utility:check', overdue: 'utility:warning' };

/**
 * The implementation plan of an Opportunity: its Implementation_Stage__c records as a path,
 * each with the customer-side owner, the target date and a status that can be changed in
 * place. Stages whose target date has passed and that are not Done stand out.
 */
export default class ImplementationTracker extends LightningElement {
  @api recordId;
  /** Card title, set in Lightning App Builder */
  @api title = 'Implementation';

  stageRecords;
  stagesError;
  statusOptions;
  statusesError;
  savingId;
  /** Stages marked Done here: their satisfaction questions show unfolded */
  justDoneIds = [];
  announcement = '';
  productSatisfactionField = PRODUCT_SATISFACTION_FIELD;
  serviceSatisfactionField = SERVICE_SATISFACTION_FIELD;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Implementation_Stages__r',
    fields: STAGE_FIELDS,
    optionalFields: OPTIONAL_STAGE_FIELDS,
    sortBy: SORT_BY_SEQUENCE,
    pageSize: 50
  })
  wiredStages({ data, error }) {
    this.stageRecords = data?.records;
    this.stagesError = error;
  }

  @wire(getObjectInfo, { objectApiName: STAGE_OBJECT })
  stageInfo;

  @wire(getPicklistValues, { recordTypeId: '$stageInfo.data.defaultRecordTypeId', fieldApiName: STATUS_FIELD })
  wiredStatuses({ data, error }) {
    this.statusOptions = data?.values.map(({ label, value }) => ({ label, value }));
    this.statusesError = error;
  }

  get errors() {
    return [this.stagesError, this.stageInfo?.error, this.statusesError].filter((e) => !!e);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return !this.hasError && (!this.stageRecords || !this.statusOptions);
  }

  get hasStages() {
    return !this.isLoading && !this.hasError && this.stageRecords.length > 0;
  }

  get isEmpty() {
    return !this.isLoading && !this.hasError && this.stageRecords.length === 0;
  }

  get stages() {
    const today = todayIso();
    const currentIndex = this.stageRecords.findIndex((record) => getFieldValue(record, STATUS_FIELD) !== DONE);
    return this.stageRecords.map((record, index) => this.toStage(record, index === currentIndex, today));
  }

  toStage(record, isCurrent, today) {
    const name = getFieldValue(record, NAME_FIELD);
    const status = getFieldValue(record, STATUS_FIELD);
    const targetDate = getFieldValue(record, TARGET_DATE_FIELD);
    const overdueDays = targetDate && status !== DONE ? daysBetween(targetDate, today) : 0;
    const isOverdue = overdueDays > 0;
    const justDone = this.justDoneIds.includes(record.id);
    const state = isOverdue ? 'overdue' : (STATE_BY_STATUS[status] ?? 'todo');
    const statusText = isOverdue ? `${status}, overdue by ${dayCount(overdueDays)}` : status;
    return {
      id: record.id,
      name,
      status,
      sequence: getFieldValue(record, SEQUENCE_FIELD),
      isKickoff: getFieldValue(record, IS_KICKOFF_FIELD) === true,
      ownerName: getFieldValue(record, CUSTOMER_OWNER_NAME_FIELD) ?? 'Not assigned',
      targetDate,
      completedDate: getFieldValue(record, COMPLETED_DATE_FIELD),
      // Until the refreshed list arrives, a stage just saved as Done still reads as before.
      asksSatisfaction: status === DONE || justDone,
      justDone,
      productSatisfaction: getFieldValue(record, PRODUCT_SATISFACTION_FIELD),
      serviceSatisfaction: getFieldValue(record, SERVICE_SATISFACTION_FIELD),
      isOverdue,
      overdueText: `Overdue by ${dayCount(overdueDays)}`,
      statusText,
      statusLabel: `Status of ${name}`,
      isSaving: this.savingId === record.id,
      pathClass: `path-step path-step_${state}${isCurrent ? ' path-step_current' : ''}`,
      rowClass: `stage-row slds-p-vertical_x-small${isOverdue ? ' stage-row_overdue' : ''}`,
      pathIcon: PATH_ICONS[state]
    };
  }

  get progressLabel() {
    const done = this.stageRecords.filter((record) => getFieldValue(record, STATUS_FIELD) === DONE).length;
    return `${done} of ${this.stageRecords.length} done`;
  }

  async handleStatusChange(event) {
    const combobox = event.target;
    const stageId = combobox.dataset.id;
    const status = event.detail.value;
    const record = this.stageRecords.find((r) => r.id === stageId);
    const previous = getFieldValue(record, STATUS_FIELD);
    const name = getFieldValue(record, NAME_FIELD);

    const fields = {
      [ID_FIELD.fieldApiName]: stageId,
      [STATUS_FIELD.fieldApiName]: status
    };
    // A Done stage carries the day it was done (the worker reads it as the kickoff date);
    // a stage reopened from Done no longer has one.
    if (status === DONE) {
      fields[COMPLETED_DATE_FIELD.fieldApiName] = todayIso();
    } else if (previous === DONE) {
      fields[COMPLETED_DATE_FIELD.fieldApiName] = null;
    }

    this.savingId = stageId;
    const saved = await saveRecord(this, fields, {
      successTitle: 'Stage updated',
      successMessage: `${name} is now ${status}.`,
      errorTitle: `Could not update ${name}`,
      errorMessage: `${name} could not be updated; it is still ${previous}.`
    });
    this.savingId = undefined;
    if (!saved) {
      combobox.value = previous;
      return;
    }
    const others = this.justDoneIds.filter((id) => id !== stageId);
    this.justDoneIds = status === DONE ? [...others, stageId] : others;
  }
}
