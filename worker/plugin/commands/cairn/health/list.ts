import { Flags } from '@salesforce/sf-plugins-core';
import type { HealthGrade } from '../../../../core/types.js';
import { CairnCommand } from '../../../command.js';
import { flagValue, orgFlags } from '../../../flags.js';
import { pluginMessages } from '../../../messages.js';
import { queryRecords, runningUserId } from '../../../org.js';
import {
  healthListQuery,
  healthListRows,
  parseGrade,
  type HealthListResult,
  type HealthOpportunityRecord
} from '../../../queries/health-list.js';

const messages = pluginMessages('cairn.health.list');

export default class HealthList extends CairnCommand<HealthListResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    grade: Flags.custom<HealthGrade>({
      summary: messages.getMessage('flags.grade.summary'),
      multiple: true,
      delimiter: ',',
      parse: flagValue(parseGrade)
    })(),
    mine: Flags.boolean({ summary: messages.getMessage('flags.mine.summary'), default: false })
  };

  public async run(): Promise<HealthListResult> {
    const { flags } = await this.parse(HealthList);
    const connection = flags['target-org'].getConnection(flags['api-version']);
    const csOwnerId = flags.mine ? await runningUserId(connection) : undefined;
    const query = healthListQuery({ grades: flags.grade, csOwnerId });
    const records = await queryRecords<HealthOpportunityRecord>(connection, query);
    const rows = healthListRows(records);

    this.tableOrNone(rows, messages.getMessage('none'), () => ({
      title: messages.getMessage('title', [rows.length]),
      data: rows.map((row) => ({
        ...row,
        accountName: row.accountName ?? '',
        csOwner: row.csOwner ?? '',
        score: row.score ?? '',
        grade: row.grade ?? '',
        trend: row.trend === null ? '' : row.trend > 0 ? `+${row.trend}` : String(row.trend),
        topDriver: row.topDriver ?? '',
        nextGrade: row.nextGrade ?? ''
      })),
      columns: [
        { key: 'score', name: 'Score' },
        { key: 'grade', name: 'Grade' },
        { key: 'trend', name: 'Trend' },
        { key: 'name', name: 'Opportunity' },
        { key: 'accountName', name: 'Account' },
        { key: 'status', name: 'Status' },
        { key: 'csOwner', name: 'CS Owner' },
        { key: 'topDriver', name: 'Top Driver' },
        { key: 'nextGrade', name: 'Next Grade' },
        { key: 'id', name: 'Id' }
      ]
    }));
    return rows;
  }
}
