// The one validator for usage events (DESIGN §3), shared by every way in: Segment
// ingestion, the postgres / http / file pull sources and `cairn-worker ingest`. It returns
// a reason a person can act on instead of throwing, so one bad event never costs the good
// ones beside it, and it refuses what PostgreSQL would choke on (NUL characters, lone
// surrogates, very deep JSON) so a hostile event cannot fail a whole batch's transaction.
import { z } from 'zod';
import { isNpsScore } from '../core/satisfaction.js';
import type { UsageEvent } from '../core/types.js';

export type { UsageEvent };

/** What kind of problem got a message refused: the `reason` label of cairn_events_rejected_total. */
export const REJECTION_KINDS = ['invalid_shape', 'bad_timestamp', 'too_large', 'unsupported'] as const;
export type RejectionKind = (typeof REJECTION_KINDS)[number];

export const MAX_ID_LENGTH = 255;
export const MAX_PROPERTIES_BYTES = 32 * 1024;
export const MAX_PROPERTIES_DEPTH = 32;
/** events dated further ahead than this are refused as clock or unit mistakes */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/i;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as PostgreSQL text, or null when it can. */
function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return null;
}

function buildIdSchema(what: string) {
  return z
    .union([z.string(), z.number().int()], { error: `expected ${what} as a non-empty string` })
    .transform((value) => String(value))
    .superRefine((value, ctx) => {
      const problem =
        value.trim() === ''
          ? `expected ${what} as a non-empty string`
          : value.length > MAX_ID_LENGTH
            ? `is ${value.length} characters; at most ${MAX_ID_LENGTH} are allowed`
            : unstorable(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** Walks a JSON value without recursion (a hostile value may nest thousands deep). */
function propertiesProblem(value: unknown): string | null {
  if (nestsDeeperThan(value, MAX_PROPERTIES_DEPTH)) return `nest deeper than ${MAX_PROPERTIES_DEPTH} levels`;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current === 'boolean') continue;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) return 'contain a number that is not finite';
      continue;
    }
    if (typeof current === 'string') {
      const problem = unstorable(current);
      if (problem) return `contain a string that ${problem}`;
      continue;
    }
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
      continue;
    }
    if (isPlainObject(current)) {
      for (const [key, item] of Object.entries(current)) {
        const problem = unstorable(key);
        if (problem) return `contain a key that ${problem}`;
        stack.push(item);
      }
      continue;
    }
    return `contain a value that is not JSON (${typeof current})`;
  }
  return null;
}

/** Whether a JSON value nests deeper than `limit` levels, found without recursion. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const item of Object.values(current)) stack.push({ value: item, depth: depth + 1 });
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

// Building a zod schema costs far more than using one, so each is built once and reused:
// the id schemas per wording, the ones that depend on `now` until `now` changes (each
// request, each pull). Built afresh for every event, they took most of the Segment
// endpoint's CPU time.
const idSchemas = new Map<string, ReturnType<typeof buildIdSchema>>();

function idSchema(what: string): ReturnType<typeof buildIdSchema> {
  let schema = idSchemas.get(what);
  if (!schema) {
    schema = buildIdSchema(what);
    idSchemas.set(what, schema);
  }
  return schema;
}

function latestFor<S>(build: (now: Date) => S): (now: Date) => S {
  let latest: { at: number; schema: S } | null = null;
  return (now) => {
    if (latest?.at !== now.getTime()) latest = { at: now.getTime(), schema: build(now) };
    return latest.schema;
  };
}

// z.custom keeps the object as parsed: a rebuilt copy would turn a "__proto__" key into a prototype
const propertiesSchema = z
  .custom<Record<string, unknown>>(isPlainObject, { error: 'expected an object' })
  .nullish()
  .superRefine((value, ctx) => {
    if (value === null || value === undefined) return;
    const problem = propertiesProblem(value);
    if (problem) {
      const kind: RejectionKind = problem.startsWith('nest') ? 'too_large' : 'invalid_shape';
      ctx.addIssue({ code: 'custom', message: `must not ${problem}`, params: { kind } });
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > MAX_PROPERTIES_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `are ${bytes} bytes as JSON; at most ${MAX_PROPERTIES_BYTES} are allowed`,
        params: { kind: 'too_large' satisfies RejectionKind }
      });
    }
  })
  .transform((value) => value ?? null);

function timestampSchema(now: Date) {
  return z
    .union([z.string(), z.date()], { error: 'expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z' })
    .transform((value, ctx) => {
      const text = typeof value === 'string' ? value.trim() : null;
      const ms = text === null ? (value as Date).getTime() : ISO_INSTANT.test(text) ? Date.parse(text) : Number.NaN;
      if (Number.isNaN(ms)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got ${JSON.stringify(value)}`
        });
        return z.NEVER;
      }
      const iso = new Date(ms).toISOString();
      if (ms < EARLIEST) {
        ctx.addIssue({ code: 'custom', message: `${iso} is before 2000; check the clock or the units` });
        return z.NEVER;
      }
      if (ms > now.getTime() + MAX_FUTURE_MS) {
        ctx.addIssue({
          code: 'custom',
          message: `${iso} is more than a day after now (${now.toISOString()}); check the clock or the units`
        });
        return z.NEVER;
      }
      return iso;
    });
}

function eventSchema(now: Date) {
  return z.object(
    {
      // absent or null: the user's group call tells the account
      accountId: idSchema('the account id')
        .nullish()
        .transform((value) => value ?? null),
      userId: idSchema('the user id'),
      name: idSchema('the event name'),
      timestamp: timestampSchema(now),
      messageId: idSchema('a unique message id'),
      properties: propertiesSchema
    },
    { error: 'expected an object' }
  );
}

const timestampSchemaAt = latestFor(timestampSchema);
const eventSchemaAt = latestFor(eventSchema);

/** Why a message is refused: what is wrong, for the sender, and its kind, for the metrics. */
export interface Refusal {
  ok: false;
  reason: string;
  kind: RejectionKind;
}
export type EventCheck = { ok: true; event: UsageEvent } | Refusal;
export type FieldCheck = { ok: true; value: string } | Refusal;

function fieldCheck(schema: z.ZodType<string>, value: unknown, label: string, kind: RejectionKind): FieldCheck {
  if (value === undefined) return { ok: false, reason: `${label}: required`, kind: 'invalid_shape' };
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: `${label}: ${parsed.error.issues[0]?.message}`, kind };
}

/** The id rules of an event's accountId / userId / messageId, for other messages (Segment group calls). */
export function checkId(value: unknown, label: string, what: string): FieldCheck {
  return fieldCheck(idSchema(what), value, label, 'invalid_shape');
}

/** The timestamp rules of an event, for other messages; the value is normalised to ISO UTC. */
export function checkTimestamp(value: unknown, label: string, now: Date): FieldCheck {
  return fieldCheck(timestampSchemaAt(now), value, label, 'bad_timestamp');
}

/** The kind of the worst issue: too large, then a bad timestamp, else a wrong shape. */
function kindOf(issues: readonly z.core.$ZodIssue[]): RejectionKind {
  const kinds = issues.map((issue): RejectionKind => {
    const tagged = (issue as { params?: { kind?: RejectionKind } }).params?.kind;
    return tagged ?? (issue.path[0] === 'timestamp' ? 'bad_timestamp' : 'invalid_shape');
  });
  return (['too_large', 'bad_timestamp'] as const).find((kind) => kinds.includes(kind)) ?? 'invalid_shape';
}

export interface ValidateOptions {
  /** events dated more than a day after this are refused */
  now: Date;
  /** how each field is called where the event came from, e.g. `{ name: 'event', accountId: 'context.groupId' }` for Segment */
  labels?: Partial<Record<keyof UsageEvent, string>>;
  /** the track event that carries an NPS answer (satisfaction.npsEvent): its properties.score must be 0–10 */
  npsEvent?: string;
}

export function validateEvent(candidate: unknown, options: ValidateOptions): EventCheck {
  const parsed = eventSchemaAt(options.now).safeParse(candidate);
  if (parsed.success) {
    if (parsed.data.name === options.npsEvent) return checkNpsAnswer(parsed.data);
    return { ok: true, event: parsed.data };
  }
  const given = (candidate ?? {}) as Record<string, unknown>;
  const reasons = parsed.error.issues.map((issue) => {
    const field = issue.path[0] as keyof UsageEvent | undefined;
    if (field === undefined) return issue.message;
    const label = options.labels?.[field] ?? field;
    return `${label}: ${given[field] === undefined ? 'required' : issue.message}`;
  });
  return { ok: false, reason: reasons.join('; '), kind: kindOf(parsed.error.issues) };
}

/** An NPS answer (DESIGN §9.2) whose score cannot be read would be silently left out of satisfaction. */
function checkNpsAnswer(event: UsageEvent): EventCheck {
  const score = event.properties?.score;
  if (isNpsScore(score)) return { ok: true, event };
  const got = score === undefined ? 'none' : JSON.stringify(score);
  return {
    ok: false,
    reason: `properties.score: "${event.name}" is an NPS answer and needs a number from 0 to 10, got ${got}`,
    kind: 'invalid_shape'
  };
}
