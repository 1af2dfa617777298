import { DEFAULT_REVIEWS_CONFIG, reviewKey, reviewSchedule, type ScheduleInputs } from './reviews.js';

const config = DEFAULT_REVIEWS_CONFIG;
const both = { quarterly: true, renewalReview: true };
const schedule = (inputs: Partial<ScheduleInputs>) =>
  reviewSchedule(
    { closeDate: '2026-01-15', contractEndDate: null, today: '2026-01-20', ...both, ...inputs },
    config
  ).map((r) => `${r.type} ${r.sequence} ${r.dueDate}`);

describe('reviewSchedule', () => {
  it('12-month contract: QBRs due before end − 80 days, renewal review at end − 42 days', () => {
    // end 2027-01-15: − 80 days = 2026-10-27 (15 + 31 + 30 + 4); − 42 days = 2026-12-04 (15 + 27)
    // QBR 3 on 2026-10-15 < 2026-10-27; QBR 4 on 2027-01-15 is not
    expect(schedule({ contractEndDate: '2027-01-15' })).toEqual([
      'QBR 1 2026-04-15',
      'QBR 2 2026-07-15',
      'QBR 3 2026-10-15',
      'Renewal Review 1 2026-12-04'
    ]);
  });

  it('24-month contract', () => {
    // end 2028-01-15: − 80 days = 2027-10-27, − 42 days = 2027-12-04; QBR 7 on 2027-10-15 is the last
    expect(schedule({ contractEndDate: '2028-01-15' })).toEqual([
      'QBR 1 2026-04-15',
      'QBR 2 2026-07-15',
      'QBR 3 2026-10-15',
      'QBR 4 2027-01-15',
      'QBR 5 2027-04-15',
      'QBR 6 2027-07-15',
      'QBR 7 2027-10-15',
      'Renewal Review 1 2027-12-04'
    ]);
  });

  it('a QBR due exactly on end − 80 days is not before it, so it is left out', () => {
    // end 2027-01-03 − 80 days = 2026-10-15 (3 + 31 + 30 + 16), the day QBR 3 falls due
    expect(schedule({ contractEndDate: '2027-01-03', renewalReview: false })).toEqual([
      'QBR 1 2026-04-15',
      'QBR 2 2026-07-15'
    ]);
  });

  it('clamps month ends, always counting from the close date', () => {
    // close Nov 30: + 3 months = Feb 28, + 6 = May 30 (not May 28), + 9 = Aug 30
    // end 2026-11-30 − 80 days = 2026-09-11 (30 + 31 + 19); − 42 days = 2026-10-19 (30 + 12)
    expect(schedule({ closeDate: '2025-11-30', contractEndDate: '2026-11-30', today: '2025-12-01' })).toEqual([
      'QBR 1 2026-02-28',
      'QBR 2 2026-05-30',
      'QBR 3 2026-08-30',
      'Renewal Review 1 2026-10-19'
    ]);
  });

  it('no end date: the next four QBRs and no renewal review', () => {
    expect(schedule({ today: '2026-01-20' })).toEqual([
      'QBR 1 2026-04-15',
      'QBR 2 2026-07-15',
      'QBR 3 2026-10-15',
      'QBR 4 2027-01-15'
    ]);
  });

  it('no end date: topped up so two QBRs due after today always exist', () => {
    // on 2026-10-20, QBRs 1–3 are past: 3 + 2 = 5
    expect(schedule({ today: '2026-10-20' })).toHaveLength(5);
    expect(schedule({ today: '2026-10-20' }).at(-1)).toBe('QBR 5 2027-04-15');
    // on 2026-10-14, QBRs 1–2 are past: max(4, 2 + 2) = 4
    expect(schedule({ today: '2026-10-14' })).toHaveLength(4);
    // a QBR due today is not in the future: on 2027-04-15 QBRs 1–5 are past, 5 + 2 = 7
    expect(schedule({ today: '2027-04-15' }).slice(-2)).toEqual(['QBR 6 2027-07-15', 'QBR 7 2027-10-15']);
  });

  it('plans only what the playbook asks for', () => {
    expect(schedule({ contractEndDate: '2027-01-15', quarterly: false })).toEqual(['Renewal Review 1 2026-12-04']);
    expect(schedule({ contractEndDate: '2027-01-15', quarterly: false, renewalReview: false })).toEqual([]);
  });

  it('stops at maxQbrs for a far-off (or mistyped) end date', () => {
    expect(schedule({ contractEndDate: '2126-01-15', renewalReview: false })).toHaveLength(40);
  });
});

describe('reviewKey', () => {
  it('uses a key-safe type', () => {
    expect(reviewKey('006000000000001AAA', 'QBR', 2)).toBe('006000000000001AAA:QBR:2');
    expect(reviewKey('006000000000001AAA', 'Renewal Review', 1)).toBe('006000000000001AAA:Renewal:1');
  });
});
