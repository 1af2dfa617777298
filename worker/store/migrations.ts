// The store's schema, as numbered migrations applied in order at open. A migration is a
// list of single statements (PGlite's query runs one statement at a time). Never edit a
// released migration: add the next number.
import type { Driver } from './driver.js';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'usage events, user accounts, cursors, sync state',
    statements: [
      // identifiers compare byte-wise ("C"): faster, and the same order on every server
      `CREATE TABLE events (
        message_id text COLLATE "C" PRIMARY KEY,
        account_id text COLLATE "C" NOT NULL,
        user_id text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        ts timestamptz NOT NULL,
        properties jsonb,
        received_at timestamptz NOT NULL DEFAULT now()
      )`,
      // last_activity, the 30/60-day windows and rolling thresholds scan by account and time
      'CREATE INDEX events_account_ts ON events (account_id, ts)',
      // event:<name> counts and N-th event lookups
      'CREATE INDEX events_account_name_ts ON events (account_id, name, ts)',
      `CREATE TABLE user_accounts (
        user_id text PRIMARY KEY,
        account_id text NOT NULL,
        grouped_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE source_cursors (
        source text PRIMARY KEY,
        cursor text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE last_writes (
        object text NOT NULL,
        record_key text NOT NULL,
        fields jsonb NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (object, record_key)
      )`,
      `CREATE TABLE health_snapshots (
        opportunity_id text NOT NULL,
        at timestamptz NOT NULL,
        score smallint NOT NULL,
        PRIMARY KEY (opportunity_id, at)
      )`,
      `CREATE TABLE sync_runs (
        id text PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
        summary jsonb
      )`,
      'CREATE INDEX sync_runs_started_at ON sync_runs (started_at DESC)',
      `CREATE TABLE failed_rows (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id text NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
        object text NOT NULL,
        record_id text,
        record_key text,
        status_code text NOT NULL,
        message text NOT NULL,
        fields jsonb
      )`,
      'CREATE INDEX failed_rows_run_id ON failed_rows (run_id, id)'
    ]
  },
  {
    version: 2,
    name: 'failed rows: the fields Salesforce named',
    statements: ["ALTER TABLE failed_rows ADD COLUMN error_fields jsonb NOT NULL DEFAULT '[]'"]
  },
  {
    version: 3,
    name: 'events waiting for their account; rejected messages',
    statements: [
      // a track stored before its user's group call: the group call fills the account in
      'ALTER TABLE events ALTER COLUMN account_id DROP NOT NULL',
      'CREATE INDEX events_pending_account ON events (user_id, received_at) WHERE account_id IS NULL',
      `CREATE TABLE rejected_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at timestamptz NOT NULL,
        via text NOT NULL,
        kind text NOT NULL,
        reason text NOT NULL,
        raw text NOT NULL
      )`,
      'CREATE INDEX rejected_events_received_at ON rejected_events (received_at)'
    ]
  },
  {
    version: 4,
    name: "users' emails from identify calls",
    statements: [
      // the latest identify per user: its traits.email matches the user to a Contact (DESIGN §9.2)
      `CREATE TABLE user_identities (
        user_id text PRIMARY KEY,
        email text,
        identified_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`
    ]
  },
  {
    version: 5,
    name: 'alert occurrences',
    statements: [
      // per alert key, the latest occurrence whose Task Salesforce acknowledged (DESIGN §9.5)
      `CREATE TABLE alert_memory (
        alert_key text PRIMARY KEY,
        opportunity_id text NOT NULL,
        occurrence integer NOT NULL,
        cleared boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      'CREATE INDEX alert_memory_opportunity ON alert_memory (opportunity_id)'
    ]
  },
  {
    version: 6,
    name: 'accounts with events not yet synced; the kind of each run',
    statements: [
      // one row per account with events no run has covered yet (DESIGN §10); every new event
      // takes a new mark, so a run clears only the marks it read and later events stay dirty
      'CREATE SEQUENCE dirty_account_marks',
      `CREATE TABLE dirty_accounts (
        account_id text COLLATE "C" PRIMARY KEY,
        mark bigint NOT NULL,
        since timestamptz NOT NULL
      )`,
      "ALTER TABLE sync_runs ADD COLUMN kind text NOT NULL DEFAULT 'full' CHECK (kind IN ('full', 'targeted'))"
    ]
  }
];

/** advisory lock class for migrations; the second key is hashtext(current_schema()) */
const MIGRATION_LOCK_CLASS = 0x4d696772; // "Migr"

/** Applies the migrations not yet applied, all in one transaction, under a lock so two processes starting together do not race. */
export async function migrate(driver: Driver, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK_CLASS]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => row.version)
    );
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) {
      throw new Error(
        `the store at ${driver.location} has schema version ${newest}, newer than this worker knows (${known}); run a newer Cairn worker`
      );
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
