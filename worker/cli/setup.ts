// Loading what every command needs, with failures turned into messages that say what to fix
// (the sync setup's one mapping, worker/sync/setup.ts).

import type { WorkerConfig } from '../config/worker.js';
import type { Store } from '../store/store.js';
import { loadSyncConfig, openWorkerStore as openStore, syncFailure } from '../sync/setup.js';

export function loadWorkerConfigOrExplain(env: NodeJS.ProcessEnv): { config: WorkerConfig } | { problem: string } {
  try {
    return { config: loadSyncConfig({ env }) };
  } catch (error) {
    const failure = syncFailure(error);
    if (failure.reason !== 'invalid-config') throw error;
    return { problem: failure.message };
  }
}

export async function openWorkerStore(
  config: WorkerConfig
): Promise<{ store: Store } | { problem: string; code: number }> {
  try {
    return { store: await openStore(config) };
  } catch (error) {
    const failure = syncFailure(error);
    return { problem: failure.message, code: failure.exitCode };
  }
}
