// Test helper: runs the real sf CLI and this repository's `cairn` runner as child processes,
// with an isolated HOME so the logins they store never touch the machine's own. Children are
// spawned asynchronously: the local org they talk to runs in the test's own event loop.
import { expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schemaProblems, type CairnResultSchema } from './result-schemas.js';

const NODE = path.resolve('node_modules/.bin/node');
const SF = path.resolve('node_modules/@salesforce/cli/bin/run.js');
const CAIRN = path.resolve('scripts/cairn.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface JsonEnvelope<T = unknown> {
  status: number;
  result?: T;
  name?: string;
  message?: string;
  actions?: string[];
}

/** An environment for sf and cairn: a fresh HOME, no telemetry or update checks, CAIRN_NOW fixed. */
export function cliEnvironment(cairnNow: string): NodeJS.ProcessEnv {
  return {
    PATH: `${path.resolve('node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-sf-home-')),
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    OCLIF_DISABLE_LINKED_ESM_WARNING: 'true',
    CAIRN_NOW: cairnNow
  };
}

export function runNode(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(NODE, [...args], { env, cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The real sf CLI. */
export function sf(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runNode([SF, ...args], env);
}

/** `npm run cairn -- <args>` without npm: scripts/cairn.js on the compiled plugin. */
export function cairn(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runNode([CAIRN, ...args], env);
}

/** `sf org login access-token` against an instance, stored under `alias` in env's HOME. */
export async function loginWithAccessToken(
  env: NodeJS.ProcessEnv,
  instanceUrl: string,
  accessToken: string,
  alias: string
) {
  const result = await sf(
    ['org', 'login', 'access-token', '--instance-url', instanceUrl, '--no-prompt', '--alias', alias],
    {
      ...env,
      SF_ACCESS_TOKEN: accessToken
    }
  );
  if (result.code !== 0)
    throw new Error(`sf org login access-token failed (${result.code}): ${result.stderr}${result.stdout}`);
}

export function parseEnvelope<T>(run: CliResult): JsonEnvelope<T> {
  try {
    return JSON.parse(run.stdout) as JsonEnvelope<T>;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** A --json run that succeeded (exit 0, envelope status 0, no message) with a result its frozen schema accepts; returns the result. */
export function expectJsonSuccess<T>(run: CliResult, schema: CairnResultSchema): T {
  const envelope = parseEnvelope<T>(run);
  expect({ code: run.code, status: envelope.status, error: envelope.message }).toEqual({
    code: 0,
    status: 0,
    error: undefined
  });
  expect(schemaProblems(schema, envelope.result)).toEqual([]);
  return envelope.result as T;
}

/** Fails clearly when the compiled plugin is missing (npm test builds first; a lone jest run may not). */
export function assertBuilt(): void {
  const compiled = path.resolve('lib/worker/plugin/commands/cairn/kickoff/missing.js');
  if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: run \`npm run build\` before these tests`);
}
