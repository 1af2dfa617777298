// The plugin's reads from the org: SOQL with every page fetched. Commands pass the query
// text built (and escaped) by worker/plugin/queries.
import type { Connection } from '@salesforce/core';
import { runningUserQuery } from './queries/running-user.js';

/** Enough for any question the commands ask; past it a command says to narrow the question. */
export const MAX_ROWS = 50_000;

/**
 * All records of a query, every page. The records are typed by the caller from the fields
 * its SOQL selects (the org is trusted to answer in that shape, as jsforce's own types do).
 */
export async function queryRecords<R>(connection: Connection, soql: string): Promise<R[]> {
  const result = await connection.query(soql, { autoFetch: true, maxFetch: MAX_ROWS });
  if (result.records.length < result.totalSize) {
    throw new Error(
      `The query matched ${result.totalSize} records, more than the ${MAX_ROWS} a cairn command reads. Narrow it (fewer --days, a --grade filter).`
    );
  }
  return result.records as unknown as R[];
}

/** The Id of the user the connection runs as: from the stored login when it has it, else by username. */
export async function runningUserId(connection: Connection): Promise<string> {
  const stored = connection.getAuthInfoFields().userId;
  if (stored) return stored;
  const username = connection.getUsername();
  if (!username) throw new Error('The connection has no username, so the running user cannot be found.');
  const [user] = await queryRecords<{ Id: string }>(connection, runningUserQuery(username));
  if (!user) throw new Error(`No User with the username ${username} in the org.`);
  return user.Id;
}
