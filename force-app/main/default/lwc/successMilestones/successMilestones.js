import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { qualifiedName } from 'c/ldsUtils';
import { saveRecord } from 'c/cairnSave';
import CLOSE_DATE_FIELD from '@salesforce/schema/Opportunity.CloseDate';
import DESIRED_OUTCOME_FIELD from '@salesforce/schema/Opportunity.Desired_Outcome__c';
import ONBOARDED_FIELD from '@salesforce/schema/Opportunity.Onboarded__c';
import ONBOARDED_DATE_FIELD from '@salesforce/schema/Opportunity.Onboarded_Date__c';
import DAYS_TO_FIRST_VALUE_FIELD from '@salesforce/schema/Opportunity.Days_To_First_Value__c';
import ID_FIELD from '@salesforce/schema/Success_Milestone__c.Id';
import NAME_FIELD from '@salesforce/schema/Success_Milestone__c.Name';
import KIND_FIELD from '@salesforce/schema/Success_Milestone__c.Kind__c';
import SEQUENCE_FIELD from '@salesforce/schema/Success_Milestone__c.Sequence__c';
import STATUS_FIELD from '@salesforce/schema/Success_Milestone__c.Status__c';
import TARGET_DATE_FIELD from '@salesforce/schema/Success_Milestone__c.Target_Date__c';
import ACHIEVED_AT_FIELD from '@salesforce/schema/Success_Milestone__c.Achieved_At__c';
import IS_FIRST_VALUE_FIELD from '@salesforce/schema/Success_Milestone__c.Is_First_Value__c';
import USAGE_METRIC_FIELD from '@salesforce/schema/Success_Milestone__c.Usage_Metric__c';
import USAGE_THRESHOLD_FIELD from '@salesforce/schema/Success_Milestone__c.Usage_Threshold__c';
import EVIDENCE_FIELD from '@salesforce/schema/Success_Milestone__c.Evidence__c';
import EXPANSION_SIGNAL_FIELD from '@salesforce/schema/Success_Milestone__c.Expansion_Signal__c';
import ADVOCACY_ASK_FIELD from '@salesforce/schema/Success_Milestone__c.Advocacy_Ask__c';
import HORIZON_MONTHS_FIELD from '@salesforce/schema/Success_Milestone__c.Horizon_Months__c';

// Only what the route cannot be drawn without is required; a handoff or sync-owned field
// someone cannot read is optional, so it leaves a gap instead of an error.
const OPPORTUNITY_FIELDS = [CLOSE_DATE_FIELD];
const OPTIONAL_OPPORTUNITY_FIELDS = [
  DESIRED_OUTCOME_FIELD,
  ONBOARDED_FIELD,
  ONBOARDED_DATE_FIELD,
  DAYS_TO_FIRST_VALUE_FIELD
];
const MILESTONE_FIELDS = [NAME_FIELD, SEQUENCE_FIELD, STATUS_FIELD].map(qualifiedName);
const OPTIONAL_MILESTONE_FIELDS = [
  KIND_FIELD,
  TARGET_DATE_FIELD,
  ACHIEVED_AT_FIELD,
  IS_FIRST_VALUE_FIELD,
  USAGE_METRIC_FIELD,
  USAGE_THRESHOLD_FIELD,
  EVIDENCE_FIELD,
  EXPANSION_SIGNAL_FIELD,
  ADVOCACY_ASK_FIELD,
  HORIZON_MONTHS_FIELD
].map(qualifiedName);
const SORT_BY_SEQUENCE = [qualifiedName(SEQUENCE_FIELD)];

const ACHIEVED = 'Achieved';
const MISSED = 'Missed';
/** Evidence__c of a milestone marked achieved by a person (DESIGN §2) */
const MANUAL_EVIDENCE = 'manual';
/** Achieved and missed markers carry an icon as well as a colour, so colour is never the only cue. */
const MARKER_ICONS = { achieved: 'utility:check', missed: 'utility:close' };

/** A journey milestone's horizon, or null: blank (or unreadable) Horizon_Months__c keeps it on the route. */
function horizonOf(record) {
  return getFieldValue(record, HORIZON_MONTHS_FIELD) ?? null;
}

/**
 * The route from where the customer started (closed won, point A) to their desired outcome
 * (point B): the Success_Milestone__c records in order, achieved ones with date and
 * evidence, the first-value milestone marked, the next one to reach highlighted. Beside it,
 * the customer's own journey (DESIGN §9.7): the Customer milestones with Horizon_Months__c,
 * grouped by horizon — where the customer wants to be 3, 6, 12 and 24 months after the close.
 */
export default class SuccessMilestones extends LightningElement {
  @api recordId;
  /** Card title, set in Lightning App Builder */
  @api title = 'Route to the desired outcome';

  @wire(getRecord, { recordId: '$recordId', fields: OPPORTUNITY_FIELDS, optionalFields: OPTIONAL_OPPORTUNITY_FIELDS })
  opportunity;

  milestoneRecords;
  milestonesError;
  savingId;
  announcement = '';

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Success_Milestones__r',
    fields: MILESTONE_FIELDS,
    optionalFields: OPTIONAL_MILESTONE_FIELDS,
    sortBy: SORT_BY_SEQUENCE,
    pageSize: 50
  })
  wiredMilestones({ data, error }) {
    this.milestoneRecords = data?.records;
    this.milestonesError = error;
  }

  get errors() {
    return [this.opportunity?.error, this.milestonesError].filter((e) => !!e);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return !this.hasError && (!this.opportunity?.data || !this.milestoneRecords);
  }

  get isReady() {
    return !this.isLoading && !this.hasError;
  }

  get hasMilestones() {
    return this.milestoneRecords.length > 0;
  }

  get closeDate() {
    return getFieldValue(this.opportunity.data, CLOSE_DATE_FIELD);
  }

  get desiredOutcome() {
    return getFieldValue(this.opportunity.data, DESIRED_OUTCOME_FIELD);
  }

  get isOnboarded() {
    return getFieldValue(this.opportunity.data, ONBOARDED_FIELD) === true;
  }

  get onboardedDate() {
    return getFieldValue(this.opportunity.data, ONBOARDED_DATE_FIELD);
  }

  get daysToFirstValueText() {
    const days = getFieldValue(this.opportunity.data, DAYS_TO_FIRST_VALUE_FIELD);
    if (days === null || days === undefined) {
      return '';
    }
    return days === 1 ? '1 day after close' : `${days} days after close`;
  }

  get firstValueName() {
    const record = this.milestoneRecords.find((r) => getFieldValue(r, IS_FIRST_VALUE_FIELD) === true);
    return record ? getFieldValue(record, NAME_FIELD) : null;
  }

  get achievedLabel() {
    const achieved = this.milestoneRecords.filter((r) => getFieldValue(r, STATUS_FIELD) === ACHIEVED).length;
    return `${achieved} of ${this.milestoneRecords.length} reached`;
  }

  get routeRecords() {
    return this.milestoneRecords.filter((r) => horizonOf(r) === null);
  }

  get milestones() {
    const route = this.routeRecords;
    const nextIndex = route.findIndex((r) => getFieldValue(r, STATUS_FIELD) !== ACHIEVED);
    return route.map((record, index) => this.toMilestone(record, index === nextIndex));
  }

  get hasJourney() {
    return this.journey.length > 0;
  }

  /** One group per horizon, nearest first, each with its milestones in sequence order. */
  get journey() {
    const horizons = [...new Set(this.milestoneRecords.map(horizonOf).filter((h) => h !== null))].sort((a, b) => a - b);
    return horizons.map((months) => {
      const records = this.milestoneRecords.filter((r) => horizonOf(r) === months);
      const reached = records.filter((r) => getFieldValue(r, STATUS_FIELD) === ACHIEVED).length;
      return {
        months,
        heading: `In ${months} months`,
        progress: `${reached} of ${records.length} reached`,
        milestones: records.map((record) => this.toMilestone(record, false))
      };
    });
  }

  toMilestone(record, isNext) {
    const status = getFieldValue(record, STATUS_FIELD);
    const usageMetric = getFieldValue(record, USAGE_METRIC_FIELD);
    const isAchieved = status === ACHIEVED;
    const isMissed = status === MISSED;
    const state = isAchieved ? 'achieved' : isMissed ? 'missed' : 'planned';
    const name = getFieldValue(record, NAME_FIELD);
    return {
      id: record.id,
      name,
      kind: getFieldValue(record, KIND_FIELD),
      status,
      isAchieved,
      isMissed,
      isNext,
      isFirstValue: getFieldValue(record, IS_FIRST_VALUE_FIELD) === true,
      isExpansion: getFieldValue(record, EXPANSION_SIGNAL_FIELD) === true,
      isAdvocacy: getFieldValue(record, ADVOCACY_ASK_FIELD) === true,
      targetDate: getFieldValue(record, TARGET_DATE_FIELD),
      achievedAt: getFieldValue(record, ACHIEVED_AT_FIELD),
      evidence: getFieldValue(record, EVIDENCE_FIELD),
      trackingText: trackingText(usageMetric, getFieldValue(record, USAGE_THRESHOLD_FIELD)),
      // Undefined: the user cannot read the metric, so cannot tell usage decides it.
      canMarkAchieved: !isAchieved && usageMetric === null,
      markLabel: `Mark ${name} achieved`,
      isSaving: this.savingId === record.id,
      stateText: isNext ? `${status}, next to reach` : status,
      itemClass: `route-step route-step_${state}${isNext ? ' route-step_next' : ''}`,
      markerIcon: MARKER_ICONS[state]
    };
  }

  async handleMarkAchieved(event) {
    const milestoneId = event.target.dataset.id;
    const record = this.milestoneRecords.find((r) => r.id === milestoneId);
    const name = getFieldValue(record, NAME_FIELD);
    const fields = {
      [ID_FIELD.fieldApiName]: milestoneId,
      [STATUS_FIELD.fieldApiName]: ACHIEVED,
      [ACHIEVED_AT_FIELD.fieldApiName]: new Date().toISOString(),
      [EVIDENCE_FIELD.fieldApiName]: MANUAL_EVIDENCE
    };
    this.savingId = milestoneId;
    await saveRecord(this, fields, {
      successTitle: 'Milestone reached',
      successMessage: `${name} is marked achieved.`,
      errorTitle: `Could not update ${name}`,
      errorMessage: `${name} could not be marked achieved.`
    });
    this.savingId = undefined;
  }
}

/** How a milestone is tracked; blank when the user cannot read its metric. */
function trackingText(usageMetric, threshold) {
  if (usageMetric === undefined) {
    return '';
  }
  return usageMetric ? `Tracked from usage: ${usageMetric} reaches ${threshold}` : 'Tracked by hand';
}
