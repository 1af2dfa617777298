/**
 * The people rules of DESIGN §9.3 the customerPeople card shows: who the key people of an
 * opportunity are, each person's last touch, whether a key person is engaged, and the order
 * the card lists them in. Pure functions of their inputs and `now`.
 */
import { daysBetween } from 'c/cairnDates';

/** `people.keyRoles`: contact roles that make a key person */
export const KEY_ROLES = ['Decision Maker', 'Economic Buyer', 'Executive Sponsor'];
/** `people.keyTouchDays`: a key person touched within this many days is engaged */
export const KEY_TOUCH_DAYS = 45;
export const DECISION_MAKER = 'Decision Maker';
const LEFT = 'Left';
const USING_PRODUCT = ['Active', 'Quiet'];

/**
 * @typedef {object} Contact
 * @property {string} id
 * @property {string} name
 * @property {string|null} title
 * @property {string|null} email
 * @property {number|null} activeDays30d Active_Days_30d__c
 * @property {string|null} type Contact_Type__c
 * @property {boolean} left Left_Company__c
 * @property {string|null} engagement Engagement__c
 * @property {string|null} lastProductActivity Last_Product_Activity__c, an ISO date-time
 * @property {string|null} lastActivityDate LastActivityDate, `YYYY-MM-DD`
 *
 * @typedef {object} ContactRole
 * @property {string} contactId
 * @property {string|null} role
 * @property {boolean} isPrimary
 * @property {Contact|null} contact the role's Contact, for a contact of another account
 *
 * @typedef {Contact & {
 *   roles: string[], isPrimary: boolean, isKey: boolean, lastTouch: string|null,
 *   daysSinceTouch: number|null, engaged: boolean, usesProduct: boolean
 * }} Person  `engagement` reads Left for anyone who left, Never Active when blank
 */

/** The UTC calendar day of a date or date-time, `YYYY-MM-DD`; null for a blank. */
function utcDay(value) {
  if (!value) {
    return null;
  }
  return value.length === 10 ? value : new Date(value).toISOString().slice(0, 10);
}

/**
 * The later of the last product activity and the last activity date, as a UTC day. Salesforce
 * also dates LastActivityDate by events still to come; a meeting booked is no touch yet (the
 * sync worker counts the same way).
 * @param {Contact} contact
 * @param {Date} now
 * @returns {string|null} `YYYY-MM-DD`, null when never touched
 */
export function lastTouchOf(contact, now) {
  const today = now.toISOString().slice(0, 10);
  const activityDay = contact.lastActivityDate && contact.lastActivityDate <= today ? contact.lastActivityDate : null;
  const days = [utcDay(contact.lastProductActivity), activityDay].filter((d) => d !== null);
  return days.length === 0 ? null : days.reduce((a, b) => (a > b ? a : b));
}

/**
 * Whole UTC days from the last touch to `now`.
 * @param {string|null} lastTouch `YYYY-MM-DD`
 * @param {Date} now
 * @returns {number|null} null when never touched
 */
export function daysSince(lastTouch, now) {
  return lastTouch === null ? null : daysBetween(lastTouch, now.toISOString().slice(0, 10));
}

/** Left first, then the longest silence (never touched first), then by name. */
export function compareBySilence(a, b) {
  if (a.left !== b.left) {
    return a.left ? -1 : 1;
  }
  if (a.lastTouch !== b.lastTouch) {
    if (a.lastTouch === null || b.lastTouch === null) {
      return a.lastTouch === null ? -1 : 1;
    }
    return a.lastTouch < b.lastTouch ? -1 : 1;
  }
  return a.name.localeCompare(b.name);
}

/**
 * The key people of an opportunity and the other product users of its account, each in the
 * order the card lists them (compareBySilence).
 * @param {Contact[]} contacts the account's contacts
 * @param {ContactRole[]} roles the opportunity's contact roles
 * @param {Date} now
 * @returns {{keyPeople: Person[], productUsers: Person[]}}
 */
export function peopleOf(contacts, roles, now) {
  const byId = new Map(contacts.map((contact) => [contact.id, { contact, roles: [], isPrimary: false }]));
  for (const role of roles) {
    // A contact role may name a contact of another account; it still counts (DESIGN §9.3).
    if (!byId.has(role.contactId) && role.contact) {
      byId.set(role.contactId, { contact: role.contact, roles: [], isPrimary: false });
    }
    const entry = byId.get(role.contactId);
    if (!entry) {
      continue;
    }
    if (role.role && !entry.roles.includes(role.role)) {
      entry.roles.push(role.role);
    }
    entry.isPrimary = entry.isPrimary || role.isPrimary;
  }

  const people = [...byId.values()].map(({ contact, roles: contactRoles, isPrimary }) => {
    const lastTouch = lastTouchOf(contact, now);
    const daysSinceTouch = daysSince(lastTouch, now);
    const isKey = isPrimary || contactRoles.some((role) => KEY_ROLES.includes(role)) || contact.type === DECISION_MAKER;
    return {
      ...contact,
      engagement: contact.left ? LEFT : (contact.engagement ?? 'Never Active'),
      roles: contactRoles,
      isPrimary,
      isKey,
      lastTouch,
      daysSinceTouch,
      engaged: !contact.left && daysSinceTouch !== null && daysSinceTouch < KEY_TOUCH_DAYS,
      usesProduct: USING_PRODUCT.includes(contact.engagement) || !!contact.lastProductActivity
    };
  });
  return {
    keyPeople: people.filter((person) => person.isKey).sort(compareBySilence),
    productUsers: people.filter((person) => !person.isKey && person.usesProduct).sort(compareBySilence)
  };
}
