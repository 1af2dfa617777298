// DESIGN §9.2–§9.4: the people of an account — which product users are which contacts, how
// each engages, who the key people of a deal are, and the `key_people` measure.
// "Within N days" counts whole UTC days: a touch 0 to N − 1 days before today is within N.

import { z } from 'zod';
import { daysBetween, toDate } from './dates.js';
import { append } from './lists.js';
import type { MeasureAssessment } from './health.js';
import type { Contact, ContactRole, ContactType, Engagement, IsoDate, IsoDateTime } from './types.js';

export interface PeopleConfig {
  /** a contact whose latest product event is this many days old or more is Quiet */
  quietAfterDays: number;
  /** a key person is engaged when touched within this many days */
  keyTouchDays: number;
  /** OpportunityContactRole.Role values that make a contact a key person */
  keyRoles: string[];
}

export const DEFAULT_PEOPLE_CONFIG: PeopleConfig = {
  quietAfterDays: 14,
  keyTouchDays: 45,
  keyRoles: ['Decision Maker', 'Economic Buyer', 'Executive Sponsor']
};

const D = DEFAULT_PEOPLE_CONFIG;
const wholeDays = z.number().int('expected a whole number of days').positive('expected a whole number of days');

/** The `people` section of config/cairn.json. */
export const peopleConfigSchema = z
  .object({
    quietAfterDays: wholeDays.default(D.quietAfterDays),
    keyTouchDays: wholeDays.default(D.keyTouchDays),
    keyRoles: z
      .array(z.string().trim().min(1, 'expected a contact role'), { error: 'expected a list of contact roles' })
      .min(1, 'expected at least one contact role')
      .default([...D.keyRoles])
  })
  .strict() satisfies z.ZodType<PeopleConfig, unknown>;

/** A product user of an account as the store knows it. */
export interface ProductUser {
  userId: string;
  /** traits.email of the user's latest identify call */
  email: string | null;
  lastActivity: IsoDateTime;
  /** UTC days with events in the last 30 days */
  activeDays30d: readonly IsoDate[];
}

/**
 * Which contact each product user is (DESIGN §9.2): the contact whose Product_User_Id__c is
 * its userId, else the one whose Email equals its identify email (case-insensitive).
 * Returns the users of each contact; users no contact claims are left out.
 */
export function matchUsers(contacts: readonly Contact[], users: readonly ProductUser[]): Map<string, ProductUser[]> {
  const byUserId = new Map<string, Contact>();
  const byEmail = new Map<string, Contact>();
  for (const contact of contacts) {
    if (contact.productUserId) byUserId.set(contact.productUserId, contact);
    const email = contact.email?.toLowerCase();
    if (email && !byEmail.has(email)) byEmail.set(email, contact);
  }
  const matched = new Map<string, ProductUser[]>();
  for (const user of users) {
    const contact = byUserId.get(user.userId) ?? (user.email ? byEmail.get(user.email.toLowerCase()) : undefined);
    if (contact) append(matched, contact.id, user);
  }
  return matched;
}

/** A product user as the value summary names them: their contact's name, else their userId. */
export interface NamedUser {
  name: string;
  lastActivity: IsoDateTime;
}

/** Every product user of an account, named by the contact `matched` says they are. */
export function namedUsers(
  users: readonly ProductUser[],
  matched: ReadonlyMap<string, readonly ProductUser[]>,
  contacts: readonly Contact[]
): NamedUser[] {
  const names = new Map<string, string>();
  for (const contact of contacts) {
    for (const user of matched.get(contact.id) ?? []) names.set(user.userId, contact.name);
  }
  return users.map((user) => ({ name: names.get(user.userId) ?? user.userId, lastActivity: user.lastActivity }));
}

/** A contact with what this run knows of it. */
export interface Person {
  contact: Contact;
  engagement: Engagement;
  lastProductActivity: IsoDateTime | null;
  activeDays30d: number;
  /** the later of the product activity's day and Contact.LastActivityDate */
  lastTouch: IsoDate | null;
}

export function personOf(
  contact: Contact,
  users: readonly ProductUser[],
  today: IsoDate,
  config: PeopleConfig
): Person {
  const lastProductActivity = users.reduce<IsoDateTime | null>(
    (latest, user) => (latest === null || user.lastActivity > latest ? user.lastActivity : latest),
    null
  );
  const days = new Set(users.flatMap((user) => user.activeDays30d));
  return withTouch(contact, lastProductActivity, days.size, today, config);
}

/** A contact as the org holds it: the product activity the last sync wrote (for `sf cairn people quiet`). */
export function personAsStored(contact: Contact, today: IsoDate, config: PeopleConfig): Person {
  return withTouch(contact, contact.lastProductActivity, contact.activeDays30d ?? 0, today, config);
}

function withTouch(
  contact: Contact,
  lastProductActivity: IsoDateTime | null,
  activeDays30d: number,
  today: IsoDate,
  config: PeopleConfig
): Person {
  const productDay = lastProductActivity === null ? null : toDate(lastProductActivity);
  // Salesforce also dates LastActivityDate by events still to come; a meeting booked is no touch yet
  const activityDay =
    contact.lastActivityDate !== null && contact.lastActivityDate <= today ? contact.lastActivityDate : null;
  const touches = [productDay, activityDay].filter((day): day is IsoDate => day !== null);
  return {
    contact,
    engagement: engagementOf(contact.leftCompany, productDay, today, config),
    lastProductActivity,
    activeDays30d,
    lastTouch: touches.length === 0 ? null : (touches.sort().at(-1) ?? null)
  };
}

function engagementOf(left: boolean, productDay: IsoDate | null, today: IsoDate, config: PeopleConfig): Engagement {
  if (left) return 'Left';
  if (productDay === null) return 'Never Active';
  return daysBetween(productDay, today) < config.quietAfterDays ? 'Active' : 'Quiet';
}

/** A key person of an opportunity (DESIGN §9.3). */
export interface KeyPerson {
  person: Person;
  /** the contact role that makes them key, else `Decision Maker` (their Contact_Type__c) */
  role: string;
  /** by a key contact role (not only IsPrimary or Contact_Type__c) */
  byRole: boolean;
  engaged: boolean;
  /** whole days since the last touch; null when never touched */
  daysSinceTouch: number | null;
}

/**
 * Contacts with a contact role on the opportunity whose Role is a key role or that is primary,
 * plus the account's contacts typed Decision Maker; Left first, then the longest silence
 * (never touched first), then by name.
 */
export function keyPeopleOf(
  roles: readonly ContactRole[],
  people: readonly Person[],
  today: IsoDate,
  config: PeopleConfig
): KeyPerson[] {
  const found = new Map<string, KeyPerson>();
  const add = (person: Person, role: string, byRole: boolean) => {
    const known = found.get(person.contact.id);
    if (known && (known.byRole || !byRole)) return;
    const daysSinceTouch = person.lastTouch === null ? null : daysBetween(person.lastTouch, today);
    const engaged = !person.contact.leftCompany && daysSinceTouch !== null && daysSinceTouch < config.keyTouchDays;
    found.set(person.contact.id, { person, role, byRole, engaged, daysSinceTouch });
  };
  const byId = new Map(people.map((p) => [p.contact.id, p]));
  for (const role of roles) {
    const person = byId.get(role.contactId);
    if (!person) continue;
    if (role.role !== null && config.keyRoles.includes(role.role)) add(person, role.role, true);
    else if (role.isPrimary) add(person, role.role ? `${role.role} (primary)` : 'Primary contact', false);
  }
  for (const person of people) {
    if (person.contact.contactType === 'Decision Maker') add(person, 'Decision Maker', false);
  }
  return [...found.values()].sort(bySilence);
}

/** Left first, then never touched, then the longest silence; then by name. */
export function bySilence(a: KeyPerson, b: KeyPerson): number {
  const rank = (k: KeyPerson) => (k.person.contact.leftCompany ? 0 : 1);
  const silence = (k: KeyPerson) => k.daysSinceTouch ?? Number.POSITIVE_INFINITY;
  return (
    rank(a) - rank(b) || silence(b) - silence(a) || a.person.contact.name.localeCompare(b.person.contact.name, 'en')
  );
}

/** Contact_Type__c to fill when blank: Decision Maker for a key person by role, else User for a product user. */
export function contactTypeFor(person: Person, keyByRole: boolean): ContactType | null {
  if (keyByRole) return 'Decision Maker';
  return person.lastProductActivity === null ? null : 'User';
}

const NAMED_PEOPLE = 3;

/** 100 × engaged key people ÷ key people; absent without key people. */
export function assessKeyPeople(keyPeople: readonly KeyPerson[], config: PeopleConfig): MeasureAssessment {
  if (keyPeople.length === 0)
    return { score: null, explanation: 'no key people: add contact roles to the opportunity' };
  const engaged = keyPeople.filter((k) => k.engaged).length;
  const unengaged = keyPeople.filter((k) => !k.engaged);
  const named = unengaged.slice(0, NAMED_PEOPLE).map(describe);
  const more = unengaged.length - named.length;
  const note = named.length === 0 ? '' : ` (${named.join('; ')}${more > 0 ? `; and ${more} more` : ''})`;
  const people = keyPeople.length === 1 ? 'key person' : 'key people';
  return {
    score: (100 * engaged) / keyPeople.length,
    explanation: `${engaged} of ${keyPeople.length} ${people} engaged in ${config.keyTouchDays} days${note}`
  };
}

function describe(key: KeyPerson): string {
  const who = `${key.person.contact.name}, ${key.role}`;
  if (key.person.contact.leftCompany) return `${who}: left the company`;
  if (key.daysSinceTouch === null) return `${who}: never touched`;
  return `${who}: last touch ${key.daysSinceTouch} ${key.daysSinceTouch === 1 ? 'day' : 'days'} ago`;
}

/** What one account's people come to in a run (DESIGN §9.3). */
export interface AccountPeople {
  people: Person[];
  users: NamedUser[];
  /** the sync-owned values each contact should hold, by contact id */
  wanted: Map<string, Pick<Contact, 'contactType' | 'engagement' | 'lastProductActivity' | 'activeDays30d'>>;
}

/**
 * An account's contacts with its product users matched to them, and the values to write:
 * `roles` are the contact roles of the account's opportunities in scope (a key role on any of
 * them makes a blank Contact_Type__c Decision Maker).
 */
export function evaluatePeople(
  contacts: readonly Contact[],
  users: readonly ProductUser[],
  roles: readonly ContactRole[],
  today: IsoDate,
  config: PeopleConfig
): AccountPeople {
  const matched = matchUsers(contacts, users);
  const keyByRole = new Set(
    roles.filter((r) => r.role !== null && config.keyRoles.includes(r.role)).map((r) => r.contactId)
  );
  const wanted: AccountPeople['wanted'] = new Map();
  // Key people are found with the types this run fills in, so the run after it finds the same
  // ones: a contact made Decision Maker for a key role on one deal is key on every deal of the account.
  const people = contacts.map((contact) => {
    const person = personOf(contact, matched.get(contact.id) ?? [], today, config);
    const contactType = contactTypeFor(person, keyByRole.has(contact.id));
    wanted.set(contact.id, {
      contactType,
      engagement: person.engagement,
      lastProductActivity: person.lastProductActivity,
      activeDays30d: person.activeDays30d
    });
    return { ...person, contact: { ...contact, contactType: contact.contactType ?? contactType } };
  });
  return { people, users: namedUsers(users, matched, contacts), wanted };
}
