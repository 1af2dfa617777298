// `npm run worker -- ...` as a user runs it: the compiled CLI (lib/, built by `npm run
// build`, which `npm test` runs first) in a child process, against the local org and an
// embedded store in a temporary folder.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../local-org/index.js';
import { RESULT_KEY_ORDER, seedOpportunity } from '../sync/org-records.js';

const CLI = 'lib/worker/cli/main.js';
const NODE = './node_modules/.bin/node';
const NOW = '2026-05-01T09:00:00Z';
const SLOW = 240_000;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

let org: LocalOrg;
let dir: string;
let env: NodeJS.ProcessEnv;

/** Runs the CLI without blocking this process, which serves the local org it talks to. */
function cli(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  org = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true });
  dir = await mkdtemp(join(tmpdir(), 'cairn-cli-test-'));
  // only what the worker reads: nothing from the developer's own environment leaks in
  env = {
    PATH: process.env.PATH,
    HOME: dir,
    SF_INSTANCE_URL: org.url,
    SF_ACCESS_TOKEN: org.accessToken,
    CAIRN_STORE: join(dir, 'store'),
    CAIRN_NOW: NOW
  };
  seedOpportunity(org, {
    name: 'Just Won',
    productAccountId: 'acct-new',
    closeDate: '2026-04-28',
    fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10 }
  });
});

afterAll(async () => {
  await org?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sync', () => {
  it(
    '--dry-run --json prints one JSON object with the planned writes and writes nothing',
    async () => {
      const { code, stdout, stderr } = await cli(['sync', '--dry-run', '--json']);
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      expect(stdout.trim().split('\n')).toHaveLength(1);
      expect(result).toMatchObject({ status: 'succeeded', dryRun: true, opportunitiesInScope: 1 });
      // 1 stage, 5 milestones, 4 QBRs, the opportunity, its first health change, the health-at-risk Task (grade F)
      expect(result.plannedWrites).toHaveLength(13);
      expect(org.stats().apiCalls.writes).toBe(0);
      expect(stderr).toMatch(/\[\d+\.\d s\] Reading won opportunities in scope at 2026-05-01T09:00:00.000Z/);
    },
    SLOW
  );

  it(
    '--json prints exactly DESIGN §5.1 result object, and exits 0 on success',
    async () => {
      const { code, stdout } = await cli(['sync', '--json']);
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      expect(Object.keys(result).slice(0, RESULT_KEY_ORDER.length)).toEqual(RESULT_KEY_ORDER);
      expect(result).toMatchObject({
        runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'succeeded',
        startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        opportunitiesInScope: 1,
        writes: {
          Implementation_Stage__c: { created: 1, updated: 0 },
          Success_Milestone__c: { created: 5, updated: 0 },
          Business_Review__c: { created: 4, updated: 0 },
          Opportunity: { created: 0, updated: 1 },
          Contact: { created: 0, updated: 0 },
          Health_Change__c: { created: 1, updated: 0 }
        },
        failedRows: [],
        apiCalls: expect.any(Number)
      });
      expect(org.stats().apiCalls.writes).toBe(6);
    },
    SLOW
  );

  it(
    'prints a readable summary; an unchanged re-run writes nothing',
    async () => {
      const { code, stdout } = await cli(['sync']);
      expect(code).toBe(0);
      expect(stdout).toContain('succeeded in');
      expect(stdout).toContain("rules' now: 2026-05-01T09:00:00.000Z");
      expect(stdout).toContain('In scope: 1 won opportunity');
      expect(stdout).toContain('Writes: none, the org was up to date');
      expect(stdout).toContain('Failed rows: none');
      // the start-of-run limits call, the scope query, the accounts' cases and their contacts
      expect(stdout).toContain('API calls: 5 (query 4, limits 1)');
      expect(org.stats().apiCalls.writes).toBe(6);
    },
    SLOW
  );

  it(
    'records a run that cannot sign in to Salesforce as failed, exits 1, and says what to set',
    async () => {
      const { code, stdout } = await cli(['sync', '--json'], { SF_INSTANCE_URL: '', SF_ACCESS_TOKEN: '' });
      expect(code).toBe(1);
      const result = JSON.parse(stdout) as { status: string; error: string; runId: string };
      expect(result.status).toBe('failed');
      expect(result.error).toContain('SF_ACCESS_TOKEN');
      expect(result.runId).toMatch(/^[0-9a-f-]{36}$/);
    },
    SLOW
  );
});

describe('ingest FILE', () => {
  it(
    'imports the good lines, lists each rejected one with its number, and exits 3',
    async () => {
      const file = join(dir, 'events.jsonl');
      await writeFile(
        file,
        [
          '{"accountId":"acct-new","userId":"u1","name":"report_created","timestamp":"2026-04-29T10:00:00Z","messageId":"m1"}',
          '{"accountId":"acct-new","userId":"u2","name":"login","timestamp":"2026-04-30T10:00:00Z"}',
          'not json',
          '{"accountId":"acct-new","userId":"u2","name":"login","timestamp":"2026-04-30T11:00:00Z","messageId":"m2"}'
        ].join('\n')
      );
      const { code, stdout } = await cli(['ingest', file]);
      expect(code).toBe(3);
      expect(stdout).toContain(`${file}: 2 events imported, 0 already stored, 2 rejected`);
      expect(stdout).toContain('line 2: messageId');
      expect(stdout).toContain('line 3: not valid JSON');
    },
    SLOW
  );

  it('fails at once, exit 1, for a file that is not there', async () => {
    const { code, stderr } = await cli(['ingest', join(dir, 'missing.jsonl')]);
    expect(code).toBe(1);
    expect(stderr).toContain('no such file');
  });
});

describe('rejected', () => {
  it(
    'lists what ingestion refused, with the kind, reason and message, and the events waiting for a group call',
    async () => {
      const file = join(dir, 'refused.jsonl');
      await writeFile(
        file,
        [
          '{"userId":"waiting-user","name":"login","timestamp":"2026-04-30T10:00:00Z","messageId":"r1"}',
          '{"accountId":"acct-r","userId":"u1","name":"login","timestamp":"next week","messageId":"r2"}',
          // a terminal escape in a refused line is shown, not run
          '\u001b[31mred'
        ].join('\n')
      );
      expect((await cli(['ingest', file])).code).toBe(3);

      const text = await cli(['rejected']);
      expect(text.code).toBe(0);
      const lines = text.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^\d+ rejected messages since 2026-04-24T09:00:00\.000Z \(/);
      expect(lines).toContain(
        `2026-05-01T09:00:00.000Z  file ${file}  bad_timestamp: timestamp: expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got "next week"`
      );
      expect(text.stdout).toContain('    \\u001b[31mred');
      expect(text.stdout).not.toContain('\u001b');
      expect(text.stdout).toContain("1 track event stored wait for their user's group call (not counted until then).");

      const json = await cli(['rejected', '--json', '--since', '2026-05-01T09:00:00Z']);
      expect(json.code).toBe(0);
      const result = JSON.parse(json.stdout) as {
        since: string;
        rejected: { via: string; kind: string; raw: string }[];
        pending: { total: number };
      };
      expect(result.since).toBe('2026-05-01T09:00:00.000Z');
      expect(result.rejected.filter((r) => r.via === `file ${file}`).map((r) => [r.kind, r.raw])).toEqual([
        [
          'bad_timestamp',
          '{"accountId":"acct-r","userId":"u1","name":"login","timestamp":"next week","messageId":"r2"}'
        ],
        ['invalid_shape', '\u001b[31mred']
      ]);
      expect(result.pending.total).toBe(1);

      expect(JSON.parse((await cli(['rejected', '--json', '--since', '2026-05-02'])).stdout).rejected).toEqual([]);
      const bad = await cli(['rejected', '--since', 'yesterday']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--since: expected an ISO 8601 date or time');
    },
    SLOW
  );
});

describe('start', () => {
  it(
    'serves the API until SIGTERM, then shuts down cleanly with exit 0',
    async () => {
      let url: string | null = null;
      let health: number | null = null;
      const outcome = await cli(['start'], { PORT: '0', CAIRN_ADMIN_TOKEN: 'token-for-the-test' }, (stdout, child) => {
        const found = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (found && url === null) {
          url = found;
          void fetch(`${found}/healthz`)
            .then((response) => (health = response.status))
            .finally(() => child.kill('SIGTERM'));
        }
      });
      expect(url).not.toBeNull();
      expect(health).toBe(200);
      expect(outcome.stdout).toContain('sync schedule: */15 * * * * (UTC), next run');
      expect(outcome.stdout).toContain('admin endpoints: open (CAIRN_ADMIN_TOKEN)');
      expect(outcome.stdout).toContain('ingestion: closed: set CAIRN_WRITE_KEY to open it');
      expect(outcome.stderr).toContain('SIGTERM: shutting down');
      expect(outcome.stderr).toContain('Stopped.');
      expect(outcome.code).toBe(0);
    },
    SLOW
  );
});

describe('bad usage and bad configuration', () => {
  it.each([
    [[], /Usage: npm run worker -- <command>/],
    [['launch'], /Unknown command "launch"/],
    [['sync', '--bogus'], /sync: Unknown option '--bogus'/],
    [['sync', 'extra'], /sync: unexpected argument: extra/],
    [['ingest'], /ingest: missing FILE/]
  ])('%j exits 2 with what is wrong', async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('--help explains a command and exits 0', async () => {
    const { code, stdout } = await cli(['sync', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run worker -- sync [--dry-run] [--json]');
    expect(stdout).toContain('Exit codes: 0 succeeded; 3 partial');
  });

  it('an invalid config file exits 1 naming the key and the problem', async () => {
    const config = join(dir, 'bad-cairn.json');
    await writeFile(config, JSON.stringify({ health: { weights: { seats: 30 } }, playbooksDir: 7 }));
    const { code, stdout, stderr } = await cli(['sync', '--json'], { CAIRN_CONFIG: config });
    expect(code).toBe(1);
    expect(stderr).toContain(`${config}: health.weights: unknown key "seats"`);
    expect(stderr).toContain(`${config}: playbooksDir: expected a folder path`);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('Invalid configuration')
    });
  });
});
