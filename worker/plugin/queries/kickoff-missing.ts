// `sf cairn kickoff missing`: won opportunities closed in the last N days whose kickoff was
// not held (DESIGN §4.4, decided by the core's kickoffState), oldest close first.
import { addDays, daysBetween } from '../../core/dates.js';
import { kickoffState } from '../../core/kickoff.js';
import type { IsoDate } from '../../core/types.js';
import { soqlDate } from '../../salesforce/soql.js';
import { byKeys, stagesOf, type StageRecord } from './records.js';

export interface KickoffMissingRow {
  id: string;
  name: string;
  accountName: string | null;
  closeDate: IsoDate;
  daysSinceClose: number;
  amount: number | null;
  /** CS_Owner__c's name */
  csOwner: string | null;
  /** the kickoff stage is Scheduled */
  kickoffScheduled: boolean;
  /** the kickoff stage's Target_Date__c */
  kickoffTargetDate: IsoDate | null;
}

export type KickoffMissingResult = KickoffMissingRow[];

export interface KickoffOpportunityRecord {
  Id: string;
  Name: string;
  CloseDate: IsoDate;
  Amount: number | null;
  Kickoff_Date__c: IsoDate | null;
  Account: { Name: string | null } | null;
  CS_Owner__r: { Name: string | null } | null;
  Implementation_Stages__r: { records: StageRecord[] } | null;
}

/**
 * CloseDate in [today − days, today]: SOQL's LAST_N_DAYS:n, but counted from the command's
 * "now" (CAIRN_NOW) rather than the org's clock, so answers are reproducible.
 */
export function kickoffMissingQuery(today: IsoDate, days: number): string {
  return [
    'SELECT Id, Name, CloseDate, Amount, Kickoff_Date__c, Account.Name, CS_Owner__r.Name,',
    ' (SELECT Id, Stage_Key__c, Name, Sequence__c, Status__c, Is_Kickoff__c, Target_Date__c, Completed_Date__c',
    ' FROM Implementation_Stages__r)',
    ' FROM Opportunity',
    ` WHERE IsWon = true AND CloseDate >= ${soqlDate(addDays(today, -days))} AND CloseDate <= ${soqlDate(today)}`
  ].join('');
}

export function kickoffMissingRows(records: readonly KickoffOpportunityRecord[], today: IsoDate): KickoffMissingResult {
  const rows: KickoffMissingRow[] = [];
  for (const record of records) {
    const stages = stagesOf(record.Implementation_Stages__r);
    const kickoff = kickoffState({ kickoffDate: record.Kickoff_Date__c, stages }, today);
    if (kickoff.held) continue;
    rows.push({
      id: record.Id,
      name: record.Name,
      accountName: record.Account?.Name ?? null,
      closeDate: record.CloseDate,
      daysSinceClose: daysBetween(record.CloseDate, today),
      amount: record.Amount,
      csOwner: record.CS_Owner__r?.Name ?? null,
      kickoffScheduled: kickoff.scheduled,
      kickoffTargetDate: kickoff.stage?.targetDate ?? null
    });
  }
  return rows.sort(byKeys((row) => [row.closeDate, row.name, row.id]));
}
