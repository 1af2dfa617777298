import { toDate } from '../../../../core/dates.js';
import { CairnCommand } from '../../../command.js';
import { daysFlag, orgFlags } from '../../../flags.js';
import { pluginMessages } from '../../../messages.js';
import { queryRecords } from '../../../org.js';
import { qbrDueQuery, qbrDueRows, type QbrDueResult, type ReviewRecord } from '../../../queries/qbr-due.js';

const messages = pluginMessages('cairn.qbr.due');

export default class QbrDue extends CairnCommand<QbrDueResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    within: daysFlag({ summary: messages.getMessage('flags.within.summary'), default: 60 })
  };

  public async run(): Promise<QbrDueResult> {
    const { flags } = await this.parse(QbrDue);
    const today = toDate(this.now());
    const connection = flags['target-org'].getConnection(flags['api-version']);
    const records = await queryRecords<ReviewRecord>(connection, qbrDueQuery(today, flags.within));
    const rows = qbrDueRows(records, today);

    this.tableOrNone(rows, messages.getMessage('none', [flags.within]), () => ({
      title: messages.getMessage('title', [rows.length, flags.within, today]),
      data: rows.map((row) => ({ ...row, opportunityName: row.opportunityName ?? '' })),
      columns: [
        { key: 'dueDate', name: 'Due Date' },
        { key: 'daysUntilDue', name: 'Days Until Due' },
        { key: 'opportunityName', name: 'Opportunity' },
        { key: 'name', name: 'Review' },
        { key: 'reviewType', name: 'Type' },
        { key: 'id', name: 'Id' }
      ]
    }));
    return rows;
  }
}
