import { measureName, parseDrivers } from '../healthDrivers';

describe('parseDrivers', () => {
  it('turns scored, on-target and absent lines into words', () => {
    const text = [
      '-14.0 seat_utilization: 22% of seats active (target 60%)',
      '-0.0 recency: last activity 1 day ago',
      'absent milestones: no milestones due yet'
    ].join('\n');
    expect(parseDrivers(text)).toEqual([
      {
        key: '0',
        name: 'Seat utilization',
        detail: '22% of seats active (target 60%)',
        impact: 'costs 14.0 points',
        isAbsent: false
      },
      { key: '1', name: 'Recency', detail: 'last activity 1 day ago', impact: 'on target', isAbsent: false },
      { key: '2', name: 'Milestones', detail: 'no milestones due yet', impact: 'not measured', isAbsent: true }
    ]);
  });

  it('keeps a line it does not recognise, and skips blank lines', () => {
    expect(parseDrivers('score 55 → 62 (+7), grade C unchanged\n\n')).toEqual([
      { key: '0', name: '', detail: 'score 55 → 62 (+7), grade C unchanged', impact: '', isAbsent: false }
    ]);
  });

  it('has nothing to say about a blank field', () => {
    expect(parseDrivers(null)).toEqual([]);
    expect(parseDrivers('')).toEqual([]);
  });
});

describe('measureName', () => {
  it('names the known measures and spells out new ones', () => {
    expect(measureName('activity_trend')).toBe('Activity trend');
    expect(measureName('support_tickets')).toBe('Support tickets');
  });
});
