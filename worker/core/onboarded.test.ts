import { decideOnboarded } from './onboarded.js';
import { milestone } from './test-support.js';

const notYet = { onboarded: false, onboardedDate: null, closeDate: '2026-01-20' };
const firstValue = (overrides = {}) => milestone({ isFirstValue: true, ...overrides });

describe('decideOnboarded', () => {
  it('is onboarded on the UTC date the first-value milestone was achieved', () => {
    const state = decideOnboarded(notYet, [
      milestone({ status: 'Achieved', achievedAt: '2026-01-25T10:00:00Z' }), // not first value
      firstValue({ status: 'Achieved', achievedAt: '2026-02-03T23:30:00Z' })
    ]);
    // Jan 20 → Feb 3: 11 days left in January + 3 = 14
    expect(state).toEqual({ onboarded: true, onboardedDate: '2026-02-03', daysToFirstValue: 14 });
  });

  it('is not onboarded while the first-value milestone is Planned or Missed, or when there is none', () => {
    const none = { onboarded: false, onboardedDate: null, daysToFirstValue: null };
    expect(decideOnboarded(notYet, [firstValue({ status: 'Planned' })])).toEqual(none);
    expect(decideOnboarded(notYet, [firstValue({ status: 'Missed' })])).toEqual(none);
    expect(decideOnboarded(notYet, [milestone({ status: 'Achieved', achievedAt: '2026-01-25T10:00:00Z' })])).toEqual(
      none
    );
  });

  it('never reverts: onboarded stays true with its date when the milestone is later changed by hand', () => {
    const already = { onboarded: true, onboardedDate: '2026-02-01', closeDate: '2026-01-20' };
    expect(decideOnboarded(already, [firstValue({ status: 'Missed' })])).toEqual({
      onboarded: true,
      onboardedDate: '2026-02-01',
      daysToFirstValue: 12 // Jan 20 → Feb 1
    });
    expect(decideOnboarded(already, [])).toMatchObject({ onboarded: true, onboardedDate: '2026-02-01' });
  });

  it('keeps the existing date when the first-value milestone now shows another one', () => {
    const already = { onboarded: true, onboardedDate: '2026-02-01', closeDate: '2026-01-20' };
    const state = decideOnboarded(already, [firstValue({ status: 'Achieved', achievedAt: '2026-03-09T10:00:00Z' })]);
    expect(state.onboardedDate).toBe('2026-02-01');
  });

  it('fills a missing date from the milestone', () => {
    const dateless = { onboarded: true, onboardedDate: null, closeDate: '2026-01-20' };
    const state = decideOnboarded(dateless, [firstValue({ status: 'Achieved', achievedAt: '2026-01-20T08:00:00Z' })]);
    expect(state).toEqual({ onboarded: true, onboardedDate: '2026-01-20', daysToFirstValue: 0 });
  });
});
