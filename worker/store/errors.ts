/** Another run holds the sync lock (in this process, or another process on the same store). */
export class SyncAlreadyRunningError extends Error {
  constructor(where: string) {
    super(`a sync run is already going on this store (${where}); wait for it to finish, or see GET /runs`);
    this.name = 'SyncAlreadyRunningError';
  }
}

/** The embedded store's directory is open in another process (or already in this one). */
export class StoreInUseError extends Error {
  constructor(directory: string, pid: number) {
    super(
      pid === process.pid
        ? `the store at ${directory} is already open in this process; share the one Store instead of opening it twice`
        : `the store at ${directory} is open in process ${pid}; the embedded store serves one process at a time. ` +
            'Stop that process, send work to it (POST /sync on a running worker), or set CAIRN_STORE=postgres://... to share a PostgreSQL server'
    );
    this.name = 'StoreInUseError';
  }
}

/** A metrics request the store cannot answer: an unknown metric key, a bad threshold, a bad date. */
export class MetricsRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsRequestError';
  }
}
