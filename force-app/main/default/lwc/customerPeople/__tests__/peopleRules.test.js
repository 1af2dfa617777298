import { compareBySilence, daysSince, lastTouchOf, peopleOf } from '../peopleRules';

// All expectations are read against this instant: 4 May 2026, noon UTC.
const NOW = new Date('2026-05-04T12:00:00.000Z');

function contact(id, name, fields = {}) {
  return {
    id,
    name,
    title: null,
    email: null,
    activeDays30d: null,
    type: null,
    left: false,
    engagement: null,
    lastProductActivity: null,
    lastActivityDate: null,
    ...fields
  };
}

function role(contactId, name, isPrimary = false, person = null) {
  return { contactId, role: name, isPrimary, contact: person };
}

describe('last touch', () => {
  it('is the later of the last product activity and the last activity date, as a UTC day', () => {
    expect(
      lastTouchOf(
        contact('1', 'A', { lastProductActivity: '2026-04-10T08:00:00.000Z', lastActivityDate: '2026-04-12' }),
        NOW
      )
    ).toBe('2026-04-12');
    expect(
      lastTouchOf(
        contact('1', 'A', { lastProductActivity: '2026-04-13T00:30:00.000Z', lastActivityDate: '2026-04-12' }),
        NOW
      )
    ).toBe('2026-04-13');
    expect(lastTouchOf(contact('1', 'A', { lastProductActivity: '2026-04-13T23:59:00.000Z' }), NOW)).toBe('2026-04-13');
    expect(lastTouchOf(contact('1', 'A', { lastActivityDate: '2026-01-02' }), NOW)).toBe('2026-01-02');
    expect(lastTouchOf(contact('1', 'A'), NOW)).toBeNull();
    // a meeting still to come is no touch yet
    expect(lastTouchOf(contact('1', 'A', { lastActivityDate: '2099-01-01' }), NOW)).toBeNull();
  });

  it('counts whole UTC days to now', () => {
    // 20 March → 4 May: 11 days left in March, 30 in April, 4 in May.
    expect(daysSince('2026-03-20', NOW)).toBe(45);
    expect(daysSince('2026-03-21', NOW)).toBe(44);
    expect(daysSince('2026-05-04', NOW)).toBe(0);
    expect(daysSince(null, NOW)).toBeNull();
    // a meeting booked for 6 May: LastActivityDate includes events to come
    expect(daysSince('2026-05-06', NOW)).toBe(-2);
  });
});

describe('key people', () => {
  it('are contacts with a key role or the primary role, and contacts typed Decision Maker', () => {
    const contacts = [
      contact('1', 'Buyer'),
      contact('2', 'Sponsor'),
      contact('3', 'Decider'),
      contact('4', 'Primary'),
      contact('5', 'Typed', { type: 'Decision Maker' }),
      contact('6', 'Influencer', { engagement: 'Active' }),
      contact('7', 'User', { type: 'User', lastProductActivity: '2026-05-01T10:00:00.000Z' }),
      contact('8', 'Nobody')
    ];
    const roles = [
      role('1', 'Economic Buyer'),
      role('2', 'Executive Sponsor'),
      role('3', 'Decision Maker'),
      role('4', 'Technical Buyer', true),
      role('6', 'Influencer')
    ];
    const { keyPeople, productUsers } = peopleOf(contacts, roles, NOW);
    expect(keyPeople.map((p) => p.name).sort()).toEqual(['Buyer', 'Decider', 'Primary', 'Sponsor', 'Typed']);
    // Product users: Active or Quiet, or with any product activity; a non-key role does not make one key.
    expect(productUsers.map((p) => p.name).sort()).toEqual(['Influencer', 'User']);
  });

  it('joins the roles of a contact with several, and takes a role’s contact from another account', () => {
    const outsider = contact('9', 'Outsider', { lastActivityDate: '2026-04-04' });
    const { keyPeople } = peopleOf(
      [contact('1', 'Both')],
      [
        role('1', 'Economic Buyer'),
        role('1', 'Decision Maker', true),
        role('9', 'Decision Maker', false, outsider),
        // a role whose contact the user cannot read: nothing to show
        role('10', 'Decision Maker')
      ],
      NOW
    );
    expect(keyPeople.map((p) => [p.name, p.roles, p.isPrimary])).toEqual([
      ['Both', ['Economic Buyer', 'Decision Maker'], true],
      ['Outsider', ['Decision Maker'], false]
    ]);
  });

  it('are engaged when not Left and touched fewer than 45 whole UTC days ago', () => {
    const people = peopleOf(
      [
        contact('1', 'Day 45', { type: 'Decision Maker', lastActivityDate: '2026-03-20' }),
        // 23:30 UTC on 21 March is still 21 March: 44 days
        contact('2', 'Day 44', { type: 'Decision Maker', lastProductActivity: '2026-03-21T23:30:00.000Z' }),
        contact('3', 'Left yesterday', { type: 'Decision Maker', left: true, lastActivityDate: '2026-05-03' }),
        contact('4', 'Never', { type: 'Decision Maker' })
      ],
      [],
      NOW
    ).keyPeople;
    expect(people.map((p) => [p.name, p.daysSinceTouch, p.engaged, p.engagement])).toEqual([
      ['Left yesterday', 1, false, 'Left'],
      ['Never', null, false, 'Never Active'],
      ['Day 45', 45, false, 'Never Active'],
      ['Day 44', 44, true, 'Never Active']
    ]);
  });
});

describe('order', () => {
  it('puts Left first, then the longest silence with never touched first, then names', () => {
    const people = [
      { name: 'Recent', left: false, lastTouch: '2026-05-01' },
      { name: 'Old', left: false, lastTouch: '2026-01-15' },
      { name: 'Never B', left: false, lastTouch: null },
      { name: 'Left recent', left: true, lastTouch: '2026-05-02' },
      { name: 'Never A', left: false, lastTouch: null },
      { name: 'Left never', left: true, lastTouch: null },
      { name: 'Old too', left: false, lastTouch: '2026-01-15' }
    ];
    expect([...people].sort(compareBySilence).map((p) => p.name)).toEqual([
      'Left never',
      'Left recent',
      'Never A',
      'Never B',
      'Old',
      'Old too',
      'Recent'
    ]);
  });
});
