// DESIGN §4.7: Value_Summary__c, written before a review as plain lines for a deck.

import type { FeatureAdoption } from './adoption.js';
import { addDays, toDate } from './dates.js';
import type { OnboardedState } from './onboarded.js';
import type { ReviewsConfig } from './reviews.js';
import { spreadsheetSafe } from './spreadsheet-safe.js';
import type { NamedUser } from './people.js';
import { answersBetween, unsatisfiedNote, type SatisfactionAnswer } from './satisfaction.js';
import { casesInPeriod } from './support.js';
import type { BusinessReview, HealthGrade, IsoDate, SuccessMilestone, SupportCase } from './types.js';
import { plural } from './words.js';

/**
 * Active users at the start of a review period, by date: for date D, the distinct userIds
 * with any event in (D 00:00Z − 30 days, D 00:00Z] — the `active_users_30d` window ending at
 * D's UTC day start. The orchestrator asks the store for the dates of summaryPeriodStarts().
 */
export type ActiveUsersAt = Readonly<Record<IsoDate, number>>;

/**
 * A review gets a summary while it is open (not Completed or Cancelled) and due within the
 * window: today ≤ Due_Date__c ≤ today + 30 days. Once the due date has passed the summary is
 * left as last written — it was written "before the review" and an overdue review keeps the
 * figures the account manager prepared with.
 */
export function needsValueSummary(review: BusinessReview, today: IsoDate, config: ReviewsConfig): boolean {
  if (review.status === 'Completed' || review.status === 'Cancelled' || review.dueDate === null) return false;
  return review.dueDate >= today && review.dueDate <= addDays(today, config.valueSummaryWithinDays);
}

/**
 * Where a review's period starts: the due date of the previous review (the latest other
 * review, not Cancelled, due before this one), else the close date.
 */
export function periodStart(review: BusinessReview, reviews: readonly BusinessReview[], closeDate: IsoDate): IsoDate {
  let start = closeDate;
  for (const other of reviews) {
    if (other === review || other.status === 'Cancelled' || other.dueDate === null || review.dueDate === null) continue;
    if (other.dueDate < review.dueDate && other.dueDate > start) start = other.dueDate;
  }
  return start;
}

/** The dates the orchestrator needs ActiveUsersAt for: period starts (up to today) of the reviews to summarise. */
export function summaryPeriodStarts(
  reviews: readonly BusinessReview[],
  closeDate: IsoDate,
  today: IsoDate,
  config: ReviewsConfig
): IsoDate[] {
  const starts = reviews
    .filter((review) => needsValueSummary(review, today, config))
    .map((review) => periodStart(review, reviews, closeDate))
    .filter((start) => start <= today);
  return [...new Set(starts)].sort();
}

export interface ValueSummaryInputs {
  review: BusinessReview;
  /** all the opportunity's reviews, including those planned in this run */
  reviews: readonly BusinessReview[];
  closeDate: IsoDate;
  /** milestones as decided in this run */
  milestones: readonly SuccessMilestone[];
  /** the features available to the opportunity (DESIGN §9.7); empty without a features file */
  adoption: readonly FeatureAdoption[];
  onboarded: OnboardedState;
  /** null: the opportunity has no usage (no Product_Account_Id__c) */
  activeUsersNow: number | null;
  activeUsersAt: ActiveUsersAt;
  /** the account's cases as read for the support measure; null without an account */
  cases: readonly SupportCase[] | null;
  /** the first day `cases` covers (the support lookback): earlier cases were not read */
  casesReadFrom: IsoDate;
  /** every dated satisfaction answer of the opportunity */
  answers: readonly SatisfactionAnswer[];
  /** the product account's users (named by their contacts where known) */
  users: readonly NamedUser[];
  health: { score: number | null; grade: HealthGrade | null; trend: number | null; drivers: string | null };
  today: IsoDate;
}

/**
 * The summary text, or null when the review needs none (see needsValueSummary).
 * Example:
 *   QBR 2, due 2026-07-15
 *   Period: 2026-04-15 to 2026-07-15 (since QBR 1)
 *   Active users (30 days): 14 now, 9 at 2026-04-15
 *   Users active in the period: 7 of 10 (not since 2026-04-15: Ann Lee, Bo Chen, u-17)
 *   Milestones reached in the period:
 *   - 2026-05-02 First campaign sent
 *   Features adopted in the period:
 *   - 2026-05-20 Shared Dashboards
 *   Support cases in the period: 3 opened, 2 closed
 *   Satisfaction in the period: 2 of 3 answers satisfied (service unsatisfied at Kickoff)
 *   Onboarded: 2026-02-01 (17 days to first value)
 *   Health: 78 (B), trend +6
 *   -12.0 seat_utilization: 36% of seats active (target 60%)
 *   ...
 * The users line appears when the account has product users; the features lines when the
 * features file lists any; the support and satisfaction lines only when the period has cases or answers.
 */
export function valueSummary(inputs: ValueSummaryInputs, config: ReviewsConfig): string | null {
  const { review, today } = inputs;
  if (!needsValueSummary(review, today, config) || review.dueDate === null) return null;
  const start = periodStart(review, inputs.reviews, inputs.closeDate);
  const previous = inputs.reviews.find((r) => r !== review && r.status !== 'Cancelled' && r.dueDate === start);
  const since = previous ? `since ${previous.name}` : 'since the close date';

  const reached = inputs.milestones
    .filter((m) => m.status === 'Achieved' && m.achievedAt !== null && toDate(m.achievedAt) >= start)
    .sort((a, b) => (a.achievedAt ?? '').localeCompare(b.achievedAt ?? ''));

  const summary = [
    `${review.name}, due ${review.dueDate}`,
    `Period: ${start} to ${review.dueDate} (${since})`,
    activeUsersLine(inputs.activeUsersNow, start, inputs.activeUsersAt, today),
    ...usersLines(inputs.users, start, today),
    ...(reached.length === 0
      ? ['Milestones reached in the period: none']
      : ['Milestones reached in the period:', ...reached.map((m) => `- ${toDate(m.achievedAt ?? '')} ${m.name}`)]),
    ...featureLines(inputs.adoption, start),
    ...supportLines(inputs, start, today),
    ...satisfactionLines(inputs.answers, start, today),
    onboardedLine(inputs.onboarded),
    ...healthLines(inputs.health)
  ].join('\n');
  // the first line starts with the review's name, which people type
  return spreadsheetSafe(summary);
}

function activeUsersLine(now: number | null, start: IsoDate, at: ActiveUsersAt, today: IsoDate): string {
  if (now === null) return 'Active users: no product usage linked (the account has no Product_Account_Id__c)';
  const atStart = start > today ? 'not started yet' : (at[start]?.toString() ?? 'unknown');
  return `Active users (30 days): ${now} now, ${atStart} at ${start}`;
}

const NAMED_USERS = 5;

/** How many users were active in the period, naming those who were active before it and not since. */
function usersLines(users: readonly NamedUser[], start: IsoDate, today: IsoDate): string[] {
  if (users.length === 0 || start > today) return [];
  const active = users.filter((u) => toDate(u.lastActivity) >= start).length;
  const stopped = users
    .filter((u) => toDate(u.lastActivity) < start)
    .sort((a, b) => b.lastActivity.localeCompare(a.lastActivity) || a.name.localeCompare(b.name, 'en'))
    .map((u) => u.name);
  const named = stopped.slice(0, NAMED_USERS);
  const more = stopped.length - named.length;
  const note =
    named.length === 0 ? '' : ` (not since ${start}: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
  return [`Users active in the period: ${active} of ${users.length}${note}`];
}

function featureLines(adoption: readonly FeatureAdoption[], start: IsoDate): string[] {
  if (adoption.length === 0) return [];
  const adopted = adoption
    .flatMap((a) =>
      a.adoptedAt !== null && toDate(a.adoptedAt) >= start ? [{ on: toDate(a.adoptedAt), name: a.name }] : []
    )
    .sort((a, b) => a.on.localeCompare(b.on) || a.name.localeCompare(b.name, 'en'));
  return adopted.length === 0
    ? ['Features adopted in the period: none']
    : ['Features adopted in the period:', ...adopted.map((a) => `- ${a.on} ${a.name}`)];
}

/** Cases opened and closed in the period, as far back as they were read. */
function supportLines(inputs: ValueSummaryInputs, start: IsoDate, today: IsoDate): string[] {
  if (inputs.cases === null || start > today) return [];
  const from = start < inputs.casesReadFrom ? inputs.casesReadFrom : start;
  const { opened, closed } = casesInPeriod(inputs.cases, from, today);
  if (opened === 0 && closed === 0) return [];
  const when = from === start ? 'in the period' : `since ${from}`;
  return [`Support cases ${when}: ${opened} opened, ${closed} closed`];
}

function satisfactionLines(answers: readonly SatisfactionAnswer[], start: IsoDate, today: IsoDate): string[] {
  const given = answersBetween(answers, start, today);
  if (given.length === 0) return [];
  const satisfied = given.filter((a) => a.level === 'Satisfied').length;
  return [
    `Satisfaction in the period: ${satisfied} of ${plural(given.length, 'answer')} satisfied${unsatisfiedNote(given)}`
  ];
}

function onboardedLine(onboarded: OnboardedState): string {
  if (!onboarded.onboarded) return 'Onboarded: not yet (first value not reached)';
  if (onboarded.onboardedDate === null) return 'Onboarded: yes';
  const days = onboarded.daysToFirstValue;
  return `Onboarded: ${onboarded.onboardedDate}${days === null ? '' : ` (${days} ${days === 1 ? 'day' : 'days'} to first value)`}`;
}

function healthLines(health: ValueSummaryInputs['health']): string[] {
  if (health.score === null) return ['Health: not scored (no health measure present)'];
  const trend = health.trend === null ? '' : `, trend ${health.trend > 0 ? '+' : ''}${health.trend}`;
  return [
    `Health: ${health.score} (${health.grade ?? '?'})${trend}`,
    ...(health.drivers ? health.drivers.split('\n') : [])
  ];
}
