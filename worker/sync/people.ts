// The people step of a run (DESIGN §9.2–§9.3): the contacts of the accounts in scope, their
// product users from the store, and the Contact values to write — once per account, before
// the opportunities are evaluated (their key people read what this step decided).

import { formatInstant, toDate } from '../core/dates.js';
import { append, chunksOf } from '../core/lists.js';
import { evaluatePeople, personAsStored, type NamedUser, type PeopleConfig, type Person } from '../core/people.js';
import type { Contact, IsoDate, Opportunity } from '../core/types.js';
import { IDS_PER_QUERY, readContacts } from '../salesforce/account-records.js';
import type { GroupedRecords } from '../salesforce/grouped-records.js';
import { soqlStringList } from '../salesforce/soql.js';
import { contact as contactObject } from '../salesforce/objects/contact.js';
import type { SalesforceSession } from '../salesforce/session.js';
import type { Store } from '../store/store.js';
import type { RecordState } from './records.js';

export interface PeopleRead {
  /** by AccountId */
  people: Map<string, Person[]>;
  /** by Product_Account_Id__c: the users, named by their contacts where known */
  users: Map<string, NamedUser[]>;
  /** the Contact writes to diff */
  records: RecordState[];
  problems: GroupedRecords<Contact>['problems'];
}

export async function readPeople(
  session: SalesforceSession,
  store: Store,
  opportunities: readonly Opportunity[],
  /** the contacts of the opportunities' accounts, by AccountId */
  contacts: GroupedRecords<Contact>,
  now: Date,
  config: PeopleConfig,
  progress: (message: string) => void
): Promise<PeopleRead> {
  const read: PeopleRead = { people: new Map(), users: new Map(), records: [], problems: [] };
  const byAccount = new Map<string, Opportunity[]>();
  for (const opportunity of opportunities) {
    if (opportunity.accountId) append(byAccount, opportunity.accountId, opportunity);
  }
  if (byAccount.size === 0) return read;

  progress(`Evaluating the people of ${byAccount.size} accounts…`);
  read.problems = [...contacts.problems];
  const productAccounts = [...new Set(opportunities.flatMap((o) => (o.productAccountId ? [o.productAccountId] : [])))];
  const users = await store.productUsers(productAccounts, now);
  const today = toDate(now);

  let count = 0;
  for (const [accountId, deals] of byAccount) {
    const productAccountId = deals[0]?.productAccountId ?? null;
    const accountContacts = contacts.byParent.get(accountId) ?? [];
    count += accountContacts.length;
    const evaluated = evaluatePeople(
      accountContacts,
      productAccountId ? (users.get(productAccountId) ?? []) : [],
      deals.flatMap((d) => d.contactRoles),
      today,
      config
    );
    read.people.set(accountId, evaluated.people);
    if (productAccountId) read.users.set(productAccountId, evaluated.users);
    for (const held of accountContacts) {
      const wanted = evaluated.wanted.get(held.id);
      if (!wanted) continue;
      read.records.push({
        object: 'Contact',
        id: held.id,
        key: null,
        opportunityId: deals[0]?.id ?? '',
        desired: contactObject.toSalesforce(
          { ...wanted, lastProductActivity: wanted.lastProductActivity && formatInstant(wanted.lastProductActivity) },
          ''
        ),
        org: { values: contactObject.toSalesforce(held, '') }
      });
    }
  }
  progress(`  ${count} contacts`);
  await addOtherAccountsContacts(session, byAccount, read, today, config);
  return read;
}

/**
 * A contact role may name a contact of another account (a partner, the parent company): they
 * are key people of the deal all the same (DESIGN §9.3). Those not among the contacts read are
 * read by id, as the org holds them; the run does not write them (their own account's run does).
 */
async function addOtherAccountsContacts(
  session: SalesforceSession,
  byAccount: ReadonlyMap<string, readonly Opportunity[]>,
  read: PeopleRead,
  today: IsoDate,
  config: PeopleConfig
): Promise<void> {
  const known = new Map<string, Person>();
  for (const people of read.people.values()) for (const person of people) known.set(person.contact.id, person);
  const missing = new Set<string>();
  for (const deals of byAccount.values()) {
    for (const role of deals.flatMap((d) => d.contactRoles))
      if (!known.has(role.contactId)) missing.add(role.contactId);
  }
  for (const ids of chunksOf([...missing], IDS_PER_QUERY)) {
    const found = await readContacts(session, `Id IN ${soqlStringList(ids)}`);
    read.problems.push(...found.problems);
    for (const contact of [...found.byParent.values()].flat())
      known.set(contact.id, personAsStored(contact, today, config));
  }
  for (const [accountId, deals] of byAccount) {
    const own = read.people.get(accountId) ?? [];
    const ownIds = new Set(own.map((p) => p.contact.id));
    const others = deals
      .flatMap((d) => d.contactRoles)
      .flatMap((role) => {
        const person = known.get(role.contactId);
        return person && !ownIds.has(role.contactId) ? [person] : [];
      });
    if (others.length > 0)
      read.people.set(accountId, [...own, ...new Map(others.map((p) => [p.contact.id, p])).values()]);
  }
}
