// `sf cairn health list`: post-sale opportunities (won, Post_Sale_Status__c set) with their
// health, worst first: lowest score first, unscored last.
import { HEALTH_GRADES, type HealthGrade, type PostSaleStatus } from '../../core/types.js';
import { soqlString, soqlStringList } from '../../salesforce/soql.js';
import { byKeys } from './records.js';

export interface HealthListRow {
  id: string;
  name: string;
  accountName: string | null;
  csOwner: string | null;
  score: number | null;
  grade: HealthGrade | null;
  /** score now minus about 30 days ago */
  trend: number | null;
  status: PostSaleStatus;
  /** the first line of Health_Drivers__c: the measure that costs the most points */
  topDriver: string | null;
  /** Health_Next_Grade__c: what would lift the deal to the next grade (DESIGN §9.6) */
  nextGrade: string | null;
}

export type HealthListResult = HealthListRow[];

export interface HealthOpportunityRecord {
  Id: string;
  Name: string;
  Account: { Name: string | null } | null;
  CS_Owner__r: { Name: string | null } | null;
  Health_Score__c: number | null;
  Health_Grade__c: HealthGrade | null;
  Health_Trend__c: number | null;
  Post_Sale_Status__c: PostSaleStatus;
  Health_Drivers__c: string | null;
  Health_Next_Grade__c: string | null;
}

export interface HealthListFilter {
  /** only these grades (an unscored opportunity has no grade, so it is left out) */
  grades?: readonly HealthGrade[];
  /** only opportunities whose CS_Owner__c is this user */
  csOwnerId?: string;
}

/** One --grade value, case-insensitive: `c` → `C`; anything but A–F is refused with the valid list. */
export function parseGrade(value: string): HealthGrade {
  const grade = value.trim().toUpperCase();
  if (!(HEALTH_GRADES as readonly string[]).includes(grade)) {
    throw new Error(
      `"${value}" is not a health grade. Use ${HEALTH_GRADES.join(', ')}, comma-separated: --grade C,D,F`
    );
  }
  return grade as HealthGrade;
}

export function healthListQuery(filter: HealthListFilter = {}): string {
  const conditions = ['IsWon = true', 'Post_Sale_Status__c != null'];
  if (filter.grades?.length) conditions.push(`Health_Grade__c IN ${soqlStringList([...new Set(filter.grades)])}`);
  if (filter.csOwnerId !== undefined) conditions.push(`CS_Owner__c = ${soqlString(filter.csOwnerId)}`);
  return [
    'SELECT Id, Name, Account.Name, CS_Owner__r.Name, Health_Score__c, Health_Grade__c, Health_Trend__c,',
    ' Post_Sale_Status__c, Health_Drivers__c, Health_Next_Grade__c',
    ' FROM Opportunity',
    ` WHERE ${conditions.join(' AND ')}`
  ].join('');
}

function firstLine(text: string | null): string | null {
  const line = text?.split(/\r?\n/).find((l) => l.trim() !== '');
  return line?.trim() ?? null;
}

export function healthListRows(records: readonly HealthOpportunityRecord[]): HealthListResult {
  return records
    .map((record) => ({
      id: record.Id,
      name: record.Name,
      accountName: record.Account?.Name ?? null,
      csOwner: record.CS_Owner__r?.Name ?? null,
      score: record.Health_Score__c,
      grade: record.Health_Grade__c,
      trend: record.Health_Trend__c,
      status: record.Post_Sale_Status__c,
      topDriver: firstLine(record.Health_Drivers__c),
      nextGrade: record.Health_Next_Grade__c
    }))
    .sort(byKeys((row) => [row.score, row.name, row.id]));
}
