// npm run local-org -- --port P [--seed demo] [--data FILE] [--now ISO] [--log]
// Starts the local org and prints how to reach it.

import { parseArgs } from 'node:util';
import { startLocalOrg } from './index.js';

const HELP = `Usage: npm run local-org -- [--port P] [--seed demo|none] [--data FILE] [--now ISO] [--log]

A local stand-in for Salesforce's REST API, for tests and demos. It is not a Salesforce org.

  --port P       port on 127.0.0.1 (default 0: any free port)
  --seed demo    load the demo book of business (when the org has no opportunities yet)
  --data FILE    load state from FILE when it exists and keep saving to it
  --now ISO      fix "now" (date literals, CreatedDate), e.g. 2026-05-01T09:00:00Z; or set LOCAL_ORG_NOW
  --log          print one line per request to stderr

Environment: LOCAL_ORG_TOKEN (static access token), LOCAL_ORG_REFRESH_TOKEN,
LOCAL_ORG_PASSWORD (password of admin@cairn.local, default "cairn"), LOCAL_ORG_NOW.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        seed: { type: 'string', default: 'none' },
        data: { type: 'string' },
        now: { type: 'string' },
        log: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${args.port}"`);
  if (args.seed !== 'demo' && args.seed !== 'none') fail(`--seed must be demo or none, not "${args.seed}"`);

  const org = await startLocalOrg({
    port,
    seed: args.seed,
    ...(args.data ? { dataFile: args.data } : {}),
    ...(args.now ? { now: args.now } : {}),
    log: args.log
  });
  process.stdout.write(
    [
      "Cairn local org — a local stand-in for Salesforce's REST API, for tests and demos. It is NOT a Salesforce org.",
      `  URL:            ${org.url}`,
      `  Access token:   ${org.accessToken}`,
      `  Refresh token:  ${org.refreshToken}`,
      `  Username:       ${org.username} (password: LOCAL_ORG_PASSWORD, default "cairn")`,
      `  Data:           ${args.data ? args.data : 'in memory only'}${args.seed === 'demo' ? ', demo data' : ''}`,
      `  Test controls:  ${org.url}/__local/stats | reset | faults | now`,
      `  sf CLI:         SF_ACCESS_TOKEN='${org.accessToken}' sf org login access-token --instance-url ${org.url} --no-prompt --alias local`,
      ''
    ].join('\n')
  );
  const stop = () => {
    org.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`${String(e)}\n`);
        process.exit(1);
      }
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`local org failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
