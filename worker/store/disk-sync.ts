// What PGlite 0.5 does about durability, and what we add.
//
// PGlite starts PostgreSQL with `-F` (fsync off), and its Emscripten file system turns
// fsync/fdatasync into no-ops; with a data directory on Node (NODEFS) every write goes
// straight to the real file with write(2), and its `syncToFs()` does nothing. So a
// committed transaction is in the operating system's page cache when the query returns:
// it survives the worker being killed (kill -9), but not a power cut or kernel crash.
//
// To put commits on disk, after every statement or transaction the store fsyncs the WAL
// segments PostgreSQL wrote, plus the WAL directory (new segments). A checkpoint rewrites
// `global/pg_control` and may recycle old WAL, so when that file changes (a checkpoint ran,
// at open, close or after max_wal_size of writes) every file of the data directory is
// fsynced too. PostgreSQL server stores (CAIRN_STORE=postgres://...) need none of this.
import { closeSync, fsyncSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncTree(directory: string): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) fsyncTree(path);
    else if (entry.isFile()) fsyncPath(path);
  }
  fsyncPath(directory);
}

const WAL_SEGMENT = /^[0-9A-F]{24}$/;

export class DiskSync {
  readonly #dataDir: string;
  #controlVersion = '';
  #lastWalSync = 0;

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
  }

  /** Everything PGlite wrote is on disk when this returns. */
  flush(): void {
    const control = statSync(join(this.#dataDir, 'global', 'pg_control'));
    const controlVersion = `${control.mtimeMs}:${control.size}`;
    if (controlVersion !== this.#controlVersion) {
      fsyncTree(this.#dataDir);
      this.#controlVersion = controlVersion;
      this.#lastWalSync = Date.now();
      return;
    }
    const walDir = join(this.#dataDir, 'pg_wal');
    // mtime has coarse granularity on some file systems: look a little further back
    const since = this.#lastWalSync - 2000;
    this.#lastWalSync = Date.now();
    for (const name of readdirSync(walDir)) {
      if (!WAL_SEGMENT.test(name)) continue;
      const path = join(walDir, name);
      if (statSync(path).mtimeMs >= since) fsyncPath(path);
    }
    fsyncPath(walDir);
  }
}
