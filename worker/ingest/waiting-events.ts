// Track events that have waited long for their user's group call: said by GET /readyz and
// `sf cairn doctor`, because until a group call names the user's account they count nowhere.
import type { PendingEvents } from '../store/store.js';

export const WAITING_DAYS = 7;

/** Events received before this have waited too long. */
export function waitingSince(now: Date): Date {
  return new Date(now.getTime() - WAITING_DAYS * 86_400_000);
}

/** What to tell an operator, or undefined when no event has waited that long. */
export function waitingEventsNote(pending: PendingEvents): string | undefined {
  if (pending.waiting === 0) return undefined;
  const listed = pending.users.map((u) => `${u.userId} (${u.events})`).join(', ');
  const more = pending.userCount - pending.users.length;
  const users = `${listed}${more > 0 ? ` and ${more} more` : ''}`;
  return (
    `${pending.waiting} event${pending.waiting === 1 ? ' has' : 's have'} waited more than ${WAITING_DAYS} days for an account, ` +
    `from ${pending.userCount === 1 ? 'user' : `${pending.userCount} users`} ${users}: ` +
    `they count once a group call (analytics.group with the account's groupId) names each user's account`
  );
}
