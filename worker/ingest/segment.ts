// Segment-compatible ingestion (DESIGN §3): track, identify and group messages, alone or in
// a batch, as @segment/analytics-node and Segment's HTTP Tracking API send them. Track
// events become usage events; group calls map a user to an account; identify calls give the
// user's email (traits.email, the one trait Cairn keeps: it matches users to Contacts). Every message is judged on its own:
// the valid ones are stored, the others come back with their index and a reason, and are
// kept in the store's rejected messages too (clients do not read the answer's list).
// A track whose user has no group call yet is stored and waits for it: Segment clients send
// batches concurrently, so a batch of tracks often arrives before its users' group calls.
import { append } from '../core/lists.js';
import type { IdentifyCall, Store } from '../store/store.js';
import {
  checkId,
  checkTimestamp,
  MAX_PROPERTIES_DEPTH,
  nestsDeeperThan,
  validateEvent,
  type Refusal,
  type RejectionKind,
  type UsageEvent
} from './event.js';
import { rawMessage } from './raw-message.js';

export const SEGMENT_TYPES = ['track', 'identify', 'group'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/** Segment's per-message limit */
export const MAX_MESSAGE_BYTES = 32 * 1024;
/** properties may nest MAX_PROPERTIES_DEPTH levels; the message around them a little more */
export const MAX_MESSAGE_DEPTH = MAX_PROPERTIES_DEPTH + 8;

export interface Rejection {
  index: number;
  reason: string;
  kind: RejectionKind;
}

export interface SegmentOutcome {
  /** track events newly stored */
  inserted: number;
  /** track events already stored (same messageId) */
  duplicates: number;
  groups: number;
  identifies: number;
  rejected: Rejection[];
}

type Message = Record<string, unknown>;

/** Calls Cairn does not store; refused with a pointer to what to send instead. */
const IGNORED_TYPES: Record<string, string> = {
  page: 'page calls are not stored; Cairn counts track events (use analytics.track)',
  screen: 'screen calls are not stored; Cairn counts track events (use analytics.track)',
  alias: 'alias calls are not supported; send the same userId in track and group calls'
};

function isObject(value: unknown): value is Message {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

interface GroupAt {
  index: number;
  userId: string;
  accountId: string;
  at: string;
}

interface PendingTrack {
  index: number;
  message: Message;
  userId: string;
  timestamp: unknown;
  /** context.groupId, already checked */
  groupId: string | null;
}

export interface SegmentOptions {
  /** the request's time: the timestamp of messages without one, and the limit for future ones */
  now: Date;
  /** the endpoint's type (/v1/track, ...); messages of /v1/batch carry their own */
  type?: SegmentType;
  /** the batch's own context, merged under each message's context */
  batchContext?: Message;
  /** satisfaction.npsEvent: tracks of this name must carry an NPS score */
  npsEvent?: string;
}

/** Checks, resolves and stores Segment messages; everything stored is committed when it resolves. */
export async function ingestSegmentMessages(
  store: Store,
  messages: readonly unknown[],
  options: SegmentOptions
): Promise<SegmentOutcome> {
  const rejected: Rejection[] = [];
  const groups: GroupAt[] = [];
  const identities: IdentifyCall[] = [];
  const tracks: PendingTrack[] = [];
  const reject = (index: number, refusal: { reason: string; kind: RejectionKind }): void => {
    rejected.push({ index, reason: refusal.reason, kind: refusal.kind });
  };

  messages.forEach((raw, index) => {
    if (!isObject(raw))
      return reject(index, { reason: 'expected a Segment message (a JSON object)', kind: 'invalid_shape' });
    const type = options.type ?? raw.type;
    if (typeof type !== 'string' || !(SEGMENT_TYPES as readonly string[]).includes(type)) {
      const ignored = typeof type === 'string' ? IGNORED_TYPES[type] : undefined;
      return reject(
        index,
        ignored
          ? { reason: ignored, kind: 'unsupported' }
          : {
              reason: `type: expected "track", "identify" or "group", got ${JSON.stringify(type ?? null)}`,
              kind: 'invalid_shape'
            }
      );
    }
    // checked before measuring: serialising thousands of levels would overflow the stack
    if (nestsDeeperThan(raw, MAX_MESSAGE_DEPTH))
      return reject(index, { reason: `message nests deeper than ${MAX_MESSAGE_DEPTH} levels`, kind: 'too_large' });
    const bytes = Buffer.byteLength(JSON.stringify(raw));
    if (bytes > MAX_MESSAGE_BYTES) {
      return reject(index, {
        reason: `message is ${bytes} bytes; Segment messages are at most ${MAX_MESSAGE_BYTES}`,
        kind: 'too_large'
      });
    }

    const context = { ...options.batchContext, ...(isObject(raw.context) ? raw.context : {}) };
    const timestamp = raw.timestamp ?? raw.receivedAt ?? options.now.toISOString();
    const messageId = checkId(raw.messageId, 'messageId', 'a unique message id (Segment clients send one)');
    if (!messageId.ok) return reject(index, messageId);
    if (raw.userId === undefined && raw.anonymousId !== undefined) {
      return reject(index, {
        reason:
          'userId: required; Cairn ties usage to known users, so anonymous calls (anonymousId only) are not stored',
        kind: 'unsupported'
      });
    }
    const userId = checkId(raw.userId, 'userId', 'the user id');
    if (!userId.ok) return reject(index, userId);

    if (type === 'identify') {
      const email = identifyEmail(raw.traits ?? context.traits);
      if (!email.ok) return reject(index, email);
      const at = checkTimestamp(timestamp, 'timestamp', options.now);
      if (!at.ok) return reject(index, at);
      identities.push({ userId: userId.value, email: email.value, at: at.value });
      return;
    }
    if (type === 'group') {
      const accountId = checkId(raw.groupId, 'groupId', 'the account id');
      if (!accountId.ok) return reject(index, accountId);
      const at = checkTimestamp(timestamp, 'timestamp', options.now);
      if (!at.ok) return reject(index, at);
      groups.push({ index, userId: userId.value, accountId: accountId.value, at: at.value });
      return;
    }
    let groupId: string | null = null;
    if (context.groupId !== undefined && context.groupId !== null) {
      const checked = checkId(context.groupId, 'context.groupId', 'the account id');
      if (!checked.ok) return reject(index, checked);
      groupId = checked.value;
    }
    tracks.push({ index, message: raw, userId: userId.value, timestamp, groupId });
  });

  const stored = await store.accountsForUsers(tracks.filter((t) => t.groupId === null).map((t) => t.userId));
  const groupsByUser = new Map<string, GroupAt[]>();
  for (const group of groups) append(groupsByUser, group.userId, group);
  const events: UsageEvent[] = [];
  for (const track of tracks) {
    const accountId = track.groupId ?? accountFor(track, groupsByUser.get(track.userId) ?? [], stored);
    const checked = validateEvent(
      {
        accountId,
        userId: track.userId,
        name: track.message.event,
        timestamp: track.timestamp,
        messageId: track.message.messageId,
        properties: track.message.properties
      },
      { now: options.now, labels: { name: 'event', accountId: 'context.groupId' }, npsEvent: options.npsEvent }
    );
    if (checked.ok) events.push(checked.event);
    else reject(track.index, checked);
  }

  await store.recordGroups(groups.map(({ userId, accountId, at }) => ({ userId, accountId, at })));
  await store.recordIdentities(identities);
  const { inserted, duplicates } = await store.insertEvents(events, options.now);
  rejected.sort((a, b) => a.index - b.index);
  await store.recordRejections(
    rejected.map(({ index, reason, kind }) => ({ via: 'segment', kind, reason, raw: rawMessage(messages[index]) })),
    options.now
  );
  return { inserted, duplicates, groups: groups.length, identifies: identities.length, rejected };
}

/**
 * traits.email of an identify call, which matches its user to a Contact (DESIGN §9.2); null
 * when the call names none. Any other value is refused, so a typo is not silently ignored.
 */
function identifyEmail(traits: unknown): { ok: true; value: string | null } | Refusal {
  if (traits === undefined || traits === null) return { ok: true, value: null };
  if (!isObject(traits)) return { ok: false, reason: 'traits: expected an object', kind: 'invalid_shape' };
  const email = traits.email;
  if (email === undefined || email === null || email === '') return { ok: true, value: null };
  if (typeof email !== 'string' || !EMAIL.test(email.trim()) || email.length > 254) {
    return {
      ok: false,
      reason: `traits.email: expected an email address, got ${JSON.stringify(email)}`,
      kind: 'invalid_shape'
    };
  }
  return { ok: true, value: email.trim().toLowerCase() };
}

/** Loose on purpose: one @ with something either side and a dot in the domain. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The account of a track without context.groupId: the user's latest group call before it in
 * this request, else the one stored, else the user's first group call later in the request
 * (clients often send the track of a sign-up before its group call), else null: the store
 * keeps the event until a group call for the user arrives.
 */
function accountFor(track: PendingTrack, own: readonly GroupAt[], stored: ReadonlyMap<string, string>): string | null {
  const before = own.filter((g) => g.index < track.index).at(-1);
  return before?.accountId ?? stored.get(track.userId) ?? own.find((g) => g.index > track.index)?.accountId ?? null;
}
