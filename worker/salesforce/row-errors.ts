// Per-row write errors: what they are and whether sending the row again can help.

import type { RowError, RowResult, WriteTarget } from './write-types.js';

/**
 * Status codes worth another attempt: record locks, a busy or unreachable server, and rows
 * a call or job never got to. Everything else (validation rules, field access, deleted
 * records, bad values, duplicates, ...) would fail the same way again, so it is quarantined.
 */
const TRANSIENT_STATUS_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'REQUEST_RUNNING_TOO_LONG',
  'QUERY_TIMEOUT',
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'UNPROCESSED',
  'MISSING_RESULT',
  'ERROR_HTTP_429',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET'
]);

export function isTransientRowError(statusCode: string): boolean {
  return TRANSIENT_STATUS_CODES.has(statusCode);
}

/**
 * A Bulk API 2.0 `sf__Error` cell, `STATUS_CODE:message:fields --`, e.g.
 * `REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --`. The message may
 * itself hold colons, so the fields are what follows the last one.
 */
export function parseBulkError(cell: string): RowError {
  const codeEnd = cell.indexOf(':');
  if (codeEnd < 0) return { statusCode: cell.trim() || 'UNKNOWN_ERROR', message: cell, fields: [] };
  const statusCode = cell.slice(0, codeEnd);
  const rest = cell.slice(codeEnd + 1);
  const fieldsStart = rest.lastIndexOf(':');
  if (fieldsStart < 0) return { statusCode, message: rest.trim(), fields: [] };
  const fields = rest
    .slice(fieldsStart + 1)
    .replace(/--\s*$/, '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field.length > 0);
  return { statusCode, message: rest.slice(0, fieldsStart).trim(), fields };
}

/** The status code of a whole call that failed: jsforce's errorCode, a network code, or the error's name. */
export function callErrorCode(error: unknown): string {
  const { errorCode, code, name } = (error ?? {}) as { errorCode?: unknown; code?: unknown; name?: unknown };
  for (const candidate of [errorCode, code, name]) if (typeof candidate === 'string' && candidate) return candidate;
  return 'UNKNOWN_ERROR';
}

/**
 * Whether a call that failed as a whole may still have written its rows: no answer came (the
 * connection dropped, a timeout), or the answer was a server-side failure (5xx, a gateway
 * timeout), which Salesforce or a proxy in front of it can give after the rows were committed.
 * Only an error Salesforce answered with that refuses the call (INVALID_FIELD,
 * JSON_PARSER_ERROR, ...) proves nothing was written. jsforce sets `errorCode` on answered
 * errors only.
 */
export function mayHaveWritten(error: unknown): boolean {
  const { errorCode } = (error ?? {}) as { errorCode?: unknown };
  if (typeof errorCode !== 'string' || !errorCode) return true;
  return isTransientRowError(errorCode) || errorCode === 'UNKNOWN_EXCEPTION' || /^ERROR_HTTP_5\d\d$/.test(errorCode);
}

/**
 * A row Salesforce returned no result for. An update or upsert is sent again (doing so twice
 * is harmless); an insert's outcome is unknown, since it may have been created.
 */
export function missingResult(target: WriteTarget, key: string, message: string): RowResult {
  if (target.operation === 'insert') return { key, ok: 'unknown' };
  return { key, id: null, ok: false, statusCode: 'MISSING_RESULT', message, fields: [] };
}
