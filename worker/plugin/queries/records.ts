// Reading the Salesforce records the plugin's queries return into the core's types, and the
// one ordering helper the commands share.
import type { ImplementationStage, IsoDate, StageStatus } from '../../core/types.js';

export interface StageRecord {
  Id: string;
  Stage_Key__c: string | null;
  Name: string;
  Sequence__c: number | null;
  Status__c: StageStatus;
  Is_Kickoff__c: boolean;
  Target_Date__c: IsoDate | null;
  Completed_Date__c: IsoDate | null;
}

export function stageFromRecord(record: StageRecord): ImplementationStage {
  return {
    id: record.Id,
    key: record.Stage_Key__c,
    name: record.Name,
    sequence: record.Sequence__c ?? 0,
    status: record.Status__c,
    isKickoff: record.Is_Kickoff__c,
    targetDate: record.Target_Date__c,
    completedDate: record.Completed_Date__c,
    // the commands do not ask about satisfaction
    productSatisfaction: null,
    serviceSatisfaction: null
  };
}

/** A subquery's stages in Sequence__c order (kickoffState takes the first kickoff stage by sequence). */
export function stagesOf(related: { records: StageRecord[] } | null): ImplementationStage[] {
  return (related?.records ?? []).map(stageFromRecord).sort(byKeys((stage) => [stage.sequence, stage.id]));
}

type SortKey = string | number | null;

/**
 * A comparator over a list of keys, compared in turn: numbers numerically, strings by code
 * unit (the same order on every machine, unlike localeCompare), nulls last.
 */
export function byKeys<T>(keysOf: (item: T) => readonly SortKey[]): (a: T, b: T) => number {
  return (a, b) => {
    const left = keysOf(a);
    const right = keysOf(b);
    for (let i = 0; i < left.length; i++) {
      const x = left[i] ?? null;
      const y = right[i] ?? null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    }
    return 0;
  };
}
