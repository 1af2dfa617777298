// DESIGN §9.5: from the conditions that hold, the Cairn Tasks the org has and what the store
// remembers, the Tasks to create and to close — at most one Task per key and occurrence.
//
// Per alert key, with n its latest occurrence (the higher of the store's and the org's):
// - the condition holds: no occurrence yet → create the first (key as it is); the latest
//   Task is open → nothing; it was closed by a person (or deleted) → nothing while the
//   condition keeps holding; it was closed after the condition cleared → create `<key>:n+1`.
// - it does not hold: the latest Task is open → the worker closes it, appending
//   `Closed by Cairn on <date>: <why>`; it was closed by a person → the clearing is recorded,
//   so the next time the condition holds is a new occurrence. Rules a person closes
//   (expansion, advocacy) and rules turned off are left alone.
// A Task the worker closed carries its closing line, which marks the clearing even when the
// store did not get to record it (the worker stopped between the write and the record).

import {
  ALERT_RULES,
  alertConditions,
  clearedWhy,
  RULES_CLOSED_BY_PEOPLE,
  RULES_WITH_TARGET,
  type AlertCondition,
  type AlertFacts,
  type AlertRule,
  type AlertsConfig
} from './alerts.js';
import type { AlertTask, IsoDate, NewAlertTask } from './types.js';

/** What the store remembers of an alert key: its latest acknowledged occurrence. */
export interface AlertMemory {
  occurrence: number;
  /** the condition of that occurrence cleared (the worker closed its Task, or saw it closed and the condition gone) */
  cleared: boolean;
}

/** An alert key as Cairn_Alert_Key__c spells it, taken apart. */
export interface ParsedAlertKey {
  /** `<opportunity>:<rule>[:<target>]` */
  key: string;
  opportunityId: string;
  rule: AlertRule;
  target: string | null;
  occurrence: number;
}

const CLOSING_LINE = /^Closed by Cairn on \d{4}-\d{2}-\d{2}: /m;

/** The key of an alert's n-th occurrence: the key itself for the first, then `<key>:2`, `<key>:3`, … */
export function occurrenceKey(key: string, occurrence: number): string {
  return occurrence === 1 ? key : `${key}:${occurrence}`;
}

/** A Cairn_Alert_Key__c taken apart; null when it is not one Cairn writes (edited by hand, or a rule of a later version). */
export function parseAlertKey(text: string): ParsedAlertKey | null {
  const [opportunityId, rule, ...rest] = text.split(':');
  if (!opportunityId || !ALERT_RULES.includes(rule as AlertRule)) return null;
  const known = rule as AlertRule;
  const target = RULES_WITH_TARGET.has(known) ? (rest.shift() ?? '') : null;
  if (target === '') return null;
  if (rest.length > 1) return null;
  const occurrence = rest.length === 0 ? 1 : Number(rest[0]);
  // the first occurrence has no number: `:1` is not a key Cairn writes
  if (rest.length === 1 && !(/^\d+$/.test(rest[0] ?? '') && occurrence >= 2)) return null;
  return {
    key: target === null ? `${opportunityId}:${known}` : `${opportunityId}:${known}:${target}`,
    opportunityId,
    rule: known,
    target,
    occurrence
  };
}

export interface AlertLifecycleInput {
  opportunityId: string;
  /** the Task owner: the CS owner, else the opportunity owner */
  ownerId: string | null;
  holding: readonly AlertCondition[];
  /** the opportunity's Cairn Tasks read this run (open and recently closed) */
  tasks: readonly AlertTask[];
  /** the store's memory, by alert key */
  memory: ReadonlyMap<string, AlertMemory>;
  /** why a key's condition no longer holds */
  whyCleared: (parsed: ParsedAlertKey) => string;
  today: IsoDate;
  config: AlertsConfig;
}

export interface AlertClosing {
  task: AlertTask;
  /** the alert key and occurrence the Task is for */
  alert: ParsedAlertKey;
  status: string;
  description: string;
}

export interface AlertPlan {
  create: (NewAlertTask & { alert: ParsedAlertKey })[];
  close: AlertClosing[];
  /** keys whose latest occurrence's condition cleared with its Task already closed: remembered, nothing written */
  cleared: ParsedAlertKey[];
}

export function planAlerts(input: AlertLifecycleInput): AlertPlan {
  const plan: AlertPlan = { create: [], close: [], cleared: [] };
  const latestTasks = new Map<string, { parsed: ParsedAlertKey; task: AlertTask }>();
  for (const task of input.tasks) {
    const parsed = parseAlertKey(task.key);
    if (!parsed || parsed.opportunityId !== input.opportunityId) continue;
    const known = latestTasks.get(parsed.key);
    if (!known || parsed.occurrence > known.parsed.occurrence) latestTasks.set(parsed.key, { parsed, task });
  }
  const holding = new Map(input.holding.map((condition) => [condition.key, condition]));
  const keys = new Set([...holding.keys(), ...latestTasks.keys(), ...input.memory.keys()]);

  for (const key of keys) {
    const remembered = input.memory.get(key);
    const seen = latestTasks.get(key);
    const occurrence = Math.max(remembered?.occurrence ?? 0, seen?.parsed.occurrence ?? 0);
    const task = seen && seen.parsed.occurrence === occurrence ? seen.task : null;
    const cleared =
      (remembered?.occurrence === occurrence && remembered.cleared) ||
      (task !== null && task.isClosed && CLOSING_LINE.test(task.description ?? ''));
    const condition = holding.get(key);

    if (condition) {
      if (occurrence > 0 && !cleared) continue; // open, or closed by a person while it holds
      const next = occurrence + 1;
      const alertKey = occurrenceKey(key, next);
      const alert = {
        key,
        opportunityId: input.opportunityId,
        rule: condition.rule,
        target: condition.target,
        occurrence: next
      };
      plan.create.push({
        alert,
        key: alertKey,
        opportunityId: input.opportunityId,
        ownerId: input.ownerId,
        whoId: condition.whoId,
        subject: condition.subject,
        description: condition.description,
        dueDate: condition.dueDate,
        priority: condition.priority,
        status: input.config.openStatus
      });
      continue;
    }

    const alert = parseAlertKey(occurrenceKey(key, Math.max(occurrence, 1)));
    if (!alert || occurrence === 0 || cleared) continue;
    if (RULES_CLOSED_BY_PEOPLE.has(alert.rule) || !input.config.rules[alert.rule]) continue;
    if (task && !task.isClosed) {
      const why = input.whyCleared(alert);
      plan.close.push({
        task,
        alert,
        status: input.config.closedStatus,
        description: [task.description, `Closed by Cairn on ${input.today}: ${why}`].filter(Boolean).join('\n\n')
      });
    } else {
      plan.cleared.push(alert);
    }
  }
  return plan;
}

/** The alert plan of one evaluated opportunity: its conditions against its Tasks and the store's memory. */
export function alertsFor(
  facts: AlertFacts,
  tasks: readonly AlertTask[],
  memory: ReadonlyMap<string, AlertMemory>,
  config: AlertsConfig
): AlertPlan {
  return planAlerts({
    opportunityId: facts.opportunity.id,
    ownerId: facts.opportunity.csOwnerId ?? facts.opportunity.ownerId,
    holding: alertConditions(facts, config),
    tasks,
    memory,
    whyCleared: (alert) => clearedWhy(alert.rule, alert.target, facts),
    today: facts.today,
    config
  });
}
