import { basicAuthUser } from './write-key-auth.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('basicAuthUser', () => {
  test('reads the user name of Basic auth, the way Segment clients send the write key', () => {
    expect(basicAuthUser(basic('wk_123:'))).toBe('wk_123');
    expect(basicAuthUser(basic('wk_123:ignored-password'))).toBe('wk_123');
    // Segment's backward compatibility: a key encoded without the colon
    expect(basicAuthUser(basic('wk_123'))).toBe('wk_123');
    expect(basicAuthUser(`basic   ${Buffer.from('k:').toString('base64')}`)).toBe('k');
  });

  test('is null for anything that is not Basic auth', () => {
    expect(basicAuthUser(undefined)).toBeNull();
    expect(basicAuthUser('')).toBeNull();
    expect(basicAuthUser('Bearer wk_123')).toBeNull();
    expect(basicAuthUser('Basic not base64!')).toBeNull();
  });
});
