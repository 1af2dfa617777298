// Health_Change__c: one record per move of an opportunity's health grade, explaining it
// (DESIGN §2, §4.7). Only the newest is read: a new change is compared with it.

import { HEALTH_GRADES, type HealthChange } from '../../core/types.js';
import { datetime, defineObject, integer, text } from './define.js';
import { InvalidValue } from './record-reader.js';

export const healthChange = defineObject({
  name: 'Health_Change__c',
  child: { relationship: 'Health_Changes__r', orderBy: 'Changed_At__c DESC LIMIT 1' },
  externalKey: 'Change_Key__c',
  read: ['Id'],
  write: {
    Opportunity__c: text,
    Score__c: integer,
    Previous_Score__c: integer,
    Grade__c: text,
    Previous_Grade__c: text,
    Changed_At__c: datetime,
    Drivers__c: text
  },
  fillOnly: [],
  fromSalesforce: (f): HealthChange => {
    const score = f.number('Score__c');
    const changedAt = f.dateTime('Changed_At__c');
    if (score === null) throw new InvalidValue('Score__c', null, 'a number');
    if (changedAt === null) throw new InvalidValue('Changed_At__c', null, 'a date-time');
    return {
      key: f.requiredText('Change_Key__c'),
      score,
      previousScore: f.number('Previous_Score__c'),
      grade: f.requiredPick('Grade__c', HEALTH_GRADES),
      previousGrade: f.pick('Previous_Grade__c', HEALTH_GRADES, null),
      changedAt,
      drivers: f.text('Drivers__c') ?? ''
    };
  },
  toSalesforce: (change: HealthChange, opportunityId: string) => ({
    Opportunity__c: opportunityId,
    Score__c: change.score,
    Previous_Score__c: change.previousScore,
    Grade__c: change.grade,
    Previous_Grade__c: change.previousGrade,
    Changed_At__c: change.changedAt,
    Drivers__c: change.drivers
  })
});
