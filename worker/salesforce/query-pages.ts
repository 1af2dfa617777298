// Reading a query's records page by page, following nextRecordsUrl to the end (no maxFetch
// cap that would drop records silently), with a missing field or object reported by name.

import { checkReadable } from './describe-check.js';
import { asStopError } from './errors.js';
import type { SfRecord } from './objects/record-reader.js';
import { dataPath, type SalesforceSession } from './session.js';

export interface QueryPage {
  done: boolean;
  nextRecordsUrl?: string;
  records: SfRecord[];
}

/** Each page of a query result in turn, following nextRecordsUrl until Salesforce says done. */
async function* pagesFrom(session: SalesforceSession, first: QueryPage): AsyncGenerator<SfRecord[]> {
  let page = first;
  yield page.records;
  while (!page.done && page.nextRecordsUrl) {
    page = await session.connection.request<QueryPage>(page.nextRecordsUrl);
    yield page.records;
  }
}

export async function allPages(session: SalesforceSession, first: QueryPage): Promise<SfRecord[]> {
  const records: SfRecord[] = [];
  for await (const page of pagesFrom(session, first)) records.push(...page);
  return records;
}

function firstPage(session: SalesforceSession, soql: string): Promise<QueryPage> {
  return session.connection.request<QueryPage>(dataPath(session, `query?q=${encodeURIComponent(soql)}`));
}

/**
 * Each page of a query of the worker's fields; a field or object the org lacks becomes the
 * PermissionGapError naming it.
 */
export async function* workerFieldPages(session: SalesforceSession, soql: string): AsyncGenerator<SfRecord[]> {
  try {
    yield* pagesFrom(session, await firstPage(session, soql));
  } catch (error) {
    const code = (error as { errorCode?: string }).errorCode;
    if (code === 'INVALID_FIELD' || code === 'INVALID_TYPE') {
      await checkReadable(session); // throws the PermissionGapError naming what is missing
    }
    throw asStopError(error) ?? error;
  }
}
