// `http` source: a JSON endpoint paged by cursor. Cairn asks `GET <url>?cursor=X&limit=N`
// (no cursor the first time) with `Authorization: Bearer <token>` when a token is configured,
// and expects `{"events": [DESIGN §3 events], "nextCursor": "..."}`. Each page's events are
// committed, then `nextCursor` is saved; a missing, null or unchanged `nextCursor` ends the
// pull and the next run asks again from the last saved cursor (repeats count as duplicates).
// Network errors, 429 and 5xx are retried with exponential backoff; other 4xx stop the pull
// with the status and the URL (never the token).
import type { HttpSourceConfig } from '../config/schema.js';
import type { Secret } from '../config/secret.js';
import { validateEvent, type UsageEvent } from '../ingest/event.js';
import type { Store } from '../store/store.js';
import { addCounts, collectPull, sourceRejection, type PullResult, type PullSource } from './source.js';

export interface HttpSourceOptions {
  /** waits before each retry; its length is the number of retries (default 0.5 s, 1 s, 2 s, 4 s) */
  retryDelaysMs?: readonly number[];
  /** per request (default 30 s) */
  timeoutMs?: number;
}

const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000];

class RetryableError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function httpSource(
  config: HttpSourceConfig,
  token: Secret | undefined,
  options: HttpSourceOptions = {}
): PullSource {
  const label = `source "${config.name}"`;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? 30_000;

  function pageUrl(cursor: string | null): string {
    const url = new URL(config.url);
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    url.searchParams.set('limit', String(config.pageSize));
    return url.toString();
  }

  async function fetchOnce(url: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token.reveal()}` } : {}) },
        signal: AbortSignal.timeout(timeoutMs)
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message;
      throw new RetryableError(`GET ${url} failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryableError(`GET ${url} answered ${response.status} ${response.statusText}`);
    }
    if (!response.ok) {
      const hint =
        response.status === 401 || response.status === 403
          ? config.tokenEnv
            ? `; check the token in ${config.tokenEnv}`
            : '; the endpoint wants a token: set tokenEnv in the source'
          : '';
      throw new Error(`${label}: GET ${url} answered ${response.status} ${response.statusText}${hint}`);
    }
    try {
      return await response.json();
    } catch {
      throw new Error(`${label}: GET ${url} answered ${response.status} with a body that is not JSON`);
    }
  }

  async function fetchPage(url: string): Promise<{ events: unknown[]; nextCursor: string | null }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const body = (await fetchOnce(url)) as { events?: unknown; nextCursor?: unknown } | null;
        if (body === null || typeof body !== 'object' || !Array.isArray(body.events)) {
          throw new Error(
            `${label}: GET ${url} answered without an "events" array; expected {"events": [...], "nextCursor": "..."}`
          );
        }
        const next = body.nextCursor;
        return { events: body.events, nextCursor: typeof next === 'string' && next !== '' ? next : null };
      } catch (error) {
        const delay = delays[attempt];
        if (!(error instanceof RetryableError)) throw error;
        if (delay === undefined) throw new Error(`${label}: ${error.message}, after ${attempt + 1} attempts`);
        await sleep(delay);
      }
    }
  }

  return {
    name: config.name,
    pull: (store: Store, now: Date, npsEvent?: string): Promise<PullResult> =>
      collectPull(config.name, async (result) => {
        let cursor = await store.getCursor(config.name);
        let seen = 0;
        for (;;) {
          const page = await fetchPage(pageUrl(cursor));
          const events: UsageEvent[] = [];
          for (const candidate of page.events) {
            const checked = validateEvent(candidate, { now, npsEvent });
            if (checked.ok) events.push(checked.event);
            else result.rejected.push(sourceRejection({ index: seen }, checked, candidate));
            seen++;
          }
          addCounts(result, await store.insertEvents(events, now));
          if (page.nextCursor === null || page.nextCursor === cursor) return;
          cursor = page.nextCursor;
          await store.setCursor(config.name, cursor);
        }
      })
  };
}
