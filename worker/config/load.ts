// loadConfig: config/cairn.json (or CAIRN_CONFIG) validated with zod, then overridden by
// the environment (DESIGN §5.2). Every problem found is collected into one ConfigError so a
// person fixes them all in one go; the result is typed and frozen.
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { readEnvironment, type Environment, type SalesforceAuth, type Secrets } from './environment.js';
import { cairnConfigFileSchema, type CairnConfigFile } from './schema.js';
import { maskUrlPassword, Secret } from './secret.js';

export const DEFAULT_CONFIG_FILE = 'config/cairn.json';

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The file's sections as parsed, with the environment applied and secrets set apart. */
export type CairnConfig<F extends CairnConfigFile = CairnConfigFile> = Readonly<
  Omit<F, '$comment' | 'salesforce' | 'store'> & {
    salesforce: Readonly<
      Omit<F['salesforce'], 'instanceUrl'> & {
        /** SF_INSTANCE_URL, else the file's salesforce.instanceUrl; null when neither is set */
        instanceUrl: string | null;
        /** null when no auth variables are set: ingestion still works, a sync needs one */
        auth: SalesforceAuth | null;
      }
    >;
    /** where the store lives: a directory (embedded) or a postgres:// URL, which may hold a
     *  password, so it prints masked; `reveal()` it for openStore */
    store: Secret;
    /** CAIRN_NOW: fixes "now" for reproducible runs; null means the clock */
    now: Date | null;
    /** the file read, or null when the default file is absent and defaults apply */
    configFile: string | null;
    secrets: Secrets;
  }
>;

export interface LoadConfigOptions<S extends z.ZodType<CairnConfigFile>> {
  /** default: CAIRN_CONFIG, else config/cairn.json (which may be absent) */
  file?: string;
  /** default: process.env */
  env?: Environment;
  /** default: cairnConfigFileSchema; pass an extension of it to validate more sections */
  schema?: S;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function fileProblems(label: string, raw: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = formatPath(issue.path);
    const prefix = where ? `${label}: ${where}` : label;
    if (issue.code === 'unrecognized_keys') {
      return `${prefix}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`;
    }
    const value = valueAt(raw, issue.path);
    const message = issue.message.startsWith('expected') ? issue.message : `expected ${issue.message}`;
    return value === undefined && issue.code === 'invalid_type'
      ? `${prefix}: is required (${message})`
      : `${prefix}: ${message}, got ${describeValue(value)}`;
  });
}

function readFile(path: string, explicit: boolean, problems: string[]): unknown {
  if (!existsSync(path)) {
    if (explicit) problems.push(`${path}: no such file`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${path}: not valid JSON (${(error as Error).message})`);
    return undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (
    value !== null &&
    typeof value === 'object' &&
    (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)
  ) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function loadConfig<S extends z.ZodType<CairnConfigFile> = typeof cairnConfigFileSchema>(
  options: LoadConfigOptions<S> = {}
): CairnConfig<z.output<S>> {
  const env = options.env ?? process.env;
  const schema = options.schema ?? cairnConfigFileSchema;
  const explicitFile = options.file ?? env.CAIRN_CONFIG?.trim() ?? '';
  const file = explicitFile || DEFAULT_CONFIG_FILE;
  const problems: string[] = [];

  const raw = readFile(file, explicitFile !== '', problems);
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) problems.push(...fileProblems(file, raw ?? {}, parsed.error.issues));
  const fileConfig = parsed.success ? (parsed.data as z.output<S>) : undefined;

  if (
    fileConfig &&
    maskUrlPassword(fileConfig.store) !== fileConfig.store &&
    /^postgres(ql)?:/i.test(fileConfig.store)
  ) {
    problems.push(`${file}: store: a password does not belong in the file; set CAIRN_STORE or PGPASSWORD instead`);
  }

  const fromEnv = readEnvironment(env, fileConfig?.salesforce.instanceUrl, fileConfig?.sources ?? [], problems);
  if (problems.length > 0 || !fileConfig) throw new ConfigError(problems);

  const { $comment: _comment, salesforce, store, ...rest } = fileConfig;
  const storeLocation = fromEnv.store ?? store;
  const config = {
    ...rest,
    salesforce: {
      ...salesforce,
      apiVersion: fromEnv.apiVersion ?? salesforce.apiVersion,
      instanceUrl: fromEnv.instanceUrl ?? salesforce.instanceUrl?.replace(/\/+$/, '') ?? null,
      auth: fromEnv.auth
    },
    schedule: fromEnv.schedule ?? fileConfig.schedule,
    port: fromEnv.port ?? fileConfig.port,
    store: new Secret(
      storeLocation,
      /^postgres(ql)?:/i.test(storeLocation) ? maskUrlPassword(storeLocation) : storeLocation
    ),
    now: fromEnv.now,
    configFile: raw === undefined ? null : file,
    secrets: {
      ...fromEnv.secrets,
      sources: fromEnv.sources
    }
  };
  return deepFreeze(config) as unknown as CairnConfig<z.output<S>>;
}
