import { todayIso, daysBetween, dayCount } from 'c/cairnDates';

describe('todayIso', () => {
  it('formats the local calendar date with zero padding', () => {
    // 4 May 2026 at 00:30 local time is still the 4th locally, whatever UTC says
    expect(todayIso(new Date(2026, 4, 4, 0, 30))).toBe('2026-05-04');
    expect(todayIso(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31');
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative backwards, across a month end', () => {
    // 28 April → 4 May: 2 days left in April (29, 30) + 4 in May = 6
    expect(daysBetween('2026-04-28', '2026-05-04')).toBe(6);
    expect(daysBetween('2026-05-04', '2026-04-28')).toBe(-6);
    expect(daysBetween('2026-05-04', '2026-05-04')).toBe(0);
  });
});

describe('dayCount', () => {
  it('says day or days and drops the sign', () => {
    expect(dayCount(1)).toBe('1 day');
    expect(dayCount(-3)).toBe('3 days');
    expect(dayCount(0)).toBe('0 days');
  });
});
