// The environment half of the configuration (DESIGN §5.2): overrides for file keys,
// the Salesforce auth mode, and every secret. Values of secret variables never appear in
// a problem message; other values are quoted so the reader sees what was wrong.
import { existsSync } from 'node:fs';
import { API_VERSION_EXPECTED, cronSchema, httpUrlSchema, isSupportedApiVersion, type SourceConfig } from './schema.js';
import { maskUrlPassword, Secret } from './secret.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** How the worker signs in to Salesforce (DESIGN §5.2), with the secrets of its mode. */
export type SalesforceAuth =
  /** SF_ACCESS_TOKEN: used as is; cannot be renewed */
  | { readonly kind: 'accessToken'; readonly accessToken: Secret }
  /** SF_CLIENT_ID + SF_CLIENT_SECRET + SF_REFRESH_TOKEN */
  | {
      readonly kind: 'refreshToken';
      readonly clientId: string;
      readonly clientSecret: Secret;
      readonly refreshToken: Secret;
    }
  /** SF_CLIENT_ID + SF_USERNAME + SF_JWT_KEY_FILE (a PEM RSA private key) */
  | { readonly kind: 'jwt'; readonly clientId: string; readonly username: string; readonly keyFile: string }
  /** SF_TARGET_ORG: an alias or username the sf CLI has authorised */
  | { readonly kind: 'targetOrg'; readonly alias: string };

export interface Secrets {
  /** CAIRN_WRITE_KEY: the Segment write key ingestion accepts; null leaves ingestion closed (503) */
  readonly writeKey: Secret | null;
  /** CAIRN_ADMIN_TOKEN: Bearer token for the admin endpoints */
  readonly adminToken: Secret | null;
  /** per source name: its connection string (postgres) or Bearer token (http) */
  readonly sources: Readonly<Record<string, Secret>>;
}

export interface EnvironmentValues {
  instanceUrl?: string;
  apiVersion?: string;
  store?: string;
  port?: number;
  schedule?: string;
  now: Date | null;
  auth: SalesforceAuth | null;
  secrets: Omit<Secrets, 'sources'>;
  sources: Record<string, Secret>;
}

/** An empty variable counts as unset, the way shells and compose files leave them. */
function read(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** CAIRN_NOW's rule: an ISO 8601 date and time with a zone, nothing looser; null otherwise. */
export function parseIsoInstant(value: string): Date | null {
  const date = new Date(value);
  return ISO_INSTANT.test(value) && !Number.isNaN(date.getTime()) ? date : null;
}

function readAuth(env: Environment, instanceUrl: string | undefined, problems: string[]): SalesforceAuth | null {
  const present = (name: string) => read(env, name) !== undefined;
  const modes = [
    { label: 'access token', vars: ['SF_ACCESS_TOKEN'] },
    { label: 'JWT bearer', vars: ['SF_USERNAME', 'SF_JWT_KEY_FILE'] },
    { label: 'refresh token', vars: ['SF_CLIENT_SECRET', 'SF_REFRESH_TOKEN'] },
    { label: 'sf CLI alias', vars: ['SF_TARGET_ORG'] }
  ].filter((mode) => mode.vars.some(present));

  if (modes.length > 1) {
    const vars = modes.flatMap((mode) => mode.vars.filter(present));
    problems.push(
      `${vars.join(', ')}: these belong to different Salesforce auth modes (${modes.map((m) => m.label).join(', ')}); set the variables of one mode only`
    );
    return null;
  }
  const mode = modes[0];
  if (!mode) {
    if (present('SF_CLIENT_ID')) {
      problems.push(
        'SF_CLIENT_ID: set SF_USERNAME and SF_JWT_KEY_FILE (JWT bearer) or SF_CLIENT_SECRET and SF_REFRESH_TOKEN (refresh token) with it'
      );
    }
    return null;
  }

  const missing = (names: string[], why: string) => {
    for (const name of names.filter((n) => !present(n))) problems.push(`${name}: required for ${why}`);
    return names.some((n) => !present(n));
  };
  const needsInstanceUrl = (why: string) => {
    if (!instanceUrl) {
      problems.push(`SF_INSTANCE_URL: required for ${why} (the org's URL, e.g. https://acme.my.salesforce.com)`);
    }
  };

  switch (mode.label) {
    case 'access token':
      needsInstanceUrl('access-token auth (SF_ACCESS_TOKEN)');
      return { kind: 'accessToken', accessToken: readSecret(env, 'SF_ACCESS_TOKEN') as Secret };
    case 'JWT bearer': {
      const incomplete = missing(['SF_CLIENT_ID', 'SF_USERNAME', 'SF_JWT_KEY_FILE'], 'JWT bearer auth');
      needsInstanceUrl('JWT bearer auth');
      const keyFile = read(env, 'SF_JWT_KEY_FILE');
      if (keyFile !== undefined && !existsSync(keyFile)) {
        problems.push(`SF_JWT_KEY_FILE: no file at ${quote(keyFile)}`);
      }
      if (incomplete) return null;
      return {
        kind: 'jwt',
        clientId: read(env, 'SF_CLIENT_ID') as string,
        username: read(env, 'SF_USERNAME') as string,
        keyFile: keyFile as string
      };
    }
    case 'refresh token': {
      const incomplete = missing(['SF_CLIENT_ID', 'SF_CLIENT_SECRET', 'SF_REFRESH_TOKEN'], 'refresh-token auth');
      needsInstanceUrl('refresh-token auth');
      if (incomplete) return null;
      return {
        kind: 'refreshToken',
        clientId: read(env, 'SF_CLIENT_ID') as string,
        clientSecret: readSecret(env, 'SF_CLIENT_SECRET') as Secret,
        refreshToken: readSecret(env, 'SF_REFRESH_TOKEN') as Secret
      };
    }
    default:
      return { kind: 'targetOrg', alias: read(env, 'SF_TARGET_ORG') as string };
  }
}

function readSecret(env: Environment, name: string): Secret | null {
  const value = read(env, name);
  return value === undefined ? null : new Secret(value);
}

/**
 * Reads DESIGN §5.2's variables. `fileInstanceUrl` is the file's `salesforce.instanceUrl`,
 * which satisfies the auth modes that need an instance URL when SF_INSTANCE_URL is unset.
 */
export function readEnvironment(
  env: Environment,
  fileInstanceUrl: string | undefined,
  sources: readonly SourceConfig[],
  problems: string[]
): EnvironmentValues {
  const values: EnvironmentValues = {
    now: null,
    auth: null,
    secrets: {
      writeKey: readSecret(env, 'CAIRN_WRITE_KEY'),
      adminToken: readSecret(env, 'CAIRN_ADMIN_TOKEN')
    },
    sources: {}
  };

  const instanceUrl = read(env, 'SF_INSTANCE_URL');
  if (instanceUrl !== undefined) {
    if (httpUrlSchema.safeParse(instanceUrl).success) values.instanceUrl = instanceUrl.replace(/\/+$/, '');
    else problems.push(`SF_INSTANCE_URL: expected an http(s) URL, got ${quote(instanceUrl)}`);
  }
  values.auth = readAuth(env, values.instanceUrl ?? fileInstanceUrl, problems);

  const apiVersion = read(env, 'SF_API_VERSION');
  if (apiVersion !== undefined) {
    if (isSupportedApiVersion(apiVersion)) values.apiVersion = apiVersion;
    else problems.push(`SF_API_VERSION: expected ${API_VERSION_EXPECTED}, got ${quote(apiVersion)}`);
  }

  const store = read(env, 'CAIRN_STORE');
  if (store !== undefined) {
    if (/^postgres(ql)?:/i.test(store) && maskUrlPassword(store) === '[redacted]') {
      problems.push(
        'CAIRN_STORE: expected a postgres://user@host:port/database URL or a directory (value not shown: it may hold a password)'
      );
    } else {
      values.store = store;
    }
  }

  const port = read(env, 'PORT');
  if (port !== undefined) {
    const n = Number(port);
    if (/^\d+$/.test(port) && n <= 65535) values.port = n;
    else problems.push(`PORT: expected a port number from 0 to 65535, got ${quote(port)}`);
  }

  const schedule = read(env, 'CAIRN_SCHEDULE');
  if (schedule !== undefined) {
    const parsed = cronSchema.safeParse(schedule);
    if (parsed.success) values.schedule = schedule;
    else
      problems.push(
        `CAIRN_SCHEDULE: ${parsed.error.issues[0]?.message ?? 'expected a cron expression'}, got ${quote(schedule)}`
      );
  }

  const now = read(env, 'CAIRN_NOW');
  if (now !== undefined) {
    const date = parseIsoInstant(now);
    if (date) values.now = date;
    else
      problems.push(`CAIRN_NOW: expected an ISO 8601 time with a zone such as 2026-05-01T09:00:00Z, got ${quote(now)}`);
  }

  for (const source of sources) {
    const variable =
      source.type === 'postgres' ? source.connectionStringEnv : source.type === 'http' ? source.tokenEnv : undefined;
    if (variable === undefined) continue;
    const value = read(env, variable);
    if (value === undefined) {
      problems.push(
        `${variable}: not set; source "${source.name}" reads its ${source.type === 'postgres' ? 'connection string' : 'token'} from it`
      );
    } else {
      values.sources[source.name] = new Secret(value, source.type === 'postgres' ? maskUrlPassword(value) : undefined);
    }
  }
  return values;
}
