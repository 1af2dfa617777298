// The core's entry point: for one opportunity, everything DESIGN §4.2–§4.7 wants written.
// The orchestrator calls prepareEvaluation (what to ask the store), then evaluateOpportunity
// (the desired state), then diffs and writes.

import { adoptionQueries, featureAdoption, featuresAdoptedText } from './adoption.js';
import type { AlertFacts } from './alerts.js';
import type { CoreConfig } from './config.js';
import { addDays, formatInstant, toDate } from './dates.js';
import type { Feature } from './features.js';
import { decideHealthChange } from './health-change.js';
import { dueMilestones, dueStages, scoreHealth, type HealthResult } from './health.js';
import { kickoffState, type KickoffState } from './kickoff.js';
import { parseMetricKey } from './metric-keys.js';
import { decideMilestones, isUsageMilestone, usageProblem } from './milestones.js';
import { decideOnboarded } from './onboarded.js';
import { planFor, type Plan, type Playbook } from './playbooks.js';
import { assessKeyPeople, keyPeopleOf, type KeyPerson, type NamedUser, type Person } from './people.js';
import { assessSatisfaction, satisfactionAnswers } from './satisfaction.js';
import { postSaleStatus } from './status.js';
import { nextGradePath, type RecoveryLevers } from './recovery.js';
import { assessSupport, costlyCases, lookbackStart, openCaseCount, supportAbsentOnceClosed } from './support.js';
import { healthTrend } from './trend.js';
import type {
  BusinessReview,
  HealthChange,
  HealthSnapshot,
  ImplementationStage,
  IsoDate,
  IsoDateTime,
  MetricsRequest,
  MilestoneStatus,
  NpsAnswer,
  Opportunity,
  SuccessMilestone,
  SupportCase,
  SyncOwnedValues,
  ThresholdQuery,
  UsageMetrics
} from './types.js';
import { summaryPeriodStarts, valueSummary, type ActiveUsersAt } from './value-summary.js';

export interface PrepareInput {
  opportunity: Opportunity;
  /** selectPlaybook's choice; null plans nothing (no stages, milestones or reviews) */
  playbook: Playbook | null;
  config: CoreConfig;
  now: Date;
  /** playbook records the worker wrote before and someone deleted since (PlanOptions.deletedKeys) */
  deletedKeys?: ReadonlySet<string>;
  /** config/features.json (DESIGN §9.7); none: Features_Adopted__c stays blank */
  features?: readonly Feature[];
}

export interface Preparation {
  /** records this run will create (the same plan evaluateOpportunity makes) */
  plan: Plan;
  /** what to ask the store; null when the opportunity has no Product_Account_Id__c (metrics = null) */
  metricsRequest: MetricsRequest | null;
  /** dates to look up ActiveUsersAt for (value summaries); often empty */
  periodStarts: IsoDate[];
}

export interface EvaluationInput extends PrepareInput {
  /** null: no usage at all (no Product_Account_Id__c) — usage measures absent, not zero */
  metrics: UsageMetrics | null;
  /** the store's earlier health snapshots of this opportunity (not including this run) */
  history: readonly HealthSnapshot[];
  /** active users at each of Preparation.periodStarts; missing dates print as "unknown" */
  activeUsersAtPeriodStart?: ActiveUsersAt;
  /** the account's cases open or created (or closed) in the support lookback; null without an account */
  cases: readonly SupportCase[] | null;
  /** the product account's NPS answers in the satisfaction window, oldest first */
  npsAnswers: readonly NpsAnswer[];
  /** the account's contacts as this run sees them (DESIGN §9.3); empty without an account */
  people: readonly Person[];
  /** the product account's users, named by their contacts where known */
  users: readonly NamedUser[];
}

/** Every sync-owned Opportunity value, plus Kickoff_Date__c (written only when it was blank). */
export type OpportunityValues = SyncOwnedValues & { kickoffDate: IsoDate | null };

export interface MilestoneUpdate {
  id: string | null;
  key: string | null;
  status: MilestoneStatus;
  achievedAt: IsoDateTime | null;
  evidence: string | null;
}

export interface ReviewUpdate {
  id: string | null;
  key: string | null;
  valueSummary: string;
}

export interface Evaluation {
  /** the desired value of every sync-owned field; the orchestrator diffs */
  opportunity: OpportunityValues;
  stagesToCreate: ImplementationStage[];
  /** planned milestones with this run's decision applied (a reached threshold creates them Achieved) */
  milestonesToCreate: SuccessMilestone[];
  /** existing milestones whose status, Achieved_At__c or Evidence__c change */
  milestoneUpdates: MilestoneUpdate[];
  /** planned reviews, with Value_Summary__c already set when one is due */
  reviewsToCreate: BusinessReview[];
  /** existing reviews whose Value_Summary__c text changes */
  reviewUpdates: ReviewUpdate[];
  healthChange: HealthChange | null;
  /** to add to the store's history; null when there is no score */
  snapshot: HealthSnapshot | null;
  health: HealthResult & { trend: number | null };
  kickoff: KickoffState;
  /** what the alert rules look at (DESIGN §9.5): the sync plans Tasks from it with the org's and the store's */
  alertFacts: AlertFacts;
  /** data problems to report with the run, e.g. a milestone whose Usage_Metric__c is not a metric key */
  warnings: string[];
}

export function prepareEvaluation(input: PrepareInput): Preparation {
  const today = toDate(input.now);
  const plan = planOf(input, today);
  return {
    plan,
    metricsRequest: metricsRequestFor(
      input.opportunity,
      plan.milestones,
      adoptionQueries(input.features ?? [], input.opportunity.closeDate, today)
    ),
    periodStarts: summaryPeriodStarts(
      [...input.opportunity.reviews, ...plan.reviews],
      input.opportunity.closeDate,
      today,
      input.config.reviews
    )
  };
}

/**
 * What the store must compute for this opportunity: the count of every event a usage
 * milestone names, and the threshold crossing of every usage milestone not yet Achieved,
 * for the existing milestones and those planned in this run. Milestones with a bad metric
 * or threshold are left out (Evaluation.warnings names them). Plus `adoption`, the features'
 * crossings counted from their availability. null without a product account.
 */
export function metricsRequestFor(
  opportunity: Opportunity,
  plannedMilestones: readonly SuccessMilestone[],
  adoption: readonly ThresholdQuery[] = []
): MetricsRequest | null {
  if (opportunity.productAccountId === null) return null;
  const usage = [...opportunity.milestones, ...plannedMilestones].filter(isUsageMilestone);
  const eventNames = new Set<string>();
  for (const m of usage) {
    const key = parseMetricKey(m.usageMetric);
    if (key?.kind === 'event') eventNames.add(key.eventName);
  }
  const thresholds = new Map<string, ThresholdQuery>();
  for (const m of usage.filter((u) => u.status !== 'Achieved')) {
    thresholds.set(`${m.usageMetric}\u0000${m.usageThreshold}`, { metric: m.usageMetric, threshold: m.usageThreshold });
  }
  return {
    opportunityId: opportunity.id,
    productAccountId: opportunity.productAccountId,
    closeDate: opportunity.closeDate,
    licensedSeats: opportunity.licensedSeats,
    eventNames: [...eventNames].sort(),
    thresholds: [...thresholds.values(), ...adoption]
  };
}

export function evaluateOpportunity(input: EvaluationInput): Evaluation {
  const { opportunity: opp, metrics, config, now } = input;
  const today = toDate(now);
  const plan = planOf(input, today);

  // Milestones: existing and planned ones decided together, so a planned milestone whose
  // threshold is already reached is created Achieved.
  const candidates = [...opp.milestones, ...plan.milestones];
  const decisions = decideMilestones(candidates, metrics?.thresholds ?? null, now);
  const milestones = candidates.map((m, i): SuccessMilestone => ({ ...m, ...decisions[i] }));
  const milestonesToCreate = milestones.slice(opp.milestones.length);
  const milestoneUpdates = opp.milestones.flatMap((before, i): MilestoneUpdate[] => {
    const after = milestones[i] ?? before;
    const changed =
      before.status !== after.status || before.achievedAt !== after.achievedAt || before.evidence !== after.evidence;
    const { id, key, status, achievedAt, evidence } = after;
    return changed ? [{ id, key, status, achievedAt, evidence }] : [];
  });

  const stages = [...opp.stages, ...plan.stages];
  const kickoff = kickoffState({ kickoffDate: opp.kickoffDate, stages }, today);
  const onboarded = decideOnboarded(opp, milestones);
  const reviews = [...opp.reviews, ...plan.reviews];
  const answers = satisfactionAnswers(stages, reviews, input.npsAnswers, config.satisfaction);
  const keyPeople = keyPeopleOf(opp.contactRoles, input.people, today, config.people);
  const scored = scoreHealth(
    {
      metrics,
      milestones,
      stages,
      today,
      support: assessSupport(input.cases, now, config.support),
      satisfaction: assessSatisfaction(answers, today, config.satisfaction),
      keyPeople: assessKeyPeople(keyPeople, config.people)
    },
    config.health
  );
  const trend = healthTrend(scored.score, input.history, now, config.health.trend);
  const levers = recoveryLevers({
    opp,
    metrics,
    milestones,
    stages,
    keyPeople,
    cases: input.cases,
    now,
    today,
    config
  });
  const health = { ...scored, trend };
  const nextGrade = nextGradePath(scored, levers, config.health, config.support);
  const adoption = featureAdoption(input.features ?? [], opp.closeDate, metrics?.thresholds ?? null, today);

  const summaryOf = (review: BusinessReview): string | null =>
    valueSummary(
      {
        review,
        reviews,
        closeDate: opp.closeDate,
        milestones,
        adoption,
        onboarded,
        activeUsersNow: metrics?.activeUsers30d ?? null,
        activeUsersAt: input.activeUsersAtPeriodStart ?? {},
        cases: input.cases,
        // cases are read from an instant on this day: the first whole day read is the next one
        casesReadFrom: addDays(toDate(lookbackStart(now, config.support)), 1),
        answers,
        users: input.users,
        health,
        today
      },
      config.reviews
    );
  const reviewsToCreate = plan.reviews.map((review) => ({ ...review, valueSummary: summaryOf(review) }));
  const reviewUpdates = opp.reviews.flatMap((review): ReviewUpdate[] => {
    const text = summaryOf(review);
    return text !== null && text !== review.valueSummary
      ? [{ id: review.id, key: review.key, valueSummary: text }]
      : [];
  });

  const healthValues = {
    healthScore: health.score,
    healthGrade: health.grade,
    healthTrend: trend,
    healthDrivers: health.drivers
  };
  const opportunity: OpportunityValues = {
    kickoffDate: opp.kickoffDate ?? kickoff.kickoffDateToWrite,
    postSaleStatus: postSaleStatus(
      {
        kickoffHeld: kickoff.held,
        kickoffScheduled: kickoff.scheduled,
        onboarded: onboarded.onboarded,
        grade: health.grade,
        contractEndDate: opp.contractEndDate,
        today
      },
      config.status
    ),
    ...onboarded,
    ...healthValues,
    healthNextGrade: nextGrade,
    healthUpdatedAt: healthUpdatedAt(opp, healthValues, now),
    activeUsers30d: metrics?.activeUsers30d ?? null,
    lastProductActivity: metrics?.lastActivity ? formatInstant(metrics.lastActivity) : null,
    openSupportCases: input.cases === null ? null : openCaseCount(input.cases),
    featuresAdopted: metrics === null ? null : featuresAdoptedText(adoption),
    keyPeople: opp.accountId === null ? null : keyPeople.length,
    keyPeopleEngaged: opp.accountId === null ? null : keyPeople.filter((k) => k.engaged).length
  };

  return {
    opportunity,
    stagesToCreate: plan.stages,
    milestonesToCreate,
    milestoneUpdates,
    reviewsToCreate,
    reviewUpdates,
    healthChange: decideHealthChange(
      {
        opportunityId: opp.id,
        score: health.score,
        grade: health.grade,
        drivers: health.drivers,
        last: opp.lastHealthChange,
        now
      },
      config.health.change
    ),
    snapshot: health.score === null ? null : { at: formatInstant(now), score: health.score },
    health,
    kickoff,
    alertFacts: { opportunity: opp, today, kickoff, milestones, reviews, health, nextGrade, keyPeople, adoption },
    warnings: milestones.flatMap((m) => {
      const problem = usageProblem(m);
      return problem
        ? [`milestone "${m.name}" (${m.key ?? m.id ?? 'new'}): ${problem}; tracked by hand until fixed`]
        : [];
    })
  };
}

/** The counts behind each measure a person can act on (DESIGN §9.6). */
function recoveryLevers(input: {
  opp: Opportunity;
  metrics: UsageMetrics | null;
  milestones: readonly SuccessMilestone[];
  stages: readonly ImplementationStage[];
  keyPeople: readonly KeyPerson[];
  cases: readonly SupportCase[] | null;
  now: Date;
  today: IsoDate;
  config: CoreConfig;
}): RecoveryLevers {
  const { opp, metrics, today } = input;
  const costly = input.cases === null ? null : costlyCases(input.cases, input.now, input.config.support);
  return {
    seats: metrics && opp.licensedSeats ? { licensed: opp.licensedSeats, active: metrics.activeUsers30d } : null,
    milestones: dueMilestones(input.milestones, today),
    implementation: dueStages(input.stages, today),
    keyPeople: {
      total: input.keyPeople.length,
      engaged: input.keyPeople.filter((k) => k.engaged).length,
      left: input.keyPeople.filter((k) => k.person.contact.leftCompany).length
    },
    support: costly && {
      highOrEscalated: costly.high + costly.escalated,
      stale: costly.stale,
      absentOnceClosed: supportAbsentOnceClosed(input.cases ?? [], costly, input.now, input.config.support)
    }
  };
}

function planOf(input: PrepareInput, today: IsoDate): Plan {
  return input.playbook
    ? planFor(input.opportunity, input.playbook, today, input.config.reviews, { deletedKeys: input.deletedKeys })
    : { stages: [], milestones: [], reviews: [] };
}

/**
 * Health_Updated_At__c is when the health values last changed, not when they were last
 * computed: re-running with the same result keeps the old time, so an unchanged re-sync
 * writes nothing. Blank while there is no score.
 */
function healthUpdatedAt(
  opp: Opportunity,
  values: Pick<SyncOwnedValues, 'healthScore' | 'healthGrade' | 'healthTrend' | 'healthDrivers'>,
  now: Date
): IsoDateTime | null {
  if (values.healthScore === null) return null;
  const unchanged =
    opp.healthUpdatedAt !== null &&
    opp.healthScore === values.healthScore &&
    opp.healthGrade === values.healthGrade &&
    opp.healthTrend === values.healthTrend &&
    opp.healthDrivers === values.healthDrivers;
  return unchanged ? opp.healthUpdatedAt : formatInstant(now);
}
