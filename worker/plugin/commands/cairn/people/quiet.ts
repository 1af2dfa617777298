import { Flags } from '@salesforce/sf-plugins-core';
import { toDate } from '../../../../core/dates.js';
import { chunksOf } from '../../../../core/lists.js';
import { DEFAULT_PEOPLE_CONFIG } from '../../../../core/people.js';
import { accountIdIn, IDS_PER_QUERY, contactsQuery } from '../../../../salesforce/account-records.js';
import type { SfRecord } from '../../../../salesforce/objects/record-reader.js';
import { CairnCommand } from '../../../command.js';
import { daysFlag, orgFlags } from '../../../flags.js';
import { pluginMessages } from '../../../messages.js';
import { queryRecords, runningUserId } from '../../../org.js';
import { soqlStringList } from '../../../../salesforce/soql.js';
import {
  otherContactIds,
  peopleQuietRows,
  postSaleOpportunitiesQuery,
  type PeopleQuietResult,
  type PostSaleOpportunityRecord
} from '../../../queries/people-quiet.js';

const messages = pluginMessages('cairn.people.quiet');

export default class PeopleQuiet extends CairnCommand<PeopleQuietResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    days: daysFlag({
      summary: messages.getMessage('flags.days.summary'),
      default: DEFAULT_PEOPLE_CONFIG.keyTouchDays
    }),
    mine: Flags.boolean({ summary: messages.getMessage('flags.mine.summary'), default: false })
  };

  public async run(): Promise<PeopleQuietResult> {
    const { flags } = await this.parse(PeopleQuiet);
    const now = this.now();
    const today = toDate(now);
    const connection = flags['target-org'].getConnection(flags['api-version']);
    const csOwnerId = flags.mine ? await runningUserId(connection) : undefined;
    const opportunities = await queryRecords<PostSaleOpportunityRecord>(
      connection,
      postSaleOpportunitiesQuery(now, csOwnerId)
    );
    const accountIds = [...new Set(opportunities.flatMap((o) => (o.AccountId ? [o.AccountId] : [])))];
    const contacts: SfRecord[] = [];
    for (const chunk of chunksOf(accountIds, IDS_PER_QUERY)) {
      contacts.push(...(await queryRecords<SfRecord>(connection, contactsQuery(accountIdIn(chunk)))));
    }
    for (const chunk of chunksOf(otherContactIds(opportunities, contacts), IDS_PER_QUERY)) {
      contacts.push(...(await queryRecords<SfRecord>(connection, contactsQuery(`Id IN ${soqlStringList(chunk)}`))));
    }
    const rows = peopleQuietRows(opportunities, contacts, today, {
      ...DEFAULT_PEOPLE_CONFIG,
      keyTouchDays: flags.days
    });

    this.tableOrNone(rows, messages.getMessage('none', [flags.days]), () => ({
      title: messages.getMessage('title', [rows.length, flags.days, today]),
      data: rows.map((row) => ({
        ...row,
        accountName: row.accountName ?? '',
        lastTouch: row.left ? 'left the company' : (row.lastTouch ?? 'never'),
        daysSinceTouch: row.daysSinceTouch ?? ''
      })),
      columns: [
        { key: 'name', name: 'Name' },
        { key: 'role', name: 'Role' },
        { key: 'accountName', name: 'Account' },
        { key: 'opportunityName', name: 'Opportunity' },
        { key: 'lastTouch', name: 'Last Touch' },
        { key: 'daysSinceTouch', name: 'Days' },
        { key: 'contactId', name: 'Contact Id' }
      ]
    }));
    return rows;
  }
}
