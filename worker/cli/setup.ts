// Loading what every command needs, with failures turned into messages that say what to fix
// (the sync setup's one mapping, worker/sync/setup.ts).

import type { WorkerConfig } from '../config/worker.js';
import type { Store } from '../store/store.js';
import { EXIT } from './command.js';
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

/**
 * Runs `use` with the worker's store, closed afterwards; a config or store that cannot be had
 * is printed with what to fix and its exit code returned. `prepare` reads what the command
 * needs of the config, and may refuse (a bad flag) before the store, which can take a while,
 * is opened.
 */
export async function withWorkerStore<T>(
  io: { env: NodeJS.ProcessEnv; err: (line: string) => void },
  prepare: (config: WorkerConfig) => T,
  use: (store: Store, prepared: T) => Promise<number>
): Promise<number> {
  const loaded = loadWorkerConfigOrExplain(io.env);
  if ('problem' in loaded) {
    io.err(loaded.problem);
    return EXIT.failed;
  }
  const prepared = prepare(loaded.config);
  const opened = await openWorkerStore(loaded.config);
  if ('problem' in opened) {
    io.err(opened.problem);
    return opened.code;
  }
  try {
    return await use(opened.store, prepared);
  } finally {
    await opened.store.close();
  }
}

async function openWorkerStore(config: WorkerConfig): Promise<{ store: Store } | { problem: string; code: number }> {
  try {
    return { store: await openStore(config) };
  } catch (error) {
    const failure = syncFailure(error);
    return { problem: failure.message, code: failure.exitCode };
  }
}
