// The small surface the store needs from a database, so the same SQL runs on embedded
// PGlite and on a PostgreSQL server.

export type Row = Record<string, unknown>;

export interface Queryable {
  /** one statement, `$n` parameters; JS arrays bind as PostgreSQL arrays */
  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Driver extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** for messages: the directory, or the URL with its password masked */
  readonly location: string;
  /** runs `fn` in one transaction, committed (durably) before the promise resolves */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** runs `fn` holding the store-wide sync lock; throws SyncAlreadyRunningError when it is held */
  withSyncLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
