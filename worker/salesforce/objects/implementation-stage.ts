// Implementation_Stage__c: the playbook's onboarding stages under an opportunity (DESIGN §2).

import { SATISFACTION_LEVELS, STAGE_STATUSES, type ImplementationStage } from '../../core/types.js';
import { boolean, date, defineObject, integer, text } from './define.js';

export const implementationStage = defineObject({
  name: 'Implementation_Stage__c',
  child: { relationship: 'Implementation_Stages__r', orderBy: 'Sequence__c' },
  externalKey: 'Stage_Key__c',
  read: ['Id', 'Completed_Date__c', 'Product_Satisfaction__c', 'Service_Satisfaction__c'],
  write: {
    Opportunity__c: text,
    Name: text,
    Sequence__c: integer,
    Status__c: text,
    Is_Kickoff__c: boolean,
    Target_Date__c: date
  },
  fillOnly: [],
  fromSalesforce: (f): ImplementationStage => ({
    id: f.text('Id'),
    key: f.text('Stage_Key__c'),
    name: f.requiredText('Name'),
    sequence: f.number('Sequence__c') ?? 0,
    status: f.requiredPick('Status__c', STAGE_STATUSES, 'To Do'),
    isKickoff: f.checkbox('Is_Kickoff__c'),
    targetDate: f.date('Target_Date__c'),
    completedDate: f.date('Completed_Date__c'),
    productSatisfaction: f.pick('Product_Satisfaction__c', SATISFACTION_LEVELS, null),
    serviceSatisfaction: f.pick('Service_Satisfaction__c', SATISFACTION_LEVELS, null)
  }),
  toSalesforce: (stage: ImplementationStage, opportunityId: string) => ({
    Opportunity__c: opportunityId,
    Name: stage.name,
    Sequence__c: stage.sequence,
    Status__c: stage.status,
    Is_Kickoff__c: stage.isKickoff,
    Target_Date__c: stage.targetDate
  })
});
