// PGlite does not stop two processes from opening the same data directory (both succeed
// and corrupt it), so the embedded store takes a lock file beside the directory holding the
// owner's pid. A lock left by a process that no longer exists is taken over.
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { StoreInUseError } from './errors.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(lockFile: string): boolean {
  try {
    const fd = openSync(lockFile, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Takes `<directory>.lock` or throws StoreInUseError; returns the release function. */
export function lockDirectory(directory: string): () => void {
  const lockFile = `${directory}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(lockFile)) {
      return () => {
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone: nothing to release
        }
      };
    }
    const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new StoreInUseError(directory, owner);
    unlinkSync(lockFile);
  }
  throw new Error(`could not take the lock file ${lockFile}; remove it if no Cairn worker is running`);
}
