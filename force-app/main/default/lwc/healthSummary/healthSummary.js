import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { qualifiedName } from 'c/ldsUtils';
import { parseDrivers } from './healthDrivers';
import { CHART_HEIGHT, CHART_WIDTH, chartGeometry } from './healthChart';
import SCORE_FIELD from '@salesforce/schema/Opportunity.Health_Score__c';
import GRADE_FIELD from '@salesforce/schema/Opportunity.Health_Grade__c';
import TREND_FIELD from '@salesforce/schema/Opportunity.Health_Trend__c';
import DRIVERS_FIELD from '@salesforce/schema/Opportunity.Health_Drivers__c';
import UPDATED_AT_FIELD from '@salesforce/schema/Opportunity.Health_Updated_At__c';
import ACTIVE_USERS_FIELD from '@salesforce/schema/Opportunity.Active_Users_30d__c';
import LAST_ACTIVITY_FIELD from '@salesforce/schema/Opportunity.Last_Product_Activity__c';
import NEXT_GRADE_FIELD from '@salesforce/schema/Opportunity.Health_Next_Grade__c';
import CHANGE_SCORE_FIELD from '@salesforce/schema/Health_Change__c.Score__c';
import CHANGE_PREVIOUS_SCORE_FIELD from '@salesforce/schema/Health_Change__c.Previous_Score__c';
import CHANGE_GRADE_FIELD from '@salesforce/schema/Health_Change__c.Grade__c';
import CHANGE_PREVIOUS_GRADE_FIELD from '@salesforce/schema/Health_Change__c.Previous_Grade__c';
import CHANGED_AT_FIELD from '@salesforce/schema/Health_Change__c.Changed_At__c';
import CHANGE_DRIVERS_FIELD from '@salesforce/schema/Health_Change__c.Drivers__c';

// The score is what the card shows; the rest is optional, so a sync-owned field someone
// cannot read leaves a gap instead of an error.
const OPPORTUNITY_FIELDS = [SCORE_FIELD];
const OPTIONAL_OPPORTUNITY_FIELDS = [
  GRADE_FIELD,
  TREND_FIELD,
  DRIVERS_FIELD,
  UPDATED_AT_FIELD,
  ACTIVE_USERS_FIELD,
  LAST_ACTIVITY_FIELD,
  NEXT_GRADE_FIELD
];
const CHANGE_FIELDS = [CHANGE_SCORE_FIELD, CHANGED_AT_FIELD].map(qualifiedName);
const OPTIONAL_CHANGE_FIELDS = [
  CHANGE_PREVIOUS_SCORE_FIELD,
  CHANGE_GRADE_FIELD,
  CHANGE_PREVIOUS_GRADE_FIELD,
  CHANGE_DRIVERS_FIELD
].map(qualifiedName);
const NEWEST_FIRST = [`-${qualifiedName(CHANGED_AT_FIELD)}`];
/** How many of the latest changes are listed under the chart */
const RECENT_CHANGES = 3;

const TREND_ICONS = { up: 'utility:arrowup', down: 'utility:arrowdown', flat: 'utility:forward' };
const TREND_VARIANTS = { up: 'success', down: 'error', flat: '' };

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/**
 * The Opportunity's health at a glance: score and grade, the trend against about 30 days ago,
 * the drivers in words, and the history of Health_Change__c records as a small chart.
 */
export default class HealthSummary extends LightningElement {
  @api recordId;
  /** Card title, set in Lightning App Builder */
  @api title = 'Health';
  /** How many Health_Change__c records the history chart shows, newest last */
  @api historyLimit = 12;

  @wire(getRecord, { recordId: '$recordId', fields: OPPORTUNITY_FIELDS, optionalFields: OPTIONAL_OPPORTUNITY_FIELDS })
  opportunity;

  changeRecords;
  changesError;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Health_Changes__r',
    fields: CHANGE_FIELDS,
    optionalFields: OPTIONAL_CHANGE_FIELDS,
    sortBy: NEWEST_FIRST,
    pageSize: '$historyLimit'
  })
  wiredChanges({ data, error }) {
    this.changeRecords = data?.records;
    this.changesError = error;
  }

  get errors() {
    return [this.opportunity?.error, this.changesError].filter((e) => !!e);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return !this.hasError && (!this.opportunity?.data || !this.changeRecords);
  }

  get isReady() {
    return !this.isLoading && !this.hasError;
  }

  field(field) {
    return getFieldValue(this.opportunity.data, field);
  }

  get score() {
    return this.field(SCORE_FIELD);
  }

  get isScored() {
    return this.score !== null && this.score !== undefined;
  }

  get grade() {
    return this.field(GRADE_FIELD);
  }

  get gradeLabel() {
    return this.grade ? `Grade ${this.grade}` : 'No grade';
  }

  get gradeClass() {
    return `grade-badge grade-badge_${(this.grade ?? 'none').toLowerCase()}`;
  }

  get trend() {
    const trend = this.field(TREND_FIELD);
    if (trend === null || trend === undefined) {
      return { hasValue: false, text: 'No trend yet: it needs a week of history' };
    }
    const direction = trend > 0 ? 'up' : trend < 0 ? 'down' : 'flat';
    return {
      hasValue: true,
      icon: TREND_ICONS[direction],
      variant: TREND_VARIANTS[direction],
      number: trend > 0 ? `+${trend}` : `${trend}`,
      className: `trend trend_${direction}`,
      words:
        direction === 'flat'
          ? 'Unchanged since about 30 days ago'
          : `${direction === 'up' ? 'Up' : 'Down'} ${Math.abs(trend)} points since about 30 days ago`
    };
  }

  /** The recovery path (DESIGN §9.6), e.g. "A at 85: activate 1 more seat (40% → 50%)"; blank for A */
  get nextGrade() {
    return this.field(NEXT_GRADE_FIELD);
  }

  get updatedAt() {
    return this.field(UPDATED_AT_FIELD);
  }

  /** False when the user cannot read the count, rather than showing it as 0 */
  get canSeeActiveUsers() {
    return this.field(ACTIVE_USERS_FIELD) !== undefined;
  }

  get activeUsers() {
    return this.field(ACTIVE_USERS_FIELD) ?? 0;
  }

  get lastActivity() {
    return this.field(LAST_ACTIVITY_FIELD);
  }

  get drivers() {
    return parseDrivers(this.field(DRIVERS_FIELD)).map((driver) => ({
      ...driver,
      className: driver.isAbsent ? 'driver driver_absent' : 'driver'
    }));
  }

  get hasDrivers() {
    return this.drivers.length > 0;
  }

  /** Health changes, oldest first */
  get history() {
    return [...this.changeRecords].reverse().map((record) => ({
      id: record.id,
      score: getFieldValue(record, CHANGE_SCORE_FIELD),
      grade: getFieldValue(record, CHANGE_GRADE_FIELD) ?? 'F',
      changedAt: getFieldValue(record, CHANGED_AT_FIELD),
      whatMoved: (getFieldValue(record, CHANGE_DRIVERS_FIELD) ?? '').split('\n')[0]
    }));
  }

  get hasHistory() {
    return this.changeRecords.length > 0;
  }

  get chart() {
    return chartGeometry(this.history);
  }

  get chartViewBox() {
    return `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`;
  }

  get chartDescription() {
    const points = this.history.map(
      (change) => `${change.score} (${change.grade}) on ${DATE_FORMAT.format(new Date(change.changedAt))}`
    );
    return `Health score history, oldest first: ${points.join(', ')}.`;
  }

  get recentChanges() {
    return this.history
      .slice(-RECENT_CHANGES)
      .reverse()
      .map((change) => ({ ...change, whatMoved: sentenceCase(change.whatMoved) }));
  }
}

function sentenceCase(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
