// Accounts with events no run has covered yet (DESIGN §10): marked in the transaction that
// stores their events (ingestion, pull sources, a group call giving waiting events their
// account), so the set survives a restart. Each marking takes a new number from a sequence;
// a run reads the marks, and on success clears exactly the marks it read: an event stored
// while it ran has re-marked its account, which stays dirty for the next run.
import type { Driver, Queryable } from './driver.js';
import { toIso } from './sql.js';

/** One dirty account as a run read it. */
export interface DirtyMark {
  /** the product account id (Account.Product_Account_Id__c) */
  accountId: string;
  /** the marking the run read; a later event gives a higher one */
  mark: string;
  /** when the oldest event not yet covered by a run was stored */
  since: Date;
}

export interface DirtyAccountsRepository {
  /** The dirty accounts, oldest first (at most `limit`, default all). */
  dirtyAccounts(limit?: number): Promise<DirtyMark[]>;
  /** Clears the marks a run read and covered; an account marked again since stays. Returns how many it cleared. */
  clearDirty(marks: readonly DirtyMark[]): Promise<number>;
}

/**
 * Marks `accountIds` dirty in the caller's transaction; the oldest `since` of an account
 * already dirty stays. The rows are locked in account id order, the same in every
 * transaction, so batches of events sharing accounts stored at once cannot deadlock on
 * PostgreSQL.
 */
export async function markDirty(
  tx: Queryable,
  accountIds: readonly (string | null)[],
  since: Date | null
): Promise<void> {
  const unique = [...new Set(accountIds.filter((id): id is string => id !== null))].sort();
  if (unique.length === 0) return;
  await tx.query(
    `INSERT INTO dirty_accounts (account_id, mark, since)
     SELECT a, nextval('dirty_account_marks'), COALESCE($2::timestamptz, now()) FROM unnest($1::text[]) AS a
     ON CONFLICT (account_id) DO UPDATE
       SET mark = excluded.mark, since = LEAST(dirty_accounts.since, excluded.since)`,
    [unique, since]
  );
}

export function dirtyAccountsRepository(driver: Driver): DirtyAccountsRepository {
  return {
    async dirtyAccounts(limit) {
      const rows = await driver.query<{ account_id: string; mark: string; since: unknown }>(
        `SELECT account_id, mark::text AS mark, since FROM dirty_accounts ORDER BY since, account_id LIMIT $1`,
        [limit ?? null]
      );
      return rows.map((row) => ({ accountId: row.account_id, mark: row.mark, since: new Date(toIso(row.since)) }));
    },

    async clearDirty(marks) {
      if (marks.length === 0) return 0;
      const rows = await driver.query(
        `DELETE FROM dirty_accounts d USING unnest($1::text[], $2::bigint[]) AS c (account_id, mark)
         WHERE d.account_id = c.account_id AND d.mark = c.mark
         RETURNING 1`,
        [marks.map((m) => m.accountId), marks.map((m) => m.mark)]
      );
      return rows.length;
    }
  };
}
