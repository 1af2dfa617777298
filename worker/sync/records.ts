// What one opportunity's evaluation asks of Salesforce, as records in Salesforce's field
// names: each with the values the run wants and what the run knows of the org's copy.
// The diff (diff.ts) decides from these which values to send.

import type { Evaluation, OpportunityValues } from '../core/evaluate.js';
import type { Plan } from '../core/playbooks.js';
import type {
  BusinessReview,
  HealthChange,
  ImplementationStage,
  Opportunity,
  SuccessMilestone
} from '../core/types.js';
import type { WorkerObject } from '../salesforce/fields.js';
import type { FieldValue } from '../salesforce/write-types.js';

export type Values = Record<string, FieldValue>;

/** How a field holds its value, so values read and values wanted compare like with like. */
export type FieldType =
  { kind: 'text' } | { kind: 'boolean' } | { kind: 'date' } | { kind: 'datetime' } | { kind: 'number'; scale: number };

const text: FieldType = { kind: 'text' };
const boolean: FieldType = { kind: 'boolean' };
const date: FieldType = { kind: 'date' };
const datetime: FieldType = { kind: 'datetime' };
const integer: FieldType = { kind: 'number', scale: 0 };

/** The type of every field the worker writes (DESIGN §2). */
export const FIELD_TYPES: Record<WrittenObject, Readonly<Record<string, FieldType>>> = {
  Opportunity: {
    Kickoff_Date__c: date,
    Post_Sale_Status__c: text,
    Onboarded__c: boolean,
    Onboarded_Date__c: date,
    Days_To_First_Value__c: integer,
    Health_Score__c: integer,
    Health_Grade__c: text,
    Health_Trend__c: integer,
    Health_Drivers__c: text,
    Health_Updated_At__c: datetime,
    Active_Users_30d__c: integer,
    Last_Product_Activity__c: datetime
  },
  Implementation_Stage__c: {
    Opportunity__c: text,
    Name: text,
    Sequence__c: integer,
    Status__c: text,
    Is_Kickoff__c: boolean,
    Target_Date__c: date
  },
  Success_Milestone__c: {
    Opportunity__c: text,
    Name: text,
    Kind__c: text,
    Sequence__c: integer,
    Status__c: text,
    Target_Date__c: date,
    Achieved_At__c: datetime,
    Is_First_Value__c: boolean,
    Usage_Metric__c: text,
    Usage_Threshold__c: { kind: 'number', scale: 2 },
    Evidence__c: text,
    Expansion_Signal__c: boolean,
    Advocacy_Ask__c: boolean
  },
  Business_Review__c: {
    Opportunity__c: text,
    Name: text,
    Review_Type__c: text,
    Sequence__c: integer,
    Due_Date__c: date,
    Status__c: text,
    Value_Summary__c: text
  },
  Health_Change__c: {
    Opportunity__c: text,
    Score__c: integer,
    Previous_Score__c: integer,
    Grade__c: text,
    Previous_Grade__c: text,
    Changed_At__c: datetime,
    Drivers__c: text
  }
};

export type WrittenObject = Exclude<WorkerObject, 'Account'>;

/** The External ID field each child object is upserted on (DESIGN §2). */
export const EXTERNAL_KEY_FIELD = {
  Implementation_Stage__c: 'Stage_Key__c',
  Success_Milestone__c: 'Milestone_Key__c',
  Business_Review__c: 'Review_Key__c',
  Health_Change__c: 'Change_Key__c'
} as const satisfies Partial<Record<WrittenObject, string>>;

/**
 * What the run knows of the org's copy of a record:
 * - `values`: it read the record in this run (the fields of `desired`, as read);
 * - `absent`: it read the opportunity's children and this record is not among them;
 * - `unread`: the run does not read such records (Health_Change__c history beyond the newest).
 */
export type OrgCopy = { values: Values } | 'absent' | 'unread';

export interface RecordState {
  object: WrittenObject;
  /** the record's Id in the org, when known */
  id: string | null;
  /** its external key (children made from a playbook, health changes); null for Opportunity and hand-made records */
  key: string | null;
  /** the opportunity it belongs to, for progress and reports */
  opportunityId: string;
  /** the values the run wants: every field to create it with, or the fields it keeps up to date */
  desired: Values;
  org: OrgCopy;
}

function opportunityValues(values: OpportunityValues): Values {
  return {
    Kickoff_Date__c: values.kickoffDate,
    Post_Sale_Status__c: values.postSaleStatus,
    Onboarded__c: values.onboarded,
    Onboarded_Date__c: values.onboardedDate,
    Days_To_First_Value__c: values.daysToFirstValue,
    Health_Score__c: values.healthScore,
    Health_Grade__c: values.healthGrade,
    Health_Trend__c: values.healthTrend,
    Health_Drivers__c: values.healthDrivers,
    Health_Updated_At__c: values.healthUpdatedAt,
    Active_Users_30d__c: values.activeUsers30d,
    Last_Product_Activity__c: values.lastProductActivity
  };
}

function stageValues(opportunityId: string, stage: ImplementationStage): Values {
  return {
    Opportunity__c: opportunityId,
    Name: stage.name,
    Sequence__c: stage.sequence,
    Status__c: stage.status,
    Is_Kickoff__c: stage.isKickoff,
    Target_Date__c: stage.targetDate
  };
}

type MilestoneProgress = Pick<SuccessMilestone, 'status' | 'achievedAt' | 'evidence'>;

function milestoneProgress(milestone: MilestoneProgress): Values {
  return { Status__c: milestone.status, Achieved_At__c: milestone.achievedAt, Evidence__c: milestone.evidence };
}

function milestoneValues(opportunityId: string, milestone: SuccessMilestone): Values {
  return {
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
    Advocacy_Ask__c: milestone.advocacyAsk
  };
}

function reviewValues(opportunityId: string, review: BusinessReview): Values {
  return {
    Opportunity__c: opportunityId,
    Name: review.name,
    Review_Type__c: review.reviewType,
    Sequence__c: review.sequence,
    Due_Date__c: review.dueDate,
    Status__c: review.status,
    Value_Summary__c: review.valueSummary
  };
}

function healthChangeValues(opportunityId: string, change: HealthChange): Values {
  return {
    Opportunity__c: opportunityId,
    Score__c: change.score,
    Previous_Score__c: change.previousScore,
    Grade__c: change.grade,
    Previous_Grade__c: change.previousGrade,
    Changed_At__c: change.changedAt,
    Drivers__c: change.drivers
  };
}

/** Records to create: none of them is in the org yet. */
function createdRecords<T extends { key: string | null }>(
  opportunityId: string,
  object: WrittenObject,
  items: readonly T[],
  values: (item: T) => Values
): RecordState[] {
  return items.map((item) => ({
    opportunityId,
    object,
    id: null,
    key: item.key,
    desired: values(item),
    org: 'absent'
  }));
}

/** The records a playbook plan creates (`sf cairn plan apply`): its stages, milestones and reviews. */
export function plannedRecords(opp: Opportunity, plan: Plan): RecordState[] {
  return [
    ...createdRecords(opp.id, 'Implementation_Stage__c', plan.stages, (s) => stageValues(opp.id, s)),
    ...createdRecords(opp.id, 'Success_Milestone__c', plan.milestones, (m) => milestoneValues(opp.id, m)),
    ...createdRecords(opp.id, 'Business_Review__c', plan.reviews, (r) => reviewValues(opp.id, r))
  ];
}

/**
 * Every record one evaluation wants, in the order they are written: the playbook's children
 * first, then the opportunity's own fields, then the health change that explains them.
 * Records planned in this run are `absent` from the org (the run read the opportunity's
 * children and did not find their keys); milestone and review updates carry the values
 * read with the opportunity.
 */
export function recordsFor(opp: Opportunity, evaluation: Evaluation): RecordState[] {
  const base = { opportunityId: opp.id };

  const milestonesById = new Map(opp.milestones.map((m) => [m.id, m]));
  const reviewsById = new Map(opp.reviews.map((r) => [r.id, r]));
  const change = evaluation.healthChange;

  return [
    ...createdRecords(opp.id, 'Implementation_Stage__c', evaluation.stagesToCreate, (s) => stageValues(opp.id, s)),
    ...createdRecords(opp.id, 'Success_Milestone__c', evaluation.milestonesToCreate, (m) => milestoneValues(opp.id, m)),
    ...evaluation.milestoneUpdates.map((update): RecordState => {
      const desired = milestoneProgress(update);
      const before = milestonesById.get(update.id);
      return {
        ...base,
        object: 'Success_Milestone__c',
        id: update.id,
        key: update.key,
        desired,
        org: before ? { values: milestoneProgress(before) } : 'absent'
      };
    }),
    ...createdRecords(opp.id, 'Business_Review__c', evaluation.reviewsToCreate, (r) => reviewValues(opp.id, r)),
    ...evaluation.reviewUpdates.map((update): RecordState => {
      const desired = { Value_Summary__c: update.valueSummary };
      const before = reviewsById.get(update.id);
      return {
        ...base,
        object: 'Business_Review__c',
        id: update.id,
        key: update.key,
        desired,
        org: before ? { values: { Value_Summary__c: before.valueSummary } } : 'absent'
      };
    }),
    {
      ...base,
      object: 'Opportunity',
      id: opp.id,
      key: null,
      desired: opportunityValues(evaluation.opportunity),
      org: { values: opportunityValues(opp) }
    },
    ...(change === null
      ? []
      : [
          {
            ...base,
            object: 'Health_Change__c' as const,
            id: null,
            key: change.key,
            desired: healthChangeValues(opp.id, change),
            org:
              opp.lastHealthChange?.key === change.key
                ? { values: healthChangeValues(opp.id, opp.lastHealthChange) }
                : ('unread' as const)
          }
        ])
  ];
}
