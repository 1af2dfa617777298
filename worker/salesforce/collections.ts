// sObject Collections writes: up to 200 rows a call, allOrNone=false so good rows are kept
// when others fail, one result per row in the order sent. Inserts are a POST, which the
// transport never repeats: a POST that fails without a clear refusal may have created its
// rows, so they come back `unknown` and are not sent again (write.ts).

import { callErrorCode, mayHaveWritten, missingResult } from './row-errors.js';
import { dataPath, type SalesforceSession } from './session.js';
import { asStopError } from './errors.js';
import type { RowResult, WriteRecord, WriteTarget } from './write-types.js';

export const COLLECTION_SIZE = 200;

interface CollectionResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; message?: string; fields?: string[] }[];
}

function resource(target: WriteTarget): string {
  return target.operation === 'upsert'
    ? `composite/sobjects/${target.object}/${target.keyField}`
    : 'composite/sobjects';
}

/**
 * Sends at most 200 rows in one call: a PATCH (update by Id, upsert by external id) or a POST
 * (insert; the key field is among the values). A call that fails as a whole fails each of its
 * rows with the call's error code, so the caller can retry or quarantine them like any row,
 * except an insert that may have been written, whose rows are `unknown`; only stop
 * conditions are thrown.
 */
export async function writeCollection(
  session: SalesforceSession,
  target: WriteTarget,
  records: readonly WriteRecord[]
): Promise<RowResult[]> {
  if (records.length > COLLECTION_SIZE) throw new Error(`a collection holds at most ${COLLECTION_SIZE} records`);
  const body = {
    allOrNone: false,
    records: records.map((record) => ({
      attributes: { type: target.object },
      ...record.values,
      ...(target.operation === 'insert' ? {} : { [target.keyField]: record.key })
    }))
  };
  let results: CollectionResult[];
  try {
    results = await session.connection.request<CollectionResult[]>({
      method: target.operation === 'insert' ? 'POST' : 'PATCH',
      url: dataPath(session, resource(target)),
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' }
    });
  } catch (error) {
    const stop = asStopError(error);
    if (stop) throw stop;
    if (target.operation === 'insert' && mayHaveWritten(error)) {
      return records.map((record): RowResult => ({ key: record.key, ok: 'unknown' }));
    }
    const statusCode = callErrorCode(error);
    const message = (error as Error).message;
    return records.map((record) => ({
      key: record.key,
      id: null,
      ok: false,
      statusCode,
      message,
      fields: []
    }));
  }
  return records.map((record, index): RowResult => {
    const result = results[index];
    const id = result?.id ?? null;
    // a create's result carries no `created`: every row it took is new
    const created = target.operation === 'insert' || result?.created === true;
    if (result?.success && id) return { key: record.key, id, ok: true, created };
    const error = result?.errors?.[0];
    if (!error) return missingResult(target, record.key, 'Salesforce returned no result for this row');
    return {
      key: record.key,
      id,
      ok: false,
      statusCode: error.statusCode ?? 'UNKNOWN_ERROR',
      message: error.message ?? 'Salesforce gave no message',
      fields: error.fields ?? []
    };
  });
}
