// DESIGN §4.6: playbooks (config/playbooks/*.json), which one an opportunity gets, and the
// stages, milestones and reviews it adds. Reading the files is worker/playbooks/load.ts.

import { z } from 'zod';
import { addDays, addMonths } from './dates.js';
import { METRIC_KEY_HELP, parseMetricKey } from './metric-keys.js';
import { reviewKey, reviewName, reviewSchedule, type ReviewsConfig } from './reviews.js';
import {
  IMPLEMENTATION_TYPES,
  MILESTONE_KINDS,
  type BusinessReview,
  type ImplementationStage,
  type IsoDate,
  type Opportunity,
  type SuccessMilestone
} from './types.js';

/** Playbook, stage and milestone keys: they become part of external keys (`<oppId>:<key>`). */
export const KEY_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
export const KEY_MAX_LENGTH = 60;
export const KEY_HELP = 'use lower-case letters and digits joined by - or _ (it becomes part of an external key)';
const keySchema = z.string().max(KEY_MAX_LENGTH).regex(KEY_PATTERN, KEY_HELP);
/** Name is Text(80) on every Cairn object. */
const nameSchema = z.string().trim().min(1, 'must not be empty').max(80);
const dueDaysSchema = z.number().int('must be a whole number of days').min(0).max(3650);
/** DESIGN §9.7: the customer's own journey is marked at these months after the close. */
export const HORIZON_MONTHS = [3, 6, 12, 24] as const;

const stageSchema = z
  .object({
    key: keySchema,
    name: nameSchema,
    dueDays: dueDaysSchema,
    isKickoff: z.boolean().default(false)
  })
  .strict();

const milestoneSchema = z
  .object({
    key: keySchema,
    name: nameSchema,
    kind: z.enum(MILESTONE_KINDS),
    dueDays: dueDaysSchema.optional(),
    horizonMonths: z
      .number()
      .refine((n) => (HORIZON_MONTHS as readonly number[]).includes(n), `must be one of ${HORIZON_MONTHS.join(', ')}`)
      .optional(),
    usageMetric: z
      .string()
      .max(255)
      .refine((key) => parseMetricKey(key) !== null, `must be ${METRIC_KEY_HELP}`)
      .optional(),
    // Usage_Threshold__c is Number(16,2)
    usageThreshold: z
      .number()
      .positive()
      .max(1e14)
      .refine((t) => Math.abs(t * 100 - Math.round(t * 100)) < 1e-6, 'at most 2 decimal places')
      .optional(),
    firstValue: z.boolean().default(false),
    expansionSignal: z.boolean().default(false),
    advocacyAsk: z.boolean().default(false)
  })
  .strict()
  .refine((m) => (m.usageMetric === undefined) === (m.usageThreshold === undefined), {
    message:
      'usageMetric and usageThreshold go together: set both for a usage milestone, neither for one tracked by hand',
    path: ['usageThreshold']
  })
  .refine((m) => (m.dueDays === undefined) !== (m.horizonMonths === undefined), {
    message:
      "set exactly one of dueDays (target CloseDate + days) and horizonMonths (target CloseDate + months, for the customer's journey)",
    path: ['dueDays']
  })
  .refine((m) => m.horizonMonths === undefined || m.kind === 'Customer', {
    message: 'horizonMonths marks the customer\'s own journey: only a milestone of kind "Customer" may carry it',
    path: ['horizonMonths']
  });

export const playbookSchema = z
  .object({
    key: keySchema,
    name: nameSchema,
    description: z.string().trim().min(1, 'say what kind of deal this playbook is for'),
    implementationType: z.enum(IMPLEMENTATION_TYPES).optional(),
    opportunityTypes: z.array(z.string().trim().min(1)).min(1).optional(),
    default: z.boolean().default(false),
    stages: z.array(stageSchema),
    milestones: z.array(milestoneSchema),
    reviews: z.object({ quarterly: z.boolean(), renewalReview: z.boolean() }).strict()
  })
  .strict()
  .superRefine((playbook, ctx) => {
    for (const [list, items] of [
      ['stages', playbook.stages],
      ['milestones', playbook.milestones]
    ] as const) {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.key)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, index, 'key'],
            message: `duplicate key "${item.key}" in ${list}`
          });
        }
        seen.add(item.key);
      });
    }
    const atMostOne = (list: 'stages' | 'milestones', flags: boolean[], flag: string): void => {
      const marked = flags.flatMap((on, index) => (on ? [index] : []));
      for (const index of marked.slice(1)) {
        ctx.addIssue({ code: 'custom', path: [list, index, flag], message: `only one of the ${list} may set ${flag}` });
      }
    };
    atMostOne(
      'stages',
      playbook.stages.map((s) => s.isKickoff),
      'isKickoff'
    );
    atMostOne(
      'milestones',
      playbook.milestones.map((m) => m.firstValue),
      'firstValue'
    );
    if (!playbook.default && playbook.implementationType === undefined && playbook.opportunityTypes === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'matches every opportunity: set implementationType and/or opportunityTypes, or mark it "default": true'
      });
    }
  });

export type Playbook = z.output<typeof playbookSchema>;
export type PlaybookStage = Playbook['stages'][number];
export type PlaybookMilestone = Playbook['milestones'][number];

/** Invalid playbooks: one line per problem, each naming the file and where in it. */
export class PlaybookError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid playbooks:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PlaybookError';
  }
}

/** Validates one playbook's JSON; `source` (e.g. the file path) starts every problem line. */
export function parsePlaybook(raw: unknown, source: string): Playbook {
  const result = playbookSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new PlaybookError(
    result.error.issues.map((issue) => `${source}: ${describePath(raw, issue.path)}: ${issue.message}`)
  );
}

/** `['stages', 1, 'dueDays']` → `stages[1] (key "setup").dueDays`, naming the item by its key. */
function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(playbook)';
  let text = '';
  let node: unknown = raw;
  for (const part of path) {
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part] : undefined;
    if (typeof part === 'number') {
      const key = node !== null && typeof node === 'object' ? (node as { key?: unknown }).key : undefined;
      text += typeof key === 'string' ? `[${part}] (key "${key}")` : `[${part}]`;
    } else {
      text += text === '' ? String(part) : `.${String(part)}`;
    }
  }
  return text;
}

/**
 * Checks a set of parsed playbooks together: unique keys, exactly one default, and no two
 * playbooks that would match the same opportunity equally well.
 */
export function checkPlaybookSet(entries: readonly { source: string; playbook: Playbook }[]): void {
  const problems: string[] = [];
  entries.forEach((a, i) => {
    for (const b of entries.slice(i + 1)) {
      if (a.playbook.key === b.playbook.key) {
        problems.push(`${b.source}: key: "${b.playbook.key}" is already the key of ${a.source}`);
      } else if (sameCriteria(a.playbook, b.playbook)) {
        problems.push(
          `${b.source}: implementationType/opportunityTypes: matches the same opportunities as ${a.source}; make one of them more specific`
        );
      }
    }
  });
  const defaults = entries.filter((e) => e.playbook.default);
  if (defaults.length !== 1) {
    const which = defaults.length === 0 ? 'none is' : `${defaults.map((d) => d.source).join(', ')} are`;
    problems.push(`exactly one playbook must have "default": true, but ${which}`);
  }
  if (problems.length > 0) throw new PlaybookError(problems);
}

function sameCriteria(a: Playbook, b: Playbook): boolean {
  if (a.implementationType !== b.implementationType) return false;
  if (a.opportunityTypes === undefined || b.opportunityTypes === undefined) {
    return a.opportunityTypes === b.opportunityTypes;
  }
  return a.opportunityTypes.some((type) => b.opportunityTypes?.includes(type));
}

/**
 * The playbook for an opportunity: among the playbooks whose criteria all match (an
 * opportunityTypes list containing Opportunity.Type, an implementationType equal to
 * Implementation_Type__c), the most specific one — an opportunityTypes match outweighs an
 * implementationType match, both outweigh neither — else the default playbook.
 * checkPlaybookSet guarantees there is no tie.
 */
export function selectPlaybook(
  opp: Pick<Opportunity, 'implementationType' | 'type'>,
  playbooks: readonly Playbook[]
): Playbook {
  let best: { playbook: Playbook; specificity: number } | null = null;
  for (const playbook of playbooks) {
    const specificity = matchSpecificity(opp, playbook);
    if (specificity !== null && specificity > 0 && (best === null || specificity > best.specificity)) {
      best = { playbook, specificity };
    }
  }
  const chosen = best?.playbook ?? playbooks.find((p) => p.default);
  if (!chosen) throw new PlaybookError(['no playbook matches and none is marked "default": true']);
  return chosen;
}

/** null when a criterion does not match; else 2 for an opportunityTypes match + 1 for an implementationType match. */
function matchSpecificity(opp: Pick<Opportunity, 'implementationType' | 'type'>, playbook: Playbook): number | null {
  if (playbook.implementationType !== undefined && playbook.implementationType !== opp.implementationType) return null;
  if (playbook.opportunityTypes !== undefined && (opp.type === null || !playbook.opportunityTypes.includes(opp.type))) {
    return null;
  }
  return (playbook.opportunityTypes ? 2 : 0) + (playbook.implementationType ? 1 : 0);
}

/** For `--playbook KEY`: the playbook with that key, or an error listing the keys there are. */
export function playbookByKey(key: string, playbooks: readonly Playbook[]): Playbook {
  const found = playbooks.find((p) => p.key === key);
  if (found) return found;
  throw new PlaybookError([`no playbook has key "${key}"; known keys: ${playbooks.map((p) => p.key).join(', ')}`]);
}

/** Records to create; each has a null id and its external key set. */
export interface Plan {
  stages: ImplementationStage[];
  milestones: SuccessMilestone[];
  reviews: BusinessReview[];
}

export interface PlanOptions {
  /**
   * Plan the playbook's stages and milestones even when the opportunity already has stages
   * (`sf cairn plan apply`). Without it they are planned only for an opportunity with no
   * Implementation_Stage__c yet (DESIGN §4.6), or one holding a stage or milestone this
   * playbook made (a run that stopped part-way left the rest). Reviews are planned on every call.
   */
  reapply?: boolean;
  /**
   * Keys of this playbook's stages and milestones that the worker wrote before and the org no
   * longer has: someone deleted them, so completing the playbook does not bring them back.
   * (`reapply` and an opportunity with no stages at all still plan them.)
   */
  deletedKeys?: ReadonlySet<string>;
}

export const stageKey = (opportunityId: string, key: string): string => `${opportunityId}:${key}`;
export const milestoneKey = (opportunityId: string, key: string): string => `${opportunityId}:${key}`;

/**
 * What applying `playbook` adds to `opp`: only records whose external key the opportunity
 * does not have yet, so planning again after a (partial) write returns just the rest.
 * Targets are CloseDate + dueDays. A playbook first-value milestone is not marked first
 * value when the opportunity already has one (at most one per opportunity).
 */
function playbookKeys(opp: Opportunity, playbook: Playbook): Set<string> {
  return new Set([
    ...playbook.stages.map((stage) => stageKey(opp.id, stage.key)),
    ...playbook.milestones.map((milestone) => milestoneKey(opp.id, milestone.key))
  ]);
}

/** Whether the worker applied this playbook before: the opportunity holds a stage or milestone keyed by it. */
function appliedBefore(opp: Opportunity, playbook: Playbook): boolean {
  const keys = playbookKeys(opp, playbook);
  return [...opp.stages, ...opp.milestones].some((record) => record.key !== null && keys.has(record.key));
}

/**
 * The stage and milestone keys a run would add to complete a playbook applied in part: the
 * ones to look up in the store's acknowledged writes, to tell a record never written from
 * one deleted since (PlanOptions.deletedKeys). Empty unless the playbook was applied before.
 */
export function keysToComplete(
  opp: Opportunity,
  playbook: Playbook
): { Implementation_Stage__c: string[]; Success_Milestone__c: string[] } {
  if (opp.stages.length === 0 || !appliedBefore(opp, playbook)) {
    return { Implementation_Stage__c: [], Success_Milestone__c: [] };
  }
  const present = new Set([...opp.stages, ...opp.milestones].map((record) => record.key));
  return {
    Implementation_Stage__c: playbook.stages
      .map((stage) => stageKey(opp.id, stage.key))
      .filter((key) => !present.has(key)),
    Success_Milestone__c: playbook.milestones
      .map((milestone) => milestoneKey(opp.id, milestone.key))
      .filter((key) => !present.has(key))
  };
}

export function planFor(
  opp: Opportunity,
  playbook: Playbook,
  today: IsoDate,
  config: ReviewsConfig,
  options: PlanOptions = {}
): Plan {
  // A stage or milestone keyed by this playbook means the worker applied it before; a run
  // that stopped mid-write (killed, daily limit) may have left some of its records unwritten,
  // and they are added now, except those deleted since. Hand-made stages alone keep it out.
  const fresh = options.reapply === true || opp.stages.length === 0;
  const applyStages = fresh || appliedBefore(opp, playbook);
  const deleted = fresh ? new Set<string>() : (options.deletedKeys ?? new Set<string>());
  const has = (records: readonly { key: string | null }[]): ((key: string) => boolean) => {
    const keys = new Set(records.map((r) => r.key));
    return (key) => keys.has(key) || deleted.has(key);
  };
  const hasStage = has(opp.stages);
  const hasMilestone = has(opp.milestones);
  const hasReview = has(opp.reviews);
  const alreadyHasFirstValue = opp.milestones.some((m) => m.isFirstValue);

  const stages = applyStages
    ? playbook.stages.flatMap((stage, index): ImplementationStage[] => {
        const key = stageKey(opp.id, stage.key);
        if (hasStage(key)) return [];
        return [
          {
            id: null,
            key,
            name: stage.name,
            sequence: index + 1,
            status: 'To Do',
            isKickoff: stage.isKickoff,
            targetDate: addDays(opp.closeDate, stage.dueDays),
            completedDate: null,
            productSatisfaction: null,
            serviceSatisfaction: null
          }
        ];
      })
    : [];

  const milestones = applyStages
    ? playbook.milestones.flatMap((milestone, index): SuccessMilestone[] => {
        const key = milestoneKey(opp.id, milestone.key);
        if (hasMilestone(key)) return [];
        return [
          {
            id: null,
            key,
            name: milestone.name,
            kind: milestone.kind,
            sequence: index + 1,
            status: 'Planned',
            targetDate:
              milestone.horizonMonths === undefined
                ? addDays(opp.closeDate, milestone.dueDays ?? 0)
                : addMonths(opp.closeDate, milestone.horizonMonths),
            achievedAt: null,
            isFirstValue: milestone.firstValue && !alreadyHasFirstValue,
            usageMetric: milestone.usageMetric ?? null,
            usageThreshold: milestone.usageThreshold ?? null,
            evidence: null,
            expansionSignal: milestone.expansionSignal,
            advocacyAsk: milestone.advocacyAsk,
            horizonMonths: milestone.horizonMonths ?? null
          }
        ];
      })
    : [];

  const reviews = reviewSchedule(
    {
      closeDate: opp.closeDate,
      contractEndDate: opp.contractEndDate,
      today,
      quarterly: playbook.reviews.quarterly,
      renewalReview: playbook.reviews.renewalReview
    },
    config
  ).flatMap((review): BusinessReview[] => {
    const key = reviewKey(opp.id, review.type, review.sequence);
    if (hasReview(key)) return [];
    return [
      {
        id: null,
        key,
        name: reviewName(review.type, review.sequence),
        reviewType: review.type,
        sequence: review.sequence,
        dueDate: review.dueDate,
        scheduledAt: null,
        status: 'To Schedule',
        valueSummary: null,
        productSatisfaction: null,
        serviceSatisfaction: null
      }
    ];
  });

  return { stages, milestones, reviews };
}
