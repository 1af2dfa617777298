// The worker refuses to start half-configured: for every invalid key of config/cairn.json
// and every invalid environment variable of DESIGN §5.2, `start` (the real process) exits
// 1 with a message naming the key or variable, and nothing listens on its port. Also when
// the configuration is valid but what it points at is not there: a store that cannot be
// opened, an invalid playbook, a port already taken.
//
// The loader's own rules (every problem at once, the exact wording) are unit-tested in
// worker/config/load.test.ts; this proves the process acts on them.

import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { join } from 'node:path';
import { createTestSchema } from '../store/backends.js';
import {
  freePort,
  NEVER,
  runWorkerCommand,
  spawnWorker,
  workerFiles,
  type Env,
  type WorkerFiles
} from './helpers/worker-process.js';

interface Row {
  /** what is wrong */
  what: string;
  /** cairn.json's content (an object, or raw text) */
  config?: unknown;
  env?: Env;
  /** the text the message must contain: the key or variable, and the problem */
  names: string | RegExp;
  /** the configuration is valid, so the worker gets as far as opening a store: give it a PostgreSQL schema (quick to open) */
  needsStore?: boolean;
}

const ACCESS = { SF_INSTANCE_URL: 'http://127.0.0.1:9', SF_ACCESS_TOKEN: 'token-not-used' };

const FILE_ROWS: Row[] = [
  {
    what: 'salesforce.instanceUrl not a URL',
    config: { salesforce: { instanceUrl: 'acme.my.salesforce.com' } },
    names: 'salesforce.instanceUrl: expected an http(s) URL'
  },
  {
    what: 'salesforce.apiVersion not NN.0',
    config: { salesforce: { apiVersion: '62' } },
    names: 'salesforce.apiVersion: expected NN.0'
  },
  {
    what: 'salesforce.bulkThreshold 0',
    config: { salesforce: { bulkThreshold: 0 } },
    names: 'salesforce.bulkThreshold: expected a positive integer'
  },
  {
    what: 'salesforce.apiBudgetPercent over 100',
    config: { salesforce: { apiBudgetPercent: 150 } },
    names: 'salesforce.apiBudgetPercent: expected a percentage'
  },
  {
    what: 'salesforce.writeConcurrency over 25',
    config: { salesforce: { writeConcurrency: 100 } },
    names: 'salesforce.writeConcurrency: expected at most 25'
  },
  {
    what: 'a secret in the salesforce section',
    config: { salesforce: { accessToken: 'x' } },
    names: 'salesforce: unknown key "accessToken"'
  },
  {
    what: 'schedule not cron',
    config: { schedule: 'every 15 minutes' },
    names: 'schedule: expected a cron expression'
  },
  { what: 'port out of range', config: { port: 70000 }, names: 'port: expected a port number from 0 to 65535' },
  { what: 'store empty', config: { store: ' ' }, names: 'store: expected a non-empty string' },
  {
    what: 'store URL with a password',
    config: { store: 'postgres://cairn:hunter2@db.example.com/cairn' },
    names: 'store: a password does not belong in the file'
  },
  {
    what: 'ingestion.maxBodyBytes negative',
    config: { ingestion: { maxBodyBytes: -1 } },
    names: 'ingestion.maxBodyBytes: expected a positive integer'
  },
  {
    what: 'a source of unknown type',
    config: { sources: [{ type: 'ftp', name: 'x' }] },
    names: /sources\[0\].*"type" is "postgres", "http" or "file"/
  },
  {
    what: 'a postgres source without its query',
    config: { sources: [{ type: 'postgres', name: 'db', connectionStringEnv: 'USAGE_DB_URL' }] },
    names: 'sources[0].query'
  },
  {
    what: 'two sources with one name',
    config: {
      sources: [
        { type: 'file', name: 'a', path: 'x.jsonl' },
        { type: 'file', name: 'a', path: 'y.jsonl' }
      ]
    },
    names: 'sources[1].name: expected a unique name'
  },
  { what: 'playbooksDir empty', config: { playbooksDir: '' }, names: 'playbooksDir: expected a folder path' },
  {
    what: 'a negative health weight',
    config: { health: { weights: { recency: -5 } } },
    names: 'health.weights.recency'
  },
  {
    what: 'grade cut-offs that do not fall',
    config: { health: { grades: { A: 50, B: 70 } } },
    names: /health\.grades.*A > B > C > D/
  },
  {
    what: 'reviews.qbrIntervalMonths 0',
    config: { reviews: { qbrIntervalMonths: 0 } },
    names: 'reviews.qbrIntervalMonths'
  },
  {
    what: 'status.renewalDueWithinDays negative',
    config: { status: { renewalDueWithinDays: -1 } },
    names: 'status.renewalDueWithinDays'
  },
  {
    what: 'a misspelt top-level key',
    config: { sheduel: '*/5 * * * *' },
    names: 'unknown key "sheduel"; check the spelling'
  },
  { what: 'a file that is not JSON', config: '{ "port": 8700, }', names: 'not valid JSON' }
];

const ENV_ROWS: Row[] = [
  {
    what: 'SF_INSTANCE_URL not a URL',
    env: { ...ACCESS, SF_INSTANCE_URL: 'acme.my.salesforce.com' },
    names: 'SF_INSTANCE_URL: expected an http(s) URL'
  },
  {
    what: 'SF_ACCESS_TOKEN without SF_INSTANCE_URL',
    env: { SF_ACCESS_TOKEN: 'x' },
    names: 'SF_INSTANCE_URL: required for access-token auth'
  },
  { what: 'SF_API_VERSION not NN.0', env: { SF_API_VERSION: 'v62' }, names: 'SF_API_VERSION: expected NN.0' },
  { what: 'PORT not a number', env: { PORT: '80a' }, names: 'PORT: expected a port number' },
  {
    what: 'CAIRN_SCHEDULE not cron',
    env: { CAIRN_SCHEDULE: '61 * * * *' },
    names: 'CAIRN_SCHEDULE: expected a cron expression'
  },
  { what: 'CAIRN_NOW not an ISO time', env: { CAIRN_NOW: 'yesterday' }, names: 'CAIRN_NOW: expected an ISO 8601 time' },
  {
    what: 'CAIRN_STORE an unparseable postgres URL',
    env: { CAIRN_STORE: 'postgres://cairn@[::1/cairn' },
    names: 'CAIRN_STORE: expected a postgres://'
  },
  {
    what: 'CAIRN_CONFIG naming a missing file',
    env: { CAIRN_CONFIG: '/nonexistent/cairn.json' },
    names: '/nonexistent/cairn.json: no such file'
  },
  {
    what: 'SF_CLIENT_ID alone',
    env: { SF_CLIENT_ID: 'app' },
    names: 'SF_CLIENT_ID: set SF_USERNAME and SF_JWT_KEY_FILE'
  },
  {
    what: 'refresh-token auth without SF_CLIENT_ID',
    env: { SF_INSTANCE_URL: 'http://127.0.0.1:9', SF_CLIENT_SECRET: 's', SF_REFRESH_TOKEN: 'r' },
    names: 'SF_CLIENT_ID: required for refresh-token auth'
  },
  {
    what: 'JWT auth without a key file',
    env: { SF_INSTANCE_URL: 'http://127.0.0.1:9', SF_CLIENT_ID: 'app', SF_USERNAME: 'u@x' },
    names: 'SF_JWT_KEY_FILE: required for JWT bearer auth'
  },
  {
    what: 'SF_JWT_KEY_FILE naming a missing file',
    env: {
      SF_INSTANCE_URL: 'http://127.0.0.1:9',
      SF_CLIENT_ID: 'app',
      SF_USERNAME: 'u@x',
      SF_JWT_KEY_FILE: '/nonexistent/key.pem'
    },
    names: 'SF_JWT_KEY_FILE: no file at "/nonexistent/key.pem"'
  },
  {
    what: 'two auth modes at once',
    env: { ...ACCESS, SF_TARGET_ORG: 'prod' },
    names: /SF_ACCESS_TOKEN, SF_TARGET_ORG: these belong to different Salesforce auth modes/
  },
  {
    what: "a source's secret variable unset",
    config: { sources: [{ type: 'postgres', name: 'db', connectionStringEnv: 'USAGE_DB_URL', query: 'SELECT 1' }] },
    names: 'USAGE_DB_URL: not set; source "db" reads its connection string from it'
  }
];

const RUNTIME_ROWS: Row[] = [
  {
    what: 'a store server that cannot be reached',
    env: { CAIRN_STORE: 'postgres://postgres@127.0.0.1:1/cairn' },
    names: /could not start|Cannot open the store/
  },
  {
    what: 'a playbook folder with an invalid playbook',
    config: { playbooksDir: 'PLAYBOOKS' },
    names: /bad\.json: .*dueDays/,
    needsStore: true
  },
  {
    what: 'a port another process holds',
    env: { PORT: 'TAKEN' },
    names: /could not start.*(EADDRINUSE|in use)/,
    needsStore: true
  }
];

const ROWS = [...FILE_ROWS, ...ENV_ROWS, ...RUNTIME_ROWS];

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  port: number;
  /** whether something answered on the port after the worker exited */
  listening: boolean;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let files: WorkerFiles;
const schemaDrops: (() => Promise<void>)[] = [];
let blocker: Server;
let takenPort: number;
const outcomes = new Map<string, Outcome>();

async function runRow(row: Row, index: number): Promise<Outcome> {
  const configFile = join(files.dir, `cairn-${index}.json`);
  let config = row.config ?? {};
  if (
    typeof config === 'object' &&
    config !== null &&
    (config as { playbooksDir?: string }).playbooksDir === 'PLAYBOOKS'
  ) {
    config = { playbooksDir: join(files.dir, 'playbooks') };
  }
  await writeFile(configFile, typeof config === 'string' ? config : JSON.stringify(config));
  const port = row.env?.PORT === 'TAKEN' ? takenPort : await freePort();
  const env: Env = {
    HOME: files.dir,
    CAIRN_CONFIG: configFile,
    CAIRN_STORE: row.needsStore ? await testSchemaUrl() : join(files.dir, `store-${index}`),
    CAIRN_SCHEDULE: NEVER,
    PORT: String(port),
    ...row.env
  };
  if (row.env?.PORT === 'TAKEN') env.PORT = String(takenPort);
  const result = await runWorkerCommand(['start'], env);
  return { ...result, port, listening: port === takenPort ? false : await isListening(port) };
}

async function testSchemaUrl(): Promise<string> {
  const schema = await createTestSchema();
  schemaDrops.push(schema.drop);
  return schema.url;
}

beforeAll(async () => {
  files = await workerFiles({});
  await mkdir(join(files.dir, 'playbooks'));
  await writeFile(
    join(files.dir, 'playbooks', 'bad.json'),
    JSON.stringify({
      key: 'bad',
      name: 'Bad',
      default: true,
      stages: [{ key: 'k', name: 'Kickoff', dueDays: -3, isKickoff: true }],
      milestones: []
    })
  );
  takenPort = await freePort();
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(takenPort, '0.0.0.0', resolve));
  // four workers at a time: each is a Node process reading its configuration
  let next = 0;
  const lane = async () => {
    while (next < ROWS.length) {
      const index = next++;
      const row = ROWS[index] as Row;
      outcomes.set(row.what, await runRow(row, index));
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
}, 300_000);

afterAll(async () => {
  await new Promise<void>((resolve) => blocker?.close(() => resolve()));
  for (const drop of schemaDrops) await drop();
  await files?.dispose();
}, 60_000);

test.each(ROWS.map((row) => [row.what, row] as const))(
  '%s: start exits 1 naming it, and nothing listens',
  (_what, row) => {
    const outcome = outcomes.get(row.what) as Outcome;
    const said = `${outcome.stderr}${outcome.stdout}`;
    expect({ code: outcome.code, listening: outcome.listening }).toEqual({ code: 1, listening: false });
    if (typeof row.names === 'string') expect(said).toContain(row.names);
    else expect(said).toMatch(row.names);
    // it says it did not start, and never that it is listening
    expect(said).not.toMatch(/Cairn worker listening/);
  }
);

test('a valid configuration does start (so the refusals above are the configuration’s doing)', async () => {
  const port = await freePort();
  await writeFile(join(files.dir, 'valid.json'), '{}');
  const worker = spawnWorker(['start'], {
    HOME: files.dir,
    CAIRN_CONFIG: join(files.dir, 'valid.json'),
    CAIRN_STORE: await testSchemaUrl(),
    CAIRN_SCHEDULE: NEVER,
    PORT: String(port)
  });
  try {
    await worker.waitFor(/Cairn worker listening/, 120_000);
    expect(await isListening(port)).toBe(true);
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
}, 150_000);
