// The demo book of business (`--seed demo`): account managers, customers with product ids,
// contacts, and won opportunities in every post-sale situation, plus open and lost deals.
// Dates are relative to the local org's "now". Some won deals already carry stages,
// milestones, reviews and health history, as if earlier syncs had run (so the component
// preview has rich data before any sync); others have none, so the next sync applies a
// playbook. Stage and milestone names come from config/playbooks, like the worker's.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, addMonths } from '../core/clock.js';
import type { OrgState } from '../org.js';

export type DemoProfile = 'healthy' | 'declining' | 'new' | 'inactive';

/** What the demo usage generator needs to produce events that match the seeded deals. */
export interface DemoAccount {
  /** Account.Product_Account_Id__c, the events' accountId */
  productAccountId: string;
  name: string;
  /** Licensed_Seats__c of the account's first won deal */
  seats: number;
  /**
   * healthy: most seats active, steady; declining: active users falling over the last
   * 60 days; new: closed recently, a few first users; inactive: no events in the last 45 days
   */
  profile: DemoProfile;
  /** days before the local org's now that the first won deal closed (usage starts then) */
  closedDaysAgo: number;
  implementationType: 'Single Call' | 'Multi-Phase Project';
}

type StageStatus = 'To Do' | 'Scheduled' | 'In Progress' | 'Done' | 'On Hold';
type MilestoneStatus = 'Planned' | 'Achieved' | 'Missed';

interface SyncedState {
  /** statuses of the playbook's stages, in order */
  stages: StageStatus[];
  /** statuses of the playbook's milestones, in order */
  milestones: MilestoneStatus[];
  /** health as the last sync wrote it; null when there was no usage to score */
  health: {
    score: number;
    trend: number | null;
    drivers: string[];
    activeUsers: number;
    lastActivityDaysAgo: number;
  } | null;
  postSaleStatus: 'Awaiting Kickoff' | 'Kickoff Scheduled' | 'Implementing' | 'Onboarded' | 'At Risk' | 'Renewal Due';
  /** Health_Change__c history, oldest first */
  history: { daysAgo: number; score: number }[];
}

interface DemoDeal {
  account: string;
  name: string;
  type?: string;
  implementationType: 'Single Call' | 'Multi-Phase Project' | null;
  seats: number;
  amount: number;
  closedDaysAgo: number;
  /** contract end relative to now (negative: in the past) */
  contractEndInDays: number;
  csOwner: number;
  /** days after close the kickoff was held; null when not held */
  kickoffAfterDays: number | null;
  synced: SyncedState | null;
  outcome: [desired: string, experience: string, criteria: string];
}

interface DemoCustomer {
  name: string;
  productAccountId: string | null;
  industry: string;
  city: string;
  profile: DemoProfile | null;
  contacts: [first: string, last: string, title: string][];
}

const USERS = [
  { FirstName: 'Sam', LastName: 'Carter', Alias: 'scarter', Title: 'Account Executive' },
  { FirstName: 'Maya', LastName: 'Patel', Alias: 'mpatel', Title: 'Account Manager' },
  { FirstName: 'Jonas', LastName: 'Berg', Alias: 'jberg', Title: 'Account Manager' },
  { FirstName: 'Priya', LastName: 'Raman', Alias: 'praman', Title: 'Account Manager' },
  { FirstName: 'Tom', LastName: 'Okafor', Alias: 'tokafor', Title: 'Account Manager' }
];

const CUSTOMERS: DemoCustomer[] = [
  {
    name: 'Acme Corporation',
    productAccountId: 'acme',
    industry: 'Manufacturing',
    city: 'Chicago',
    profile: 'healthy',
    contacts: [
      ['Wile', 'Coyote', 'Head of Operations'],
      ['Road', 'Runner', 'Marketing Lead']
    ]
  },
  {
    name: 'Globex',
    productAccountId: 'globex',
    industry: 'Technology',
    city: 'Cypress Creek',
    profile: 'declining',
    contacts: [
      ['Hank', 'Scorpio', 'CEO'],
      ['Frank', 'Grimes', 'Events Manager']
    ]
  },
  {
    name: 'Initech',
    productAccountId: 'initech',
    industry: 'Technology',
    city: 'Austin',
    profile: 'new',
    contacts: [
      ['Bill', 'Lumbergh', 'VP Operations'],
      ['Milton', 'Waddams', 'Office Manager']
    ]
  },
  {
    name: 'Umbrella Health',
    productAccountId: 'umbrella',
    industry: 'Healthcare',
    city: 'Raccoon City',
    profile: 'healthy',
    contacts: [['Alice', 'Abernathy', 'Programme Director']]
  },
  {
    name: 'Stark Logistics',
    productAccountId: 'stark',
    industry: 'Transportation',
    city: 'New York',
    profile: 'declining',
    contacts: [['Pepper', 'Potts', 'COO']]
  },
  {
    name: 'Wayne Events',
    productAccountId: 'wayne',
    industry: 'Hospitality',
    city: 'Gotham',
    profile: 'healthy',
    contacts: [
      ['Lucius', 'Fox', 'CTO'],
      ['Vicki', 'Vale', 'Head of Events']
    ]
  },
  {
    name: 'Hooli',
    productAccountId: 'hooli',
    industry: 'Technology',
    city: 'Palo Alto',
    profile: 'inactive',
    contacts: [['Gavin', 'Belson', 'CEO']]
  },
  {
    name: 'Soylent Foods',
    productAccountId: 'soylent',
    industry: 'Retail',
    city: 'Seattle',
    profile: 'new',
    contacts: [['Sol', 'Roth', 'Operations Analyst']]
  },
  {
    name: 'Vandelay Imports',
    productAccountId: 'vandelay',
    industry: 'Retail',
    city: 'New York',
    profile: 'healthy',
    contacts: [['Art', 'Vandelay', 'Owner']]
  },
  {
    name: 'Tyrell Systems',
    productAccountId: 'tyrell',
    industry: 'Technology',
    city: 'Los Angeles',
    profile: 'declining',
    contacts: [
      ['Eldon', 'Tyrell', 'Founder'],
      ['Rachael', 'Rosen', 'Assistant']
    ]
  },
  {
    name: 'Cyberdyne',
    productAccountId: 'cyberdyne',
    industry: 'Technology',
    city: 'Sunnyvale',
    profile: 'healthy',
    contacts: [['Miles', 'Dyson', 'Director of R&D']]
  },
  {
    name: 'Massive Dynamic',
    productAccountId: 'massive',
    industry: 'Energy',
    city: 'Boston',
    profile: 'new',
    contacts: [['Nina', 'Sharp', 'COO']]
  },
  {
    name: 'Oscorp',
    productAccountId: null,
    industry: 'Manufacturing',
    city: 'New York',
    profile: null,
    contacts: [['Norman', 'Osborn', 'CEO']]
  },
  {
    name: 'Wonka Industries',
    productAccountId: null,
    industry: 'Retail',
    city: 'London',
    profile: null,
    contacts: [['Charlie', 'Bucket', 'Heir Apparent']]
  }
];

/**
 * Who the demo's people are (DESIGN §9.1): contact type, whether they left, and their user id in
 * the product usage (scripts/demo/usage.ts names users `<productAccountId>-user-<n>`). Contacts
 * not listed keep these fields blank.
 */
const PEOPLE: Record<string, { Contact_Type__c?: string; Left_Company__c?: boolean; Product_User_Id__c?: string }> = {
  'Lucius Fox': { Product_User_Id__c: 'wayne-user-1' },
  'Vicki Vale': { Left_Company__c: true },
  'Bill Lumbergh': { Product_User_Id__c: 'initech-user-1' },
  'Milton Waddams': { Contact_Type__c: 'User', Product_User_Id__c: 'initech-user-2' },
  'Hank Scorpio': { Product_User_Id__c: 'globex-user-1' },
  'Frank Grimes': { Contact_Type__c: 'Decision Maker', Left_Company__c: true },
  'Wile Coyote': { Product_User_Id__c: 'acme-user-1' },
  'Road Runner': { Contact_Type__c: 'User', Product_User_Id__c: 'acme-user-2' }
};

/** The demo's contact roles: deal, contact, role, primary. */
const CONTACT_ROLES: [deal: string, contact: string, role: string, isPrimary: boolean][] = [
  ['Wayne Events – Campaigns', 'Lucius Fox', 'Economic Buyer', true],
  ['Wayne Events – Campaigns', 'Vicki Vale', 'Executive Sponsor', false],
  ['Initech – Event Marketing Suite', 'Bill Lumbergh', 'Decision Maker', true],
  ['Globex – Global Events Platform', 'Hank Scorpio', 'Economic Buyer', true],
  ['Acme – Enterprise Rollout', 'Wile Coyote', 'Executive Sponsor', true],
  ['Acme – Enterprise Rollout', 'Road Runner', 'Influencer', false]
];

const done = (n: number): StageStatus[] => Array<StageStatus>(n).fill('Done');

const DEALS: DemoDeal[] = [
  {
    account: 'Massive Dynamic',
    name: 'Massive Dynamic – Analytics Platform',
    implementationType: 'Single Call',
    seats: 25,
    amount: 30000,
    closedDaysAgo: 3,
    contractEndInDays: 362,
    csOwner: 1,
    kickoffAfterDays: null,
    synced: null,
    outcome: [
      'Weekly operations reporting without spreadsheets.',
      'Self-serve; one training call at most.',
      'Ops team builds its own weekly report within two weeks.'
    ]
  },
  {
    account: 'Oscorp',
    name: 'Oscorp – Pilot',
    implementationType: 'Single Call',
    seats: 10,
    amount: 12000,
    closedDaysAgo: 5,
    contractEndInDays: 360,
    csOwner: 2,
    kickoffAfterDays: null,
    synced: null,
    outcome: [
      'A pilot team reporting on lab throughput.',
      'Guided setup by our team.',
      'Pilot team active weekly by day 30.'
    ]
  },
  {
    account: 'Initech',
    name: 'Initech – Event Marketing Suite',
    implementationType: 'Multi-Phase Project',
    seats: 60,
    amount: 96000,
    closedDaysAgo: 10,
    contractEndInDays: 720,
    csOwner: 3,
    kickoffAfterDays: null,
    synced: {
      stages: ['Scheduled', 'To Do', 'To Do', 'To Do', 'To Do'],
      milestones: ['Planned', 'Planned', 'Planned', 'Planned', 'Planned', 'Planned'],
      health: null,
      postSaleStatus: 'Kickoff Scheduled',
      history: []
    },
    outcome: [
      'Get more people to register for our customer events.',
      'A guided project with IT involved; the events team works self-serve afterwards.',
      'Registrations up 20% within two quarters.'
    ]
  },
  {
    account: 'Soylent Foods',
    name: 'Soylent Foods – Reporting',
    implementationType: 'Single Call',
    seats: 15,
    amount: 18000,
    closedDaysAgo: 35,
    contractEndInDays: 330,
    csOwner: 4,
    kickoffAfterDays: 6,
    synced: {
      stages: ['Done'],
      milestones: ['Missed', 'Planned', 'Planned', 'Planned', 'Planned'],
      health: {
        score: 48,
        trend: null,
        drivers: [
          '-20.0 milestones: 0 of 1 due milestones achieved',
          '-12.9 seat_utilization: 13% of seats active (target 60%)',
          '-4.3 recency: 11 days since last activity'
        ],
        activeUsers: 2,
        lastActivityDaysAgo: 11
      },
      postSaleStatus: 'Implementing',
      history: [
        { daysAgo: 14, score: 52 },
        { daysAgo: 3, score: 48 }
      ]
    },
    outcome: [
      'Store managers see sales by product line each morning.',
      'No calls beyond kickoff; short videos.',
      'First store report created in the first two weeks.'
    ]
  },
  {
    account: 'Acme Corporation',
    name: 'Acme – Enterprise Rollout',
    implementationType: 'Multi-Phase Project',
    seats: 120,
    amount: 240000,
    closedDaysAgo: 200,
    contractEndInDays: 530,
    csOwner: 1,
    kickoffAfterDays: 5,
    synced: {
      stages: done(5),
      milestones: ['Achieved', 'Achieved', 'Achieved', 'Achieved', 'Achieved', 'Planned'],
      health: {
        score: 91,
        trend: 3,
        drivers: [
          '-4.5 seat_utilization: 57% of seats active (target 60%)',
          "-2.0 activity_trend: 96% of the previous 30 days' active users",
          '-0.0 milestones: 5 of 5 due milestones achieved'
        ],
        activeUsers: 68,
        lastActivityDaysAgo: 0
      },
      postSaleStatus: 'Onboarded',
      history: [
        { daysAgo: 150, score: 62 },
        { daysAgo: 110, score: 78 },
        { daysAgo: 60, score: 88 }
      ]
    },
    outcome: [
      'Run every regional roadshow from one plan, with registrations tracked live.',
      'A phased rollout region by region, with an admin on their side.',
      'All six regions live and registrations up 20% year on year.'
    ]
  },
  {
    account: 'Umbrella Health',
    name: 'Umbrella Health – Clinics Reporting',
    implementationType: 'Single Call',
    seats: 40,
    amount: 52000,
    closedDaysAgo: 400,
    contractEndInDays: 330,
    csOwner: 2,
    kickoffAfterDays: 4,
    synced: {
      stages: ['Done'],
      milestones: ['Achieved', 'Achieved', 'Achieved', 'Missed', 'Achieved'],
      health: {
        score: 78,
        trend: -2,
        drivers: [
          '-9.0 seat_utilization: 42% of seats active (target 60%)',
          '-4.0 milestones: 4 of 5 due milestones achieved',
          "-1.8 activity_trend: 91% of the previous 30 days' active users"
        ],
        activeUsers: 17,
        lastActivityDaysAgo: 1
      },
      postSaleStatus: 'Onboarded',
      history: [
        { daysAgo: 380, score: 55 },
        { daysAgo: 330, score: 71 },
        { daysAgo: 200, score: 82 },
        { daysAgo: 40, score: 78 }
      ]
    },
    outcome: [
      'Clinic managers compare waiting times across sites.',
      'Self-serve with a single training call.',
      'Every clinic manager opens the weekly dashboard.'
    ]
  },
  {
    account: 'Globex',
    name: 'Globex – Global Events Platform',
    implementationType: 'Multi-Phase Project',
    seats: 80,
    amount: 150000,
    closedDaysAgo: 300,
    contractEndInDays: 430,
    csOwner: 3,
    kickoffAfterDays: 8,
    synced: {
      stages: done(5),
      milestones: ['Achieved', 'Achieved', 'Missed', 'Missed', 'Planned', 'Planned'],
      health: {
        score: 38,
        trend: -27,
        drivers: [
          "-20.0 activity_trend: 48% of the previous 30 days' active users",
          '-19.2 seat_utilization: 19% of seats active (target 60%)',
          '-10.0 milestones: 2 of 4 due milestones achieved',
          '-5.6 recency: 12 days since last activity'
        ],
        activeUsers: 15,
        lastActivityDaysAgo: 12
      },
      postSaleStatus: 'At Risk',
      history: [
        { daysAgo: 250, score: 70 },
        { daysAgo: 180, score: 86 },
        { daysAgo: 60, score: 65 },
        { daysAgo: 20, score: 38 }
      ]
    },
    outcome: [
      'One platform for every Globex conference worldwide.',
      'A project with their events agency; monthly check-ins.',
      'Three flagship conferences run end to end on the platform.'
    ]
  },
  {
    account: 'Stark Logistics',
    name: 'Stark Logistics – Fleet Insights',
    implementationType: 'Single Call',
    seats: 50,
    amount: 60000,
    closedDaysAgo: 330,
    contractEndInDays: 60,
    csOwner: 4,
    kickoffAfterDays: 3,
    synced: {
      stages: ['Done'],
      milestones: ['Achieved', 'Achieved', 'Achieved', 'Missed', 'Planned'],
      health: {
        score: 61,
        trend: -9,
        drivers: [
          '-15.0 seat_utilization: 30% of seats active (target 60%)',
          '-8.0 milestones: 3 of 4 due milestones achieved',
          "-6.0 activity_trend: 80% of the previous 30 days' active users"
        ],
        activeUsers: 15,
        lastActivityDaysAgo: 2
      },
      postSaleStatus: 'Renewal Due',
      history: [
        { daysAgo: 300, score: 74 },
        { daysAgo: 120, score: 70 },
        { daysAgo: 25, score: 61 }
      ]
    },
    outcome: [
      'Dispatchers see late deliveries before customers call.',
      'Self-serve; dispatch leads train their teams.',
      'Late-delivery report used daily by every depot.'
    ]
  },
  {
    account: 'Wayne Events',
    name: 'Wayne Events – Campaigns',
    implementationType: 'Multi-Phase Project',
    seats: 70,
    amount: 110000,
    closedDaysAgo: 50,
    contractEndInDays: 680,
    csOwner: 1,
    kickoffAfterDays: 6,
    synced: {
      stages: ['Done', 'Done', 'In Progress', 'To Do', 'To Do'],
      milestones: ['Planned', 'Planned', 'Planned', 'Planned', 'Planned', 'Planned'],
      health: {
        score: 67,
        trend: null,
        drivers: [
          '-18.0 seat_utilization: 24% of seats active (target 60%)',
          '-7.5 implementation: 2 of 3 due stages done',
          '-0.0 recency: 0 days since last activity'
        ],
        activeUsers: 17,
        lastActivityDaysAgo: 0
      },
      postSaleStatus: 'Implementing',
      history: [
        { daysAgo: 30, score: 58 },
        { daysAgo: 9, score: 67 }
      ]
    },
    outcome: [
      'Fill the Gotham gala and twelve regional dinners.',
      'Their events team leads; we advise weekly during setup.',
      'First campaign out before the gala save-the-date.'
    ]
  },
  {
    account: 'Hooli',
    name: 'Hooli – Team Analytics',
    implementationType: 'Single Call',
    seats: 30,
    amount: 36000,
    closedDaysAgo: 500,
    contractEndInDays: 230,
    csOwner: 2,
    kickoffAfterDays: 7,
    synced: {
      stages: ['Done'],
      milestones: ['Achieved', 'Achieved', 'Missed', 'Missed', 'Planned'],
      health: {
        score: 12,
        trend: -31,
        drivers: [
          '-30.0 seat_utilization: 0% of seats active (target 60%)',
          '-15.0 recency: 48 days since last activity',
          '-8.0 milestones: 2 of 4 due milestones achieved'
        ],
        activeUsers: 0,
        lastActivityDaysAgo: 48
      },
      postSaleStatus: 'At Risk',
      history: [
        { daysAgo: 480, score: 66 },
        { daysAgo: 300, score: 58 },
        { daysAgo: 60, score: 43 },
        { daysAgo: 15, score: 12 }
      ]
    },
    outcome: [
      'Engineering managers see team velocity without asking.',
      'Self-serve.',
      'Each engineering manager checks the dashboard weekly.'
    ]
  },
  {
    account: 'Cyberdyne',
    name: 'Cyberdyne – Research Reporting',
    implementationType: 'Single Call',
    seats: 20,
    amount: 24000,
    closedDaysAgo: 1300,
    contractEndInDays: -400,
    csOwner: 3,
    kickoffAfterDays: 5,
    synced: null,
    outcome: ['Lab results shared across teams.', 'Self-serve.', 'Weekly lab report used by every team.']
  },
  {
    account: 'Vandelay Imports',
    name: 'Vandelay Imports – Reporting',
    implementationType: 'Single Call',
    seats: 35,
    amount: 42000,
    closedDaysAgo: 60,
    contractEndInDays: 305,
    csOwner: 4,
    kickoffAfterDays: 4,
    synced: {
      stages: ['Done'],
      milestones: ['Achieved', 'Achieved', 'Achieved', 'Planned', 'Planned'],
      health: {
        score: 88,
        trend: 6,
        drivers: [
          '-6.0 seat_utilization: 51% of seats active (target 60%)',
          '-0.0 milestones: 3 of 3 due milestones achieved',
          '-0.0 recency: 0 days since last activity'
        ],
        activeUsers: 18,
        lastActivityDaysAgo: 0
      },
      postSaleStatus: 'Onboarded',
      history: [
        { daysAgo: 50, score: 71 },
        { daysAgo: 20, score: 82 },
        { daysAgo: 5, score: 88 }
      ]
    },
    outcome: [
      'Importers track shipments and margins in one place.',
      'Self-serve with one call.',
      'Buyers build their own margin reports.'
    ]
  },
  {
    account: 'Vandelay Imports',
    name: 'Vandelay Imports – Seat Upgrade',
    type: 'Existing Customer - Upgrade',
    implementationType: 'Single Call',
    seats: 15,
    amount: 18000,
    closedDaysAgo: 12,
    contractEndInDays: 305,
    csOwner: 4,
    kickoffAfterDays: null,
    synced: null,
    outcome: ['Bring the latex sales team on board.', 'Same as the original deal.', 'Latex team active within a month.']
  },
  {
    account: 'Tyrell Systems',
    name: 'Tyrell Systems – Insights',
    implementationType: 'Single Call',
    seats: 45,
    amount: 54000,
    closedDaysAgo: 250,
    contractEndInDays: 115,
    csOwner: 3,
    kickoffAfterDays: 9,
    synced: null,
    outcome: [
      'Product teams see which features customers use.',
      'Self-serve after one call.',
      'Every product manager runs a weekly usage review.'
    ]
  }
];

const OPEN_AND_LOST: {
  account: string;
  name: string;
  stage: string;
  closeInDays: number;
  amount: number;
  type?: string;
}[] = [
  {
    account: 'Wonka Industries',
    name: 'Wonka Industries – Factory Analytics',
    stage: 'Negotiation/Review',
    closeInDays: 20,
    amount: 80000,
    type: 'New Customer'
  },
  {
    account: 'Wonka Industries',
    name: 'Wonka Industries – Pilot',
    stage: 'Closed Lost',
    closeInDays: -40,
    amount: 15000,
    type: 'New Customer'
  },
  {
    account: 'Globex',
    name: 'Globex – APAC Expansion',
    stage: 'Proposal/Price Quote',
    closeInDays: 45,
    amount: 60000,
    type: 'Existing Customer - Upgrade'
  },
  {
    account: 'Initech',
    name: 'Initech – Reporting Add-on',
    stage: 'Closed Lost',
    closeInDays: -120,
    amount: 20000,
    type: 'Existing Customer - Upgrade'
  },
  {
    account: 'Tyrell Systems',
    name: 'Tyrell Systems – Additional Seats',
    stage: 'Qualification',
    closeInDays: 70,
    amount: 25000,
    type: 'Existing Customer - Upgrade'
  }
];

/** The demo accounts that have product usage, for the usage generator. */
export const DEMO_ACCOUNTS: DemoAccount[] = CUSTOMERS.flatMap((c) => {
  const first = DEALS.filter((d) => d.account === c.name && !d.type).sort(
    (a, b) => b.closedDaysAgo - a.closedDaysAgo
  )[0];
  if (!c.productAccountId || !c.profile || !first || !first.implementationType) return [];
  return [
    {
      productAccountId: c.productAccountId,
      name: c.name,
      seats: first.seats,
      profile: c.profile,
      closedDaysAgo: first.closedDaysAgo,
      implementationType: first.implementationType
    }
  ];
});

interface PlaybookFile {
  stages: { key: string; name: string; dueDays: number; isKickoff?: boolean }[];
  milestones: {
    key: string;
    name: string;
    kind: 'Product' | 'Customer';
    /** one of the two: CloseDate + dueDays, or (the customer's journey) CloseDate + horizonMonths */
    dueDays?: number;
    horizonMonths?: number;
    usageMetric?: string;
    usageThreshold?: number;
    firstValue?: boolean;
    expansionSignal?: boolean;
    advocacyAsk?: boolean;
  }[];
}

function readPlaybook(repositoryRoot: string, file: string): PlaybookFile {
  const path = join(repositoryRoot, 'config', 'playbooks', file);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PlaybookFile;
  } catch (e) {
    throw new Error(`the demo seed reads ${path}: ${(e as Error).message}`);
  }
}

const grade = (score: number): string =>
  score >= 85 ? 'A' : score >= 70 ? 'B' : score >= 55 ? 'C' : score >= 40 ? 'D' : 'F';
const at = (date: string, time = '10:00:00'): string => `${date}T${time}.000Z`;

/** Loads the demo data into the org through `insert` (so it is validated like any write). */
export function seedDemo(org: OrgState, repositoryRoot: string): void {
  const today = org.clock.today();
  const playbooks = {
    'Single Call': readPlaybook(repositoryRoot, 'single-call.json'),
    'Multi-Phase Project': readPlaybook(repositoryRoot, 'multi-phase.json')
  };
  const userIds = org.insert(
    'User',
    USERS.map((u) => ({
      ...u,
      Username: `${u.Alias}@cairn.local`,
      Email: `${u.Alias}@cairn.local`,
      CompanyName: 'Cairn'
    }))
  );
  const seller = userIds[0] as string;
  const accountIds = new Map<string, string>();
  const contactIds = new Map<string, string[]>();
  const opportunityIds = new Map<string, string>();
  CUSTOMERS.forEach((c) => {
    const [id] = org.insert('Account', [
      {
        Name: c.name,
        Product_Account_Id__c: c.productAccountId,
        Industry: c.industry,
        BillingCity: c.city,
        Type: 'Customer - Direct',
        OwnerId: seller
      }
    ]);
    accountIds.set(c.name, id as string);
    contactIds.set(
      c.name,
      org.insert(
        'Contact',
        c.contacts.map(([first, last, title]) => ({
          AccountId: id,
          FirstName: first,
          LastName: last,
          Title: title,
          Email: `${first}.${last}@${c.name.toLowerCase().replace(/[^a-z]+/g, '')}.example`.toLowerCase(),
          OwnerId: seller,
          ...PEOPLE[`${first} ${last}`]
        }))
      )
    );
  });

  for (const deal of DEALS) {
    const closeDate = addDays(today, -deal.closedDaysAgo);
    const csOwner = userIds[deal.csOwner] as string;
    const synced = deal.synced;
    const kickoffDate = deal.kickoffAfterDays === null ? null : addDays(closeDate, deal.kickoffAfterDays);
    const playbook = deal.implementationType ? playbooks[deal.implementationType] : null;
    const firstValueIndex = playbook?.milestones.findIndex((m) => m.firstValue) ?? -1;
    const onboarded = synced !== null && firstValueIndex >= 0 && synced.milestones[firstValueIndex] === 'Achieved';
    const firstValueDue = playbook && firstValueIndex >= 0 ? (playbook.milestones[firstValueIndex]?.dueDays ?? 0) : 0;
    const onboardedDate = onboarded ? addDays(closeDate, firstValueDue - 3) : null;
    const health = synced?.health ?? null;
    const [opportunityId] = org.insert('Opportunity', [
      {
        Name: deal.name,
        AccountId: accountIds.get(deal.account),
        StageName: 'Closed Won',
        CloseDate: closeDate,
        Amount: deal.amount,
        Type: deal.type ?? 'New Customer',
        OwnerId: seller,
        CS_Owner__c: csOwner,
        Implementation_Type__c: deal.implementationType,
        Licensed_Seats__c: deal.seats,
        Contract_End_Date__c: addDays(today, deal.contractEndInDays),
        Kickoff_Date__c: kickoffDate,
        Desired_Outcome__c: deal.outcome[0],
        Appropriate_Experience__c: deal.outcome[1],
        Success_Criteria__c: deal.outcome[2],
        ...(synced
          ? {
              Post_Sale_Status__c: synced.postSaleStatus,
              Onboarded__c: onboarded,
              Onboarded_Date__c: onboardedDate,
              Days_To_First_Value__c: onboarded ? firstValueDue - 3 : null,
              Health_Score__c: health?.score ?? null,
              Health_Grade__c: health ? grade(health.score) : null,
              Health_Trend__c: health?.trend ?? null,
              Health_Drivers__c: health?.drivers.join('\n') ?? null,
              Health_Updated_At__c: health ? at(today, '06:00:00') : null,
              Active_Users_30d__c: health?.activeUsers ?? null,
              Last_Product_Activity__c: health ? at(addDays(today, -health.lastActivityDaysAgo), '16:42:00') : null
            }
          : {})
      }
    ]);
    opportunityIds.set(deal.name, opportunityId as string);
    if (!synced || !playbook) continue;
    const oppId = opportunityId as string;
    const contacts = contactIds.get(deal.account) ?? [];
    const profile = CUSTOMERS.find((c) => c.name === deal.account)?.profile ?? 'new';

    org.insert(
      'Implementation_Stage__c',
      playbook.stages.map((stage, i) => {
        const status = synced.stages[i] ?? 'To Do';
        const target = addDays(closeDate, stage.dueDays);
        return {
          Opportunity__c: oppId,
          Name: stage.name,
          Sequence__c: i + 1,
          Status__c: status,
          Is_Kickoff__c: stage.isKickoff === true,
          Target_Date__c: target,
          Completed_Date__c:
            status === 'Done' ? (stage.isKickoff && kickoffDate ? kickoffDate : addDays(target, -1)) : null,
          // the kickoff is where the satisfaction questions are asked first (DESIGN §9.1)
          ...(status === 'Done' && stage.isKickoff ? answers(profile, 0) : {}),
          Customer_Owner__c: contacts[i % Math.max(1, contacts.length)] ?? null,
          Assigned_To__c: csOwner,
          Stage_Key__c: `${oppId}:${stage.key}`
        };
      })
    );

    org.insert(
      'Success_Milestone__c',
      playbook.milestones.map((m, i) => {
        const target = m.horizonMonths ? addMonths(closeDate, m.horizonMonths) : addDays(closeDate, m.dueDays ?? 0);
        // the customer's journey: reached by healthy customers once its horizon has come, else missed
        const journeyStatus = target > today ? 'Planned' : (health?.score ?? 0) >= 70 ? 'Achieved' : 'Missed';
        const status = m.horizonMonths ? journeyStatus : (synced.milestones[i] ?? 'Planned');
        const achievedOn = m.horizonMonths
          ? addDays(target, -3)
          : addDays(closeDate, Math.max(1, (m.dueDays ?? 0) - 3));
        const achievedAt = status === 'Achieved' ? at(achievedOn, '14:05:00') : null;
        return {
          Opportunity__c: oppId,
          Name: m.name,
          Kind__c: m.kind,
          Sequence__c: i + 1,
          Status__c: status,
          Target_Date__c: target,
          Achieved_At__c: achievedAt,
          Is_First_Value__c: m.firstValue === true,
          Usage_Metric__c: m.usageMetric ?? null,
          Usage_Threshold__c: m.usageThreshold ?? null,
          Evidence__c: achievedAt
            ? m.usageMetric
              ? `usage: ${m.usageMetric} reached ${m.usageThreshold ?? 1} at ${achievedAt.replace('.000Z', 'Z')}`
              : 'manual'
            : null,
          Expansion_Signal__c: m.expansionSignal === true,
          Advocacy_Ask__c: m.advocacyAsk === true,
          Horizon_Months__c: m.horizonMonths ?? null,
          Milestone_Key__c: `${oppId}:${m.key}`
        };
      })
    );

    // the account manager answered the questions at the latest review held, not at every one
    const planned = reviews(oppId, closeDate, addDays(today, deal.contractEndInDays), today);
    const latestHeld = planned.map((review) => review.Status__c).lastIndexOf('Completed');
    org.insert(
      'Business_Review__c',
      planned.map((review, i) => (i === latestHeld ? { ...review, ...answers(profile, i + 1) } : review))
    );

    let previous: { score: number } | null = null;
    const changes = [];
    for (const point of synced.history) {
      const changedAt = at(addDays(today, -point.daysAgo), '06:00:00');
      changes.push({
        Opportunity__c: oppId,
        Score__c: point.score,
        Grade__c: grade(point.score),
        Previous_Score__c: previous?.score ?? null,
        Previous_Grade__c: previous ? grade(previous.score) : null,
        Changed_At__c: changedAt,
        Drivers__c: previous
          ? `score ${previous.score} → ${point.score} (${point.score - previous.score > 0 ? '+' : ''}${point.score - previous.score}), grade ${grade(previous.score)} → ${grade(point.score)}`
          : `first score ${point.score}, grade ${grade(point.score)}`,
        Change_Key__c: `${oppId}:${changedAt.replace('.000Z', 'Z')}`
      });
      previous = point;
    }
    if (changes.length) org.insert('Health_Change__c', changes);
  }

  org.insert(
    'Case',
    CASES.map((c) => ({
      AccountId: accountIds.get(c.account),
      Subject: c.subject,
      Priority: c.priority,
      Status: c.status,
      IsEscalated: c.status === 'Escalated',
      Origin: 'Email',
      Product_Feature__c: c.feature,
      CreatedDate: at(addDays(today, -c.openedDaysAgo), '09:30:00'),
      OwnerId: userIds[4]
    }))
  );

  for (const deal of OPEN_AND_LOST) {
    org.insert('Opportunity', [
      {
        Name: deal.name,
        AccountId: accountIds.get(deal.account),
        StageName: deal.stage,
        CloseDate: addDays(today, deal.closeInDays),
        Amount: deal.amount,
        Type: deal.type,
        OwnerId: seller
      }
    ]);
  }

  const initech = accountIds.get('Initech');
  org.insert('Event', [
    {
      Subject: 'Initech kickoff call',
      WhatId: initech,
      WhoId: contactIds.get('Initech')?.[0],
      StartDateTime: at(addDays(today, 2), '15:00:00'),
      DurationInMinutes: 60,
      OwnerId: userIds[3],
      Type: 'Meeting'
    }
  ]);
  org.insert('Task', [
    {
      Subject: 'Send the onboarding checklist',
      WhatId: accountIds.get('Soylent Foods'),
      ActivityDate: addDays(today, 1),
      Status: 'Not Started',
      Priority: 'High',
      OwnerId: userIds[4]
    },
    {
      Subject: 'Call about renewal',
      WhatId: accountIds.get('Stark Logistics'),
      ActivityDate: addDays(today, 7),
      Status: 'In Progress',
      Priority: 'High',
      OwnerId: userIds[4]
    }
  ]);

  const contactIdByName = new Map(
    CUSTOMERS.flatMap((c) => c.contacts.map(([first, last], i) => [`${first} ${last}`, contactIds.get(c.name)?.[i]]))
  );
  org.insert(
    'OpportunityContactRole',
    CONTACT_ROLES.map(([deal, contact, role, isPrimary]) => ({
      OpportunityId: opportunityIds.get(deal),
      ContactId: contactIdByName.get(contact),
      Role: role,
      IsPrimary: isPrimary
    }))
  );
}

/**
 * What a customer of each profile answers to the two satisfaction questions at its n-th
 * touchpoint (0: the kickoff, then each completed review): the declining ones grow unhappy
 * with the service, the inactive ones never liked the product.
 */
function answers(profile: DemoProfile, touchpoint: number): Record<string, string> {
  const [product, service] = {
    healthy: ['Satisfied', touchpoint === 1 ? 'Neutral' : 'Satisfied'],
    new: ['Satisfied', 'Neutral'],
    declining: touchpoint === 0 ? ['Satisfied', 'Satisfied'] : ['Neutral', 'Unsatisfied'],
    inactive: ['Unsatisfied', 'Neutral']
  }[profile];
  return { Product_Satisfaction__c: product as string, Service_Satisfaction__c: service as string };
}

/** Support cases, tagged with the features of config/features.json (Case.Product_Feature__c). */
const CASES: {
  account: string;
  subject: string;
  priority: 'High' | 'Medium' | 'Low';
  status: 'New' | 'Working' | 'Escalated' | 'Closed';
  feature: string;
  openedDaysAgo: number;
}[] = [
  {
    account: 'Globex',
    subject: 'Exports time out for large reports',
    priority: 'High',
    status: 'Working',
    feature: 'Custom Reports',
    openedDaysAgo: 2
  },
  {
    account: 'Globex',
    subject: 'Scheduled campaigns skip weekends',
    priority: 'Medium',
    status: 'New',
    feature: 'Email Campaigns',
    openedDaysAgo: 12
  },
  {
    account: 'Globex',
    subject: 'SSO login loop',
    priority: 'Medium',
    status: 'Closed',
    feature: 'CRM Integrations',
    openedDaysAgo: 40
  },
  {
    account: 'Acme Corporation',
    subject: 'Shared dashboard link expired',
    priority: 'Low',
    status: 'Closed',
    feature: 'Shared Dashboards',
    openedDaysAgo: 20
  },
  {
    account: 'Acme Corporation',
    subject: 'Typo in the invitation email',
    priority: 'Low',
    status: 'New',
    feature: 'Team Invitations',
    openedDaysAgo: 1
  },
  {
    account: 'Hooli',
    subject: 'CRM sync stopped after a field rename',
    priority: 'Medium',
    status: 'Escalated',
    feature: 'CRM Integrations',
    openedDaysAgo: 15
  },
  {
    account: 'Tyrell Systems',
    subject: 'Report totals differ from the export',
    priority: 'Medium',
    status: 'Working',
    feature: 'Custom Reports',
    openedDaysAgo: 9
  }
];

/** QBRs every three months from close (past ones completed), and a renewal review 42 days before the end. */
function reviews(oppId: string, closeDate: string, contractEnd: string, today: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const lastQbrBy = addDays(contractEnd, -80);
  let scheduledNext = false;
  const status = (due: string) => {
    if (due < today) return 'Completed';
    if (!scheduledNext && due <= addDays(today, 30)) {
      scheduledNext = true;
      return 'Scheduled';
    }
    return 'To Schedule';
  };
  for (let n = 1; ; n++) {
    const due = addMonths(closeDate, 3 * n);
    if (due >= lastQbrBy) break;
    const s = status(due);
    rows.push({
      Opportunity__c: oppId,
      Name: `QBR ${n}`,
      Review_Type__c: 'QBR',
      Sequence__c: n,
      Due_Date__c: due,
      Scheduled_At__c: s === 'To Schedule' ? null : at(addDays(due, -2), '16:00:00'),
      Status__c: s,
      Outcome_Summary__c: s === 'Completed' ? 'Reviewed usage against the desired outcome; agreed next steps.' : null,
      Review_Key__c: `${oppId}:QBR:${n}`
    });
  }
  const renewalDue = addDays(contractEnd, -42);
  const s = status(renewalDue);
  rows.push({
    Opportunity__c: oppId,
    Name: 'Renewal Review',
    Review_Type__c: 'Renewal Review',
    Sequence__c: 1,
    Due_Date__c: renewalDue,
    Scheduled_At__c: s === 'To Schedule' ? null : at(addDays(renewalDue, -2), '16:00:00'),
    Status__c: s,
    Review_Key__c: `${oppId}:Renewal:1`
  });
  return rows;
}
