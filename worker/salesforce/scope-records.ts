// Salesforce records as the core's types (worker/core/types.ts): dates stay `YYYY-MM-DD`,
// date-times become ISO UTC (`2026-03-04T10:12:00.000+0000` → `2026-03-04T10:12:00Z`),
// picklists are checked against the values the core knows.

import { addDays, formatInstant } from '../core/dates.js';
import {
  HEALTH_GRADES,
  IMPLEMENTATION_TYPES,
  MILESTONE_KINDS,
  MILESTONE_STATUSES,
  POST_SALE_STATUSES,
  REVIEW_STATUSES,
  REVIEW_TYPES,
  STAGE_STATUSES,
  type BusinessReview,
  type HealthChange,
  type ImplementationStage,
  type Opportunity,
  type SuccessMilestone
} from '../core/types.js';

export type SfRecord = Record<string, unknown>;

/** A value the core cannot use; the opportunity holding it is left out of the run. */
export interface ScopeProblem {
  opportunityId: string;
  object: string;
  recordId: string | null;
  field: string;
  value: unknown;
  message: string;
}

class InvalidValue extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    expected: string
  ) {
    super(`${field} is ${JSON.stringify(value)}; expected ${expected}`);
  }
}

/** Reads typed fields of one record; a wrong value throws InvalidValue naming the field. */
class Fields {
  constructor(private readonly record: SfRecord) {}

  private raw(field: string): unknown {
    const value = this.record[field];
    return value === undefined ? null : value;
  }

  text(field: string): string | null {
    const value = this.raw(field);
    if (value === null || typeof value === 'string') return value === '' ? null : value;
    throw new InvalidValue(field, value, 'text');
  }

  requiredText(field: string): string {
    const value = this.text(field);
    if (value === null) throw new InvalidValue(field, value, 'a value');
    return value;
  }

  number(field: string): number | null {
    const value = this.raw(field);
    if (value === null || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw new InvalidValue(field, value, 'a number');
  }

  checkbox(field: string): boolean {
    return this.raw(field) === true;
  }

  date(field: string): string | null {
    const value = this.text(field);
    if (value === null) return null;
    try {
      return addDays(value, 0); // parses the day, refusing anything that is not YYYY-MM-DD
    } catch {
      throw new InvalidValue(field, value, 'a date (YYYY-MM-DD)');
    }
  }

  dateTime(field: string): string | null {
    const value = this.text(field);
    if (value === null) return null;
    try {
      return formatInstant(value);
    } catch {
      throw new InvalidValue(field, value, 'a date-time');
    }
  }

  /** A picklist value the core knows; blank gives `blank` (null, or the field's starting value). */
  pick<T extends string>(field: string, values: readonly T[], blank: T | null): T | null {
    const value = this.text(field);
    if (value === null) return blank;
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidValue(field, value, `one of ${values.join(', ')}`);
  }

  requiredPick<T extends string>(field: string, values: readonly T[], blank?: T): T {
    const value = this.pick(field, values, blank ?? null);
    if (value === null) throw new InvalidValue(field, null, `one of ${values.join(', ')}`);
    return value;
  }

  child(relationship: string): SfRecord[] {
    const value = this.raw(relationship) as { records?: SfRecord[] } | null;
    return value?.records ?? [];
  }

  parent(relationship: string): Fields {
    const value = this.raw(relationship);
    return new Fields(value && typeof value === 'object' ? (value as SfRecord) : {});
  }
}

function toStage(f: Fields): ImplementationStage {
  return {
    id: f.text('Id'),
    key: f.text('Stage_Key__c'),
    name: f.requiredText('Name'),
    sequence: f.number('Sequence__c') ?? 0,
    status: f.requiredPick('Status__c', STAGE_STATUSES, 'To Do'),
    isKickoff: f.checkbox('Is_Kickoff__c'),
    targetDate: f.date('Target_Date__c'),
    completedDate: f.date('Completed_Date__c')
  };
}

function toMilestone(f: Fields): SuccessMilestone {
  return {
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
    advocacyAsk: f.checkbox('Advocacy_Ask__c')
  };
}

function toReview(f: Fields): BusinessReview {
  return {
    id: f.text('Id'),
    key: f.text('Review_Key__c'),
    name: f.requiredText('Name'),
    reviewType: f.requiredPick('Review_Type__c', REVIEW_TYPES),
    sequence: f.number('Sequence__c') ?? 0,
    dueDate: f.date('Due_Date__c'),
    scheduledAt: f.dateTime('Scheduled_At__c'),
    status: f.requiredPick('Status__c', REVIEW_STATUSES, 'To Schedule'),
    valueSummary: f.text('Value_Summary__c')
  };
}

function toHealthChange(f: Fields): HealthChange {
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
}

/** Maps each child record, noting which object and record a bad value came from. */
function children<T>(f: Fields, relationship: string, object: string, map: (f: Fields) => T): T[] {
  return f.child(relationship).map((record) => {
    try {
      return map(new Fields(record));
    } catch (error) {
      if (error instanceof InvalidValue) throw Object.assign(error, { object, recordId: record.Id ?? null });
      throw error;
    }
  });
}

/**
 * One Opportunity of the scope query as the core's Opportunity, or the problem that keeps
 * it out of the run (a value the core has no rule for, such as an unknown picklist value).
 */
export function toOpportunity(record: SfRecord): Opportunity | ScopeProblem {
  const f = new Fields(record);
  const id = String(record.Id ?? '');
  try {
    const account = f.parent('Account');
    const closeDate = f.date('CloseDate');
    if (closeDate === null) throw new InvalidValue('CloseDate', null, 'a date');
    return {
      id,
      name: f.requiredText('Name'),
      type: f.text('Type'),
      accountId: f.text('AccountId'),
      accountName: account.text('Name'),
      productAccountId: account.text('Product_Account_Id__c'),
      closeDate,
      amount: f.number('Amount'),
      ownerId: f.text('OwnerId'),
      csOwnerId: f.text('CS_Owner__c'),
      implementationType: f.pick('Implementation_Type__c', IMPLEMENTATION_TYPES, null),
      licensedSeats: f.number('Licensed_Seats__c'),
      contractEndDate: f.date('Contract_End_Date__c'),
      kickoffDate: f.date('Kickoff_Date__c'),
      postSaleStatus: f.pick('Post_Sale_Status__c', POST_SALE_STATUSES, null),
      onboarded: f.checkbox('Onboarded__c'),
      onboardedDate: f.date('Onboarded_Date__c'),
      daysToFirstValue: f.number('Days_To_First_Value__c'),
      healthScore: f.number('Health_Score__c'),
      healthGrade: f.pick('Health_Grade__c', HEALTH_GRADES, null),
      healthTrend: f.number('Health_Trend__c'),
      healthDrivers: f.text('Health_Drivers__c'),
      healthUpdatedAt: f.dateTime('Health_Updated_At__c'),
      activeUsers30d: f.number('Active_Users_30d__c'),
      lastProductActivity: f.dateTime('Last_Product_Activity__c'),
      stages: children(f, 'Implementation_Stages__r', 'Implementation_Stage__c', toStage),
      milestones: children(f, 'Success_Milestones__r', 'Success_Milestone__c', toMilestone),
      reviews: children(f, 'Business_Reviews__r', 'Business_Review__c', toReview),
      lastHealthChange: children(f, 'Health_Changes__r', 'Health_Change__c', toHealthChange)[0] ?? null
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
