// Salesforce record ids: 15 case-sensitive characters (3-character key prefix, 2-character
// instance, 1 reserved, 9-character counter) plus a 3-character suffix that encodes the case
// of the first 15, so the 18-character form survives case-insensitive systems.

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_CHARS = /^[0-9A-Za-z]+$/;
/** instance and reserved characters of every id this local org makes */
const INSTANCE = 'Lc0';

/** Salesforce's case-safe suffix for a 15-character id. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') flags |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(flags);
  }
  return suffix;
}

/**
 * The 18-character form of a 15- or 18-character id, or null when it is not an id.
 * An 18-character id's suffix decides the case of its first 15 characters, as Salesforce does.
 */
export function normalizeId(input: string): string | null {
  if (!ID_CHARS.test(input)) return null;
  if (input.length === 15) return input + checksumSuffix(input);
  if (input.length !== 18) return null;
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const flags = SUFFIX_ALPHABET.indexOf(input.charAt(15 + chunk).toUpperCase());
    if (flags < 0) return null;
    for (let i = 0; i < 5; i++) {
      const c = input.charAt(chunk * 5 + i);
      id15 += flags & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  return id15 + checksumSuffix(id15);
}

/** Hands out ids per key prefix, in order, so a run with the same inputs gets the same ids. */
export class IdAllocator {
  private readonly counters = new Map<string, number>();

  next(keyPrefix: string): string {
    const n = (this.counters.get(keyPrefix) ?? 0) + 1;
    this.counters.set(keyPrefix, n);
    return makeId(keyPrefix, n);
  }

  /** counters as saved in a data file */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  restore(counters: Record<string, number>): void {
    this.counters.clear();
    for (const [prefix, n] of Object.entries(counters)) this.counters.set(prefix, n);
  }

  /** Never hand out an id at or below one already in use (after loading records). */
  observe(id: string): void {
    if (!id.startsWith(id.slice(0, 3) + INSTANCE)) return;
    const n = fromBase62(id.slice(6, 15));
    const prefix = id.slice(0, 3);
    if (n > (this.counters.get(prefix) ?? 0)) this.counters.set(prefix, n);
  }

  clear(): void {
    this.counters.clear();
  }
}

export function makeId(keyPrefix: string, n: number): string {
  const id15 = keyPrefix + INSTANCE + toBase62(n).padStart(9, '0');
  return id15 + checksumSuffix(id15);
}

function toBase62(n: number): string {
  let s = '';
  do {
    s = BASE62.charAt(n % 62) + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s;
}

function fromBase62(s: string): number {
  let n = 0;
  for (const c of s) n = n * 62 + BASE62.indexOf(c);
  return n;
}
