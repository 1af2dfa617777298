import { SfError } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import type { SyncResult } from '../../../sync/result.js';
import { syncFailure, syncOnce } from '../../../sync/setup.js';
import { CairnCommand } from '../../command.js';
import { orgFlags } from '../../flags.js';
import { pluginMessages } from '../../messages.js';
import { syncHeadline, syncTableRows } from '../../sync-summary.js';
import { loadPluginWorkerConfig, targetOrgSettings } from '../../worker-setup.js';

const messages = pluginMessages('cairn.sync');

/** The worker's exit statuses (`npm run worker -- sync`): partial means some rows were refused. */
const EXIT = { failed: 1, partial: 3, busy: 4 } as const;

export default class Sync extends CairnCommand<SyncResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary'), default: false })
  };

  public async run(): Promise<SyncResult> {
    const { flags } = await this.parse(Sync);
    const config = loadPluginWorkerConfig();
    // The worker's own configuration, but signed in as the target org the sf CLI holds.
    const settings = targetOrgSettings(config, flags['target-org'], flags['api-version']);
    let result: SyncResult;
    try {
      ({ result } = await syncOnce(config, {
        salesforce: settings,
        dryRun: flags['dry-run'],
        // progress on stderr, one line per step (as `npm run worker -- sync` prints it); none with --json
        onProgress: (line) => {
          if (!this.jsonEnabled()) this.logToStderr(line);
        }
      }));
    } catch (error) {
      const failure = syncFailure(error);
      if (failure.reason === 'store-in-use')
        throw new SfError(failure.message, 'StoreInUseError', [messages.getMessage('storeInUse')], EXIT.busy);
      if (failure.reason === 'run-in-progress')
        throw new SfError(failure.message, 'SyncAlreadyRunningError', [], EXIT.busy);
      throw error;
    }

    for (const line of syncHeadline(result)) this.log(line);
    const rows = syncTableRows(result);
    if (rows.length > 0) {
      this.table({
        title: messages.getMessage(result.dryRun ? 'plannedTitle' : 'writtenTitle'),
        data: rows,
        columns: [
          { key: 'object', name: 'Object' },
          { key: 'created', name: result.dryRun ? 'To Create' : 'Created' },
          { key: 'updated', name: result.dryRun ? 'To Update' : 'Updated' }
        ]
      });
    }
    if (result.status === 'partial') process.exitCode = EXIT.partial;
    if (result.status === 'failed') process.exitCode = EXIT.failed;
    return result;
  }
}
