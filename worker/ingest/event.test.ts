import { checkId, checkTimestamp, MAX_PROPERTIES_BYTES, validateEvent } from './event.js';

const now = new Date('2026-05-01T12:00:00Z');
const good = {
  accountId: 'acme',
  userId: 'u1',
  name: 'report_created',
  timestamp: '2026-04-20T10:00:00Z',
  messageId: 'm1'
};

function reason(candidate: unknown, labels?: Record<string, string>): string {
  const result = validateEvent(candidate, { now, labels });
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

describe('validateEvent', () => {
  test('accepts a DESIGN §3 event and normalises it', () => {
    expect(validateEvent(good, { now })).toEqual({
      ok: true,
      event: { ...good, timestamp: '2026-04-20T10:00:00.000Z', properties: null }
    });
  });

  test('keeps properties and strings verbatim, unicode and SQL-looking text included', () => {
    const candidate = {
      ...good,
      userId: "Robert'); DROP TABLE events;--",
      name: 'créé 🚀',
      properties: { plan: 'pro', seats: 3, nested: { ok: [true, null, 1.5] } }
    };
    const result = validateEvent(candidate, { now });
    expect(result).toEqual({ ok: true, event: { ...candidate, timestamp: '2026-04-20T10:00:00.000Z' } });
  });

  test('accepts integer ids as their decimal text, and a Date as the timestamp', () => {
    const result = validateEvent(
      { ...good, accountId: 42, userId: 7, timestamp: new Date('2026-04-20T10:00:00Z') },
      { now }
    );
    expect(result.ok && result.event).toMatchObject({
      accountId: '42',
      userId: '7',
      timestamp: '2026-04-20T10:00:00.000Z'
    });
  });

  test('converts offsets to UTC', () => {
    const result = validateEvent({ ...good, timestamp: '2026-04-20T12:00:00.5+02:00' }, { now });
    expect(result.ok && result.event.timestamp).toBe('2026-04-20T10:00:00.500Z');
  });

  test('names every missing field (the account may be missing: the group call of its user tells it)', () => {
    expect(reason({})).toBe('userId: required; name: required; timestamp: required; messageId: required');
  });

  test('an event without an account, or with a null one, is valid and waits for its account', () => {
    const { accountId: _accountId, ...withoutAccount } = good;
    for (const candidate of [withoutAccount, { ...good, accountId: null }]) {
      expect(validateEvent(candidate, { now })).toEqual({
        ok: true,
        event: { ...good, accountId: null, timestamp: '2026-04-20T10:00:00.000Z', properties: null }
      });
    }
  });

  test('classifies each refusal: too large first, then a bad timestamp, else a wrong shape', () => {
    const kind = (candidate: unknown) => {
      const result = validateEvent(candidate, { now });
      return result.ok ? 'accepted' : result.kind;
    };
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i++) deep = { deeper: deep };
    expect(kind({ ...good, properties: deep })).toBe('too_large');
    expect(kind({ ...good, properties: { big: 'x'.repeat(MAX_PROPERTIES_BYTES) } })).toBe('too_large');
    expect(kind({ ...good, timestamp: 'soon', properties: { big: 'x'.repeat(MAX_PROPERTIES_BYTES) } })).toBe(
      'too_large'
    );
    expect(kind({ ...good, timestamp: 'soon', userId: '' })).toBe('bad_timestamp');
    expect(kind({ ...good, timestamp: undefined })).toBe('bad_timestamp');
    expect(kind({ ...good, userId: '' })).toBe('invalid_shape');
    expect(kind({ ...good, properties: { note: 'a\u0000b' } })).toBe('invalid_shape');
    expect(kind('report_created')).toBe('invalid_shape');
  });

  test('uses the labels of the source the event came from', () => {
    expect(reason({ ...good, name: undefined, accountId: '' }, { name: 'event', accountId: 'context.groupId' })).toBe(
      'context.groupId: expected the account id as a non-empty string; event: required'
    );
  });

  test('refuses what is not an object', () => {
    expect(reason('report_created')).toBe('expected an object');
    expect(reason(null)).toBe('expected an object');
    expect(reason([good])).toBe('expected an object');
  });

  test('refuses blank, over-long and unstorable ids', () => {
    expect(reason({ ...good, userId: '   ' })).toBe('userId: expected the user id as a non-empty string');
    expect(reason({ ...good, messageId: 'x'.repeat(256) })).toBe(
      'messageId: is 256 characters; at most 255 are allowed'
    );
    expect(reason({ ...good, userId: 'a\u0000b' })).toBe(
      'userId: contains a NUL character (\\u0000), which cannot be stored'
    );
    expect(reason({ ...good, name: 'bad\uD800' })).toBe(
      'name: contains an unpaired UTF-16 surrogate, which is not valid Unicode'
    );
    expect(reason({ ...good, accountId: { id: 1 } })).toBe('accountId: expected the account id as a non-empty string');
    expect(reason({ ...good, userId: 1.5 })).toBe('userId: expected the user id as a non-empty string');
  });

  test('refuses timestamps that are not ISO 8601 with a zone, before 2000, or more than a day ahead', () => {
    expect(reason({ ...good, timestamp: 'yesterday' })).toBe(
      'timestamp: expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got "yesterday"'
    );
    expect(reason({ ...good, timestamp: '2026-04-20T10:00:00' })).toMatch(
      /^timestamp: expected an ISO 8601 time with a zone/
    );
    expect(reason({ ...good, timestamp: 1776679200000 })).toMatch(/^timestamp: expected an ISO 8601 time with a zone/);
    expect(reason({ ...good, timestamp: '1999-12-31T23:59:59Z' })).toBe(
      'timestamp: 1999-12-31T23:59:59.000Z is before 2000; check the clock or the units'
    );
    // now + 24 h is allowed, a millisecond more is not
    expect(validateEvent({ ...good, timestamp: '2026-05-02T12:00:00Z' }, { now }).ok).toBe(true);
    expect(reason({ ...good, timestamp: '2026-05-02T12:00:00.001Z' })).toBe(
      'timestamp: 2026-05-02T12:00:00.001Z is more than a day after now (2026-05-01T12:00:00.000Z); check the clock or the units'
    );
  });

  test('refuses properties that are not an object, nest too deep, are too big or cannot be stored', () => {
    expect(reason({ ...good, properties: [1, 2] })).toBe('properties: expected an object');
    expect(reason({ ...good, properties: 'x' })).toBe('properties: expected an object');
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10_000; i++) deep = { deeper: deep };
    expect(reason({ ...good, properties: deep })).toBe('properties: must not nest deeper than 32 levels');
    expect(reason({ ...good, properties: { big: 'x'.repeat(MAX_PROPERTIES_BYTES) } })).toBe(
      `properties: are ${MAX_PROPERTIES_BYTES + 10} bytes as JSON; at most ${MAX_PROPERTIES_BYTES} are allowed`
    );
    expect(reason({ ...good, properties: { note: 'a\u0000b' } })).toBe(
      'properties: must not contain a string that contains a NUL character (\\u0000), which cannot be stored'
    );
    expect(reason({ ...good, properties: { ['k\uDC00']: 1 } })).toBe(
      'properties: must not contain a key that contains an unpaired UTF-16 surrogate, which is not valid Unicode'
    );
    expect(reason({ ...good, properties: { at: new Date() } })).toBe(
      'properties: must not contain a value that is not JSON (object)'
    );
  });

  test('treats null properties as none', () => {
    const result = validateEvent({ ...good, properties: null }, { now });
    expect(result.ok && result.event.properties).toBeNull();
  });
});

describe('checkId and checkTimestamp', () => {
  test('apply the event rules to other messages', () => {
    expect(checkId('acme', 'groupId', 'the account id')).toEqual({ ok: true, value: 'acme' });
    expect(checkId(undefined, 'groupId', 'the account id')).toEqual({
      ok: false,
      reason: 'groupId: required',
      kind: 'invalid_shape'
    });
    expect(checkId('', 'groupId', 'the account id')).toEqual({
      ok: false,
      reason: 'groupId: expected the account id as a non-empty string',
      kind: 'invalid_shape'
    });
    expect(checkTimestamp('2026-04-20T10:00:00+01:00', 'timestamp', now)).toEqual({
      ok: true,
      value: '2026-04-20T09:00:00.000Z'
    });
    expect(checkTimestamp('soon', 'timestamp', now)).toEqual({
      ok: false,
      reason: 'timestamp: expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got "soon"',
      kind: 'bad_timestamp'
    });
  });
});
