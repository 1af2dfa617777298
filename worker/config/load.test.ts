import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './load.js';
import { cairnConfigFileSchema } from './schema.js';
import { Secret } from './secret.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(content: unknown): string {
  const path = join(dir, `cairn-${++counter}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('the file', () => {
  test('an empty file gives every default', () => {
    const config = loadConfig({ file: file({}), env: {} });
    expect(config.salesforce).toEqual({
      apiVersion: '62.0',
      bulkThreshold: 2000,
      apiBudgetPercent: 10,
      writeConcurrency: 4,
      instanceUrl: null,
      auth: null
    });
    expect(config.schedule).toBe('*/15 * * * *');
    expect(config.port).toBe(8700);
    expect(config.store.reveal()).toBe('.cairn/store');
    expect(config.ingestion).toEqual({ maxBodyBytes: 512_000 });
    expect(config.sources).toEqual([]);
    expect(config.now).toBeNull();
    expect(config.secrets.writeKey).toBeNull();
    expect(config.secrets.adminToken).toBeNull();
  });

  test('the committed config/cairn.json is valid and spells out the defaults', () => {
    // the file also holds the sync's sections, which worker/config/worker.test.ts checks
    const committed = loadConfig({ file: 'config/cairn.json', env: {}, schema: cairnConfigFileSchema.strip() });
    const defaults = loadConfig({ file: file({}), env: {} });
    expect({ ...committed, configFile: null }).toEqual({ ...defaults, configFile: null });
    expect(committed.configFile).toBe('config/cairn.json');
  });

  test('CAIRN_CONFIG names the file when no file option is given', () => {
    const path = file({ port: 9001 });
    expect(loadConfig({ env: { CAIRN_CONFIG: path } }).port).toBe(9001);
  });

  test('a file named explicitly must exist', () => {
    expect(problemsOf(() => loadConfig({ file: join(dir, 'absent.json'), env: {} }))).toEqual([
      `${join(dir, 'absent.json')}: no such file`
    ]);
  });

  test('invalid JSON is named with the parser message', () => {
    const path = file('{ "port": 80, }');
    const [problem] = problemsOf(() => loadConfig({ file: path, env: {} }));
    expect(problem).toMatch(new RegExp(`^${path}: not valid JSON \\(.+\\)$`));
  });

  test('a wrong value names the key, the expectation and the value', () => {
    const path = file({ salesforce: { bulkThreshold: 'lots' } });
    expect(problemsOf(() => loadConfig({ file: path, env: {} }))).toEqual([
      `${path}: salesforce.bulkThreshold: expected a positive integer, got "lots"`
    ]);
  });

  test('every problem is reported at once', () => {
    const path = file({
      salesforce: { apiVersion: '62', apiBudgetPercent: 0, writeConcurrency: 2.5, bulkTreshold: 5 },
      schedule: '61 * * * *',
      port: 70000,
      ingestion: { maxBodyBytes: -1 }
    });
    expect(problemsOf(() => loadConfig({ file: path, env: {} }))).toEqual([
      `${path}: salesforce.apiVersion: expected NN.0, 58.0 or later, got "62"`,
      `${path}: salesforce.apiBudgetPercent: expected a percentage above 0 and at most 100, got 0`,
      `${path}: salesforce.writeConcurrency: expected a positive integer, got 2.5`,
      `${path}: salesforce: unknown key "bulkTreshold"; check the spelling`,
      `${path}: schedule: expected a cron expression such as "*/15 * * * *" (61 is a invalid expression for minute), got "61 * * * *"`,
      `${path}: port: expected a port number from 0 to 65535, got 70000`,
      `${path}: ingestion.maxBodyBytes: expected a positive integer, got -1`
    ]);
  });

  test('fastSync: on, every 60 s, stopping under 20% of the daily calls, unless set; each bad value named', () => {
    expect(loadConfig({ file: file({}), env: {} }).fastSync).toEqual({
      enabled: true,
      intervalSeconds: 60,
      minApiLeftPercent: 20
    });
    const path = file({ fastSync: { enabled: 'yes', intervalSeconds: 0.5, minApiLeftPercent: 120, every: 5 } });
    expect(problemsOf(() => loadConfig({ file: path, env: {} }))).toEqual([
      `${path}: fastSync.enabled: expected true or false, got "yes"`,
      `${path}: fastSync.intervalSeconds: expected a whole number of seconds from 1 to 3600, got 0.5`,
      `${path}: fastSync.minApiLeftPercent: expected a percentage from 0 to 100, got 120`,
      `${path}: fastSync: unknown key "every"; check the spelling`
    ]);
  });

  test('an unknown top-level key is an error, so typos do not pass silently', () => {
    const path = file({ prot: 80 });
    expect(problemsOf(() => loadConfig({ file: path, env: {} }))).toEqual([
      `${path}: unknown key "prot"; check the spelling`
    ]);
  });

  test('a postgres URL with a password does not belong in the file', () => {
    const path = file({ store: 'postgres://cairn:hunter2@db.internal/cairn' });
    const problems = problemsOf(() => loadConfig({ file: path, env: {} }));
    expect(problems).toEqual([
      `${path}: store: a password does not belong in the file; set CAIRN_STORE or PGPASSWORD instead`
    ]);
    expect(problems.join()).not.toContain('hunter2');
  });
});

describe('sources', () => {
  const sources = [
    {
      type: 'postgres',
      name: 'product-db',
      connectionStringEnv: 'PRODUCT_DB_URL',
      query: 'SELECT 1 WHERE $1 IS NOT NULL'
    },
    { type: 'http', name: 'usage-api', url: 'https://usage.example.com/events', tokenEnv: 'USAGE_TOKEN' },
    { type: 'http', name: 'open-api', url: 'http://127.0.0.1:9/events' },
    { type: 'file', name: 'exports', path: 'data/usage.jsonl' }
  ];

  test('each kind parses with its defaults and its secret read from the named variable', () => {
    const config = loadConfig({
      file: file({ sources }),
      env: { PRODUCT_DB_URL: 'postgres://reader:s3cret@warehouse/prod', USAGE_TOKEN: 'tok-123' }
    });
    expect(config.sources).toEqual([
      { ...sources[0], pageSize: 5000 },
      { ...sources[1], pageSize: 500 },
      { ...sources[2], pageSize: 500 },
      sources[3]
    ]);
    expect(config.secrets.sources['product-db']?.reveal()).toBe('postgres://reader:s3cret@warehouse/prod');
    expect(String(config.secrets.sources['product-db'])).toBe('postgres://reader:***@warehouse/prod');
    expect(config.secrets.sources['usage-api']?.reveal()).toBe('tok-123');
    expect(config.secrets.sources['open-api']).toBeUndefined();
  });

  test('a variable a source names must be set', () => {
    expect(problemsOf(() => loadConfig({ file: file({ sources }), env: { USAGE_TOKEN: 'x' } }))).toEqual([
      'PRODUCT_DB_URL: not set; source "product-db" reads its connection string from it'
    ]);
  });

  test('unknown types, bad fields and duplicate names are named', () => {
    const path = file({
      sources: [
        { type: 'kafka', name: 'k' },
        { type: 'http', name: 'a', url: 'ftp://x' },
        { type: 'file', name: 'a', path: '' },
        { type: 'postgres', name: 'b', connectionStringEnv: 'bad-name', query: 'x' }
      ]
    });
    expect(problemsOf(() => loadConfig({ file: path, env: {} }))).toEqual([
      `${path}: sources[0].type: expected an object whose "type" is "postgres", "http" or "file", got "kafka"`,
      `${path}: sources[1].url: expected an http(s) URL, got "ftp://x"`,
      `${path}: sources[2].path: expected a non-empty string, got ""`,
      `${path}: sources[3].connectionStringEnv: expected an environment variable name such as USAGE_DB_URL, got "bad-name"`
    ]);
    const duplicate = file({
      sources: [
        { type: 'file', name: 'a', path: 'x.jsonl' },
        { type: 'file', name: 'a', path: 'y.jsonl' }
      ]
    });
    expect(problemsOf(() => loadConfig({ file: duplicate, env: {} }))).toEqual([
      `${duplicate}: sources[1].name: expected a unique name ("a" is used twice; it keys the source's saved cursor), got "a"`
    ]);
  });
});

describe('environment overrides', () => {
  test('each variable overrides its key', () => {
    const config = loadConfig({
      file: file({ salesforce: { instanceUrl: 'https://file.example.com' } }),
      env: {
        SF_INSTANCE_URL: 'http://127.0.0.1:8800/',
        SF_API_VERSION: '61.0',
        CAIRN_STORE: '/var/lib/cairn',
        PORT: '0',
        CAIRN_SCHEDULE: '0 * * * *',
        CAIRN_NOW: '2026-05-01T09:00:00Z'
      }
    });
    expect(config.salesforce.instanceUrl).toBe('http://127.0.0.1:8800');
    expect(config.salesforce.apiVersion).toBe('61.0');
    expect(config.store.reveal()).toBe('/var/lib/cairn');
    expect(config.port).toBe(0);
    expect(config.schedule).toBe('0 * * * *');
    expect(config.now?.toISOString()).toBe('2026-05-01T09:00:00.000Z');
  });

  test('an API version before 58.0 is refused, in the file and in SF_API_VERSION: targeted runs need nested subqueries', () => {
    const path = file({ salesforce: { apiVersion: '57.0' } });
    expect(problemsOf(() => loadConfig({ file: path, env: {} }))).toEqual([
      `${path}: salesforce.apiVersion: expected NN.0, 58.0 or later, got "57.0"`
    ]);
    expect(problemsOf(() => loadConfig({ file: file({}), env: { SF_API_VERSION: '57.0' } }))).toEqual([
      'SF_API_VERSION: expected NN.0, 58.0 or later, got "57.0"'
    ]);
    expect(loadConfig({ file: file({}), env: { SF_API_VERSION: '58.0' } }).salesforce.apiVersion).toBe('58.0');
  });

  test('an empty variable counts as unset', () => {
    const config = loadConfig({ file: file({}), env: { SF_API_VERSION: '', PORT: ' ', CAIRN_WRITE_KEY: '' } });
    expect(config.salesforce.apiVersion).toBe('62.0');
    expect(config.port).toBe(8700);
    expect(config.secrets.writeKey).toBeNull();
  });

  test('bad values are named with what was expected and what was given', () => {
    const problems = problemsOf(() =>
      loadConfig({
        file: file({}),
        env: {
          SF_INSTANCE_URL: 'acme.my.salesforce.com',
          SF_API_VERSION: '62',
          PORT: 'eighty',
          CAIRN_SCHEDULE: 'every minute',
          CAIRN_NOW: '2026-05-01 09:00',
          CAIRN_STORE: 'postgres://u:pw@[bad'
        }
      })
    );
    expect(problems).toEqual([
      'SF_INSTANCE_URL: expected an http(s) URL, got "acme.my.salesforce.com"',
      'SF_API_VERSION: expected NN.0, 58.0 or later, got "62"',
      'CAIRN_STORE: expected a postgres://user@host:port/database URL or a directory (value not shown: it may hold a password)',
      'PORT: expected a port number from 0 to 65535, got "eighty"',
      'CAIRN_SCHEDULE: expected a cron expression such as "*/15 * * * *" (expected 5 or 6 fields but got 2), got "every minute"',
      'CAIRN_NOW: expected an ISO 8601 time with a zone such as 2026-05-01T09:00:00Z, got "2026-05-01 09:00"'
    ]);
  });

  test('file and environment problems come together', () => {
    const path = file({ port: 'x' });
    expect(problemsOf(() => loadConfig({ file: path, env: { SF_API_VERSION: 'v62' } }))).toEqual([
      `${path}: port: expected a port number from 0 to 65535, got "x"`,
      'SF_API_VERSION: expected NN.0, 58.0 or later, got "v62"'
    ]);
  });
});

describe('Salesforce auth modes', () => {
  const url = { SF_INSTANCE_URL: 'https://acme.my.salesforce.com' };

  test('access token', () => {
    const config = loadConfig({ file: file({}), env: { ...url, SF_ACCESS_TOKEN: '00Dxx!token' } });
    expect(config.salesforce.auth).toEqual({ kind: 'accessToken', accessToken: expect.any(Secret) });
    expect(config.salesforce.auth?.kind === 'accessToken' && config.salesforce.auth.accessToken.reveal()).toBe(
      '00Dxx!token'
    );
  });

  test('JWT bearer, with the key file checked', () => {
    const keyFile = join(dir, 'server.key');
    writeFileSync(keyFile, 'not really a key');
    const env = { ...url, SF_CLIENT_ID: '3MVG9', SF_USERNAME: 'integration@acme.com', SF_JWT_KEY_FILE: keyFile };
    expect(loadConfig({ file: file({}), env }).salesforce.auth).toEqual({
      kind: 'jwt',
      clientId: '3MVG9',
      username: 'integration@acme.com',
      keyFile
    });
    expect(
      problemsOf(() => loadConfig({ file: file({}), env: { ...env, SF_JWT_KEY_FILE: join(dir, 'nope.key') } }))
    ).toEqual([`SF_JWT_KEY_FILE: no file at "${join(dir, 'nope.key')}"`]);
  });

  test('refresh token', () => {
    const config = loadConfig({
      file: file({}),
      env: { ...url, SF_CLIENT_ID: '3MVG9', SF_CLIENT_SECRET: 'cs', SF_REFRESH_TOKEN: 'rt' }
    });
    const auth = config.salesforce.auth;
    expect(auth).toEqual({
      kind: 'refreshToken',
      clientId: '3MVG9',
      clientSecret: expect.any(Secret),
      refreshToken: expect.any(Secret)
    });
    expect(auth?.kind === 'refreshToken' && auth.clientSecret.reveal()).toBe('cs');
    expect(auth?.kind === 'refreshToken' && auth.refreshToken.reveal()).toBe('rt');
  });

  test('sf CLI alias needs no instance URL', () => {
    expect(loadConfig({ file: file({}), env: { SF_TARGET_ORG: 'cairn-dev' } }).salesforce.auth).toEqual({
      kind: 'targetOrg',
      alias: 'cairn-dev'
    });
  });

  test('the instance URL may come from the file', () => {
    const config = loadConfig({
      file: file({ salesforce: { instanceUrl: 'https://acme.my.salesforce.com/' } }),
      env: { SF_ACCESS_TOKEN: 't' }
    });
    expect(config.salesforce.instanceUrl).toBe('https://acme.my.salesforce.com');
  });

  test('an incomplete mode names each missing variable', () => {
    expect(problemsOf(() => loadConfig({ file: file({}), env: { SF_ACCESS_TOKEN: 't' } }))).toEqual([
      "SF_INSTANCE_URL: required for access-token auth (SF_ACCESS_TOKEN) (the org's URL, e.g. https://acme.my.salesforce.com)"
    ]);
    expect(problemsOf(() => loadConfig({ file: file({}), env: { ...url, SF_USERNAME: 'u' } }))).toEqual([
      'SF_CLIENT_ID: required for JWT bearer auth',
      'SF_JWT_KEY_FILE: required for JWT bearer auth'
    ]);
    expect(
      problemsOf(() => loadConfig({ file: file({}), env: { ...url, SF_CLIENT_ID: 'c', SF_REFRESH_TOKEN: 'r' } }))
    ).toEqual(['SF_CLIENT_SECRET: required for refresh-token auth']);
    expect(problemsOf(() => loadConfig({ file: file({}), env: { ...url, SF_CLIENT_ID: 'c' } }))).toEqual([
      'SF_CLIENT_ID: set SF_USERNAME and SF_JWT_KEY_FILE (JWT bearer) or SF_CLIENT_SECRET and SF_REFRESH_TOKEN (refresh token) with it'
    ]);
  });

  test('variables of two modes at once are refused, without printing their values', () => {
    const problems = problemsOf(() =>
      loadConfig({ file: file({}), env: { ...url, SF_ACCESS_TOKEN: 'very-secret-token', SF_TARGET_ORG: 'dev' } })
    );
    expect(problems).toEqual([
      'SF_ACCESS_TOKEN, SF_TARGET_ORG: these belong to different Salesforce auth modes (access token, sf CLI alias); set the variables of one mode only'
    ]);
  });
});

describe('secrets', () => {
  const env = {
    SF_INSTANCE_URL: 'https://acme.my.salesforce.com',
    SF_ACCESS_TOKEN: 'sf-token-value',
    CAIRN_WRITE_KEY: 'write-key-value',
    CAIRN_ADMIN_TOKEN: 'admin-token-value',
    CAIRN_STORE: 'postgres://cairn:db-password@db.internal:5432/cairn',
    USAGE_TOKEN: 'usage-token-value'
  };

  test('never print, whichever way the config is turned into text', () => {
    const config = loadConfig({
      file: file({ sources: [{ type: 'http', name: 'usage', url: 'https://u.example.com', tokenEnv: 'USAGE_TOKEN' }] }),
      env
    });
    const renderings = [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      `${config.secrets.writeKey}`,
      String(config.secrets.adminToken),
      `${config.store}`
    ];
    for (const text of renderings) {
      for (const secret of [
        'sf-token-value',
        'write-key-value',
        'admin-token-value',
        'db-password',
        'usage-token-value'
      ]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(JSON.stringify(config.secrets)).toBe(
      '{"writeKey":"[redacted]","adminToken":"[redacted]","sources":{"usage":"[redacted]"}}'
    );
    // the Salesforce secrets travel with the auth mode they belong to
    expect(JSON.stringify(config.salesforce.auth)).toBe('{"kind":"accessToken","accessToken":"[redacted]"}');
    expect(`${config.store}`).toBe('postgres://cairn:***@db.internal:5432/cairn');
    expect(config.store.reveal()).toBe(env.CAIRN_STORE);
    expect(config.secrets.writeKey?.reveal()).toBe('write-key-value');
  });
});

test('the result is frozen', () => {
  const config = loadConfig({ file: file({ sources: [{ type: 'file', name: 'f', path: 'a.csv' }] }), env: {} });
  expect(Object.isFrozen(config)).toBe(true);
  expect(Object.isFrozen(config.salesforce)).toBe(true);
  expect(Object.isFrozen(config.sources[0])).toBe(true);
  expect(() => {
    (config as { port: number }).port = 1;
  }).toThrow(TypeError);
});

test('another part extends the schema with its own section, validated and typed', () => {
  const schema = cairnConfigFileSchema.extend({
    playbooksDir: z.string(expected()).default('config/playbooks')
  });
  function expected() {
    return { error: 'expected a directory' };
  }
  expect(loadConfig({ file: file({}), env: {}, schema }).playbooksDir).toBe('config/playbooks');
  const path = file({ playbooksDir: 7 });
  expect(problemsOf(() => loadConfig({ file: path, env: {}, schema }))).toEqual([
    `${path}: playbooksDir: expected a directory, got 7`
  ]);
});
