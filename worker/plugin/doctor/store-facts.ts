// What `sf cairn doctor` asks the worker's store (CAIRN_STORE, as `npm run worker` finds it):
// the track events that have waited long for their user's group call. The store is only
// read: an embedded store that is not there is not created, and one the running worker holds
// is "unknown" (its GET /readyz says the same).
import { existsSync } from 'node:fs';
import type { PendingEvents } from '../../store/store.js';
import { waitingSince } from '../../ingest/waiting-events.js';
import { loadSyncConfig, openWorkerStore, syncFailure } from '../../sync/setup.js';
import type { Unknown } from './checks.js';

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

export async function gatherWaitingEvents(env: NodeJS.ProcessEnv = process.env): Promise<PendingEvents | Unknown> {
  let config;
  try {
    config = loadSyncConfig({ env });
  } catch (error) {
    return { unknown: syncFailure(error).message };
  }
  const location = config.store.reveal();
  if (!isPostgresUrl(location) && !existsSync(location)) {
    return {
      unknown: `no worker store at ${location}; run the doctor where the worker runs, or set CAIRN_STORE to its store`
    };
  }
  let store;
  try {
    store = await openWorkerStore(config);
  } catch (error) {
    const failure = syncFailure(error);
    return {
      unknown:
        failure.reason === 'store-in-use'
          ? "the running worker holds its embedded store; the worker's GET /readyz tells the same"
          : failure.message
    };
  }
  try {
    return await store.pendingEvents(waitingSince(config.now ?? new Date()));
  } finally {
    await store.close();
  }
}
