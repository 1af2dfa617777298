// The shape of config/cairn.json. Every key is optional and has a default, so an empty
// object (or no file at all) is a valid configuration. Secrets never live in the file:
// a source names the environment variable that holds its connection string or token.
//
// Other parts extend the file with their own sections by extending this schema
// (`cairnConfigFileSchema.extend({ health: ... })`) and passing it to `loadConfig`.
import { validateDetailed } from 'node-cron';
import { z } from 'zod';

/** A zod error option that reads `expected <what>`; the loader appends `, got <value>`. */
export function expected(what: string): { error: string } {
  return { error: `expected ${what}` };
}

export function positiveInteger(what = 'a positive integer') {
  return z.number(expected(what)).int(expected(what)).positive(expected(what));
}

/**
 * The oldest Salesforce API version Cairn runs on: a targeted run reads with child
 * subqueries nested in child subqueries (DESIGN §10), which Salesforce allows from 58.0.
 */
export const MIN_API_VERSION = 58;
export const API_VERSION_EXPECTED = `NN.0, ${MIN_API_VERSION}.0 or later`;

export function isSupportedApiVersion(version: string): boolean {
  return /^\d{2,3}\.0$/.test(version) && Number.parseFloat(version) >= MIN_API_VERSION;
}

export const apiVersionSchema = z
  .string(expected(API_VERSION_EXPECTED))
  .refine(isSupportedApiVersion, expected(API_VERSION_EXPECTED));

export const portSchema = z
  .number(expected('a port number from 0 to 65535'))
  .int(expected('a port number from 0 to 65535'))
  .min(0, expected('a port number from 0 to 65535'))
  .max(65535, expected('a port number from 0 to 65535'));

/** A cron expression node-cron accepts; the problem names the field that is wrong. */
export const cronSchema = z.string(expected('a cron expression such as "*/15 * * * *"')).superRefine((value, ctx) => {
  const result = validateDetailed(value);
  if (!result.valid) {
    const why = (result.errors ?? []).map((e) => e.message).join('; ');
    ctx.addIssue({ code: 'custom', message: `expected a cron expression such as "*/15 * * * *" (${why})` });
  }
});

export const httpUrlSchema = z.string(expected('an http(s) URL')).refine((value) => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}, expected('an http(s) URL'));

const nonEmptyString = z.string(expected('a non-empty string')).trim().min(1, expected('a non-empty string'));

const envVarName = z
  .string(expected('an environment variable name such as USAGE_DB_URL'))
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, expected('an environment variable name such as USAGE_DB_URL'));

/** Names a pull source in reports and keys its saved cursor, so it must stay stable. */
const sourceName = z
  .string(expected('a source name such as "product-db"'))
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
    expected('a source name of letters, digits, ".", "_" or "-" (at most 63)')
  );

export const postgresSourceSchema = z.strictObject({
  type: z.literal('postgres'),
  name: sourceName,
  /** environment variable holding the postgres:// connection string */
  connectionStringEnv: envVarName,
  /** SQL given the cursor (newest imported timestamp) as $1, returning account_id, user_id, event, timestamp, message_id */
  query: nonEmptyString,
  pageSize: positiveInteger().default(5000)
});

export const httpSourceSchema = z.strictObject({
  type: z.literal('http'),
  name: sourceName,
  /** GET <url>?cursor=X&limit=N → {"events": [...], "nextCursor": "..."} */
  url: httpUrlSchema,
  /** environment variable holding a Bearer token; omit for an open endpoint */
  tokenEnv: envVarName.optional(),
  pageSize: positiveInteger().default(500)
});

export const fileSourceSchema = z.strictObject({
  type: z.literal('file'),
  name: sourceName,
  /** a JSONL or CSV file of DESIGN §3 events, re-read when it changes */
  path: nonEmptyString
});

export const sourceSchema = z.discriminatedUnion('type', [postgresSourceSchema, httpSourceSchema, fileSourceSchema], {
  error: 'expected an object whose "type" is "postgres", "http" or "file"'
});

export const cairnConfigFileSchema = z.strictObject({
  /** free text for people reading the file */
  $comment: z.union([z.string(), z.array(z.string())]).optional(),
  salesforce: z
    .strictObject({
      /** overridden by SF_INSTANCE_URL */
      instanceUrl: httpUrlSchema.optional(),
      /** overridden by SF_API_VERSION */
      apiVersion: apiVersionSchema.default('62.0'),
      /** records per object at or above which Bulk API 2.0 is used instead of sObject Collections */
      bulkThreshold: positiveInteger().default(2000),
      /** share of the org's remaining daily API calls one run may use */
      apiBudgetPercent: z
        .number(expected('a percentage above 0 and at most 100'))
        .gt(0, expected('a percentage above 0 and at most 100'))
        .max(100, expected('a percentage above 0 and at most 100'))
        .default(10),
      /** concurrent write calls */
      writeConcurrency: positiveInteger().max(25, expected('at most 25 concurrent calls')).default(4)
    })
    .prefault({}),
  /** cron; overridden by CAIRN_SCHEDULE */
  schedule: cronSchema.default('*/15 * * * *'),
  /** targeted runs over the accounts with new events between the scheduled full runs (DESIGN §10) */
  fastSync: z
    .strictObject({
      /** false: only the full runs of `schedule` (and POST /sync) write to Salesforce */
      enabled: z.boolean(expected('true or false')).default(true),
      /** seconds between targeted runs */
      intervalSeconds: positiveInteger('a whole number of seconds from 1 to 3600')
        .max(3600, expected('a whole number of seconds from 1 to 3600'))
        .default(60),
      /** targeted runs stop while the org has under this percentage of its daily API calls left */
      minApiLeftPercent: z
        .number(expected('a percentage from 0 to 100'))
        .min(0, expected('a percentage from 0 to 100'))
        .max(100, expected('a percentage from 0 to 100'))
        .default(20)
    })
    .prefault({}),
  /** overridden by PORT */
  port: portSchema.default(8700),
  /** a directory for the embedded store, or a postgres:// URL without a password; overridden by CAIRN_STORE */
  store: nonEmptyString.default('.cairn/store'),
  ingestion: z
    .strictObject({
      /** request bodies above this many bytes are answered 413 */
      maxBodyBytes: positiveInteger().default(512_000)
    })
    .prefault({}),
  sources: z
    .array(sourceSchema, expected('an array of sources'))
    .default([])
    .superRefine((sources, ctx) => {
      const seen = new Set<string>();
      sources.forEach((source, index) => {
        if (seen.has(source.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `expected a unique name ("${source.name}" is used twice; it keys the source's saved cursor)`
          });
        }
        seen.add(source.name);
      });
    })
});

export type CairnConfigFile = z.output<typeof cairnConfigFileSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type PostgresSourceConfig = z.output<typeof postgresSourceSchema>;
export type HttpSourceConfig = z.output<typeof httpSourceSchema>;
export type FileSourceConfig = z.output<typeof fileSourceSchema>;
