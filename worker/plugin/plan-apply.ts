// `sf cairn plan apply`: its flag values, checked before any call, and its table.
import { KEY_HELP, KEY_MAX_LENGTH, KEY_PATTERN } from '../core/playbooks.js';
import type { AppliedRecord, ApplyPlaybookResult } from '../sync/apply-playbook.js';

/** An Opportunity Id: key prefix 006, then 12 letters or digits, with or without the 3-character suffix. */
const OPPORTUNITY_ID = /^006[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;

export function parseOpportunityId(value: string): string {
  const id = value.trim();
  if (!OPPORTUNITY_ID.test(id)) {
    throw new Error(
      `${JSON.stringify(value)} is not an Opportunity Id: give the 15- or 18-character Id, letters and digits ` +
        'starting with 006 (as in the record page URL, /lightning/r/Opportunity/006.../view).'
    );
  }
  return id;
}

export function parsePlaybookKey(value: string): string {
  const key = value.trim();
  if (key.length > KEY_MAX_LENGTH || !KEY_PATTERN.test(key)) {
    throw new Error(
      `${JSON.stringify(value)} is not a playbook key: ${KEY_HELP}, at most ${KEY_MAX_LENGTH} characters, e.g. multi-phase.`
    );
  }
  return key;
}

/** A table row (a type alias, as the table wants plain records). */
export type PlanApplyRow = {
  type: 'Stage' | 'Milestone' | 'Review';
  /** the external key without the `<Opportunity Id>:` every key of the opportunity starts with */
  key: string;
  name: string;
  /** the target or due date; blank when there is none */
  due: string;
  /** the status, and for a row Salesforce refused, why */
  status: string;
};

/** One row per record, stages, then milestones, then reviews, each in the result's order. */
export function planApplyRows(result: ApplyPlaybookResult): PlanApplyRow[] {
  const prefix = `${result.opportunityId}:`;
  const rows = (type: PlanApplyRow['type'], records: readonly AppliedRecord[]): PlanApplyRow[] =>
    records.map((record) => ({
      type,
      key: record.key.startsWith(prefix) ? record.key.slice(prefix.length) : record.key,
      name: record.name,
      due: record.dueDate ?? '',
      status: record.error === undefined ? record.status : `${record.status}: ${record.error}`
    }));
  return [...rows('Stage', result.stages), ...rows('Milestone', result.milestones), ...rows('Review', result.reviews)];
}

/** How many records have each status, for the title line. */
export function statusCounts(result: ApplyPlaybookResult): Record<AppliedRecord['status'], number> {
  const counts = { created: 0, present: 0, missing: 0, failed: 0 };
  for (const record of [...result.stages, ...result.milestones, ...result.reviews]) counts[record.status] += 1;
  return counts;
}
