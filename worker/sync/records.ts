// What one opportunity's evaluation asks of Salesforce, as records in Salesforce's field
// names: each with the values the run wants and what the run knows of the org's copy.
// The diff (diff.ts) decides from these which values to send.

import type { Evaluation } from '../core/evaluate.js';
import type { Plan } from '../core/playbooks.js';
import type { Opportunity } from '../core/types.js';
import type { FieldValue } from '../salesforce/objects/define.js';
import {
  businessReview,
  healthChange,
  implementationStage,
  opportunity,
  successMilestone,
  type WrittenObject
} from '../salesforce/objects/index.js';
import { reviewSummary } from '../salesforce/objects/business-review.js';
import { milestoneProgress } from '../salesforce/objects/success-milestone.js';

export type Values = Record<string, FieldValue>;

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

/** Records to create: none of them is in the org yet. */
export function createdRecords<T extends { key: string | null }>(
  opportunityId: string,
  object: WrittenObject,
  items: readonly T[],
  values: (item: T, opportunityId: string) => Values
): RecordState[] {
  return items.map((item) => ({
    opportunityId,
    object,
    id: null,
    key: item.key,
    desired: values(item, opportunityId),
    org: 'absent'
  }));
}

/** The records a playbook plan creates (`sf cairn plan apply`): its stages, milestones and reviews. */
export function plannedRecords(opp: Opportunity, plan: Plan): RecordState[] {
  return [
    ...createdRecords(opp.id, implementationStage.name, plan.stages, implementationStage.toSalesforce),
    ...createdRecords(opp.id, successMilestone.name, plan.milestones, successMilestone.toSalesforce),
    ...createdRecords(opp.id, businessReview.name, plan.reviews, businessReview.toSalesforce)
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
    ...createdRecords(opp.id, implementationStage.name, evaluation.stagesToCreate, implementationStage.toSalesforce),
    ...createdRecords(opp.id, successMilestone.name, evaluation.milestonesToCreate, successMilestone.toSalesforce),
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
    ...createdRecords(opp.id, businessReview.name, evaluation.reviewsToCreate, businessReview.toSalesforce),
    ...evaluation.reviewUpdates.map((update): RecordState => {
      const desired = reviewSummary(update);
      const before = reviewsById.get(update.id);
      return {
        ...base,
        object: 'Business_Review__c',
        id: update.id,
        key: update.key,
        desired,
        org: before ? { values: reviewSummary(before) } : 'absent'
      };
    }),
    {
      ...base,
      object: 'Opportunity',
      id: opp.id,
      key: null,
      desired: opportunity.toSalesforce(evaluation.opportunity, opp.id),
      org: { values: opportunity.toSalesforce(opp, opp.id) }
    },
    ...(change === null
      ? []
      : [
          {
            ...base,
            object: 'Health_Change__c' as const,
            id: null,
            key: change.key,
            desired: healthChange.toSalesforce(change, opp.id),
            org:
              opp.lastHealthChange?.key === change.key
                ? { values: healthChange.toSalesforce(opp.lastHealthChange, opp.id) }
                : ('unread' as const)
          }
        ])
  ];
}
