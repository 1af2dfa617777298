// `npm run worker -- start`: the HTTP API and the sync schedule, until SIGTERM or SIGINT.

import { startWorker } from '../server/worker.js';
import { syncFailure } from '../sync/setup.js';
import { EXIT, parseFlags, type Command } from './command.js';
import { loadWorkerConfigOrExplain } from './setup.js';

/** How the start banner names each auth mode. */
const AUTH_MODES = {
  accessToken: 'access-token',
  jwt: 'jwt',
  refreshToken: 'refresh-token',
  targetOrg: 'target-org'
} as const;

const HELP = `Usage: npm run worker -- start

Starts the worker: the HTTP API on PORT (default 8700), a full sync run on CAIRN_SCHEDULE
(cron, in UTC; default every 15 minutes), and in between a targeted run every
fastSync.intervalSeconds (config/cairn.json; default 60) over the accounts with new events.

  GET  /healthz, /readyz (store and Salesforce reachable), /metrics (Prometheus)
  POST /v1/batch, /v1/track, /v1/identify, /v1/group   Segment-compatible ingestion (CAIRN_WRITE_KEY)
  POST /sync, GET /runs, GET /runs/:id                  admin (Authorization: Bearer CAIRN_ADMIN_TOKEN)

SIGTERM or SIGINT (Ctrl-C) shuts down gracefully: no new connections or runs, the write
phase under way finishes and is recorded, then the store is closed. A second signal exits at once.

Options:
  -h, --help  show this help`;

export const startCommand: Command = {
  name: 'start',
  summary: 'run the HTTP API and the sync schedule',
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(args, {}, { min: 0, max: 0, names: '' });
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    const loaded = loadWorkerConfigOrExplain(io.env);
    if ('problem' in loaded) {
      io.err(loaded.problem);
      return EXIT.failed;
    }
    const { config } = loaded;

    let worker;
    try {
      worker = await startWorker(config, { log: (line) => io.err(`${new Date().toISOString()} ${line}`) });
    } catch (error) {
      const failure = syncFailure(error);
      io.err(`The worker could not start: ${failure.message}`);
      return failure.exitCode;
    }
    const next = worker.nextScheduledRun();
    io.out(
      [
        `Cairn worker listening on ${worker.url}`,
        `  store: ${String(config.store)}`,
        `  sync schedule: ${config.schedule} (UTC)${next ? `, next run ${next.toISOString()}` : ''}`,
        `  targeted runs: ${config.fastSync.enabled ? `every ${config.fastSync.intervalSeconds} s over the accounts with new events` : 'off (fastSync.enabled is false)'}`,
        `  ingestion: ${config.secrets.writeKey ? 'open (CAIRN_WRITE_KEY)' : 'closed: set CAIRN_WRITE_KEY to open it'}`,
        `  admin endpoints: ${config.secrets.adminToken ? 'open (CAIRN_ADMIN_TOKEN)' : 'closed: set CAIRN_ADMIN_TOKEN to open them'}`,
        `  Salesforce: ${config.salesforce.auth ? `${AUTH_MODES[config.salesforce.auth.kind]} auth${config.salesforce.instanceUrl ? ` to ${config.salesforce.instanceUrl}` : ''}` : 'no credentials set: runs will fail until they are'}`,
        config.now ? `  CAIRN_NOW fixes the rules' now at ${config.now.toISOString()}` : null
      ]
        .filter((line) => line !== null)
        .join('\n')
    );

    const running = worker;
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          io.err(`${signal} again: exiting without waiting`);
          process.exit(EXIT.failed);
        }
        stopping = true;
        io.err(`${signal}: shutting down (the write phase under way finishes first)…`);
        running.close().then(
          () => {
            io.err('Stopped.');
            resolve(EXIT.ok);
          },
          (error: Error) => {
            io.err(`Shutdown failed: ${error.message}`);
            resolve(EXIT.failed);
          }
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
  }
};
