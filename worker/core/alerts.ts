// DESIGN §9.5: what needs a person, as alert conditions — each with the Task that would tell
// the CS owner, the evidence that fired it, and, once it no longer holds, why it cleared.
// Pure: the opportunity as this run sees it in, conditions out. Which Tasks to create or
// close is alert-lifecycle.ts's question.

import { z } from 'zod';
import { addDays, daysBetween } from './dates.js';
import type { FeatureAdoption } from './adoption.js';
import type { HealthResult } from './health.js';
import type { KickoffState } from './kickoff.js';
import type { KeyPerson } from './people.js';
import type { AlertPriority, BusinessReview, IsoDate, Opportunity, SuccessMilestone } from './types.js';
import { plural } from './words.js';

export const ALERT_RULES = [
  'kickoff-overdue',
  'first-value-overdue',
  'health-at-risk',
  'key-person-quiet',
  'key-person-left',
  'review-to-schedule',
  'feature-not-adopted',
  'expansion-signal',
  'advocacy-ask'
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** Rules whose key names what the alert is about (`<rule>:<ContactId>`, …); the others are one per opportunity. */
export const RULES_WITH_TARGET: ReadonlySet<AlertRule> = new Set([
  'key-person-quiet',
  'key-person-left',
  'review-to-schedule',
  'feature-not-adopted',
  'expansion-signal',
  'advocacy-ask'
]);

/** Rules the worker never closes: a person decides when the conversation they ask for is done. */
export const RULES_CLOSED_BY_PEOPLE: ReadonlySet<AlertRule> = new Set(['expansion-signal', 'advocacy-ask']);

export interface AlertsConfig {
  /** each rule on (true) or off; a rule turned off creates nothing and leaves its open Tasks as they are */
  rules: Record<AlertRule, boolean>;
  /** kickoff-overdue fires this many days after CloseDate */
  kickoffOverdueDays: number;
  /** review-to-schedule fires for a review To Schedule due within this many days, or overdue by fewer */
  reviewLeadDays: number;
  /** feature-not-adopted fires this many days after a feature became available */
  featureAdoptionDays: number;
  /** a new Task is due this many days from today, by its priority */
  dueInDays: Record<AlertPriority, number>;
  /** the Status of a new Task */
  openStatus: string;
  /** the Status the worker sets when it closes its Task */
  closedStatus: string;
  /** closed Tasks modified this recently are read each run, with the open ones */
  recentlyClosedDays: number;
}

export const DEFAULT_ALERTS_CONFIG: AlertsConfig = {
  rules: Object.fromEntries(ALERT_RULES.map((rule) => [rule, true])) as Record<AlertRule, boolean>,
  kickoffOverdueDays: 7,
  reviewLeadDays: 30,
  featureAdoptionDays: 30,
  dueInDays: { High: 2, Normal: 7 },
  openStatus: 'Not Started',
  closedStatus: 'Completed',
  recentlyClosedDays: 30
};

const days = z.number().int('expected a whole number of days').min(0, 'expected 0 days or more');
const status = z.string().trim().min(1, 'expected a Task Status value');

/** The `alerts` section of config/cairn.json. */
export const alertsConfigSchema = z
  .object({
    rules: z
      .object(
        Object.fromEntries(ALERT_RULES.map((rule) => [rule, z.boolean().default(true)])) as Record<
          AlertRule,
          z.ZodDefault<z.ZodBoolean>
        >
      )
      .strict()
      .prefault({}),
    kickoffOverdueDays: days.default(DEFAULT_ALERTS_CONFIG.kickoffOverdueDays),
    reviewLeadDays: days.default(DEFAULT_ALERTS_CONFIG.reviewLeadDays),
    featureAdoptionDays: days.default(DEFAULT_ALERTS_CONFIG.featureAdoptionDays),
    dueInDays: z
      .object({
        High: days.default(DEFAULT_ALERTS_CONFIG.dueInDays.High),
        Normal: days.default(DEFAULT_ALERTS_CONFIG.dueInDays.Normal)
      })
      .strict()
      .prefault({}),
    openStatus: status.default(DEFAULT_ALERTS_CONFIG.openStatus),
    closedStatus: status.default(DEFAULT_ALERTS_CONFIG.closedStatus),
    recentlyClosedDays: days.default(DEFAULT_ALERTS_CONFIG.recentlyClosedDays)
  })
  .strict() satisfies z.ZodType<AlertsConfig, unknown>;

/** What the rules look at: one opportunity as this run evaluated it. */
export interface AlertFacts {
  opportunity: Pick<Opportunity, 'id' | 'name' | 'closeDate' | 'ownerId' | 'csOwnerId'>;
  today: IsoDate;
  kickoff: KickoffState;
  /** the milestones with this run's decisions applied */
  milestones: readonly SuccessMilestone[];
  reviews: readonly BusinessReview[];
  health: Pick<HealthResult, 'score' | 'grade' | 'drivers'>;
  /** Health_Next_Grade__c as this run computed it */
  nextGrade: string | null;
  keyPeople: readonly KeyPerson[];
  /** the features available to the opportunity, with when each was adopted (DESIGN §9.7) */
  adoption: readonly FeatureAdoption[];
}

/** A condition that holds now: the Task it asks for, before it has a key occurrence. */
export interface AlertCondition {
  /** `<18-char Opportunity Id>:<rule suffix>` */
  key: string;
  rule: AlertRule;
  /** what the key names after the rule (a contact, review or milestone Id); null for rules without one */
  target: string | null;
  subject: string;
  /** the evidence: the numbers and dates that fired it */
  description: string;
  priority: AlertPriority;
  dueDate: IsoDate;
  whoId: string | null;
}

export function alertKey(opportunityId: string, rule: AlertRule, target: string | null): string {
  return target === null ? `${opportunityId}:${rule}` : `${opportunityId}:${rule}:${target}`;
}

/**
 * A review or milestone this run creates has no Id yet: its alert names it by its external
 * key, `{<key>}`, until the write of the children tells the Id (worker/sync/alerts.ts), so a
 * new deal's alerts are raised by the run that made its records.
 */
export function pendingTarget(externalKey: string): string {
  return `{${externalKey}}`;
}

/** The external key inside an alert key's pending target, and the target as written. */
export function pendingTargetIn(key: string): { externalKey: string; target: string } | null {
  const found = /\{([^{}]+)\}/.exec(key);
  return found ? { externalKey: found[1] as string, target: found[0] } : null;
}

/** The Id of a record, else its pending target; null for a record with neither (made by hand, not yet read). */
function targetOf(record: { id: string | null; key: string | null }): string | null {
  return record.id ?? (record.key === null ? null : pendingTarget(record.key));
}

/** Every enabled rule's conditions that hold for this opportunity. */
export function alertConditions(facts: AlertFacts, config: AlertsConfig): AlertCondition[] {
  const found = [
    ...kickoffOverdue(facts, config),
    ...firstValueOverdue(facts),
    ...healthAtRisk(facts),
    ...keyPersonAlerts(facts),
    ...reviewsToSchedule(facts, config),
    ...featuresNotAdopted(facts, config),
    ...milestoneAsks(facts)
  ];
  return found
    .filter((alert) => config.rules[alert.rule])
    .map(({ target, ...alert }) => ({
      ...alert,
      target: target ?? null,
      key: alertKey(facts.opportunity.id, alert.rule, target ?? null),
      subject: cut(`Cairn: ${alert.subject} — ${facts.opportunity.name}`, 255),
      dueDate: alert.dueDate ?? addDays(facts.today, config.dueInDays[alert.priority])
    }));
}

type Found = Omit<AlertCondition, 'key' | 'target' | 'dueDate'> & { target?: string; dueDate?: IsoDate };

function kickoffOverdue({ kickoff, opportunity, today }: AlertFacts, config: AlertsConfig): Found[] {
  const sinceWon = daysBetween(opportunity.closeDate, today);
  if (kickoff.held || sinceWon < config.kickoffOverdueDays) return [];
  const stage = kickoff.stage;
  return [
    {
      rule: 'kickoff-overdue',
      subject: 'hold the kickoff call',
      description: lines(
        `Won on ${opportunity.closeDate} (${plural(sinceWon, 'day')} ago) and the kickoff call is not held yet.`,
        stage
          ? `Kickoff stage "${stage.name}": ${stage.status}${stage.targetDate ? `, target ${stage.targetDate}` : ', no target date'}.`
          : 'No implementation stage is marked as the kickoff.',
        `Cairn raises this ${plural(config.kickoffOverdueDays, 'day')} after the close.`
      ),
      priority: 'High',
      whoId: null
    }
  ];
}

function firstValueOverdue({ milestones }: AlertFacts): Found[] {
  const missed = milestones.find((m) => m.isFirstValue && m.status === 'Missed');
  if (!missed) return [];
  return [
    {
      rule: 'first-value-overdue',
      subject: 'first value is overdue',
      description: lines(
        `First-value milestone "${missed.name}" was due ${missed.targetDate ?? '(no target date)'} and is Missed.`,
        missed.usageMetric && missed.usageThreshold !== null
          ? `It is reached when ${missed.usageMetric} reaches ${missed.usageThreshold}.`
          : 'It is tracked by hand: mark it Achieved when the customer has first value.',
        missed.evidence ? `Evidence so far: ${missed.evidence}` : null
      ),
      priority: 'High',
      whoId: null
    }
  ];
}

function healthAtRisk({ health, nextGrade }: AlertFacts): Found[] {
  if (health.grade !== 'D' && health.grade !== 'F') return [];
  return [
    {
      rule: 'health-at-risk',
      subject: `health is ${health.grade} (${health.score})`,
      description: lines(
        `Health ${health.score}, grade ${health.grade}. What costs it points:`,
        health.drivers,
        nextGrade ? `Recovery path: ${nextGrade}` : null
      ),
      priority: 'High',
      whoId: null
    }
  ];
}

function keyPersonAlerts({ keyPeople }: AlertFacts): Found[] {
  return keyPeople.flatMap((key): Found[] => {
    const { contact } = key.person;
    if (contact.leftCompany) {
      return [
        {
          rule: 'key-person-left',
          target: contact.id,
          subject: `${contact.name} has left: find a new ${key.role}`,
          description: lines(
            `${contact.name}, ${key.role} on this deal, is marked as having left the company.`,
            'Find who takes over their part, add them as a contact role, and introduce yourself.'
          ),
          priority: 'High',
          whoId: contact.id
        }
      ];
    }
    if (key.engaged) return [];
    return [
      {
        rule: 'key-person-quiet',
        target: contact.id,
        subject: `re-engage ${contact.name}`,
        description: lines(
          `${contact.name}, ${key.role} on this deal, is not engaged: ${
            key.person.lastTouch === null
              ? 'no product use or logged activity yet'
              : `last touch ${key.person.lastTouch} (${plural(key.daysSinceTouch ?? 0, 'day')} ago)`
          }.`,
          `Product engagement: ${key.person.engagement}.`
        ),
        priority: 'Normal',
        whoId: contact.id
      }
    ];
  });
}

function reviewsToSchedule({ reviews, today }: AlertFacts, config: AlertsConfig): Found[] {
  return reviews.flatMap((review): Found[] => {
    const target = targetOf(review);
    if (target === null || review.status !== 'To Schedule' || review.dueDate === null) return [];
    const until = daysBetween(today, review.dueDate);
    // due within the lead time, or overdue by less than it: a review missed by months is not asked for
    if (until > config.reviewLeadDays || until <= -config.reviewLeadDays) return [];
    const normalDue = addDays(today, config.dueInDays.Normal);
    return [
      {
        rule: 'review-to-schedule',
        target,
        subject: `schedule the ${review.reviewType} "${review.name}"`,
        description: lines(
          `${review.reviewType} "${review.name}" is due ${review.dueDate} (${
            until >= 0 ? `in ${plural(until, 'day')}` : `${plural(-until, 'day')} overdue`
          }) and is not scheduled yet.`,
          'Book it with the customer and set Scheduled At.'
        ),
        priority: 'Normal',
        // due by the review's own date when that comes first, never in the past
        dueDate: [normalDue, review.dueDate < today ? today : review.dueDate].sort()[0],
        whoId: null
      }
    ];
  });
}

function featuresNotAdopted({ adoption, opportunity }: AlertFacts, config: AlertsConfig): Found[] {
  return adoption.flatMap((feature): Found[] => {
    const releasedAfterSale = feature.releasedOn > opportunity.closeDate;
    if (!releasedAfterSale || feature.adoptedAt !== null || feature.daysAvailable < config.featureAdoptionDays)
      return [];
    return [
      {
        rule: 'feature-not-adopted',
        target: feature.key,
        subject: `introduce ${feature.name}`,
        description: lines(
          `${feature.name} was released on ${feature.releasedOn}, after this deal closed, and is not in use ` +
            `${plural(feature.daysAvailable, 'day')} later.`,
          'Tell every stakeholder, decision makers included, and offer a "new feature" call.'
        ),
        priority: 'Normal',
        whoId: null
      }
    ];
  });
}

function milestoneAsks({ milestones }: AlertFacts): Found[] {
  return milestones.flatMap((m): Found[] => {
    const target = targetOf(m);
    if (target === null || m.status !== 'Achieved') return [];
    const reached = `Milestone "${m.name}" was achieved${m.achievedAt ? ` on ${m.achievedAt.slice(0, 10)}` : ''}.`;
    const asks: Found[] = [];
    if (m.expansionSignal) {
      asks.push({
        rule: 'expansion-signal',
        target,
        subject: `expansion signal: ${m.name}`,
        description: lines(reached, 'The playbook marks it as an expansion signal: talk about growing the account.'),
        priority: 'Normal',
        whoId: null
      });
    }
    if (m.advocacyAsk) {
      asks.push({
        rule: 'advocacy-ask',
        target,
        subject: `ask for advocacy: ${m.name}`,
        description: lines(
          reached,
          'The playbook marks it as a good moment to ask for a reference, review or case study.'
        ),
        priority: 'Normal',
        whoId: null
      });
    }
    return asks;
  });
}

/** Why the condition of `key` (one of this opportunity's) no longer holds, for the Task's closing line. */
export function clearedWhy(rule: AlertRule, target: string | null, facts: AlertFacts): string {
  switch (rule) {
    case 'kickoff-overdue':
      return facts.kickoff.heldDate
        ? `the kickoff call was held on ${facts.kickoff.heldDate}`
        : 'the kickoff call was held';
    case 'first-value-overdue': {
      const firstValue = facts.milestones.find((m) => m.isFirstValue);
      if (firstValue?.status === 'Achieved') {
        return `first value was reached${firstValue.achievedAt ? ` on ${firstValue.achievedAt.slice(0, 10)}` : ''}`;
      }
      return 'the first-value milestone is no longer Missed';
    }
    case 'health-at-risk':
      return facts.health.grade === null
        ? 'health has no score any more'
        : `health is ${facts.health.grade} (${facts.health.score}) now`;
    case 'key-person-quiet':
    case 'key-person-left': {
      const key = facts.keyPeople.find((k) => k.person.contact.id === target);
      if (!key) return 'they are no longer a key person of this opportunity';
      if (key.person.contact.leftCompany) return `${key.person.contact.name} has left the company`;
      return `${key.person.contact.name} is engaged again (last touch ${key.person.lastTouch ?? 'unknown'})`;
    }
    case 'review-to-schedule': {
      const review = facts.reviews.find((r) => r.id === target);
      if (!review) return 'the review was deleted';
      if (review.status !== 'To Schedule') return `the review is ${review.status}`;
      if (review.dueDate !== null && review.dueDate < facts.today) {
        return `the review was due ${review.dueDate} and is still not scheduled: Cairn stops asking`;
      }
      return `the review is due ${review.dueDate ?? 'on no date'}, further away than the lead time`;
    }
    case 'feature-not-adopted': {
      const feature = facts.adoption.find((f) => f.key === target);
      if (feature?.adoptedAt) return `${feature.name} is in use since ${feature.adoptedAt.slice(0, 10)}`;
      return 'the feature is no longer in the features file';
    }
    case 'expansion-signal':
    case 'advocacy-ask':
      return 'the milestone is no longer Achieved';
  }
}

function lines(...parts: (string | null)[]): string {
  return parts.filter((part): part is string => part !== null && part !== '').join('\n');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
