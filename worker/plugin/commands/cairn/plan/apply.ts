import { Flags } from '@salesforce/sf-plugins-core';
import { loadPlaybooks } from '../../../../playbooks/load.js';
import { PlaybookError } from '../../../../core/playbooks.js';
import { salesforceWriteOptions } from '../../../../salesforce/settings.js';
import { connect } from '../../../../salesforce/session.js';
import {
  applyPlaybook,
  ApplyRefusedError,
  type ApplyPlaybookResult,
  type ApplyRefusal
} from '../../../../sync/apply-playbook.js';
import { coreConfigOf } from '../../../../config/worker.js';
import { CairnCommand, targetOrgArgument } from '../../../command.js';
import { flagValue, orgFlags } from '../../../flags.js';
import { pluginMessages } from '../../../messages.js';
import { parseOpportunityId, parsePlaybookKey, planApplyRows, statusCounts } from '../../../plan-apply.js';
import { loadPluginWorkerConfig, targetOrgSettings } from '../../../worker-setup.js';

const messages = pluginMessages('cairn.plan.apply');

/** Exit statuses: a playbook key that is not one of the playbooks is a usage error; refused rows are partial, as for sync. */
const EXIT = { usage: 2, partial: 3 } as const;

const REFUSAL_MESSAGE: Record<ApplyRefusal, string> = {
  'unknown-playbook': 'unknownPlaybook',
  'not-found': 'opportunityNotFound',
  'not-won': 'opportunityNotWon',
  'out-of-scope': 'opportunityOutOfScope',
  'unusable-value': 'unusableValue'
};

export default class PlanApply extends CairnCommand<ApplyPlaybookResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    opportunity: Flags.custom<string>({
      char: 'i',
      summary: messages.getMessage('flags.opportunity.summary'),
      required: true,
      parse: flagValue(parseOpportunityId)
    })(),
    playbook: Flags.custom<string>({
      char: 'p',
      summary: messages.getMessage('flags.playbook.summary'),
      parse: flagValue(parsePlaybookKey)
    })(),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary'), default: false })
  };

  public async run(): Promise<ApplyPlaybookResult> {
    const { flags } = await this.parse(PlanApply);
    const config = loadPluginWorkerConfig();
    const playbooks = await loadPlaybooks(config.playbooksDir).catch((error: Error) => {
      throw error instanceof PlaybookError ? messages.createError('invalidPlaybooks', [error.message]) : error;
    });
    const org = flags['target-org'];
    let result: ApplyPlaybookResult;
    try {
      result = await applyPlaybook({
        salesforce: () => connect(targetOrgSettings(config, org, flags['api-version'])),
        opportunityId: flags.opportunity,
        playbookKey: flags.playbook,
        playbooks,
        config: coreConfigOf(config),
        now: this.now(),
        dryRun: flags['dry-run'],
        writeOptions: salesforceWriteOptions(config)
      });
    } catch (error) {
      if (!(error instanceof ApplyRefusedError)) throw error;
      const key = REFUSAL_MESSAGE[error.refusal];
      const exitCode = error.refusal === 'unknown-playbook' ? EXIT.usage : 1;
      const orgName = targetOrgArgument(this.argv) ?? org.getUsername() ?? 'my-org';
      throw messages.createError(key, [error.message], [orgName, orgName], exitCode);
    }

    const counts = statusCounts(result);
    const what = `"${result.playbook.name}" (${result.playbook.key}) on "${result.opportunityName}" (${result.opportunityId})`;
    const headline = result.dryRun
      ? messages.getMessage('plannedHeadline', [what, counts.missing, counts.present])
      : messages.getMessage('headline', [what, counts.created, counts.present, counts.failed]);
    const rows = planApplyRows(result);
    if (rows.length === 0) {
      this.log(messages.getMessage('empty', [what]));
    } else {
      // the headline on its own line: a table title would be wrapped at the table's width
      this.log(headline);
      this.table({
        data: rows,
        columns: [
          { key: 'type', name: 'Type' },
          { key: 'key', name: 'Key' },
          { key: 'name', name: 'Name' },
          { key: 'due', name: 'Due' },
          { key: 'status', name: 'Status' }
        ]
      });
    }
    if (counts.failed > 0) process.exitCode = EXIT.partial;
    return result;
  }
}
