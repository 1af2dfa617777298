import { SfError } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { syncDepsOf } from '../../../server/worker.js';
import { StoreInUseError, SyncAlreadyRunningError } from '../../../store/errors.js';
import { openStore } from '../../../store/store.js';
import { salesforceConnector } from '../../../sync/connector.js';
import type { SyncResult } from '../../../sync/result.js';
import { runSync } from '../../../sync/run.js';
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
    const store = await openStore(config.store.reveal()).catch((error: Error) => {
      throw error instanceof StoreInUseError
        ? new SfError(error.message, 'StoreInUseError', [messages.getMessage('storeInUse')], EXIT.busy)
        : error;
    });
    let result: SyncResult;
    try {
      const deps = await syncDepsOf(
        config,
        store,
        salesforceConnector(() => settings)
      );
      result = await runSync(deps, {
        dryRun: flags['dry-run'],
        // progress on stderr, one line per step (as `npm run worker -- sync` prints it); none with --json
        onProgress: (line) => {
          if (!this.jsonEnabled()) this.logToStderr(line);
        }
      });
    } catch (error) {
      if (error instanceof SyncAlreadyRunningError)
        throw new SfError(error.message, 'SyncAlreadyRunningError', [], EXIT.busy);
      throw error;
    } finally {
      await store.close();
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
