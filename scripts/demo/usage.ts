// Product usage for the demo's accounts (DEMO_ACCOUNTS of the local org's demo seed): a
// burst of onboarding activity after each account's close, then its last few months,
// shaped by its profile so one sync shows a spread of grades and statuses:
//   healthy   most seats in use, steady, a couple of days a week each;
//   declining half the users stopped 3 to 8 weeks ago, the rest carry on more quietly;
//   new       closed days ago, a first handful of users starting one by one, looking
//             around (logins, shared dashboards) but not yet at first value;
//   inactive  everybody stopped more than 45 days ago.
// Event names are the ones the playbooks' usage milestones count (report_created,
// user_invited, dashboard_shared, campaign_sent, integration_connected), plus logins, and
// the NPS answers satisfaction counts (nps_submitted with a score).
// The same accounts and `now` give the same events, ids included: a seeded PRNG per account.

import type { DemoAccount } from '../../test/local-org/index.js';
import { DEFAULT_SATISFACTION_CONFIG } from '../../worker/core/satisfaction.js';
import type { UsageEvent } from '../../worker/ingest/event.js';
import { Random } from '../bench/random.js';

const DAY_MS = 86_400_000;
/** the recent usage each account has, at most */
export const RECENT_DAYS = 90;
/** the onboarding burst after the close, for accounts closed before the recent window */
const ONBOARDING_DAYS = 30;

interface UserPlan {
  id: string;
  /** days before now of the user's first and last possible activity */
  fromDaysAgo: number;
  untilDaysAgo: number;
  /** chance of being active on a given day */
  perDay: number;
}

/** Seeds a PRNG from the account id, so one account's events never depend on another's. */
function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

function users(account: DemoAccount, random: Random): UserPlan[] {
  const since = Math.min(account.closedDaysAgo, RECENT_DAYS);
  const user = (n: number, plan: Omit<UserPlan, 'id'>): UserPlan => ({
    id: `${account.productAccountId}-user-${n}`,
    ...plan
  });
  const pool = (share: number, minimum: number) => Math.max(minimum, Math.round(account.seats * share));
  switch (account.profile) {
    case 'healthy':
      return Array.from({ length: pool(0.8, 3) }, (_, i) =>
        user(i + 1, { fromDaysAgo: since - random.int(0, 10), untilDaysAgo: 0, perDay: 0.3 })
      );
    case 'declining':
      return Array.from({ length: pool(0.7, 3) }, (_, i) =>
        user(i + 1, {
          fromDaysAgo: since - random.int(0, 10),
          untilDaysAgo: random.chance(0.5) ? random.int(20, 55) : 0,
          perDay: 0.2
        })
      );
    case 'new':
      // one more user every day or two after the close
      return Array.from({ length: pool(0.3, 2) }, (_, i) =>
        user(i + 1, {
          fromDaysAgo: Math.max(0, account.closedDaysAgo - 1 - Math.floor(i * 1.5)),
          untilDaysAgo: 0,
          perDay: 0.55
        })
      );
    case 'inactive':
      return Array.from({ length: pool(0.5, 2) }, (_, i) =>
        user(i + 1, { fromDaysAgo: since, untilDaysAgo: random.int(46, 80), perDay: 0.2 })
      );
  }
}

/** What an active user does on a day, after logging in. */
function dayEvents(account: DemoAccount, random: Random): string[] {
  const names = ['login'];
  if (account.profile === 'new') {
    if (random.chance(0.2)) names.push('dashboard_shared');
  } else if (account.implementationType === 'Single Call') {
    if (random.chance(0.4)) names.push('report_created');
    if (random.chance(0.1)) names.push('dashboard_shared');
  } else {
    if (random.chance(0.3)) names.push('campaign_sent');
    if (random.chance(0.2)) names.push('report_created');
  }
  return names;
}

/** The NPS answers (DESIGN §9.2) the product collects from each kind of customer. */
const NPS_ANSWERS: Record<DemoAccount['profile'], { daysAgo: number; score: number }[]> = {
  healthy: [
    { daysAgo: 50, score: 10 },
    { daysAgo: 20, score: 9 }
  ],
  declining: [
    { daysAgo: 70, score: 8 },
    { daysAgo: 10, score: 6 }
  ],
  new: [],
  inactive: [{ daysAgo: 60, score: 5 }]
};

export function demoEvents(accounts: readonly DemoAccount[], now: Date): UsageEvent[] {
  const events: UsageEvent[] = [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (const account of accounts) {
    const random = new Random(seedOf(account.productAccountId));
    let sequence = 0;
    const emit = (userId: string, name: string, daysAgo: number, properties: UsageEvent['properties'] = null): void => {
      const at = today - daysAgo * DAY_MS + random.int(8 * 3600, 18 * 3600) * 1000;
      if (at > now.getTime()) return;
      sequence += 1;
      events.push({
        accountId: account.productAccountId,
        userId,
        name,
        timestamp: new Date(at).toISOString(),
        messageId: `demo-${account.productAccountId}-${sequence}`,
        properties
      });
    };

    const plans = users(account, random);
    const admin = plans[0];
    // onboarding, right after the close: the admin invites the team and (multi-phase) connects the integration
    if (admin && account.profile !== 'new') {
      for (let i = 0; i < 4; i += 1) emit(admin.id, 'user_invited', account.closedDaysAgo - 2 - i);
      if (account.implementationType === 'Multi-Phase Project')
        emit(admin.id, 'integration_connected', account.closedDaysAgo - 12);
    }
    if (account.closedDaysAgo > RECENT_DAYS) {
      const onboardingUsers = plans.slice(0, Math.max(2, Math.ceil(plans.length * 0.3)));
      for (let daysAgo = account.closedDaysAgo - 2; daysAgo > account.closedDaysAgo - ONBOARDING_DAYS; daysAgo -= 1) {
        for (const user of onboardingUsers) {
          if (random.chance(0.4)) for (const name of dayEvents(account, random)) emit(user.id, name, daysAgo);
        }
      }
    }
    for (let daysAgo = Math.min(account.closedDaysAgo, RECENT_DAYS); daysAgo >= 0; daysAgo -= 1) {
      for (const user of plans) {
        if (daysAgo > user.fromDaysAgo || daysAgo < user.untilDaysAgo || !random.chance(user.perDay)) continue;
        for (const name of dayEvents(account, random)) emit(user.id, name, daysAgo);
      }
    }
    // last, so the usage above is the same with or without them
    for (const [i, answer] of NPS_ANSWERS[account.profile].entries()) {
      const user = plans[i % Math.max(1, plans.length)];
      if (user && answer.daysAgo < account.closedDaysAgo)
        emit(user.id, DEFAULT_SATISFACTION_CONFIG.npsEvent, answer.daysAgo, { score: answer.score });
    }
  }
  return events.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
