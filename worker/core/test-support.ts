// Builders for the core's unit tests: plain domain values with neutral defaults, so each
// test states only what it is about. Test-only; nothing in the worker imports this.

import { HEALTH_MEASURES, type HealthMeasureKey } from './health.js';
import type { BusinessReview, ImplementationStage, Opportunity, SuccessMilestone, UsageMetrics } from './types.js';

export const OPP_ID = '006000000000001AAA';

export function stage(overrides: Partial<ImplementationStage> = {}): ImplementationStage {
  return {
    id: null,
    key: null,
    name: 'Stage',
    sequence: 1,
    status: 'To Do',
    isKickoff: false,
    targetDate: null,
    completedDate: null,
    productSatisfaction: null,
    serviceSatisfaction: null,
    ...overrides
  };
}

export function milestone(overrides: Partial<SuccessMilestone> = {}): SuccessMilestone {
  return {
    id: null,
    key: null,
    name: 'Milestone',
    kind: 'Product',
    sequence: 1,
    status: 'Planned',
    targetDate: null,
    achievedAt: null,
    isFirstValue: false,
    usageMetric: null,
    usageThreshold: null,
    evidence: null,
    expansionSignal: false,
    advocacyAsk: false,
    horizonMonths: null,
    ...overrides
  };
}

export function review(overrides: Partial<BusinessReview> = {}): BusinessReview {
  return {
    id: null,
    key: null,
    name: 'QBR 1',
    reviewType: 'QBR',
    sequence: 1,
    dueDate: null,
    scheduledAt: null,
    status: 'To Schedule',
    valueSummary: null,
    productSatisfaction: null,
    serviceSatisfaction: null,
    ...overrides
  };
}

export function metrics(overrides: Partial<UsageMetrics> = {}): UsageMetrics {
  return {
    eventCounts: {},
    activeUsers30d: 0,
    activeUsersPrior30d: 0,
    activeDays30d: 0,
    seatUtilization: null,
    lastActivity: null,
    thresholds: [],
    ...overrides
  };
}

export function opportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    id: OPP_ID,
    name: 'Acme — Platform',
    type: 'New Customer',
    accountId: '001000000000001AAA',
    accountName: 'Acme',
    productAccountId: 'acme',
    closeDate: '2026-01-15',
    amount: 12000,
    ownerId: null,
    csOwnerId: null,
    implementationType: 'Single Call',
    licensedSeats: 20,
    contractEndDate: null,
    kickoffDate: null,
    stages: [],
    milestones: [],
    reviews: [],
    lastHealthChange: null,
    postSaleStatus: null,
    onboarded: false,
    onboardedDate: null,
    daysToFirstValue: null,
    healthScore: null,
    healthGrade: null,
    healthTrend: null,
    healthDrivers: null,
    healthNextGrade: null,
    healthUpdatedAt: null,
    activeUsers30d: null,
    lastProductActivity: null,
    openSupportCases: null,
    featuresAdopted: null,
    keyPeople: null,
    keyPeopleEngaged: null,
    contactRoles: [],
    ...overrides
  };
}

/** The §9.4 measures absent: no cases, no satisfaction answers, no key people. */
export const NO_SIGNALS = {
  support: { score: null, explanation: 'no open case and none created in the last 90 days' },
  satisfaction: { score: null, explanation: 'no satisfaction answer in the last 180 days' },
  keyPeople: { score: null, explanation: 'no key people: add contact roles to the opportunity' }
};

/** Health weights where only `weights` count: every other measure weighs 0. */
export function onlyWeights(weights: Partial<Record<HealthMeasureKey, number>>): Record<HealthMeasureKey, number> {
  return Object.fromEntries(HEALTH_MEASURES.map((key) => [key, weights[key] ?? 0])) as Record<HealthMeasureKey, number>;
}
