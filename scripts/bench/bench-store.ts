// A fresh store for one benchmark run: a new embedded store in a temporary folder, or a new
// schema on the PostgreSQL server the --store URL names (dropped afterwards).

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { maskUrlPassword } from '../../worker/config/secret.js';

export interface BenchStore {
  kind: 'embedded' | 'postgres';
  /** what openStore is given */
  location: string;
  /** for the report: the folder, or the server URL with its password masked and the schema */
  description: string;
  dispose(): Promise<void>;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach the PostgreSQL server at ${maskUrlPassword(url)} (${(error as Error).message}); check --store`
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `server`: a postgres:// URL, or null for an embedded store. */
export async function createBenchStore(server: string | null): Promise<BenchStore> {
  if (server === null) {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
    const location = join(dir, 'store');
    return {
      kind: 'embedded',
      location,
      description: `embedded PGlite at ${location}`,
      dispose: async () => rmSync(dir, { recursive: true, force: true })
    };
  }
  const schema = `cairn_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(server, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    kind: 'postgres',
    location: url.toString(),
    description: `PostgreSQL at ${maskUrlPassword(server)}, schema ${schema}`,
    dispose: () =>
      onServer(server, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined)
  };
}
