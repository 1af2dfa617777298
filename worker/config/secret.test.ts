import { inspect } from 'node:util';
import { Secret } from './secret.js';

describe('Secret', () => {
  it('matches only its own value, whatever the length of a wrong one', () => {
    const key = new Secret('wk-4f9a2c');
    expect(key.matches('wk-4f9a2c')).toBe(true);
    expect(key.matches('wk-4f9a2d')).toBe(false); // same length, last character off
    expect(key.matches('wk-4f9a2')).toBe(false);
    expect(key.matches('wk-4f9a2c ')).toBe(false);
    expect(key.matches('')).toBe(false);
    expect(key.matches('wk-4f9a2c')).toBe(true); // asked again, after the digest is kept
  });

  it('never prints its value', () => {
    const key = new Secret('wk-4f9a2c');
    expect([String(key), `${key}`, JSON.stringify({ key }), inspect(key)]).toEqual([
      '[redacted]',
      '[redacted]',
      '{"key":"[redacted]"}',
      '[redacted]'
    ]);
  });
});
