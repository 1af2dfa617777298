import { schemaProblems } from '../../../test/plugin/result-schemas.js';
import { DEFAULT_PEOPLE_CONFIG } from '../../core/people.js';
import {
  otherContactIds,
  peopleQuietRows,
  postSaleOpportunitiesQuery,
  type PostSaleOpportunityRecord
} from './people-quiet.js';

const TODAY = '2026-05-01';
const ACCOUNT = '001000000000001AAA';

function contact(id: string, fields: Record<string, unknown>) {
  return { Id: id, AccountId: ACCOUNT, Email: null, Product_User_Id__c: null, Left_Company__c: false, ...fields };
}

function deal(id: string, name: string, roles: Record<string, unknown>[]): PostSaleOpportunityRecord {
  return {
    Id: id,
    Name: name,
    AccountId: ACCOUNT,
    Account: { Name: 'Acme' },
    OpportunityContactRoles: { records: roles.map((r, i) => ({ Id: `00K00000000000${i}AAA`, IsPrimary: false, ...r })) }
  };
}

const contacts = [
  // product use 10 days ago: engaged
  contact('003000000000001AAA', { Name: 'Ann Lee', Last_Product_Activity__c: '2026-04-21T10:00:00.000+0000' }),
  // a task 45 days ago: quiet at --days 45, engaged at --days 46
  contact('003000000000002AAA', { Name: 'Bo Chen', LastActivityDate: '2026-03-17' }),
  // never touched, a Decision Maker by type: key on every deal of the account
  contact('003000000000003AAA', { Name: 'Cy Diaz', Contact_Type__c: 'Decision Maker' }),
  // left, touched yesterday
  contact('003000000000004AAA', { Name: 'Di Fox', Left_Company__c: true, LastActivityDate: '2026-04-30' })
];

const deals = [
  deal('006000000000001AAA', 'Acme – Platform', [
    { ContactId: '003000000000001AAA', Role: 'Executive Sponsor' },
    { ContactId: '003000000000002AAA', Role: 'Economic Buyer' },
    { ContactId: '003000000000004AAA', Role: 'Decision Maker' }
  ]),
  // Bo is key on two deals: listed for each
  deal('006000000000002AAA', 'Acme – Upsell', [{ ContactId: '003000000000002AAA', Role: 'Evaluator', IsPrimary: true }])
];

test('lists key people not engaged: Left first, then never touched, then the longest silence; one row per deal', () => {
  const rows = peopleQuietRows(deals, contacts, TODAY, DEFAULT_PEOPLE_CONFIG);
  expect(rows.map((r) => [r.name, r.role, r.opportunityName, r.lastTouch, r.daysSinceTouch, r.left])).toEqual([
    ['Di Fox', 'Decision Maker', 'Acme – Platform', '2026-04-30', 1, true],
    ['Cy Diaz', 'Decision Maker', 'Acme – Platform', null, null, false],
    ['Cy Diaz', 'Decision Maker', 'Acme – Upsell', null, null, false],
    ['Bo Chen', 'Economic Buyer', 'Acme – Platform', '2026-03-17', 45, false],
    ['Bo Chen', 'Evaluator (primary)', 'Acme – Upsell', '2026-03-17', 45, false]
  ]);
  expect(schemaProblems('cairn-people-quiet', rows)).toEqual([]);
});

test('a contact of another account with a key role counts, and is asked for', () => {
  const partner = { ...contact('003000000000009AAA', { Name: 'Gil Ito' }), AccountId: '001000000000009AAA' };
  const withPartner = [
    deal('006000000000003AAA', 'Acme – Services', [{ ContactId: '003000000000009AAA', Role: 'Executive Sponsor' }])
  ];
  expect(otherContactIds(withPartner, contacts)).toEqual(['003000000000009AAA']);
  const rows = peopleQuietRows(withPartner, [...contacts, partner], TODAY, DEFAULT_PEOPLE_CONFIG);
  // Cy, a Decision Maker of the account, is key on every deal; both never touched: by name
  expect(rows.map((r) => [r.name, r.role])).toEqual([
    ['Cy Diaz', 'Decision Maker'],
    ['Gil Ito', 'Executive Sponsor']
  ]);
});

test('--days sets the silence that counts: at 46 days Bo is engaged', () => {
  const rows = peopleQuietRows(deals, contacts, TODAY, { ...DEFAULT_PEOPLE_CONFIG, keyTouchDays: 46 });
  expect(rows.map((r) => r.name)).toEqual(['Di Fox', 'Cy Diaz', 'Cy Diaz']);
});

test('the query reads post-sale deals in scope with their contact roles, only yours with --mine', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  expect(postSaleOpportunitiesQuery(now)).toBe(
    'SELECT Id, Name, AccountId, Account.Name, (SELECT Id, ContactId, Role, IsPrimary FROM OpportunityContactRoles) ' +
      'FROM Opportunity WHERE IsWon = true AND CloseDate >= 2023-05-01 AND (Contract_End_Date__c = null OR ' +
      'Contract_End_Date__c >= 2026-04-01) AND Post_Sale_Status__c != null AND AccountId != null'
  );
  expect(postSaleOpportunitiesQuery(now, "005000000000001AAA' OR Name != '")).toContain(
    "AND CS_Owner__c = '005000000000001AAA\\' OR Name != \\''"
  );
});
