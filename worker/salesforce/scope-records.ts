// One Opportunity of the scope query, with its account and child records, as the core's
// Opportunity: each object's declaration (objects/) maps its own records; this puts them together.

import type { Opportunity } from '../core/types.js';
import { account, ACCOUNT_RELATIONSHIP } from './objects/account.js';
import {
  businessReview,
  healthChange,
  implementationStage,
  opportunity,
  opportunityContactRole,
  successMilestone
} from './objects/index.js';
import { InvalidValue, RecordReader, type SfRecord } from './objects/record-reader.js';

export type { SfRecord } from './objects/record-reader.js';

/** A value the core cannot use; the opportunity holding it is left out of the run. */
export interface ScopeProblem {
  opportunityId: string;
  object: string;
  recordId: string | null;
  field: string;
  value: unknown;
  message: string;
}

interface ChildDeclaration<T> {
  name: string;
  child: { relationship: string } | null;
  fromSalesforce: (record: RecordReader<never>) => T;
}

/** Maps each child record, noting which object and record a bad value came from. */
function children<T>(record: SfRecord, declaration: ChildDeclaration<T>): T[] {
  const relationship = declaration.child?.relationship as string;
  const value = record[relationship] as { records?: SfRecord[] } | null | undefined;
  return (value?.records ?? []).map((child) => {
    try {
      return declaration.fromSalesforce(new RecordReader(child));
    } catch (error) {
      if (error instanceof InvalidValue)
        throw Object.assign(error, { object: declaration.name, recordId: child.Id ?? null });
      throw error;
    }
  });
}

function parent(record: SfRecord, relationship: string): SfRecord {
  const value = record[relationship];
  return value && typeof value === 'object' ? (value as SfRecord) : {};
}

/**
 * One Opportunity of the scope query as the core's Opportunity, or the problem that keeps
 * it out of the run (a value the core has no rule for, such as an unknown picklist value).
 */
export function toOpportunity(record: SfRecord): Opportunity | ScopeProblem {
  const id = String(record.Id ?? '');
  try {
    const { accountName, productAccountId } = account.fromSalesforce(
      new RecordReader(parent(record, ACCOUNT_RELATIONSHIP))
    );
    return {
      ...opportunity.fromSalesforce(new RecordReader(record)),
      accountName,
      productAccountId,
      stages: children(record, implementationStage),
      milestones: children(record, successMilestone),
      reviews: children(record, businessReview),
      lastHealthChange: children(record, healthChange)[0] ?? null,
      contactRoles: children(record, opportunityContactRole)
    };
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    const { object, recordId } = error as InvalidValue & { object?: string; recordId?: string | null };
    return {
      opportunityId: id,
      object: object ?? 'Opportunity',
      recordId: recordId ?? id,
      field: error.field,
      value: error.value,
      message: error.message
    };
  }
}
