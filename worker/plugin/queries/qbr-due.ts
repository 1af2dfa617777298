// `sf cairn qbr due`: business reviews still To Schedule that fall due within N days or are
// already overdue, earliest first.
import { addDays, daysBetween } from '../../core/dates.js';
import type { IsoDate, ReviewStatus, ReviewType } from '../../core/types.js';
import { soqlDate, soqlString } from '../../salesforce/soql.js';
import { byKeys } from './records.js';

const TO_SCHEDULE: ReviewStatus = 'To Schedule';

export interface QbrDueRow {
  id: string;
  opportunityId: string;
  opportunityName: string | null;
  name: string;
  reviewType: ReviewType;
  dueDate: IsoDate;
  /** negative when overdue */
  daysUntilDue: number;
}

export type QbrDueResult = QbrDueRow[];

export interface ReviewRecord {
  Id: string;
  Name: string;
  Opportunity__c: string;
  Opportunity__r: { Name: string | null } | null;
  Review_Type__c: ReviewType;
  Due_Date__c: IsoDate;
}

/** Due_Date__c ≤ today + within (a blank due date never matches). */
export function qbrDueQuery(today: IsoDate, withinDays: number): string {
  return [
    'SELECT Id, Name, Opportunity__c, Opportunity__r.Name, Review_Type__c, Due_Date__c',
    ' FROM Business_Review__c',
    ` WHERE Status__c = ${soqlString(TO_SCHEDULE)} AND Due_Date__c <= ${soqlDate(addDays(today, withinDays))}`
  ].join('');
}

export function qbrDueRows(records: readonly ReviewRecord[], today: IsoDate): QbrDueResult {
  return records
    .map((record) => ({
      id: record.Id,
      opportunityId: record.Opportunity__c,
      opportunityName: record.Opportunity__r?.Name ?? null,
      name: record.Name,
      reviewType: record.Review_Type__c,
      dueDate: record.Due_Date__c,
      daysUntilDue: daysBetween(today, record.Due_Date__c)
    }))
    .sort(byKeys((row) => [row.dueDate, row.opportunityName, row.name, row.id]));
}
