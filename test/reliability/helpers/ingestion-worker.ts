// A worker process that only ingests (no schedule, no org) on a fresh PostgreSQL schema, and the
// store opened beside it to read what it kept: the set-up of the ingestion suites.

import { openStore, type Store } from '../../../worker/store/store.js';
import { createTestSchema } from '../../store/backends.js';
import { NEVER, startWorkerProcess, workerFiles, type RunningWorker } from './worker-process.js';

export interface IngestionWorker {
  worker: RunningWorker;
  store: Store;
  /** Stops the worker, closes the store, drops the schema and removes the files. */
  stop(): Promise<void>;
}

export async function startIngestionWorker(writeKey: string): Promise<IngestionWorker> {
  const files = await workerFiles({});
  const schema = await createTestSchema();
  const undo: (() => Promise<void>)[] = [() => files.dispose(), () => schema.drop()];
  const stop = async () => {
    for (const step of undo.reverse()) await step();
  };
  try {
    const worker = await startWorkerProcess({
      HOME: files.dir,
      CAIRN_CONFIG: files.configFile,
      CAIRN_STORE: schema.url,
      CAIRN_SCHEDULE: NEVER,
      CAIRN_WRITE_KEY: writeKey,
      PORT: '0'
    });
    undo.push(() => worker.stop());
    const store = await openStore(schema.url);
    undo.push(() => store.close());
    return { worker, store, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
