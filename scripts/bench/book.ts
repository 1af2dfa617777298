// The benchmark's book of business: N won opportunities across the lifecycle situations a
// real org holds, put straight into the local org with `insert` (no API calls counted).
// Everything is drawn from a seeded Random, so two runs with the same N seed the same org
// (the local org hands out ids in order, so even the ids repeat).

import { addDays, addMonths, toDate } from '../../worker/core/dates.js';
import { DEFAULT_REVIEWS_CONFIG } from '../../worker/core/reviews.js';
import { planFor, selectPlaybook, type Playbook } from '../../worker/core/playbooks.js';
import type { ImplementationType, IsoDate, Opportunity } from '../../worker/core/types.js';
import type { LocalOrg } from '../../test/local-org/index.js';
import { Random } from './random.js';

/** How an account uses the product over the 120 days of events. */
export type ActivityProfile = 'steady' | 'growing' | 'declining' | 'new' | 'dormant';

export interface BookAccount {
  /** Product_Account_Id__c; null for accounts that have no product account (no usage at all) */
  productAccountId: string | null;
  seats: number;
  /** product users, `<productAccountId>-u<n>` */
  users: number;
  profile: ActivityProfile;
  /** relative share of the events */
  weight: number;
  /** a new customer uses the product from its close date on; null: all 120 days of events */
  activeSince: IsoDate | null;
}

/** What a seeded opportunity looks like when the benchmark starts. */
export type Situation =
  /** a won deal nobody has touched since: the sync applies its playbook */
  | 'fresh'
  /** a fresh deal whose kickoff date someone typed in by hand */
  | 'kickoff-by-hand'
  /** its playbook was applied by an earlier run: stages partly Done, milestones Planned, reviews due */
  | 'playbook-applied'
  /** an account manager made a stage and a milestone by hand (no external keys) */
  | 'hand-made'
  /** an upgrade of an existing customer: the upsell playbook plans nothing */
  | 'upgrade'
  /** contract ended more than 30 days ago: out of scope */
  | 'contract-ended';

export interface BookOpportunity {
  id: string;
  accountIndex: number;
  situation: Situation;
  closeDate: IsoDate;
}

export interface Book {
  accounts: BookAccount[];
  opportunities: BookOpportunity[];
  /** opportunities per situation */
  situations: Record<Situation, number>;
  /** records put in the org besides accounts and opportunities, per object */
  children: Record<string, number>;
}

export interface BookOptions {
  opportunities: number;
  now: Date;
  playbooks: readonly Playbook[];
  seed?: number;
}

const INSERT_CHUNK = 5_000;
const IMPLEMENTATION_TYPES: readonly (readonly [ImplementationType | null, number])[] = [
  ['Single Call', 45],
  ['Multi-Phase Project', 40],
  [null, 15]
];
const PROFILES: readonly (readonly [ActivityProfile, number])[] = [
  ['steady', 55],
  ['growing', 12],
  ['declining', 15],
  ['new', 10],
  ['dormant', 8]
];

/** Account i's product id: short, sortable, unique. */
export function productAccountIdOf(index: number): string {
  return `acct-${String(index).padStart(6, '0')}`;
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

function insertAll(org: LocalOrg, sobject: string, records: Record<string, unknown>[]): string[] {
  const ids: string[] = [];
  for (let start = 0; start < records.length; start += INSERT_CHUNK) {
    ids.push(...org.insert(sobject, records.slice(start, start + INSERT_CHUNK)));
  }
  return ids;
}

function makeAccounts(count: number, random: Random): BookAccount[] {
  return Array.from({ length: count }, (_, index): BookAccount => {
    const hasProduct = random.chance(0.9);
    const seats = Math.round(5 * Math.pow(50, random.next())); // 5 to 250, most of them small
    const profile = random.weighted(PROFILES);
    return {
      productAccountId: hasProduct ? productAccountIdOf(index) : null,
      seats,
      users: Math.max(1, Math.round(seats * (0.3 + 0.8 * random.next()))),
      profile,
      // a long tail: a few accounts send most of the events
      weight:
        (profile === 'dormant' ? 0.1 : 1) *
        Math.exp(1.2 * (random.next() + random.next() + random.next() - 1.5)) *
        Math.sqrt(seats),
      activeSince: null
    };
  });
}

/** A close date in the last two years; accounts that started recently closed recently. */
function closeDateFor(account: BookAccount, today: IsoDate, random: Random): IsoDate {
  const daysAgo = account.profile === 'new' ? random.int(3, 40) : random.int(41, 730);
  return addDays(today, -daysAgo);
}

/** Contract terms long enough to keep most deals in scope: 12, 24 or 36 months, or none. */
function contractEndFor(closeDate: IsoDate, today: IsoDate, random: Random): IsoDate | null {
  if (random.chance(0.15)) return null;
  for (const months of [12, 24, 36]) {
    const end = addMonths(closeDate, months);
    if (end >= addDays(today, -20)) return end;
  }
  return addMonths(closeDate, 36);
}

/** The minimal core view of an opportunity that planFor needs. */
function coreOpportunity(id: string, fields: Record<string, unknown>): Opportunity {
  return {
    id,
    name: String(fields.Name),
    type: (fields.Type as string | undefined) ?? null,
    accountId: null,
    accountName: null,
    productAccountId: null,
    closeDate: fields.CloseDate as IsoDate,
    amount: null,
    ownerId: null,
    csOwnerId: null,
    implementationType: (fields.Implementation_Type__c as ImplementationType | undefined) ?? null,
    licensedSeats: null,
    contractEndDate: (fields.Contract_End_Date__c as IsoDate | null | undefined) ?? null,
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
    contactRoles: []
  };
}

interface Children {
  Implementation_Stage__c: Record<string, unknown>[];
  Success_Milestone__c: Record<string, unknown>[];
  Business_Review__c: Record<string, unknown>[];
}

/** What an earlier run left: the playbook's records, the past stages mostly Done, past reviews Completed. */
function playbookAppliedChildren(
  opp: Opportunity,
  playbook: Playbook,
  today: IsoDate,
  random: Random,
  into: Children
): void {
  const plan = planFor(opp, playbook, today, DEFAULT_REVIEWS_CONFIG);
  for (const stage of plan.stages) {
    const past = stage.targetDate !== null && stage.targetDate < today;
    const done = past && random.chance(0.8);
    into.Implementation_Stage__c.push({
      Opportunity__c: opp.id,
      Name: stage.name,
      Sequence__c: stage.sequence,
      Status__c: done ? 'Done' : past ? 'In Progress' : 'To Do',
      Is_Kickoff__c: stage.isKickoff,
      Target_Date__c: stage.targetDate,
      Completed_Date__c: done ? stage.targetDate : null,
      Stage_Key__c: stage.key
    });
  }
  for (const milestone of plan.milestones) {
    into.Success_Milestone__c.push({
      Opportunity__c: opp.id,
      Name: milestone.name,
      Kind__c: milestone.kind,
      Sequence__c: milestone.sequence,
      Status__c: 'Planned',
      Target_Date__c: milestone.targetDate,
      Is_First_Value__c: milestone.isFirstValue,
      Usage_Metric__c: milestone.usageMetric,
      Usage_Threshold__c: milestone.usageThreshold,
      Expansion_Signal__c: milestone.expansionSignal,
      Advocacy_Ask__c: milestone.advocacyAsk,
      Milestone_Key__c: milestone.key
    });
  }
  for (const review of plan.reviews) {
    const past = review.dueDate !== null && review.dueDate < today;
    into.Business_Review__c.push({
      Opportunity__c: opp.id,
      Name: review.name,
      Review_Type__c: review.reviewType,
      Sequence__c: review.sequence,
      Due_Date__c: review.dueDate,
      Status__c: past ? 'Completed' : 'To Schedule',
      Review_Key__c: review.key
    });
  }
}

function handMadeChildren(opp: Opportunity, random: Random, into: Children): void {
  into.Implementation_Stage__c.push({
    Opportunity__c: opp.id,
    Name: 'Kickoff call',
    Sequence__c: 1,
    Status__c: random.chance(0.5) ? 'Scheduled' : 'To Do',
    Is_Kickoff__c: true,
    Target_Date__c: addDays(opp.closeDate, 10)
  });
  into.Success_Milestone__c.push({
    Opportunity__c: opp.id,
    Name: 'Customer live on the new process',
    Kind__c: 'Customer',
    Sequence__c: 1,
    Status__c: 'Planned',
    Target_Date__c: addDays(opp.closeDate, 60),
    Is_First_Value__c: true
  });
}

export const CONTACTS_PER_ACCOUNT = 10;

/**
 * DESIGN §9's people: ten contacts an account — its first product users known by their user
 * id, the others by email, a few who left — and two contact roles a deal, the first primary.
 * Its own random sequence, so the rest of the book is the same with or without them.
 */
function seedPeople(
  org: LocalOrg,
  accounts: readonly BookAccount[],
  accountIds: readonly string[],
  drafts: readonly { accountIndex: number }[],
  opportunityIds: readonly string[],
  seed = 20_260_501
): Record<string, number> {
  const random = new Random(seed + 9);
  const contacts = accounts.flatMap((account, index) =>
    Array.from({ length: CONTACTS_PER_ACCOUNT }, (_, n) => ({
      AccountId: accountIds[index],
      FirstName: 'Contact',
      LastName: `${String(index).padStart(6, '0')}-${n + 1}`,
      Email: `person${n + 1}@customer-${index}.example`,
      ...(account.productAccountId && n < account.users && random.chance(0.7)
        ? { Product_User_Id__c: `${account.productAccountId}-u${n}` }
        : {}),
      Left_Company__c: random.chance(0.03)
    }))
  );
  const contactIds = insertAll(org, 'Contact', contacts);
  const roles = drafts.flatMap((draft, index) => {
    const first = draft.accountIndex * CONTACTS_PER_ACCOUNT;
    return [
      { OpportunityId: opportunityIds[index], ContactId: contactIds[first], Role: 'Decision Maker', IsPrimary: true },
      { OpportunityId: opportunityIds[index], ContactId: contactIds[first + 1], Role: 'Economic Buyer' }
    ];
  });
  insertAll(org, 'OpportunityContactRole', roles);
  return { Contact: contacts.length, OpportunityContactRole: roles.length };
}

/**
 * DESIGN §9.4's support cases: none to three an account over the 120 days before today, most
 * of them closed, some High priority, a few escalated, some naming a product feature. Its own
 * random sequence, like the people.
 */
function seedCases(org: LocalOrg, accountIds: readonly string[], now: Date, seed = 20_260_501): Record<string, number> {
  const random = new Random(seed + 11);
  const cases = accountIds.flatMap((accountId) =>
    Array.from({ length: random.int(0, 3) }, (_, n) => ({
      AccountId: accountId,
      Subject: `Support question ${n + 1}`,
      Priority: random.chance(0.15) ? 'High' : 'Medium',
      IsEscalated: random.chance(0.05),
      Status: random.chance(0.7) ? 'Closed' : 'New',
      CreatedDate: new Date(now.getTime() - random.int(1, 120 * 24) * 3_600_000).toISOString(),
      ...(random.chance(0.3) ? { Product_Feature__c: 'Custom Reports' } : {})
    }))
  );
  insertAll(org, 'Case', cases);
  return { Case: cases.length };
}

/** Seeds the book into `org` (which should be empty) and describes what it put there. */
export function seedBook(org: LocalOrg, options: BookOptions): Book {
  const random = new Random(options.seed ?? 20_260_501);
  const today = toDate(options.now);
  const total = options.opportunities;
  // most accounts have one won deal; about one deal in twelve is an upgrade of an account already there
  const accounts = makeAccounts(Math.max(1, Math.ceil(total * 0.92)), random);
  const accountIds = insertAll(
    org,
    'Account',
    accounts.map((account, index) => ({
      Name: `Customer ${String(index).padStart(6, '0')}`,
      ...(account.productAccountId ? { Product_Account_Id__c: account.productAccountId } : {})
    }))
  );

  const situations: Record<Situation, number> = {
    fresh: 0,
    'kickoff-by-hand': 0,
    'playbook-applied': 0,
    'hand-made': 0,
    upgrade: 0,
    'contract-ended': 0
  };
  const drafts = Array.from({ length: total }, (_, index) => {
    const upgrade = index >= accounts.length;
    const accountIndex = upgrade ? random.int(0, accounts.length - 1) : index;
    const account = accounts[accountIndex] as BookAccount;
    const closeDate = closeDateFor(account, today, random);
    const ended = !upgrade && random.chance(0.03);
    const situation: Situation = upgrade
      ? 'upgrade'
      : ended
        ? 'contract-ended'
        : random.weighted<Situation>([
            ['fresh', 75],
            ['kickoff-by-hand', 5],
            ['playbook-applied', 15],
            ['hand-made', 5]
          ]);
    situations[situation] += 1;
    const fields: Record<string, unknown> = {
      Name: `Deal ${String(index).padStart(6, '0')}`,
      AccountId: accountIds[accountIndex],
      StageName: 'Closed Won',
      CloseDate: closeDate,
      Amount: 1_000 * random.int(5, 200),
      Type: upgrade ? 'Existing Customer - Upgrade' : 'New Customer',
      Implementation_Type__c: random.weighted(IMPLEMENTATION_TYPES),
      Licensed_Seats__c: random.chance(0.05) ? null : account.seats,
      Contract_End_Date__c: ended ? addDays(today, -random.int(45, 300)) : contractEndFor(closeDate, today, random),
      CS_Owner__c: random.chance(0.7) ? org.userId : null,
      Desired_Outcome__c: random.chance(0.6) ? 'Get more people to register for our events' : null,
      Kickoff_Date__c: situation === 'kickoff-by-hand' ? minDate(addDays(closeDate, random.int(1, 5)), today) : null
    };
    if (account.profile === 'new' && !upgrade) account.activeSince = closeDate;
    return { accountIndex, situation, closeDate, fields };
  });
  const opportunityIds = insertAll(
    org,
    'Opportunity',
    drafts.map((d) => d.fields)
  );

  const children: Children = { Implementation_Stage__c: [], Success_Milestone__c: [], Business_Review__c: [] };
  drafts.forEach((draft, index) => {
    const id = opportunityIds[index] as string;
    const opp = coreOpportunity(id, draft.fields);
    if (draft.situation === 'playbook-applied') {
      playbookAppliedChildren(opp, selectPlaybook(opp, options.playbooks), today, random, children);
    } else if (draft.situation === 'hand-made') {
      handMadeChildren(opp, random, children);
    }
  });
  const childCounts: Record<string, number> = {};
  for (const [object, records] of Object.entries(children)) {
    insertAll(org, object, records);
    childCounts[object] = records.length;
  }
  Object.assign(childCounts, seedPeople(org, accounts, accountIds, drafts, opportunityIds, options.seed));
  Object.assign(childCounts, seedCases(org, accountIds, options.now, options.seed));

  return {
    accounts,
    opportunities: drafts.map((draft, index) => ({
      id: opportunityIds[index] as string,
      accountIndex: draft.accountIndex,
      situation: draft.situation,
      closeDate: draft.closeDate
    })),
    situations,
    children: childCounts
  };
}
