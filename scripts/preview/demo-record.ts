// Which Opportunity the preview shows first: the richest won one, so every component has
// something to show (stages, milestones, reviews, a health score and its history), with
// work still open so the plan shows more than ticks.

import type { OrgConnection } from './server.js';

interface ChildList {
  totalSize: number;
}

interface StageList extends ChildList {
  records: { Status__c: string }[];
}

export interface OpportunityRow {
  Id: string;
  Name: string;
  Health_Score__c: number | null;
  Implementation_Stages__r: StageList | null;
  Success_Milestones__r: ChildList | null;
  Business_Reviews__r: ChildList | null;
  Health_Changes__r: ChildList | null;
}

export interface DemoRecord {
  id: string;
  name: string;
  /** what the record lacks for every component to show its main content; empty when nothing */
  missing: string[];
}

const QUERY = `SELECT Id, Name, Health_Score__c,
  (SELECT Status__c FROM Implementation_Stages__r),
  (SELECT Id FROM Success_Milestones__r),
  (SELECT Id FROM Business_Reviews__r),
  (SELECT Id FROM Health_Changes__r)
FROM Opportunity WHERE IsWon = true ORDER BY CloseDate DESC LIMIT 200`;

const size = (list: ChildList | null) => list?.totalSize ?? 0;

function missingParts(row: OpportunityRow): string[] {
  const missing: string[] = [];
  if (size(row.Implementation_Stages__r) === 0) missing.push('implementation stages');
  if (size(row.Success_Milestones__r) === 0) missing.push('success milestones');
  if (size(row.Business_Reviews__r) === 0) missing.push('business reviews');
  if (row.Health_Score__c === null) missing.push('a health score');
  return missing;
}

/** Fewest missing parts first, then open stages, then the longest health history, then the most children. */
export function pickDemoRecord(rows: OpportunityRow[]): DemoRecord | null {
  const ranked = rows
    .map((row) => ({
      row,
      missing: missingParts(row),
      open: (row.Implementation_Stages__r?.records ?? []).some((stage) => stage.Status__c !== 'Done') ? 1 : 0,
      history: size(row.Health_Changes__r),
      children: size(row.Implementation_Stages__r) + size(row.Success_Milestones__r) + size(row.Business_Reviews__r)
    }))
    .sort(
      (a, b) =>
        a.missing.length - b.missing.length || b.open - a.open || b.history - a.history || b.children - a.children
    );
  const best = ranked[0];
  return best ? { id: best.row.Id, name: best.row.Name, missing: best.missing } : null;
}

export async function findDemoRecord(org: OrgConnection, apiVersion: string): Promise<DemoRecord | null> {
  const url = `${org.url.replace(/\/$/, '')}/services/data/v${apiVersion}/query?q=${encodeURIComponent(QUERY)}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${org.accessToken}` } });
  if (!response.ok) {
    throw new Error(`Could not list the org's won opportunities (${response.status}): ${await response.text()}`);
  }
  const { records } = (await response.json()) as { records: OpportunityRow[] };
  return pickDemoRecord(records);
}

/** The id of the user the access token runs as, for `@salesforce/user/Id`. */
export async function currentUserId(org: OrgConnection): Promise<string> {
  const response = await fetch(`${org.url.replace(/\/$/, '')}/services/oauth2/userinfo`, {
    headers: { Authorization: `Bearer ${org.accessToken}` }
  });
  if (!response.ok) {
    throw new Error(`The org refused the access token (${response.status}); check --token or LOCAL_ORG_TOKEN.`);
  }
  const { user_id: userId } = (await response.json()) as { user_id: string };
  return userId;
}
