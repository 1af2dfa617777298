// A targeted run (DESIGN §10): every fastSync.intervalSeconds, the in-scope opportunities of
// the accounts that received events since a run last covered them, through the same run as
// a full sync (run.ts) with a targeted Coverage. It makes no call when nothing is dirty,
// yields to a full run (a held sync lock means skip, quietly), and stops when the org has
// little of its daily API allowance left, leaving that to the full runs.

import { SyncAlreadyRunningError } from '../store/errors.js';
import { targetedCoverage } from './coverage.js';
import type { SyncResult } from './result.js';
import { runSync, type SyncDeps, type SyncOptions } from './run.js';

/** DESIGN §10: targeted runs stop when the org has under this share of its daily API calls left. */
export const DEFAULT_MIN_API_LEFT_PERCENT = 20;

export interface TargetedOptions extends SyncOptions {
  /** skip when the org has under this percentage of its daily API calls left (default 20) */
  minApiLeftPercent?: number;
}

export type SkipReason = 'nothing-dirty' | 'run-going' | 'api-budget-low';

export type TargetedOutcome = { ran: true; result: SyncResult } | { ran: false; reason: SkipReason; message: string };

export async function runTargeted(deps: SyncDeps, options: TargetedOptions = {}): Promise<TargetedOutcome> {
  const { minApiLeftPercent = DEFAULT_MIN_API_LEFT_PERCENT, ...runOptions } = options;
  try {
    return await deps.store.withSyncLock(async (): Promise<TargetedOutcome> => {
      // pull sources mark their accounts dirty as they store events, like ingestion does
      const usage = deps.pullUsage ? await deps.pullUsage() : [];
      const marks = await deps.store.dirtyAccounts();
      if (marks.length === 0) return skipped('nothing-dirty', 'no account has new events');

      // a session that cannot start is recorded as a failed run, as a full run's is
      const started = await deps.salesforce({ targeted: true }).then(
        (session) => ({ session }),
        (error: Error) => ({ error })
      );
      const orgUsage = 'session' in started ? started.session.accounting.snapshot().orgUsage : null;
      if (orgUsage && orgUsage.max > 0) {
        const left = orgUsage.max - orgUsage.used;
        const leftPercent = (left / orgUsage.max) * 100;
        if (leftPercent < minApiLeftPercent) {
          return skipped(
            'api-budget-low',
            `the org has ${left} of its ${orgUsage.max} daily API calls left (${leftPercent.toFixed(1)}%, under ` +
              `fastSync.minApiLeftPercent ${minApiLeftPercent}%): the ${marks.length} dirty accounts wait for the next full run`
          );
        }
      }
      const salesforce = () =>
        'session' in started ? Promise.resolve(started.session) : Promise.reject(started.error);
      const result = await runSync(
        { ...deps, pullUsage: undefined, salesforce },
        runOptions,
        targetedCoverage(marks, usage)
      );
      return { ran: true, result };
    });
  } catch (error) {
    if (error instanceof SyncAlreadyRunningError) return skipped('run-going', 'another run holds the sync lock');
    throw error;
  }
}

function skipped(reason: SkipReason, message: string): TargetedOutcome {
  return { ran: false, reason, message };
}
