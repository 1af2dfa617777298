// `sf cairn people quiet`: the key people of post-sale deals who are not engaged (DESIGN §9.3,
// §9.8) — Left first, then the longest silence, never touched first — from what the last sync
// wrote on their contacts and Salesforce's own LastActivityDate.
import { keyPeopleOf, personAsStored, type PeopleConfig } from '../../core/people.js';
import { append } from '../../core/lists.js';
import type { ContactRole, IsoDate } from '../../core/types.js';
import { contact as contactObject } from '../../salesforce/objects/contact.js';
import { opportunityContactRole } from '../../salesforce/objects/opportunity-contact-role.js';
import { RecordReader, type SfRecord } from '../../salesforce/objects/record-reader.js';
import { scopeCondition } from '../../salesforce/scope.js';
import { soqlString } from '../../salesforce/soql.js';

export interface PeopleQuietRow {
  contactId: string;
  name: string;
  /** the contact role that makes them key, or `Decision Maker` (their contact type) */
  role: string;
  accountName: string | null;
  opportunityId: string;
  opportunityName: string;
  /** the later of their product activity and Salesforce's LastActivityDate; null when never touched */
  lastTouch: IsoDate | null;
  daysSinceTouch: number | null;
  left: boolean;
}

export type PeopleQuietResult = PeopleQuietRow[];

export interface PostSaleOpportunityRecord {
  Id: string;
  Name: string;
  AccountId: string | null;
  Account: { Name: string | null } | null;
  OpportunityContactRoles: { records: SfRecord[] } | null;
}

/**
 * Post-sale deals in the sync's scope (its contacts' product activity is kept up to date only
 * there) with their contact roles; `csOwnerId` for --mine.
 */
export function postSaleOpportunitiesQuery(now: Date, csOwnerId?: string): string {
  const conditions = [scopeCondition(now), 'Post_Sale_Status__c != null', 'AccountId != null'];
  if (csOwnerId !== undefined) conditions.push(`CS_Owner__c = ${soqlString(csOwnerId)}`);
  const roles = opportunityContactRole.read.join(', ');
  return (
    `SELECT Id, Name, AccountId, Account.Name, (SELECT ${roles} FROM OpportunityContactRoles) FROM Opportunity` +
    ` WHERE ${conditions.join(' AND ')}`
  );
}

function rolesOf(record: PostSaleOpportunityRecord): ContactRole[] {
  return (record.OpportunityContactRoles?.records ?? []).map((role) =>
    opportunityContactRole.fromSalesforce(new RecordReader(role))
  );
}

/** The contact ids the deals' roles name outside `contacts` (read them too: contacts of other accounts). */
export function otherContactIds(
  opportunities: readonly PostSaleOpportunityRecord[],
  contacts: readonly SfRecord[]
): string[] {
  const read = new Set(contacts.map((c) => String(c.Id)));
  return [...new Set(opportunities.flatMap(rolesOf).map((r) => r.contactId))].filter((id) => !read.has(id));
}

/** The rows: one per deal and key person not engaged within `config.keyTouchDays`. */
export function peopleQuietRows(
  opportunities: readonly PostSaleOpportunityRecord[],
  contacts: readonly SfRecord[],
  today: IsoDate,
  config: PeopleConfig
): PeopleQuietResult {
  const people = new Map<string, ReturnType<typeof personAsStored>[]>();
  const byId = new Map<string, ReturnType<typeof personAsStored>>();
  for (const record of contacts) {
    const person = personAsStored(contactObject.fromSalesforce(new RecordReader(record)), today, config);
    append(people, person.contact.accountId, person);
    byId.set(person.contact.id, person);
  }
  // a contact role may name a contact of another account: key all the same (DESIGN §9.3)
  const peopleOf = (opportunity: PostSaleOpportunityRecord, roles: readonly ContactRole[]) => {
    const own = people.get(opportunity.AccountId ?? '') ?? [];
    const others = roles.flatMap((role) => {
      const person = byId.get(role.contactId);
      return person && person.contact.accountId !== opportunity.AccountId ? [person] : [];
    });
    return [...own, ...others];
  };
  const rows = opportunities.flatMap((opportunity) =>
    keyPeopleOf(rolesOf(opportunity), peopleOf(opportunity, rolesOf(opportunity)), today, config)
      .filter((key) => !key.engaged)
      .map((key): PeopleQuietRow => ({
        contactId: key.person.contact.id,
        name: key.person.contact.name,
        role: key.role,
        accountName: opportunity.Account?.Name ?? null,
        opportunityId: opportunity.Id,
        opportunityName: opportunity.Name,
        lastTouch: key.person.lastTouch,
        daysSinceTouch: key.daysSinceTouch,
        left: key.person.contact.leftCompany
      }))
  );
  const silence = (row: PeopleQuietRow) => row.daysSinceTouch ?? Number.POSITIVE_INFINITY;
  return rows.sort(
    (a, b) =>
      Number(b.left) - Number(a.left) ||
      silence(b) - silence(a) ||
      a.name.localeCompare(b.name, 'en') ||
      a.opportunityName.localeCompare(b.opportunityName, 'en')
  );
}
