// Success_Milestone__c: the value milestones under an opportunity, some reached by usage
// (DESIGN §2, §4.3).

import { MILESTONE_KINDS, MILESTONE_STATUSES, type SuccessMilestone } from '../../core/types.js';
import { boolean, date, datetime, decimal, defineObject, integer, text, type FieldValue } from './define.js';

type MilestoneProgress = Pick<SuccessMilestone, 'status' | 'achievedAt' | 'evidence'>;

/** The fields a run keeps up to date on a milestone that exists: its progress. */
export function milestoneProgress(
  milestone: MilestoneProgress
): Record<'Status__c' | 'Achieved_At__c' | 'Evidence__c', FieldValue> {
  return { Status__c: milestone.status, Achieved_At__c: milestone.achievedAt, Evidence__c: milestone.evidence };
}

export const successMilestone = defineObject({
  name: 'Success_Milestone__c',
  child: { relationship: 'Success_Milestones__r', orderBy: 'Sequence__c' },
  externalKey: 'Milestone_Key__c',
  read: ['Id'],
  write: {
    Opportunity__c: text,
    Name: text,
    Kind__c: text,
    Sequence__c: integer,
    Status__c: text,
    Target_Date__c: date,
    Achieved_At__c: datetime,
    Is_First_Value__c: boolean,
    Usage_Metric__c: text,
    Usage_Threshold__c: decimal(2),
    Evidence__c: text,
    Expansion_Signal__c: boolean,
    Advocacy_Ask__c: boolean,
    Horizon_Months__c: integer
  },
  fillOnly: [],
  fromSalesforce: (f): SuccessMilestone => ({
    id: f.text('Id'),
    key: f.text('Milestone_Key__c'),
    name: f.requiredText('Name'),
    kind: f.requiredPick('Kind__c', MILESTONE_KINDS),
    sequence: f.number('Sequence__c') ?? 0,
    status: f.requiredPick('Status__c', MILESTONE_STATUSES, 'Planned'),
    targetDate: f.date('Target_Date__c'),
    achievedAt: f.dateTime('Achieved_At__c'),
    isFirstValue: f.checkbox('Is_First_Value__c'),
    usageMetric: f.text('Usage_Metric__c'),
    usageThreshold: f.number('Usage_Threshold__c'),
    evidence: f.text('Evidence__c'),
    expansionSignal: f.checkbox('Expansion_Signal__c'),
    advocacyAsk: f.checkbox('Advocacy_Ask__c'),
    horizonMonths: f.number('Horizon_Months__c')
  }),
  toSalesforce: (milestone: SuccessMilestone, opportunityId: string) => ({
    Opportunity__c: opportunityId,
    Name: milestone.name,
    Kind__c: milestone.kind,
    Sequence__c: milestone.sequence,
    Target_Date__c: milestone.targetDate,
    ...milestoneProgress(milestone),
    Is_First_Value__c: milestone.isFirstValue,
    Usage_Metric__c: milestone.usageMetric,
    Usage_Threshold__c: milestone.usageThreshold,
    Expansion_Signal__c: milestone.expansionSignal,
    Advocacy_Ask__c: milestone.advocacyAsk,
    Horizon_Months__c: milestone.horizonMonths
  })
});
