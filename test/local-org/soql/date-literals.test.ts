import { dateLiteralRange } from './date-literals.js';

// Today is Friday 2026-05-01; weeks start on Sunday (en_US), so this week is 26 Apr – 2 May.
const TODAY = '2026-05-01';
const range = (literal: string, n: number | null = null) => dateLiteralRange(literal, n, TODAY);

describe('SOQL date literals', () => {
  test('single days', () => {
    expect(range('TODAY')).toEqual({ start: '2026-05-01', end: '2026-05-01' });
    expect(range('YESTERDAY')).toEqual({ start: '2026-04-30', end: '2026-04-30' });
    expect(range('TOMORROW')).toEqual({ start: '2026-05-02', end: '2026-05-02' });
    expect(range('N_DAYS_AGO', 3)).toEqual({ start: '2026-04-28', end: '2026-04-28' });
  });

  test('LAST_N_DAYS includes today; NEXT_N_DAYS starts tomorrow', () => {
    // 1 May − 14 days = 17 April.
    expect(range('LAST_N_DAYS', 14)).toEqual({ start: '2026-04-17', end: '2026-05-01' });
    // LAST_N_DAYS:1 is yesterday and today.
    expect(range('LAST_N_DAYS', 1)).toEqual({ start: '2026-04-30', end: '2026-05-01' });
    expect(range('NEXT_N_DAYS', 7)).toEqual({ start: '2026-05-02', end: '2026-05-08' });
  });

  test('LAST_90_DAYS and NEXT_90_DAYS', () => {
    // 1 May − 30 = 1 Apr; − 30 = 2 Mar; − 30 = 31 Jan (February has 28 days in 2026).
    expect(range('LAST_90_DAYS')).toEqual({ start: '2026-01-31', end: '2026-05-01' });
    // 2 May … 1 May + 90: 31 May (+30), 30 Jun (+60), 30 Jul (+90).
    expect(range('NEXT_90_DAYS')).toEqual({ start: '2026-05-02', end: '2026-07-30' });
  });

  test('weeks, months, quarters and years', () => {
    expect(range('THIS_WEEK')).toEqual({ start: '2026-04-26', end: '2026-05-02' });
    expect(range('LAST_WEEK')).toEqual({ start: '2026-04-19', end: '2026-04-25' });
    expect(range('THIS_MONTH')).toEqual({ start: '2026-05-01', end: '2026-05-31' });
    expect(range('LAST_MONTH')).toEqual({ start: '2026-04-01', end: '2026-04-30' });
    expect(range('NEXT_MONTH')).toEqual({ start: '2026-06-01', end: '2026-06-30' });
    expect(range('THIS_QUARTER')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(range('LAST_QUARTER')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(range('THIS_YEAR')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(range('THIS_FISCAL_YEAR')).toEqual({ start: '2026-01-01', end: '2026-12-31' }); // fiscal year starts in January
    // The two whole months before this one.
    expect(range('LAST_N_MONTHS', 2)).toEqual({ start: '2026-03-01', end: '2026-04-30' });
    expect(range('N_MONTHS_AGO', 1)).toEqual({ start: '2026-04-01', end: '2026-04-30' });
  });

  test('unknown literals have no range', () => {
    expect(range('SOMEDAY')).toBeNull();
    expect(range('LAST_N_DAYS', null)).toBeNull();
  });
});
