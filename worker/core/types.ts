// The domain as the pure core sees it: plain values, no Salesforce or store types.
// Dates are `YYYY-MM-DD` strings (Salesforce Date), instants are ISO 8601 UTC strings
// (Salesforce DateTime). Every list is in Sequence__c order.

export type IsoDate = string;
export type IsoDateTime = string;

export const IMPLEMENTATION_TYPES = ['Single Call', 'Multi-Phase Project'] as const;
export type ImplementationType = (typeof IMPLEMENTATION_TYPES)[number];

export const STAGE_STATUSES = ['To Do', 'Scheduled', 'In Progress', 'Done', 'On Hold'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const MILESTONE_KINDS = ['Product', 'Customer'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const MILESTONE_STATUSES = ['Planned', 'Achieved', 'Missed'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const REVIEW_TYPES = ['QBR', 'Renewal Review'] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];

export const REVIEW_STATUSES = ['To Schedule', 'Scheduled', 'Completed', 'Cancelled'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const POST_SALE_STATUSES = [
  'Awaiting Kickoff',
  'Kickoff Scheduled',
  'Implementing',
  'Onboarded',
  'At Risk',
  'Renewal Due'
] as const;
export type PostSaleStatus = (typeof POST_SALE_STATUSES)[number];

export const HEALTH_GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export type HealthGrade = (typeof HEALTH_GRADES)[number];

/** Product_Satisfaction__c / Service_Satisfaction__c on stages and reviews (DESIGN §9.1) */
export const SATISFACTION_LEVELS = ['Satisfied', 'Neutral', 'Unsatisfied'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

/** Implementation_Stage__c */
export interface ImplementationStage {
  id: string | null;
  /** Stage_Key__c: `<18-char Opportunity Id>:<playbook stage key>`; null for stages made by hand */
  key: string | null;
  name: string;
  sequence: number;
  status: StageStatus;
  isKickoff: boolean;
  targetDate: IsoDate | null;
  completedDate: IsoDate | null;
  productSatisfaction: SatisfactionLevel | null;
  serviceSatisfaction: SatisfactionLevel | null;
}

/** Success_Milestone__c */
export interface SuccessMilestone {
  id: string | null;
  /** Milestone_Key__c */
  key: string | null;
  name: string;
  kind: MilestoneKind;
  sequence: number;
  status: MilestoneStatus;
  targetDate: IsoDate | null;
  achievedAt: IsoDateTime | null;
  isFirstValue: boolean;
  /** metric key of DESIGN §4.1 (`event:<name>`, `active_users_30d`, ...); null when tracked by hand */
  usageMetric: string | null;
  usageThreshold: number | null;
  evidence: string | null;
  expansionSignal: boolean;
  advocacyAsk: boolean;
  /** DESIGN §9.7: a Customer milestone of the customer's own journey, due CloseDate + this many months */
  horizonMonths: number | null;
}

/** Business_Review__c */
export interface BusinessReview {
  id: string | null;
  /** Review_Key__c: `<18-char Opportunity Id>:<type>:<sequence>` */
  key: string | null;
  name: string;
  reviewType: ReviewType;
  sequence: number;
  dueDate: IsoDate | null;
  scheduledAt: IsoDateTime | null;
  status: ReviewStatus;
  valueSummary: string | null;
  productSatisfaction: SatisfactionLevel | null;
  serviceSatisfaction: SatisfactionLevel | null;
}

/** Health_Change__c */
export interface HealthChange {
  key: string;
  score: number;
  previousScore: number | null;
  grade: HealthGrade;
  previousGrade: HealthGrade | null;
  changedAt: IsoDateTime;
  drivers: string;
}

/** The sync-owned Opportunity fields, as read from the org or as the core wants them. */
export interface SyncOwnedValues {
  postSaleStatus: PostSaleStatus | null;
  onboarded: boolean;
  onboardedDate: IsoDate | null;
  daysToFirstValue: number | null;
  healthScore: number | null;
  healthGrade: HealthGrade | null;
  healthTrend: number | null;
  healthDrivers: string | null;
  /** DESIGN §9.6, e.g. `A at 85: activate 1 more seat (40% → 50%)`; null for A or no score */
  healthNextGrade: string | null;
  healthUpdatedAt: IsoDateTime | null;
  activeUsers30d: number | null;
  lastProductActivity: IsoDateTime | null;
  /** open cases of the opportunity's account; null when it has no account */
  openSupportCases: number | null;
  /** DESIGN §9.7, e.g. `2 of 3 features in use (not yet: Shared Dashboards)`; null without usage or features */
  featuresAdopted: string | null;
  /** DESIGN §9.3: key people of the opportunity, and those engaged */
  keyPeople: number | null;
  keyPeopleEngaged: number | null;
}

/** A won Opportunity in scope (DESIGN §4), with its children. */
export interface Opportunity extends SyncOwnedValues {
  id: string;
  name: string;
  type: string | null;
  accountId: string | null;
  accountName: string | null;
  /** Account.Product_Account_Id__c; null means the opportunity has no usage at all */
  productAccountId: string | null;
  closeDate: IsoDate;
  amount: number | null;
  ownerId: string | null;
  csOwnerId: string | null;
  implementationType: ImplementationType | null;
  licensedSeats: number | null;
  contractEndDate: IsoDate | null;
  kickoffDate: IsoDate | null;
  stages: ImplementationStage[];
  milestones: SuccessMilestone[];
  reviews: BusinessReview[];
  /** the newest Health_Change__c, if any */
  lastHealthChange: HealthChange | null;
  contactRoles: ContactRole[];
}

/** A Task the worker made for an alert (DESIGN §9.5), as read from the org. */
export interface AlertTask {
  id: string;
  /** Cairn_Alert_Key__c: `<18-char Opportunity Id>:<rule suffix>`, then `:2`, `:3`, … for later occurrences */
  key: string;
  /** WhatId */
  opportunityId: string;
  status: string | null;
  isClosed: boolean;
  description: string | null;
}

export type AlertPriority = 'High' | 'Normal';

/** A Task to create for an alert occurrence. */
export interface NewAlertTask {
  key: string;
  opportunityId: string;
  /** the CS owner, else the opportunity owner; null leaves it to Salesforce (the integration user) */
  ownerId: string | null;
  /** the contact the alert is about */
  whoId: string | null;
  subject: string;
  description: string;
  dueDate: IsoDate;
  priority: AlertPriority;
  status: string;
}

/** A milestone threshold the metrics query is asked about. */
export interface ThresholdQuery {
  metric: string;
  threshold: number;
  /** count from this date's UTC day start instead of the close date's (feature adoption, DESIGN §9.7) */
  since?: IsoDate;
}

export interface ThresholdCrossing extends ThresholdQuery {
  /** timestamp of the event that made the metric reach the threshold; null when not reached */
  reachedAt: IsoDateTime | null;
}

/**
 * DESIGN §4.1 metrics for one opportunity at the run's `now`.
 * `null` for the whole object means the opportunity has no usage (no Product_Account_Id__c).
 */
export interface UsageMetrics {
  /** `event:<name>` → count since the close date's UTC day start, for the names asked about */
  eventCounts: Record<string, number>;
  activeUsers30d: number;
  /** distinct users in (now − 60 days, now − 30 days]; the activity_trend denominator */
  activeUsersPrior30d: number;
  activeDays30d: number;
  /** 100 × activeUsers30d / Licensed_Seats__c; null when seats are blank or 0 */
  seatUtilization: number | null;
  lastActivity: IsoDateTime | null;
  thresholds: ThresholdCrossing[];
}

/** What the metrics function is asked for, per opportunity. */
export interface MetricsRequest {
  opportunityId: string;
  productAccountId: string;
  closeDate: IsoDate;
  licensedSeats: number | null;
  eventNames: string[];
  thresholds: ThresholdQuery[];
}

/** A usage event (DESIGN §3) as every source delivers it and the store keeps it. */
export interface UsageEvent {
  /**
   * Account.Product_Account_Id__c (Segment groupId); null until known: the store then takes
   * it from the user's group call, one already stored or one still to come.
   */
  accountId: string | null;
  userId: string;
  name: string;
  /** ISO 8601 UTC with milliseconds, e.g. 2026-04-20T10:00:00.000Z */
  timestamp: IsoDateTime;
  messageId: string;
  properties: Record<string, unknown> | null;
}

/** A point of the worker's own health history (kept in the store, one per run that scored). */
export interface HealthSnapshot {
  at: IsoDateTime;
  score: number;
}

/** Contact.Contact_Type__c (DESIGN §9.1) */
export const CONTACT_TYPES = ['User', 'Decision Maker'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** Contact.Engagement__c (DESIGN §9.3) */
export const ENGAGEMENTS = ['Active', 'Quiet', 'Never Active', 'Left'] as const;
export type Engagement = (typeof ENGAGEMENTS)[number];

/** A Contact of an in-scope account, with the sync-owned values it holds (DESIGN §9.1). */
export interface Contact {
  id: string;
  accountId: string;
  name: string;
  email: string | null;
  /** Salesforce's own: the latest completed task or past event with this contact */
  lastActivityDate: IsoDate | null;
  productUserId: string | null;
  leftCompany: boolean;
  contactType: ContactType | null;
  engagement: Engagement | null;
  lastProductActivity: IsoDateTime | null;
  activeDays30d: number | null;
}

/** An OpportunityContactRole of an in-scope opportunity. */
export interface ContactRole {
  contactId: string;
  role: string | null;
  isPrimary: boolean;
}

/** A Case of an in-scope account, as the support measure reads it (DESIGN §9.4). */
export interface SupportCase {
  id: string;
  accountId: string;
  subject: string | null;
  priority: string | null;
  isEscalated: boolean;
  isClosed: boolean;
  createdAt: IsoDateTime;
  closedAt: IsoDateTime | null;
  productFeature: string | null;
}

/** An NPS answer: a track event named `satisfaction.npsEvent` with a numeric `properties.score` (DESIGN §9.2). */
export interface NpsAnswer {
  userId: string;
  at: IsoDateTime;
  /** 0–10 */
  score: number;
}
