import {
  assessKeyPeople,
  DEFAULT_PEOPLE_CONFIG,
  evaluatePeople,
  keyPeopleOf,
  matchUsers,
  peopleConfigSchema,
  personOf,
  type ProductUser
} from './people.js';
import type { Contact, ContactRole } from './types.js';

const TODAY = '2026-06-15';
const config = DEFAULT_PEOPLE_CONFIG;

function contact(id: string, overrides: Partial<Contact> = {}): Contact {
  return {
    id,
    accountId: '001000000000001AAA',
    name: `Person ${id}`,
    email: null,
    lastActivityDate: null,
    productUserId: null,
    leftCompany: false,
    contactType: null,
    engagement: null,
    lastProductActivity: null,
    activeDays30d: null,
    ...overrides
  };
}

function user(userId: string, lastActivity: string, overrides: Partial<ProductUser> = {}): ProductUser {
  return { userId, email: null, lastActivity, activeDays30d: [], ...overrides };
}

const role = (contactId: string, name: string | null, isPrimary = false): ContactRole => ({
  contactId,
  role: name,
  isPrimary
});

describe('matching product users to contacts (DESIGN §9.2)', () => {
  it('by Product_User_Id__c first, else by the identify email, case-insensitive', () => {
    const ann = contact('c-ann', { productUserId: 'u-ann', email: 'ann@acme.example' });
    const bo = contact('c-bo', { email: 'Bo.Chen@Acme.example' });
    const matched = matchUsers(
      [ann, bo],
      [
        user('u-ann', '2026-06-01T10:00:00Z'),
        user('u-bo', '2026-06-02T10:00:00Z', { email: 'bo.chen@acme.EXAMPLE' }),
        // Ann's email on another user id: her Product_User_Id__c already says who she is, but
        // the email match still ties this second id to her
        user('u-ann-2', '2026-06-03T10:00:00Z', { email: 'ANN@acme.example' }),
        user('u-stranger', '2026-06-04T10:00:00Z', { email: 'who@else.example' })
      ]
    );
    expect([...matched].map(([id, users]) => [id, users.map((u) => u.userId)])).toEqual([
      ['c-ann', ['u-ann', 'u-ann-2']],
      ['c-bo', ['u-bo']]
    ]);
  });
});

describe('engagement (DESIGN §9.3): Left, else Active within 14 days, Quiet with older use, Never Active', () => {
  it.each([
    ['2026-06-02T23:59:00Z', 'Active'], // 13 days before today
    ['2026-06-01T00:00:00Z', 'Quiet'], // 14 days
    ['2026-06-15T08:00:00Z', 'Active']
  ])('last product event %s → %s', (lastActivity, engagement) => {
    expect(personOf(contact('c'), [user('u', lastActivity)], TODAY, config).engagement).toBe(engagement);
  });

  it('is Never Active without product events and Left when ticked, whatever the usage', () => {
    expect(personOf(contact('c'), [], TODAY, config).engagement).toBe('Never Active');
    expect(
      personOf(contact('c', { leftCompany: true }), [user('u', '2026-06-15T08:00:00Z')], TODAY, config).engagement
    ).toBe('Left');
  });

  it('takes the latest event and the distinct active days across the contact’s user ids', () => {
    const person = personOf(
      contact('c'),
      [
        user('u1', '2026-06-10T08:00:00Z', { activeDays30d: ['2026-06-01', '2026-06-10'] }),
        user('u2', '2026-06-12T08:00:00Z', { activeDays30d: ['2026-06-10', '2026-06-12'] })
      ],
      TODAY,
      config
    );
    expect(person).toMatchObject({
      lastProductActivity: '2026-06-12T08:00:00Z',
      activeDays30d: 3,
      lastTouch: '2026-06-12'
    });
  });

  it('last touch is the later of product use and LastActivityDate, a date still to come not counted', () => {
    const touched = (lastActivityDate: string) =>
      personOf(contact('c', { lastActivityDate }), [user('u', '2026-05-01T08:00:00Z')], TODAY, config).lastTouch;
    expect(touched('2026-06-10')).toBe('2026-06-10');
    expect(touched('2026-04-01')).toBe('2026-05-01');
    expect(touched('2026-06-20')).toBe('2026-05-01'); // a meeting booked, not held
  });
});

describe('key people and the key_people measure', () => {
  // touches: Ann 44 days ago (engaged), Bo 45 days ago (not), Cy never, Di left, Ed 2 days ago
  const people = [
    contact('c-ann', { name: 'Ann Lee', lastActivityDate: '2026-05-02' }),
    contact('c-bo', { name: 'Bo Chen', lastActivityDate: '2026-05-01' }),
    contact('c-cy', { name: 'Cy Diaz', contactType: 'Decision Maker' }),
    contact('c-di', { name: 'Di Fox', leftCompany: true, lastActivityDate: '2026-06-14' }),
    contact('c-ed', { name: 'Ed Gray', lastActivityDate: '2026-06-13' }),
    contact('c-fay', { name: 'Fay Hu', lastActivityDate: '2026-06-13' })
  ].map((c) => personOf(c, [], TODAY, config));
  const roles = [
    role('c-ann', 'Executive Sponsor'),
    role('c-bo', 'Economic Buyer'),
    role('c-di', 'Decision Maker'),
    role('c-ed', 'Technical Buyer', true), // primary: key, but not by role
    role('c-fay', 'Evaluator') // no key role: not key
  ];

  it('are the key roles, the primary and the Decision Makers; Left first, then the longest silence', () => {
    const key = keyPeopleOf(roles, people, TODAY, config);
    expect(key.map((k) => [k.person.contact.name, k.role, k.byRole, k.engaged, k.daysSinceTouch])).toEqual([
      ['Di Fox', 'Decision Maker', true, false, 1],
      ['Cy Diaz', 'Decision Maker', false, false, null],
      ['Bo Chen', 'Economic Buyer', true, false, 45],
      ['Ann Lee', 'Executive Sponsor', true, true, 44],
      ['Ed Gray', 'Technical Buyer (primary)', false, true, 2]
    ]);
  });

  it('scores engaged ÷ key people and names who is not engaged', () => {
    const key = keyPeopleOf(roles, people, TODAY, config);
    expect(assessKeyPeople(key, config)).toEqual({
      score: 40, // 2 of 5
      explanation:
        '2 of 5 key people engaged in 45 days (Di Fox, Decision Maker: left the company; ' +
        'Cy Diaz, Decision Maker: never touched; Bo Chen, Economic Buyer: last touch 45 days ago)'
    });
    expect(assessKeyPeople([], config).score).toBeNull();
    expect(assessKeyPeople(key.slice(3, 4), config).explanation).toBe('1 of 1 key person engaged in 45 days');
  });
});

describe('what a run writes on contacts', () => {
  it('fills Contact_Type__c: Decision Maker for a key role on any deal, User for a product user, else nothing', () => {
    const contacts = [
      contact('c-ann', { productUserId: 'u-ann' }),
      contact('c-bo', { productUserId: 'u-bo' }),
      contact('c-cy')
    ];
    const { wanted, users, people } = evaluatePeople(
      contacts,
      [
        user('u-ann', '2026-06-14T09:00:00Z', { activeDays30d: ['2026-06-14'] }),
        user('u-bo', '2026-05-01T09:00:00Z'),
        user('u-zed', '2026-06-01T09:00:00Z')
      ],
      [role('c-ann', 'Economic Buyer'), role('c-cy', 'Evaluator', true)],
      TODAY,
      config
    );
    expect(Object.fromEntries(wanted)).toEqual({
      'c-ann': {
        contactType: 'Decision Maker',
        engagement: 'Active',
        lastProductActivity: '2026-06-14T09:00:00Z',
        activeDays30d: 1
      },
      'c-bo': {
        contactType: 'User',
        engagement: 'Quiet',
        lastProductActivity: '2026-05-01T09:00:00Z',
        activeDays30d: 0
      },
      'c-cy': { contactType: null, engagement: 'Never Active', lastProductActivity: null, activeDays30d: 0 }
    });
    expect(users.map((u) => u.name)).toEqual(['Person c-ann', 'Person c-bo', 'u-zed']);
    // key people are found with the types being filled, so the next run finds the same ones
    expect(people.map((p) => p.contact.contactType)).toEqual(['Decision Maker', 'User', null]);
  });
});

describe('the people section of cairn.json', () => {
  it('defaults to DESIGN §9.3 and refuses what is not a whole number of days or a list of roles', () => {
    expect(peopleConfigSchema.parse({})).toEqual(DEFAULT_PEOPLE_CONFIG);
    expect(peopleConfigSchema.safeParse({ quietAfterDays: 1.5 }).error?.issues[0]?.message).toBe(
      'expected a whole number of days'
    );
    expect(peopleConfigSchema.safeParse({ keyRoles: [] }).error?.issues[0]?.message).toBe(
      'expected at least one contact role'
    );
  });
});
