// Test stores on both backends, for any test that needs one (store, ingestion, sources,
// sync). Embedded: a fresh PGlite directory in the system temp dir, copied from a migrated
// template made once per machine (PGlite's initdb takes seconds). PostgreSQL: a fresh
// schema on the server at CAIRN_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test),
// dropped afterwards. When that server cannot be reached the test fails and says how to
// point it at one; it never skips.
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { maskUrlPassword } from '../../worker/config/secret.js';
import { MIGRATIONS } from '../../worker/store/migrations.js';
import { openStore, type Store } from '../../worker/store/store.js';

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function testPostgresUrl(): string {
  return process.env.CAIRN_TEST_PG_URL?.trim() || DEFAULT_TEST_PG_URL;
}

export interface TestStore {
  store: Store;
  /** what openStore was given */
  location: string;
  /** closes the store and opens it again from the same place, as a restart would */
  reopen(): Promise<Store>;
  /** closes the store and deletes everything it held */
  dispose(): Promise<void>;
}

export type BackendName = 'embedded' | 'postgres';
export const BACKENDS: readonly BackendName[] = ['embedded', 'postgres'];

/** Runs a callback with a raw connection to the test server; fails with directions when it is down. */
export async function withTestPostgres<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = testPostgresUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The PostgreSQL test server at ${maskUrlPassword(url)} is unreachable (${(error as Error).message}). ` +
        'Start PostgreSQL there, or set CAIRN_TEST_PG_URL=postgres://user@host:port/database to use another server; ' +
        'each test run creates its own schema there and drops it afterwards.'
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty schema on the test server, its URL (search_path set to it) and a function that drops it. */
export async function createTestSchema(): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const schema = `cairn_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withTestPostgres((client) => client.query(`CREATE SCHEMA ${schema}`));
  const base = new URL(testPostgresUrl());
  base.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: base.toString(),
    schema,
    drop: () =>
      withTestPostgres((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined)
  };
}

function pgliteVersion(): string {
  // the package's exports map hides package.json from require(); tests run from the repository root
  const manifest = join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** A migrated, cleanly closed embedded store to copy, made once per PGlite version and schema. */
async function embeddedTemplate(): Promise<string> {
  const schemaHash = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 12);
  const template = join(tmpdir(), `cairn-pglite-template-${pgliteVersion()}-${schemaHash}`);
  if (existsSync(template)) return template;
  const building = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const store = await openStore(building);
  await store.close();
  try {
    renameSync(building, template);
  } catch {
    // another test process finished its template first: use that one
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

async function openEmbedded(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-store-'));
  const location = join(dir, 'store');
  cpSync(await embeddedTemplate(), location, { recursive: true });
  let store = await openStore(location);
  return {
    get store() {
      return store;
    },
    location,
    async reopen() {
      await store.close();
      store = await openStore(location);
      return store;
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

async function openPostgres(): Promise<TestStore> {
  const { url, drop } = await createTestSchema();
  let store = await openStore(url);
  return {
    get store() {
      return store;
    },
    location: url,
    async reopen() {
      await store.close();
      store = await openStore(url);
      return store;
    },
    async dispose() {
      await store.close();
      await drop();
    }
  };
}

export function openTestStore(backend: BackendName): Promise<TestStore> {
  return backend === 'embedded' ? openEmbedded() : openPostgres();
}
