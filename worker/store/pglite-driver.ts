// Embedded store: PGlite (PostgreSQL compiled to WebAssembly) in a local directory.
// PGlite is one single-connection PostgreSQL inside this process: queries run one at a
// time, only this process may open the directory (dir-lock.ts), and the sync lock is an
// in-process flag. See disk-sync.ts for how commits reach the disk.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDirectory } from './dir-lock.js';
import { DiskSync } from './disk-sync.js';
import type { Driver, Queryable } from './driver.js';
import { SyncAlreadyRunningError } from './errors.js';

function queryable(db: PGlite | Transaction): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<R>(sql, params as unknown[]);
      return result.rows;
    }
  };
}

// PostgreSQL's default 128 MB of shared buffers would sit inside the worker's own memory; the
// operating system's file cache serves the embedded store's reads as well.
const SHARED_BUFFERS = '32MB';

export async function openPgliteDriver(directory: string): Promise<Driver> {
  const dataDir = resolve(directory);
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDirectory(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir, postgresqlconf: [`shared_buffers = ${SHARED_BUFFERS}`] });
  } catch (error) {
    unlock();
    throw new Error(`cannot open the embedded store at ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  const disk = new DiskSync(dataDir);
  disk.flush();
  const direct = queryable(db);
  let syncRunning = false;

  return {
    kind: 'embedded',
    location: dataDir,
    async query<R>(sql: string, params?: readonly unknown[]) {
      try {
        return await direct.query<R>(sql, params);
      } finally {
        disk.flush();
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      try {
        return await db.transaction((tx) => fn(queryable(tx)));
      } finally {
        disk.flush();
      }
    },
    async withSyncLock<T>(fn: () => Promise<T>) {
      if (syncRunning) throw new SyncAlreadyRunningError('in this process');
      syncRunning = true;
      try {
        return await fn();
      } finally {
        syncRunning = false;
      }
    },
    async close() {
      if (db.closed) return;
      try {
        await db.close();
        disk.flush();
      } finally {
        unlock();
      }
    }
  };
}
