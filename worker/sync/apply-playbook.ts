// `sf cairn plan apply` (DESIGN §5.5; rules §4.6): one opportunity's playbook applied on
// request. Reads the opportunity with the scope reader, takes the playbook named or the one
// §4.6 chooses, plans every stage, milestone and review its external key says is missing
// (also when some stages exist), and upserts just those with the sync's own mapping and
// writer. Applying twice creates nothing the second time, and with nothing missing it makes
// no write call at all.

import type { CoreConfig } from '../core/config.js';
import { toDate } from '../core/dates.js';
import { planFor, playbookByKey, PlaybookError, selectPlaybook, type Plan, type Playbook } from '../core/playbooks.js';
import type { BusinessReview, ImplementationStage, IsoDate, Opportunity, SuccessMilestone } from '../core/types.js';
import { checkWritable } from '../salesforce/describe-check.js';
import { outOfScopeReason, readScope, readScopeStanding } from '../salesforce/scope.js';
import type { SalesforceSession } from '../salesforce/session.js';
import { writeChanges } from '../salesforce/write.js';
import type { FailedRow, WriteOptions, WrittenRow } from '../salesforce/write-types.js';
import { diffRecords, writePhases } from './diff.js';
import { plannedRecords } from './records.js';

export interface ApplyPlaybookInput {
  /** signs in when first needed (as SyncDeps.salesforce does): a bad --playbook is refused before any call */
  salesforce: () => Promise<SalesforceSession>;
  /** the Opportunity's Id, 15 or 18 characters */
  opportunityId: string;
  /** the playbook to apply (`--playbook KEY`); without it, the one DESIGN §4.6 chooses */
  playbookKey?: string;
  playbooks: readonly Playbook[];
  config: Pick<CoreConfig, 'reviews'>;
  /** the rules' "now": QBRs of an open-ended contract are topped up from its day */
  now: Date;
  /** plan and check the fields are writable, but write nothing */
  dryRun?: boolean;
  writeOptions?: Partial<WriteOptions>;
}

/**
 * - `created`: written by this call;
 * - `present`: the org already has a record with its external key (left as it is);
 * - `missing`: not in the org; a dry run, so not written;
 * - `failed`: Salesforce refused it (see `error`).
 */
export type AppliedStatus = 'created' | 'present' | 'missing' | 'failed';

export interface AppliedRecord {
  /** the external key: Stage_Key__c, Milestone_Key__c or Review_Key__c */
  key: string;
  /** the record's Name: the org's for a record already there, else the playbook's */
  name: string;
  /** Target_Date__c of a stage or milestone, Due_Date__c of a review (the org's for a record already there) */
  dueDate: IsoDate | null;
  status: AppliedStatus;
  /** the record's Id; null while it is not in the org */
  id: string | null;
  /** why Salesforce refused it (`failed` only): its status code and message */
  error?: string;
}

export interface ApplyPlaybookResult {
  /** the 18-character Id */
  opportunityId: string;
  opportunityName: string;
  playbook: { key: string; name: string };
  dryRun: boolean;
  /** every record the playbook gives the opportunity, in the playbook's order (reviews by due date) */
  stages: AppliedRecord[];
  milestones: AppliedRecord[];
  reviews: AppliedRecord[];
}

/** Why a playbook was not applied: nothing was written. */
export type ApplyRefusal = 'unknown-playbook' | 'not-found' | 'not-won' | 'out-of-scope' | 'unusable-value';

export class ApplyRefusedError extends Error {
  override name = 'ApplyRefusedError';
  constructor(
    readonly refusal: ApplyRefusal,
    message: string
  ) {
    super(message);
  }
}

/** What the writer said about the rows sent; null for a dry run. */
export interface WriteOutcome {
  written: readonly WrittenRow[];
  failed: readonly FailedRow[];
}

export async function applyPlaybook(input: ApplyPlaybookInput): Promise<ApplyPlaybookResult> {
  const { now } = input;
  // a playbook named on the command line is checked before anything is asked of the org
  const named = input.playbookKey === undefined ? null : namedPlaybook(input.playbookKey, input.playbooks);
  const session = await input.salesforce();
  const opp = await readOpportunity(session, input.opportunityId, now);
  const playbook = named ?? selectPlaybook(opp, input.playbooks);
  const today = toDate(now);
  const plan = planFor(opp, playbook, today, input.config.reviews, { reapply: true });

  const phases = writePhases(diffRecords(plannedRecords(opp, plan)));
  let outcome: WriteOutcome | null = null;
  if (phases.length > 0) await checkWritable(session, phases.flat());
  if (!input.dryRun) {
    const written: WrittenRow[] = [];
    const failed: FailedRow[] = [];
    for (const phase of phases) {
      const { report, stop } = await writeChanges(session, phase, input.writeOptions);
      if (stop) throw stop;
      written.push(...report.written);
      failed.push(...report.failedRows);
    }
    outcome = { written, failed };
  }
  return applyResult({ opp, playbook, plan, today, config: input.config, outcome });
}

function namedPlaybook(key: string, playbooks: readonly Playbook[]): Playbook {
  try {
    return playbookByKey(key, playbooks);
  } catch (error) {
    if (error instanceof PlaybookError) throw new ApplyRefusedError('unknown-playbook', error.problems.join('; '));
    throw error;
  }
}

/** The opportunity as the sync reads it, or a refusal saying why it cannot have a playbook. */
async function readOpportunity(session: SalesforceSession, id: string, now: Date): Promise<Opportunity> {
  const scope = await readScope(session, now, { opportunityIds: [id] });
  const [opp] = scope.opportunities;
  if (opp) return opp;
  const [problem] = scope.problems;
  if (problem) {
    const where = problem.recordId === null ? problem.object : `${problem.object} ${problem.recordId}`;
    throw new ApplyRefusedError(
      'unusable-value',
      `Opportunity ${problem.opportunityId} holds a value Cairn's rules cannot use: on ${where}, ${problem.message}.`
    );
  }
  const standing = await readScopeStanding(session, id);
  if (!standing) throw new ApplyRefusedError('not-found', `The org has no Opportunity with Id ${id}.`);
  const out = outOfScopeReason(standing, now);
  const which = `Opportunity "${standing.name}" (${standing.id})`;
  if (out?.rule === 'won') {
    throw new ApplyRefusedError('not-won', `${which} is not won (IsWon is false): playbooks apply to won deals only.`);
  }
  throw new ApplyRefusedError(
    'out-of-scope',
    `${which} is outside Cairn's scope: ${out?.reason ?? `the org did not return it as in scope at ${now.toISOString()}`}.`
  );
}

export interface ResultInput {
  opp: Opportunity;
  playbook: Playbook;
  /** what was missing (planFor with reapply) */
  plan: Plan;
  today: IsoDate;
  config: Pick<CoreConfig, 'reviews'>;
  outcome: WriteOutcome | null;
}

/**
 * Every record the playbook gives the opportunity, each as created, present, missing or
 * failed. The full list is the plan for the same opportunity without children; the ones
 * `plan` holds were missing, the rest are present under their external keys.
 */
export function applyResult({ opp, playbook, plan, today, config, outcome }: ResultInput): ApplyPlaybookResult {
  const wanted = planFor({ ...opp, stages: [], milestones: [], reviews: [] }, playbook, today, config.reviews, {
    reapply: true
  });
  const list = (object: string, all: readonly Child[], missing: readonly Child[], existing: readonly Child[]) => {
    const missingKeys = new Set(missing.map((m) => m.key));
    return all.map(listed).flatMap(({ key, name, dueDate }): AppliedRecord[] => {
      if (key === null) return [];
      if (!missingKeys.has(key)) {
        const there = existing.map(listed).find((e) => e.key === key);
        return [
          there
            ? { key, name: there.name, dueDate: there.dueDate, status: 'present', id: there.id }
            : { key, name, dueDate, status: 'present', id: null }
        ];
      }
      const planned = { key, name, dueDate };
      if (outcome === null) return [{ ...planned, status: 'missing', id: null }];
      const written = outcome.written.find((row) => row.object === object && row.key === key);
      if (written) return [{ ...planned, status: written.created ? 'created' : 'present', id: written.id }];
      const failed = outcome.failed.find((row) => row.object === object && row.key === key);
      const error = failed
        ? `${failed.statusCode}: ${failed.message}`
        : 'not written: the write stopped before this row';
      return [{ ...planned, status: 'failed', id: failed?.id ?? null, error }];
    });
  };
  return {
    opportunityId: opp.id,
    opportunityName: opp.name,
    playbook: { key: playbook.key, name: playbook.name },
    dryRun: outcome === null,
    stages: list('Implementation_Stage__c', wanted.stages, plan.stages, opp.stages),
    milestones: list('Success_Milestone__c', wanted.milestones, plan.milestones, opp.milestones),
    reviews: list('Business_Review__c', wanted.reviews, plan.reviews, opp.reviews)
  };
}

type Child = ImplementationStage | SuccessMilestone | BusinessReview;

/** A stage, milestone or review with its date: Target_Date__c, or a review's Due_Date__c. */
function listed(record: Child): Pick<Child, 'key' | 'id' | 'name'> & { dueDate: IsoDate | null } {
  return {
    key: record.key,
    id: record.id,
    name: record.name,
    dueDate: 'dueDate' in record ? record.dueDate : record.targetDate
  };
}
