// Who may write: every ingestion and admin endpoint of a running worker process refuses
// missing and wrong credentials (401), and answers 503 when its secret is not configured;
// and no secret ever reaches the worker's output or its run history.
//
// Both checks (worker/server/write-key-auth.ts, worker/server/admin-routes.ts) use
// Secret.matches (worker/config/secret.ts): SHA-256 digests compared with crypto.timingSafeEqual,
// equal-length buffers, compared in constant time, so neither the length of the secret nor
// how much of a guess was right shows in the time a refusal takes. The tests below prove
// the behaviour that goes with it: wrong keys of the same length as the real one and of
// other lengths are refused alike.
//
// That the integration permission set grants exactly the fields the worker uses is proved
// by test/metadata/checks.test.ts ("the real force-app › follows the project's rules and
// matches the worker's field list", and "checkProjectRules catches › an integration
// permission set granting more or less than WORKER_FIELDS").

import { openStore } from '../../worker/store/store.js';
import { startLocalOrg, type LocalOrg } from '../local-org/index.js';
import { createTestSchema } from '../store/backends.js';
import { NOW, seedBook } from './helpers/book.js';
import { basic, bearer, ingest, syncAndWait } from './helpers/worker-http.js';
import {
  NEVER,
  runWorkerCommand,
  startWorkerProcess,
  workerFiles,
  type Env,
  type RunningWorker,
  type WorkerFiles
} from './helpers/worker-process.js';

// Known secret values, so the output can be searched for them.
const WRITE_KEY = 'wk_Secret_7f3a9c51d2';
const ADMIN_TOKEN = 'adm_Secret_51e0b2c4a8';
const CLIENT_SECRET = 'cs_Secret_c0ffee1234';
const BAD_ACCESS_TOKEN = 'at_Secret_deadbeef99';
const BAD_REFRESH_TOKEN = 'rt_Secret_0badc0de77';
const DB_PASSWORD = 'pw_Secret_9d8e7f6a5b';

/** Same length as the real one, one character off; and shorter, and longer. */
function wrongVariants(secret: string): string[] {
  const sameLength = `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
  return [sameLength, secret.slice(0, 5), `${secret}${secret}`];
}

let org: LocalOrg;
let files: WorkerFiles;
let dropSchema: () => Promise<void>;
let storeUrl: string;
let env: Env;
let worker: RunningWorker;
let runId: string;
/** Everything any worker process printed, and every answer it gave, for the secret search. */
const everything: string[] = [];

beforeAll(async () => {
  org = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true });
  const book = seedBook(org, 4);
  files = await workerFiles({});
  const schema = await createTestSchema();
  dropSchema = schema.drop;
  storeUrl = schema.url;
  env = {
    HOME: files.dir,
    CAIRN_CONFIG: files.configFile,
    CAIRN_STORE: storeUrl,
    CAIRN_NOW: NOW,
    CAIRN_SCHEDULE: NEVER,
    CAIRN_WRITE_KEY: WRITE_KEY,
    CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
    PORT: '0',
    SF_INSTANCE_URL: org.url,
    SF_CLIENT_ID: 'cairn-auth-test',
    SF_CLIENT_SECRET: CLIENT_SECRET,
    SF_REFRESH_TOKEN: org.refreshToken
  };
  worker = await startWorkerProcess(env);
  await ingest(worker.url, WRITE_KEY, book.events);
  const run = await syncAndWait(worker.url, ADMIN_TOKEN);
  if (run.status !== 'succeeded') throw new Error(`the sync ${run.status}: ${String(run.error)}`);
  runId = run.id;
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await org?.close();
  await dropSchema?.();
  await files?.dispose();
}, 60_000);

async function call(
  method: string,
  path: string,
  authorization: string | null,
  body?: string
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  const response = await fetch(`${worker.url}${path}`, { method, headers, body });
  const text = await response.text();
  everything.push(text);
  return { status: response.status, text };
}

// `tag` marks what a refused call would have stored apart from what the accepted one stores
const trackMessage = (tag: string, type: string) => ({
  type: 'track',
  userId: `mallory-${tag}`,
  event: 'report_created',
  messageId: `${tag}-${type}`,
  context: { groupId: 'auth-intruder' }
});
const INGESTION = [
  ['POST', '/v1/batch', (tag: string) => JSON.stringify({ batch: [trackMessage(tag, 'batch')] })],
  ['POST', '/v1/track', (tag: string) => JSON.stringify(trackMessage(tag, 'track'))],
  [
    'POST',
    '/v1/identify',
    (tag: string) => JSON.stringify({ type: 'identify', userId: `mallory-${tag}`, messageId: `${tag}-identify` })
  ],
  [
    'POST',
    '/v1/group',
    (tag: string) =>
      JSON.stringify({ type: 'group', userId: `mallory-${tag}`, groupId: 'auth-intruder', messageId: `${tag}-group` })
  ]
] as const;
const ADMIN = [
  ['POST', '/sync'],
  ['GET', '/runs'],
  ['GET', '/runs/:id']
] as const;

describe('ingestion endpoints (Segment write key as the Basic-auth user name)', () => {
  const refusals = [
    ['no credentials', null],
    ...wrongVariants(WRITE_KEY).map(
      (key) => [`a wrong key of ${key.length} characters (the real one has ${WRITE_KEY.length})`, basic(key)] as const
    ),
    ['the admin token as a Bearer token', bearer(ADMIN_TOKEN)],
    ['the write key as a Bearer token', bearer(WRITE_KEY)],
    ['an empty user name', basic('')]
  ] as const;

  test.each(INGESTION)(
    '%s %s refuses every wrong credential with 401 and stores nothing',
    async (method, path, body) => {
      for (const [, authorization] of refusals) {
        const answer = await call(method, path, authorization, body('refused'));
        expect({ authorization, status: answer.status }).toEqual({ authorization, status: 401 });
        expect(answer.text).toContain('bad or missing write key');
      }
      // and the right key is let in (so the refusals above are the key's doing)
      expect((await call(method, path, basic(WRITE_KEY), body('accepted'))).status).toBe(200);
      const store = await openStore(storeUrl);
      try {
        const stored = (await store.findEvents({ accountId: 'auth-intruder' })).map((e) => e.messageId);
        expect(stored.filter((id) => id.startsWith('refused'))).toEqual([]);
        expect(await store.accountsForUsers(['mallory-refused'])).toEqual(new Map());
      } finally {
        await store.close();
      }
    }
  );
});

describe('admin endpoints (Bearer CAIRN_ADMIN_TOKEN)', () => {
  const refusals = [
    ['no credentials', null],
    ...wrongVariants(ADMIN_TOKEN).map(
      (token) =>
        [`a wrong token of ${token.length} characters (the real one has ${ADMIN_TOKEN.length})`, bearer(token)] as const
    ),
    ['the write key as a Bearer token', bearer(WRITE_KEY)],
    ['the admin token as Basic auth', basic(ADMIN_TOKEN)],
    ['the token without the Bearer scheme', ADMIN_TOKEN]
  ] as const;

  test.each(ADMIN)('%s %s refuses every wrong credential with 401', async (method, template) => {
    const path = template.replace(':id', runId);
    const runsBefore = await call('GET', '/runs', bearer(ADMIN_TOKEN));
    for (const [, authorization] of refusals) {
      const answer = await call(method, path, authorization);
      expect({ authorization, status: answer.status }).toEqual({ authorization, status: 401 });
      expect(answer.text).toContain('bad or missing admin token');
    }
    // no run was started by the refused POST /sync calls
    expect((await call('GET', '/runs', bearer(ADMIN_TOKEN))).text).toBe(runsBefore.text);
    if (method === 'GET') expect((await call(method, path, bearer(ADMIN_TOKEN))).status).toBe(200);
  });
});

describe('a worker with no secrets configured', () => {
  let open: RunningWorker;
  let dropOwnSchema: () => Promise<void>;
  beforeAll(async () => {
    const schema = await createTestSchema();
    dropOwnSchema = schema.drop;
    open = await startWorkerProcess({
      HOME: files.dir,
      CAIRN_CONFIG: files.configFile,
      CAIRN_STORE: schema.url,
      CAIRN_SCHEDULE: NEVER,
      PORT: '0'
    });
  }, 120_000);
  afterAll(async () => {
    await open?.stop();
    await dropOwnSchema?.();
  }, 60_000);

  test('keeps ingestion and the admin endpoints closed (503, saying which variable opens them), whatever is sent', async () => {
    const endpoints = [
      ...INGESTION.map(([method, path]) => [method, path] as const),
      ...ADMIN.map(([method, path]) => [method, path.replace(':id', '00000000-0000-0000-0000-000000000000')] as const)
    ];
    for (const [method, path] of endpoints) {
      for (const authorization of [null, basic(''), basic('anything'), bearer(''), bearer('anything')]) {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        const response = await fetch(`${open.url}${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined
        });
        const text = await response.text();
        expect({ path, authorization, status: response.status }).toEqual({ path, authorization, status: 503 });
        expect(text).toMatch(path.startsWith('/v1') ? /set CAIRN_WRITE_KEY/ : /set CAIRN_ADMIN_TOKEN/);
      }
    }
  });
});

describe('no secret in anything the worker writes', () => {
  const SECRETS = { WRITE_KEY, ADMIN_TOKEN, CLIENT_SECRET, BAD_ACCESS_TOKEN, BAD_REFRESH_TOKEN, DB_PASSWORD };

  beforeAll(async () => {
    // refused messages, one carrying the write key in its body as Segment's HTTP API allows,
    // and a track waiting for its user's group call: kept in the store, listed below
    everything.push(
      (
        await call(
          'POST',
          '/v1/batch',
          basic(WRITE_KEY),
          JSON.stringify({
            writeKey: WRITE_KEY,
            batch: [
              {
                type: 'track',
                userId: 'leaky',
                event: 'x',
                timestamp: 'never',
                messageId: 'leak-1',
                writeKey: WRITE_KEY
              },
              { type: 'track', userId: 'no-group-yet', event: 'x', messageId: 'leak-2', properties: {} }
            ]
          })
        )
      ).text
    );
    // the running worker's health, readiness, metrics and run history
    for (const path of ['/healthz', '/readyz', '/metrics']) everything.push((await call('GET', path, null)).text);
    everything.push(
      (await call('GET', '/runs', bearer(ADMIN_TOKEN))).text,
      (await call('GET', `/runs/${runId}`, bearer(ADMIN_TOKEN))).text
    );
    await worker.stop();
    everything.push(worker.stdout(), worker.stderr());

    const commands: { args: string[]; env: Env }[] = [
      // a sync whose access token Salesforce refuses
      { args: ['sync'], env: { ...withoutAuth(env), SF_ACCESS_TOKEN: BAD_ACCESS_TOKEN } },
      { args: ['sync', '--json'], env: { ...withoutAuth(env), SF_ACCESS_TOKEN: BAD_ACCESS_TOKEN } },
      // a refresh token Salesforce refuses
      { args: ['sync', '--json'], env: { ...env, SF_REFRESH_TOKEN: BAD_REFRESH_TOKEN } },
      // configuration errors with every secret set: two auth modes at once, a bad port
      { args: ['start'], env: { ...env, SF_ACCESS_TOKEN: BAD_ACCESS_TOKEN, PORT: 'eighty' } },
      // a store URL with a password: refused in the file's place, masked where it is shown
      { args: ['start'], env: { ...env, CAIRN_STORE: `postgres://cairn:${DB_PASSWORD}@127.0.0.1:1/cairn` } },
      { args: ['sync'], env: { ...env, CAIRN_STORE: `postgres://cairn:${DB_PASSWORD}@127.0.0.1:1/cairn` } }
    ];
    for (const command of commands) {
      const result = await runWorkerCommand(command.args, command.env);
      everything.push(`exit ${String(result.code)}`, result.stdout, result.stderr);
    }
    // the refused messages and the waiting events, as ops list them
    for (const args of [['rejected'], ['rejected', '--json']]) {
      const result = await runWorkerCommand(args, env);
      everything.push(`exit ${String(result.code)}`, result.stdout, result.stderr);
    }
    // the run history as stored, failed runs included
    const store = await openStore(storeUrl);
    try {
      for (const run of await store.listRuns(50)) everything.push(JSON.stringify(await store.getRun(run.id)));
    } finally {
      await store.close();
    }
  }, 240_000);

  test('the output covers a start, a sync, auth failures and config errors (so the search below means something)', () => {
    const text = everything.join('\n');
    expect(text).toMatch(/Cairn worker listening on/);
    expect(text).toMatch(/"status":"succeeded"/);
    expect(text).toMatch(/INVALID_SESSION_ID|SF_ACCESS_TOKEN expired or is invalid/);
    expect(text).toMatch(/refused the token request/);
    expect(text).toMatch(/Invalid configuration/);
    expect(text).toMatch(/PORT: expected a port number/);
    expect(text).toMatch(/127\.0\.0\.1:1/);
    expect(text).toMatch(/segment {2}bad_timestamp: timestamp: expected an ISO 8601 time/);
    expect(text).toMatch(/"writeKey":"\[redacted\]"/);
    expect(text).toMatch(/1 track event stored wait/);
  });

  test.each(Object.entries(SECRETS))('%s appears nowhere', (_name, secret) => {
    const found = everything.filter((text) => text.includes(secret));
    expect(found).toEqual([]);
  });

  test('no Salesforce session token appears either (the local org issues them as <org id>!AQ.<...>)', () => {
    expect(everything.filter((text) => /!AQ\./.test(text))).toEqual([]);
  });
});

function withoutAuth(base: Env): Env {
  const { SF_CLIENT_ID: _id, SF_CLIENT_SECRET: _secret, SF_REFRESH_TOKEN: _refresh, ...rest } = base;
  return rest;
}
