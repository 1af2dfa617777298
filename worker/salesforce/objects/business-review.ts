// Business_Review__c: the QBRs under an opportunity, with the value summary the worker
// writes when one is due (DESIGN §2, §4.5).

import { REVIEW_STATUSES, REVIEW_TYPES, SATISFACTION_LEVELS, type BusinessReview } from '../../core/types.js';
import { date, defineObject, integer, text, type FieldValue } from './define.js';

/** The field a run keeps up to date on a review that exists: its value summary. */
export function reviewSummary(review: Pick<BusinessReview, 'valueSummary'>): { Value_Summary__c: FieldValue } {
  return { Value_Summary__c: review.valueSummary };
}

export const businessReview = defineObject({
  name: 'Business_Review__c',
  child: { relationship: 'Business_Reviews__r', orderBy: 'Sequence__c' },
  externalKey: 'Review_Key__c',
  read: ['Id', 'Scheduled_At__c', 'Product_Satisfaction__c', 'Service_Satisfaction__c'],
  write: {
    Opportunity__c: text,
    Name: text,
    Review_Type__c: text,
    Sequence__c: integer,
    Due_Date__c: date,
    Status__c: text,
    Value_Summary__c: text
  },
  fillOnly: [],
  fromSalesforce: (f): BusinessReview => ({
    id: f.text('Id'),
    key: f.text('Review_Key__c'),
    name: f.requiredText('Name'),
    reviewType: f.requiredPick('Review_Type__c', REVIEW_TYPES),
    sequence: f.number('Sequence__c') ?? 0,
    dueDate: f.date('Due_Date__c'),
    scheduledAt: f.dateTime('Scheduled_At__c'),
    status: f.requiredPick('Status__c', REVIEW_STATUSES, 'To Schedule'),
    valueSummary: f.text('Value_Summary__c'),
    productSatisfaction: f.pick('Product_Satisfaction__c', SATISFACTION_LEVELS, null),
    serviceSatisfaction: f.pick('Service_Satisfaction__c', SATISFACTION_LEVELS, null)
  }),
  toSalesforce: (review: BusinessReview, opportunityId: string) => ({
    Opportunity__c: opportunityId,
    Name: review.name,
    Review_Type__c: review.reviewType,
    Sequence__c: review.sequence,
    Due_Date__c: review.dueDate,
    Status__c: review.status,
    ...reviewSummary(review)
  })
});
