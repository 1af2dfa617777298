import { checksumSuffix, IdAllocator, makeId, normalizeId } from './ids.js';

describe('Salesforce ids', () => {
  test('the suffix encodes which of each five characters are upper case', () => {
    // "0015000000Gv7qJ" in chunks of five: "00150" → no capitals → 0 → 'A';
    // "00000" → 0 → 'A'; "Gv7qJ": G is 1st (bit 0 = 1), J is 5th (bit 4 = 16) → 17 → 'R'.
    expect(checksumSuffix('0015000000Gv7qJ')).toBe('AAR');
    // "006Lc": L is 4th (bit 3 = 8) → 'I'; "00000" → 'A'; "00001" → 'A'.
    expect(checksumSuffix('006Lc0000000001')).toBe('IAA');
    // "ABCDE" → 1+2+4+8+16 = 31 → '5', the last of the 32 symbols.
    expect(checksumSuffix('ABCDEABCDEABCDE')).toBe('555');
  });

  test('ids the org hands out are 18 characters with their key prefix and a valid suffix', () => {
    const ids = new IdAllocator();
    const first = ids.next('006');
    expect(first).toBe('006Lc0000000001IAA');
    expect(ids.next('006')).toBe('006Lc0000000002IAA');
    expect(ids.next('001')).toBe('001Lc0000000001IAA');
    expect(makeId('a6P', 62)).toBe('a6PLc0000000010' + checksumSuffix('a6PLc0000000010')); // 62 = "10" in base 62
  });

  test('15-character ids become 18; 18-character ids get their case back from the suffix', () => {
    expect(normalizeId('006Lc0000000001')).toBe('006Lc0000000001IAA');
    expect(normalizeId('006Lc0000000001IAA')).toBe('006Lc0000000001IAA');
    // All lower case, as a case-insensitive system might store it: suffix IAA says the 4th character is upper.
    expect(normalizeId('006lc0000000001iaa')).toBe('006Lc0000000001IAA');
  });

  test('anything else is not an id', () => {
    expect(normalizeId('006Lc00000001')).toBeNull();
    expect(normalizeId('006Lc000000000!IAA')).toBeNull();
    expect(normalizeId('006Lc0000000001I9A')).toBeNull(); // '9' is not a suffix symbol
    expect(normalizeId('')).toBeNull();
  });

  test('an allocator restored from a data file continues after the highest id seen', () => {
    const ids = new IdAllocator();
    ids.observe('006Lc0000000007IAA');
    expect(ids.next('006')).toBe(makeId('006', 8));
  });
});
