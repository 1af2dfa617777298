import { addDays, addMonths, daysBetween, formatInstant, toDate } from './dates.js';

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 3, '2026-04-15'],
    ['2026-10-15', 3, '2027-01-15'], // over the year end
    ['2026-01-31', 1, '2026-02-28'], // no Feb 31 → last day of February
    ['2028-01-31', 1, '2028-02-29'], // leap year
    ['2025-11-30', 3, '2026-02-28'],
    ['2025-11-30', 6, '2026-05-30'], // counted from the original date: the clamp does not carry over
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -13, '2024-12-15']
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-02-27', 2, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2027-01-15', -80, '2026-10-27'], // 15 (to Dec 31) + 31 (Dec) + 30 (Nov) + 4 = 80
    ['2026-03-29', 1, '2026-03-30'] // a European DST change makes no difference in UTC
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('rejects a date that does not exist, saying what it expects', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow('"2026-02-30" is not a calendar date: expected YYYY-MM-DD');
    expect(() => addDays('15/01/2026', 1)).toThrow('not a calendar date');
  });
});

describe('daysBetween', () => {
  it('counts whole days from the first date to the second, negative when earlier', () => {
    expect(daysBetween('2026-01-30', '2026-02-02')).toBe(3); // Jan 31, Feb 1, Feb 2
    expect(daysBetween('2026-02-02', '2026-01-30')).toBe(-3);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });
});

describe('toDate', () => {
  it('is the UTC date of the instant', () => {
    expect(toDate(new Date('2026-03-04T23:59:59Z'))).toBe('2026-03-04');
    expect(toDate('2026-03-04T23:30:00-02:00')).toBe('2026-03-05'); // 01:30 UTC next day
  });

  it('rejects an unparseable instant', () => {
    expect(() => toDate('yesterday')).toThrow('"yesterday" is not an ISO 8601 instant');
  });
});

describe('formatInstant', () => {
  it('prints ISO UTC and drops zero milliseconds', () => {
    expect(formatInstant('2026-03-04T10:12:00.000+0000')).toBe('2026-03-04T10:12:00Z'); // Salesforce's form
    expect(formatInstant('2026-03-04T12:12:00+02:00')).toBe('2026-03-04T10:12:00Z');
    expect(formatInstant('2026-03-04T10:12:00.250Z')).toBe('2026-03-04T10:12:00.250Z');
  });
});
