import { DEFAULT_STATUS_CONFIG, postSaleStatus, statusConfigSchema, type StatusInputs } from './status.js';

const TODAY = '2026-06-15';
const healthy: StatusInputs = {
  kickoffHeld: true,
  kickoffScheduled: false,
  onboarded: true,
  grade: 'A',
  contractEndDate: null,
  today: TODAY
};
const status = (overrides: Partial<StatusInputs>) =>
  postSaleStatus({ ...healthy, ...overrides }, DEFAULT_STATUS_CONFIG);

describe('postSaleStatus: the first rule that matches', () => {
  it('1. kickoff not held and scheduled → Kickoff Scheduled, whatever follows', () => {
    expect(status({ kickoffHeld: false, kickoffScheduled: true, grade: 'F', contractEndDate: TODAY })).toBe(
      'Kickoff Scheduled'
    );
  });

  it('2. kickoff not held → Awaiting Kickoff', () => {
    expect(status({ kickoffHeld: false, kickoffScheduled: false, onboarded: true })).toBe('Awaiting Kickoff');
  });

  it('a held kickoff that also shows Scheduled goes on to the later rules', () => {
    expect(status({ kickoffHeld: true, kickoffScheduled: true })).toBe('Onboarded');
  });

  it('3. not onboarded → Implementing, even with a failing grade', () => {
    expect(status({ onboarded: false, grade: 'F' })).toBe('Implementing');
  });

  it.each(['D', 'F'] as const)('4. grade %s → At Risk, before a near renewal', (grade) => {
    expect(status({ grade, contractEndDate: '2026-07-01' })).toBe('At Risk');
  });

  it('4. does not match an unknown grade', () => {
    expect(status({ grade: null })).toBe('Onboarded');
    expect(status({ grade: null, contractEndDate: '2026-07-01' })).toBe('Renewal Due');
  });

  it('5. Contract_End_Date__c within the next 90 days → Renewal Due (also when just passed)', () => {
    // today + 90 days = 2026-09-13 (15 days left in June + 31 + 31 + 13)
    expect(status({ grade: 'C', contractEndDate: '2026-09-13' })).toBe('Renewal Due');
    expect(status({ grade: 'C', contractEndDate: '2026-09-14' })).toBe('Onboarded');
    expect(status({ grade: 'B', contractEndDate: TODAY })).toBe('Renewal Due');
    expect(status({ grade: 'B', contractEndDate: '2026-06-01' })).toBe('Renewal Due');
  });

  it('6. otherwise → Onboarded', () => {
    expect(status({})).toBe('Onboarded');
    expect(status({ grade: 'C', contractEndDate: '2027-06-15' })).toBe('Onboarded');
  });

  it('takes the renewal window from config', () => {
    const within30 = statusConfigSchema.parse({ renewalDueWithinDays: 30 });
    expect(postSaleStatus({ ...healthy, contractEndDate: '2026-07-20' }, within30)).toBe('Onboarded'); // 35 days
    expect(statusConfigSchema.parse({})).toEqual(DEFAULT_STATUS_CONFIG);
  });
});
