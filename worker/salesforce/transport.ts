// The one place every Salesforce API request of a session goes through. jsforce sends all
// REST, query, describe and Bulk API 2.0 requests of a Connection via `conn._transport`
// (OAuth token requests use the OAuth2 object's own transport and are not API calls), so
// replacing it with this decorator lets one class, per attempt:
//   - refuse the call when the run's budget is spent, and count it by kind;
//   - read `Sforce-Limit-Info` from the answer;
//   - turn REQUEST_LIMIT_EXCEEDED for the daily limit into DailyLimitError;
//   - retry transient failures (502/503/504/429, the concurrent-request limit, connection
//     resets) with backoff and jitter, for every method whose repetition is safe —
//     jsforce's own retry (GET, PUT, DELETE only, invisible to counting) is switched off;
//   - let jsforce renew an expired session, and stop with a clear error when the renewed
//     session is refused too.

import { PassThrough } from 'node:stream';
import { Transport } from 'jsforce/lib/transport.js';
import { StreamPromise } from 'jsforce/lib/util/promise.js';
import type { HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce/lib/types/common.js';
import { callKind, type ApiAccounting } from './accounting.js';
import { backoffDelay, sleep, type BackoffPolicy } from './backoff.js';
import { DailyLimitError, SessionExpiredError } from './errors.js';

export interface CallRetryPolicy extends BackoffPolicy {
  /** attempts per call, the first included */
  maxAttempts: number;
}

export const DEFAULT_CALL_RETRY: CallRetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 20_000 };

export interface SessionRenewal {
  /** whether jsforce can renew this session (refresh token, JWT, an sf CLI org with a refresh token) */
  canRenew(): boolean;
  /** what to tell the user when the session expired and cannot be renewed */
  expiredMessage: string;
}

const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET']);
const WORKED_SESSIONS_KEPT = 16;
const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * Whether sending the request twice does no harm. Updates by id and upserts by external id
 * (PATCH) set the same values again; a POST creates, except a Bulk API 2.0 job creation,
 * which writes no records (a duplicate job stays empty).
 */
export function isRetrySafe(request: Pick<HttpRequest, 'method' | 'url'>): boolean {
  if (request.method !== 'POST') return true;
  return /\/services\/data\/v[\d.]+\/jobs\/ingest\/?(\?|$)/.test(request.url);
}

function isTransientNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) || /socket hang up/i.test(error.message);
}

/**
 * REQUEST_LIMIT_EXCEEDED also answers too many long requests at once
 * (`ConcurrentPerOrgLongTxn Limit exceeded`), which passes; the daily limit does not.
 */
function isConcurrencyLimit(response: HttpResponse): boolean {
  return response.statusCode === 403 && /REQUEST_LIMIT_EXCEEDED[\s\S]*Concurrent/.test(response.body);
}

function isTransientAnswer(response: HttpResponse): boolean {
  return TRANSIENT_STATUSES.has(response.statusCode) || isConcurrencyLimit(response);
}

export class AccountedTransport extends Transport {
  /** 401 answers per request object: jsforce re-sends the same object after renewing */
  private readonly unauthorized = new WeakMap<HttpRequest, number>();
  /** the latest sessions (Authorization headers) the org accepted at least once */
  private readonly workedSessions = new Set<string>();

  constructor(
    private readonly inner: Transport,
    private readonly accounting: ApiAccounting,
    private readonly retry: CallRetryPolicy,
    private readonly renewal: SessionRenewal
  ) {
    super();
  }

  override httpRequest(request: HttpRequest, options: HttpRequestOptions = {}): StreamPromise<HttpResponse> {
    const output = new PassThrough();
    const promise =
      request.body === undefined && !BODYLESS_METHODS.has(request.method)
        ? // jsforce helpers that stream a body (its bulk upload) could not have it retried or re-sent
          Promise.reject(new Error(`${request.method} ${request.url}: send the body as a string, not a stream`))
        : this.send(request, { ...options, retry: { ...options.retry, methods: [] } }, output);
    return StreamPromise.create(() => ({ stream: output, promise }));
  }

  private async send(request: HttpRequest, options: HttpRequestOptions, output: PassThrough): Promise<HttpResponse> {
    const kind = callKind(request.url);
    const retrySafe = isRetrySafe(request);
    for (let attempt = 1; ; attempt++) {
      const mayRetry = retrySafe && attempt < this.retry.maxAttempts;
      this.accounting.beforeCall(kind);
      let response: HttpResponse;
      try {
        response = await this.inner.httpRequest(request, options);
      } catch (error) {
        if (mayRetry && isTransientNetworkError(error)) {
          await this.waitToRetry(attempt);
          continue;
        }
        throw error;
      }
      if (mayRetry && isTransientAnswer(response)) {
        this.accounting.recordLimitInfo(response.headers['sforce-limit-info']);
        await this.waitToRetry(attempt);
        continue;
      }
      this.inspect(request, response);
      output.end(response.body);
      return response;
    }
  }

  private async waitToRetry(attempt: number): Promise<void> {
    this.accounting.recordRetry();
    await sleep(backoffDelay(attempt, this.retry));
  }

  private inspect(request: HttpRequest, response: HttpResponse): void {
    this.accounting.recordLimitInfo(response.headers['sforce-limit-info']);
    if (
      response.statusCode === 403 &&
      response.body.includes('REQUEST_LIMIT_EXCEEDED') &&
      !isConcurrencyLimit(response)
    ) {
      const usage = this.accounting.snapshot().orgUsage;
      throw new DailyLimitError(usage ? `${usage.used} of ${usage.max} calls used` : 'usage not reported');
    }
    const session = request.headers?.Authorization ?? request.headers?.authorization ?? '';
    if (response.statusCode !== 401) {
      this.rememberWorkedSession(session);
      return;
    }
    if (!this.renewal.canRenew()) throw new SessionExpiredError(this.renewal.expiredMessage);
    const times = (this.unauthorized.get(request) ?? 0) + 1;
    this.unauthorized.set(request, times);
    // A second 401 with a session that never worked means the renewal itself was refused. One
    // that did work ended while this call was in flight beside others: renew again, a bounded
    // number of times.
    if (times > 1 && !this.workedSessions.has(session)) {
      throw new SessionExpiredError(
        'Salesforce rejected the session again right after renewing it (INVALID_SESSION_ID): ' +
          "check that the integration user is active and the connected app's policies allow it."
      );
    }
    if (times > this.retry.maxAttempts) {
      throw new SessionExpiredError(
        `Salesforce ended the session ${times} times while one call was in flight: ` +
          'check the session timeout of the connected app and the integration user’s profile.'
      );
    }
  }

  private rememberWorkedSession(session: string): void {
    if (this.workedSessions.has(session)) return;
    this.workedSessions.add(session);
    if (this.workedSessions.size > WORKED_SESSIONS_KEPT) {
      this.workedSessions.delete(this.workedSessions.values().next().value as string);
    }
  }
}
