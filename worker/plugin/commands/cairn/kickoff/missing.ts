import { toDate } from '../../../../core/dates.js';
import { CairnCommand } from '../../../command.js';
import { daysFlag, orgFlags } from '../../../flags.js';
import { pluginMessages } from '../../../messages.js';
import { queryRecords } from '../../../org.js';
import {
  kickoffMissingQuery,
  kickoffMissingRows,
  type KickoffMissingResult,
  type KickoffOpportunityRecord
} from '../../../queries/kickoff-missing.js';

const messages = pluginMessages('cairn.kickoff.missing');

export default class KickoffMissing extends CairnCommand<KickoffMissingResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    days: daysFlag({ summary: messages.getMessage('flags.days.summary'), default: 14 })
  };

  public async run(): Promise<KickoffMissingResult> {
    const { flags } = await this.parse(KickoffMissing);
    const today = toDate(this.now());
    const connection = flags['target-org'].getConnection(flags['api-version']);
    const records = await queryRecords<KickoffOpportunityRecord>(connection, kickoffMissingQuery(today, flags.days));
    const rows = kickoffMissingRows(records, today);

    this.tableOrNone(rows, messages.getMessage('none', [flags.days]), () => ({
      title: messages.getMessage('title', [rows.length, flags.days, today]),
      data: rows.map((row) => ({
        ...row,
        amount: row.amount ?? '',
        accountName: row.accountName ?? '',
        csOwner: row.csOwner ?? '',
        kickoffScheduled: row.kickoffScheduled ? 'yes' : 'no',
        kickoffTargetDate: row.kickoffTargetDate ?? ''
      })),
      columns: [
        { key: 'closeDate', name: 'Close Date' },
        { key: 'daysSinceClose', name: 'Days' },
        { key: 'name', name: 'Opportunity' },
        { key: 'accountName', name: 'Account' },
        { key: 'amount', name: 'Amount' },
        { key: 'csOwner', name: 'CS Owner' },
        { key: 'kickoffScheduled', name: 'Kickoff Scheduled' },
        { key: 'kickoffTargetDate', name: 'Kickoff Target' },
        { key: 'id', name: 'Id' }
      ]
    }));
    return rows;
  }
}
