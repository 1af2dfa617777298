// `npm run worker -- sync [--dry-run] [--json]`: one sync run now (DESIGN §5.1).

import { loadSyncConfig, syncFailure, syncOnce } from '../sync/setup.js';
import { EXIT, parseFlags, type Command } from './command.js';
import { formatSummary } from './summary.js';

const HELP = `Usage: npm run worker -- sync [--dry-run] [--json]

Runs one sync now: pulls usage from the configured sources, reads the won opportunities in
scope from Salesforce, applies playbooks, decides milestones, onboarded, kickoff, health and
post-sale status (DESIGN §4), and writes only the values that changed.

Options:
  --dry-run   compute and report the planned writes without making any
  --json      print exactly one JSON object on stdout (the run result); progress stays on stderr
  -h, --help  show this help

Exit codes: 0 succeeded; 3 partial (some rows were refused and quarantined: they are listed,
and kept in the run history); 1 failed (the reason is printed) or the worker could not start;
4 another run is going; 2 bad usage.

Configuration: config/cairn.json (or CAIRN_CONFIG) and the environment: SF_INSTANCE_URL with
SF_ACCESS_TOKEN, or SF_CLIENT_ID + SF_USERNAME + SF_JWT_KEY_FILE, or SF_CLIENT_ID +
SF_CLIENT_SECRET + SF_REFRESH_TOKEN, or SF_TARGET_ORG; CAIRN_STORE; CAIRN_NOW fixes "now".`;

export const syncCommand: Command = {
  name: 'sync',
  summary: 'run one sync now [--dry-run] [--json]',
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(
      args,
      { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      { min: 0, max: 0, names: '' }
    );
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    const json = values.json === true;
    const fail = (code: number, message: string): number => {
      if (json) io.out(JSON.stringify({ status: 'failed', error: message }));
      io.err(message);
      return code;
    };

    try {
      const started = Date.now();
      const { result, now } = await syncOnce(loadSyncConfig({ env: io.env }), {
        dryRun: values['dry-run'] === true,
        onProgress: (line) => io.err(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`)
      });
      io.out(json ? JSON.stringify(result) : formatSummary(result, now));
      return result.status === 'succeeded' ? EXIT.ok : result.status === 'partial' ? EXIT.partial : EXIT.failed;
    } catch (error) {
      const failure = syncFailure(error);
      return fail(failure.exitCode, failure.message);
    }
  }
};
