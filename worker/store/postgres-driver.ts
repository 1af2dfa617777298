// Server store: a PostgreSQL database reached with `pg`. The location is a postgres:// URL;
// `?options=-c search_path=<schema>` puts Cairn's tables in a schema of their own. The
// sync lock is a session-level advisory lock held on one pooled connection for the whole
// run, keyed by the schema, so two worker processes on the same store never sync at once
// and a crashed holder releases it with its connection.
import pg from 'pg';
import { maskUrlPassword } from '../config/secret.js';
import type { Driver, Queryable } from './driver.js';
import { SyncAlreadyRunningError } from './errors.js';

/** first key of the two-key advisory lock; the second is hashtext(current_schema()) */
const SYNC_LOCK_CLASS = 0x43616972; // "Cair"

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as R[];
    }
  };
}

export async function openPostgresDriver(url: string): Promise<Driver> {
  const location = maskUrlPassword(url);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // an idle client that loses its server would otherwise crash the process
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new Error(`cannot reach the PostgreSQL store at ${location}: ${(error as Error).message}`, { cause: error });
  }
  const direct = queryable(pool);

  return {
    kind: 'postgres',
    location,
    query: direct.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async withSyncLock<T>(fn: () => Promise<T>) {
      const client = await pool.connect();
      let locked = false;
      try {
        const [row] = (
          await client.query<{ locked: boolean }>(
            'SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS locked',
            [SYNC_LOCK_CLASS]
          )
        ).rows;
        locked = row?.locked === true;
        if (!locked) throw new SyncAlreadyRunningError(`another worker holds the lock on ${location}`);
        return await fn();
      } finally {
        // ending the session releases the lock even when unlocking fails
        const unlocked =
          !locked ||
          (await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [SYNC_LOCK_CLASS]).then(
            () => true,
            () => false
          ));
        client.release(!unlocked);
      }
    },
    async close() {
      if (!pool.ended) await pool.end();
    }
  };
}
