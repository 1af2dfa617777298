// sObject Collections writes: up to 200 rows a call, allOrNone=false so good rows are kept
// when others fail, one result per row in the order sent.

import { callErrorCode } from './row-errors.js';
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
  return target.operation === 'update'
    ? 'composite/sobjects'
    : `composite/sobjects/${target.object}/${target.keyField}`;
}

/**
 * Sends at most 200 rows in one PATCH (update by Id, or upsert by external id). A call that
 * fails as a whole fails each of its rows with the call's error code, so the caller can
 * retry or quarantine them like any row; only stop conditions are thrown.
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
      [target.keyField]: record.key
    }))
  };
  let results: CollectionResult[];
  try {
    results = await session.connection.request<CollectionResult[]>({
      method: 'PATCH',
      url: dataPath(session, resource(target)),
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' }
    });
  } catch (error) {
    const stop = asStopError(error);
    if (stop) throw stop;
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
    if (result?.success && id) return { key: record.key, id, ok: true, created: result.created === true };
    const error = result?.errors?.[0];
    return {
      key: record.key,
      id,
      ok: false,
      statusCode: error?.statusCode ?? 'MISSING_RESULT',
      message: error?.message ?? 'Salesforce returned no result for this row',
      fields: error?.fields ?? []
    };
  });
}
