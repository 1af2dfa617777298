// The benchmark's worker process: receives one SyncJob over IPC, runs the sync, answers
// with the outcome and its own peak memory, and exits.

import { processPeakRssMb, syncOnce, type SyncJob } from './sync.js';

process.once('message', (job: SyncJob) => {
  syncOnce(job).then(
    (outcome) =>
      process.send?.({ outcome: { ...outcome, workerPeakRssMb: processPeakRssMb() } }, () => process.exit(0)),
    (error: Error) => process.send?.({ error: error.stack ?? error.message }, () => process.exit(1))
  );
});
