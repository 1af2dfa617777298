// The benchmark's worker process: receives one SyncJob over IPC, runs the sync, answers
// with the outcome and its own peak memory, and exits.

import { peakRssMb } from './measure.js';
import { syncOnce, type SyncJob } from './sync.js';

process.once('message', (job: SyncJob) => {
  syncOnce(job).then(
    (outcome) => process.send?.({ outcome: { ...outcome, workerPeakRssMb: peakRssMb() } }, () => process.exit(0)),
    (error: Error) => process.send?.({ error: error.stack ?? error.message }, () => process.exit(1))
  );
});
