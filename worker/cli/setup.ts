// Loading what every command needs, with failures turned into messages that say what to fix.

import { ConfigError } from '../config/load.js';
import { StoreInUseError } from '../store/errors.js';
import { openStore, type Store } from '../store/store.js';
import { loadWorkerConfig, type WorkerConfig } from '../sync/settings.js';
import { EXIT } from './command.js';

export function loadWorkerConfigOrExplain(env: NodeJS.ProcessEnv): { config: WorkerConfig } | { problem: string } {
  try {
    return { config: loadWorkerConfig({ env }) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { problem: `Invalid configuration:\n${error.problems.map((p) => `  - ${p}`).join('\n')}` };
  }
}

export async function openWorkerStore(
  config: WorkerConfig
): Promise<{ store: Store } | { problem: string; code: number }> {
  try {
    return { store: await openStore(config.store.reveal()) };
  } catch (error) {
    const code = error instanceof StoreInUseError ? EXIT.busy : EXIT.failed;
    return { problem: `Cannot open the store at ${String(config.store)}: ${(error as Error).message}`, code };
  }
}
