// The benchmark's worker process: receives one SyncJob over IPC, runs the sync, reports
// each step as it starts, answers with the outcome and its own peak memory, and exits.

import { peakRssMb } from './measure.js';
import { syncOnce, type ChildMessage, type SyncJob } from './sync.js';

const send = (message: ChildMessage, then: () => void = () => undefined) =>
  process.send?.(message, undefined, {}, then);

process.once('message', (job: SyncJob) => {
  syncOnce(job, (step) => send({ step })).then(
    (outcome) => send({ outcome: { ...outcome, workerPeakRssMb: peakRssMb() } }, () => process.exit(0)),
    (error: Error) => send({ error: error.stack ?? error.message }, () => process.exit(1))
  );
});
