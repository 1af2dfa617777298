// DESIGN §4.4: was the kickoff call held, or is it scheduled? Shared by the worker and the
// `sf cairn kickoff missing` command.

import type { ImplementationStage, IsoDate, Opportunity } from './types.js';

export interface KickoffState {
  /** Kickoff_Date__c is set, or the kickoff stage is Done */
  held: boolean;
  /** the kickoff stage's status is Scheduled (reported whether or not the kickoff was held) */
  scheduled: boolean;
  /** Kickoff_Date__c, else (stage Done) its Completed_Date__c, else today; null when not held */
  heldDate: IsoDate | null;
  /** the Is_Kickoff__c stage (the first by sequence if there are several); null when there is none */
  stage: ImplementationStage | null;
  /** the Kickoff_Date__c the worker should write: only when it is blank and the stage is Done */
  kickoffDateToWrite: IsoDate | null;
}

export function kickoffState(opp: Pick<Opportunity, 'kickoffDate' | 'stages'>, today: IsoDate): KickoffState {
  const stage = opp.stages.find((s) => s.isKickoff) ?? null;
  const stageDone = stage?.status === 'Done';
  const kickoffDateToWrite = opp.kickoffDate === null && stageDone ? (stage.completedDate ?? today) : null;
  const heldDate = opp.kickoffDate ?? kickoffDateToWrite;
  return {
    held: heldDate !== null,
    scheduled: stage?.status === 'Scheduled',
    heldDate,
    stage,
    kickoffDateToWrite
  };
}
