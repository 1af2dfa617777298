import { LightningElement, api, wire } from 'lwc';
import { getFieldValue } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { qualifiedName, sortRecords } from 'c/ldsUtils';
import { saveRecord } from 'c/cairnSave';
import { dayCount, daysBetween, todayIso } from 'c/cairnDates';
import ID_FIELD from '@salesforce/schema/Business_Review__c.Id';
import NAME_FIELD from '@salesforce/schema/Business_Review__c.Name';
import TYPE_FIELD from '@salesforce/schema/Business_Review__c.Review_Type__c';
import SEQUENCE_FIELD from '@salesforce/schema/Business_Review__c.Sequence__c';
import DUE_DATE_FIELD from '@salesforce/schema/Business_Review__c.Due_Date__c';
import SCHEDULED_AT_FIELD from '@salesforce/schema/Business_Review__c.Scheduled_At__c';
import STATUS_FIELD from '@salesforce/schema/Business_Review__c.Status__c';
import OUTCOME_FIELD from '@salesforce/schema/Business_Review__c.Outcome_Summary__c';
import NEXT_STEPS_FIELD from '@salesforce/schema/Business_Review__c.Next_Steps__c';
import VALUE_SUMMARY_FIELD from '@salesforce/schema/Business_Review__c.Value_Summary__c';
import PRODUCT_SATISFACTION_FIELD from '@salesforce/schema/Business_Review__c.Product_Satisfaction__c';
import SERVICE_SATISFACTION_FIELD from '@salesforce/schema/Business_Review__c.Service_Satisfaction__c';

// What the list cannot be shown or ordered without; the rest is optional, so a field someone
// cannot read (the sync-owned value summary, say) leaves a gap instead of an error.
const REVIEW_FIELDS = [NAME_FIELD, SEQUENCE_FIELD, DUE_DATE_FIELD, STATUS_FIELD].map(qualifiedName);
const OPTIONAL_REVIEW_FIELDS = [
  TYPE_FIELD,
  SCHEDULED_AT_FIELD,
  OUTCOME_FIELD,
  NEXT_STEPS_FIELD,
  VALUE_SUMMARY_FIELD,
  PRODUCT_SATISFACTION_FIELD,
  SERVICE_SATISFACTION_FIELD
].map(qualifiedName);
// The related list sorts by one field: due date there, due date then sequence here.
const SORT_BY_DUE_DATE = [qualifiedName(DUE_DATE_FIELD)];
const REVIEW_ORDER = [DUE_DATE_FIELD, SEQUENCE_FIELD];

const TO_SCHEDULE = 'To Schedule';
const SCHEDULED = 'Scheduled';
const COMPLETED = 'Completed';
const RENEWAL_REVIEW = 'Renewal Review';
const STATUS_CLASSES = {
  'To Schedule': 'status-badge status-badge_to-schedule',
  Scheduled: 'status-badge status-badge_scheduled',
  Completed: 'status-badge status-badge_completed',
  Cancelled: 'status-badge status-badge_cancelled'
};

/**
 * The Opportunity's QBRs and renewal review (Business_Review__c): status, due date and the
 * value summary the worker writes before each one. A review can be scheduled or completed in
 * place; reviews still to schedule that are overdue or due soon stand out.
 */
export default class BusinessReviews extends LightningElement {
  @api recordId;
  /** Card title, set in Lightning App Builder */
  @api title = 'Business reviews';
  /** Reviews still to schedule that are due within this many days are flagged as due soon */
  @api daysAhead = 30;

  reviewRecords;
  error;
  /** The review whose inline form is open: `{ id, action: 'schedule' | 'complete' }` */
  editing;
  isSaving = false;
  /** Reviews completed here: their satisfaction questions show unfolded */
  justCompletedIds = [];
  announcement = '';
  productSatisfactionField = PRODUCT_SATISFACTION_FIELD;
  serviceSatisfactionField = SERVICE_SATISFACTION_FIELD;
  focusPending = false;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Business_Reviews__r',
    fields: REVIEW_FIELDS,
    optionalFields: OPTIONAL_REVIEW_FIELDS,
    sortBy: SORT_BY_DUE_DATE,
    pageSize: 50
  })
  wiredReviews({ data, error }) {
    this.reviewRecords = data ? sortRecords(data.records, REVIEW_ORDER) : undefined;
    this.error = error;
  }

  renderedCallback() {
    if (this.focusPending) {
      const firstInput = this.template.querySelector('.review-form lightning-input, .review-form lightning-textarea');
      if (firstInput) {
        firstInput.focus();
        this.focusPending = false;
      }
    }
  }

  get isLoading() {
    return !this.error && !this.reviewRecords;
  }

  get hasReviews() {
    return !!this.reviewRecords && this.reviewRecords.length > 0;
  }

  get isEmpty() {
    return !!this.reviewRecords && this.reviewRecords.length === 0;
  }

  get toScheduleLabel() {
    const count = this.reviewRecords.filter((r) => getFieldValue(r, STATUS_FIELD) === TO_SCHEDULE).length;
    return `${count} to schedule`;
  }

  get reviews() {
    const today = todayIso();
    return this.reviewRecords.map((record) => this.toReview(record, today));
  }

  toReview(record, today) {
    const name = getFieldValue(record, NAME_FIELD);
    const status = getFieldValue(record, STATUS_FIELD);
    const dueDate = getFieldValue(record, DUE_DATE_FIELD);
    const daysLeft = dueDate ? daysBetween(today, dueDate) : null;
    const isToSchedule = status === TO_SCHEDULE;
    const isOverdue = isToSchedule && daysLeft !== null && daysLeft < 0;
    const isDueSoon = isToSchedule && daysLeft !== null && daysLeft >= 0 && daysLeft <= Number(this.daysAhead);
    const editing = this.editing?.id === record.id ? this.editing.action : null;
    const justCompleted = this.justCompletedIds.includes(record.id);
    let urgency = '';
    if (isOverdue) {
      urgency = `Overdue by ${dayCount(daysLeft)}`;
    } else if (isDueSoon) {
      urgency = daysLeft === 0 ? 'Due today' : `Due in ${dayCount(daysLeft)}`;
    }
    return {
      id: record.id,
      name,
      type: getFieldValue(record, TYPE_FIELD),
      isRenewal: getFieldValue(record, TYPE_FIELD) === RENEWAL_REVIEW,
      status,
      statusClass: STATUS_CLASSES[status] ?? 'status-badge',
      dueDate,
      scheduledAt: getFieldValue(record, SCHEDULED_AT_FIELD),
      outcome: getFieldValue(record, OUTCOME_FIELD),
      nextSteps: getFieldValue(record, NEXT_STEPS_FIELD),
      valueSummary: getFieldValue(record, VALUE_SUMMARY_FIELD),
      isCompleted: status === COMPLETED,
      // Until the refreshed list arrives, a review just saved as Completed still reads as before.
      asksSatisfaction: status === COMPLETED || justCompleted,
      justCompleted,
      productSatisfaction: getFieldValue(record, PRODUCT_SATISFACTION_FIELD),
      serviceSatisfaction: getFieldValue(record, SERVICE_SATISFACTION_FIELD),
      urgency,
      urgencyClass: isOverdue ? 'urgency urgency_overdue' : 'urgency urgency_soon',
      rowClass: `review-row slds-p-vertical_small${isOverdue ? ' review-row_overdue' : ''}${isDueSoon ? ' review-row_due-soon' : ''}`,
      canSchedule: isToSchedule && !editing,
      canComplete: status === SCHEDULED && !editing,
      isScheduling: editing === 'schedule',
      isCompleting: editing === 'complete',
      scheduleLabel: `Schedule ${name}`,
      completeLabel: `Complete ${name}`
    };
  }

  handleScheduleClick(event) {
    this.openForm(event.target.dataset.id, 'schedule');
  }

  handleCompleteClick(event) {
    this.openForm(event.target.dataset.id, 'complete');
  }

  openForm(id, action) {
    this.editing = { id, action };
    this.focusPending = true;
  }

  handleCancel() {
    this.editing = undefined;
  }

  async handleScheduleSave() {
    const input = this.template.querySelector('lightning-input.scheduled-at');
    if (!input.value) {
      input.reportValidity();
      return;
    }
    await this.save(
      {
        [STATUS_FIELD.fieldApiName]: SCHEDULED,
        [SCHEDULED_AT_FIELD.fieldApiName]: input.value
      },
      'is scheduled'
    );
  }

  async handleCompleteSave() {
    const outcome = this.template.querySelector('lightning-textarea.outcome');
    const nextSteps = this.template.querySelector('lightning-textarea.next-steps');
    if (!outcome.value || !outcome.value.trim()) {
      outcome.reportValidity();
      return;
    }
    await this.save(
      {
        [STATUS_FIELD.fieldApiName]: COMPLETED,
        [OUTCOME_FIELD.fieldApiName]: outcome.value.trim(),
        [NEXT_STEPS_FIELD.fieldApiName]: nextSteps.value ? nextSteps.value.trim() : null
      },
      'is completed'
    );
  }

  async save(changes, doneWords) {
    const { id } = this.editing;
    const name = getFieldValue(
      this.reviewRecords.find((r) => r.id === id),
      NAME_FIELD
    );
    this.isSaving = true;
    const saved = await saveRecord(
      this,
      { [ID_FIELD.fieldApiName]: id, ...changes },
      {
        successTitle: 'Review updated',
        successMessage: `${name} ${doneWords}.`,
        errorTitle: `Could not save ${name}`,
        errorMessage: `${name} could not be saved.`
      }
    );
    this.isSaving = false;
    if (saved) {
      if (changes[STATUS_FIELD.fieldApiName] === COMPLETED) {
        this.justCompletedIds = [...this.justCompletedIds, id];
      }
      this.editing = undefined;
    }
  }
}
