// Shared set-up for the local org's own conformance tests: an org on a random port with a
// fixed now, a real jsforce connection to it, and raw HTTP for what jsforce hides
// (status codes, headers, exact bodies).

import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from './index.js';

/** Friday 1 May 2026, noon UTC: every date in these tests is worked out from it. */
export const NOW = '2026-05-01T12:00:00Z';
export const VERSION = '62.0';

export function startTestOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  return startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true, ...options });
}

export function connect(org: LocalOrg, accessToken = org.accessToken): Connection {
  return new Connection({ instanceUrl: org.url, accessToken, version: VERSION });
}

export interface RawResponse {
  status: number;
  headers: Headers;
  /** parsed JSON when the body is JSON, else the text ('' when empty) */
  body: unknown;
}

/** One HTTP call to the org; `path` starts with `/`, e.g. `/services/data/v62.0/limits`. */
export async function call(
  org: LocalOrg,
  method: string,
  path: string,
  options: {
    body?: unknown;
    text?: string;
    contentType?: string;
    token?: string | null;
    headers?: Record<string, string>;
  } = {}
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? org.accessToken : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  } else if (options.text !== undefined) {
    body = options.text;
    headers['Content-Type'] = options.contentType ?? 'text/plain';
  }
  const response = await fetch(`${org.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: response.status, headers: response.headers, body: isJson ? (JSON.parse(text) as unknown) : text };
}

export const data = (path: string): string => `/services/data/v${VERSION}${path}`;

/** The error a jsforce call rejects with (fails the test when it resolves). */
export async function rejection(
  promise: PromiseLike<unknown>
): Promise<Error & { errorCode?: string; data?: unknown }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { errorCode?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** An account, a won opportunity and its id, inserted directly. */
export function seedWonDeal(org: LocalOrg, productAccountId = 'acme'): { accountId: string; opportunityId: string } {
  const [accountId] = org.insert('Account', [
    { Name: `${productAccountId} Inc`, Product_Account_Id__c: productAccountId }
  ]);
  const [opportunityId] = org.insert('Opportunity', [
    {
      Name: `${productAccountId} deal`,
      StageName: 'Closed Won',
      CloseDate: '2026-04-20',
      AccountId: accountId,
      Amount: 1000
    }
  ]);
  return { accountId: accountId as string, opportunityId: opportunityId as string };
}

/** The status code of a collection row's first error (jsforce types it as errorCode; Salesforce sends statusCode). */
export function statusCode(result: { success: boolean; errors?: unknown[] }): string {
  if (result.success) return 'ok';
  return (result.errors?.[0] as { statusCode?: string } | undefined)?.statusCode ?? 'none';
}
