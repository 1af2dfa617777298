// A loopback HTTP relay between the worker and the local org that keeps a copy of every
// exchange, so a test can count on the wire what the worker says it counted: the 503s it
// retried, the rows the org refused with UNABLE_TO_LOCK_ROW, the sessions it renewed. It
// changes nothing but the instance URL in token answers (so the renewed session keeps
// coming through the relay); every status and body is the local org's own. A test can also
// act at a precise point of the traffic (kill the worker when a write is answered) and
// drop requests, as a crash drops the calls a process had not finished sending.

import { parse as parseCsv } from 'csv-parse/sync';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** path and query, e.g. /services/data/v62.0/composite/sobjects */
  path: string;
  status: number;
  responseBody: string;
}

export interface WiretapOptions {
  /** decides, before a request is forwarded, whether the org gets it; a dropped request's socket is destroyed */
  intercept?: (request: { method: string; path: string }) => 'forward' | 'drop' | Promise<'forward' | 'drop'>;
  /** called with each exchange before its answer is relayed back */
  onExchange?: (exchange: Exchange) => void | Promise<void>;
}

export interface Wiretap {
  /** give this to the worker as its instance URL */
  url: string;
  readonly exchanges: readonly Exchange[];
  close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startWiretap(targetUrl: string, options: WiretapOptions = {}): Promise<Wiretap> {
  const target = new URL(targetUrl);
  const exchanges: Exchange[] = [];
  let ownUrl = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const decision = (await options.intercept?.({ method: req.method ?? 'GET', path: req.url ?? '/' })) ?? 'forward';
      if (decision === 'drop') {
        req.socket.destroy();
        return;
      }
      const upstream = httpRequest({
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host }
      });
      upstream.on('response', (answer) => {
        void readAll(answer).then(async (raw) => {
          let text = raw.toString('utf8');
          if (req.url?.startsWith('/services/oauth2/token')) text = text.split(target.origin).join(ownUrl);
          const exchange = {
            method: req.method ?? 'GET',
            path: req.url ?? '/',
            status: answer.statusCode ?? 0,
            responseBody: text
          };
          exchanges.push(exchange);
          await options.onExchange?.(exchange);
          if (res.destroyed) return;
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(text);
        });
      });
      upstream.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`wiretap: ${error.message}`);
      });
      upstream.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ownUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: ownUrl,
    exchanges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })
  };
}

const isData = (exchange: Exchange) => exchange.path.includes('/services/data/');

/** Calls the org answered 503 (each one the worker must have sent again). */
export function unavailableAnswers(exchanges: readonly Exchange[]): number {
  return exchanges.filter((e) => isData(e) && e.status === 503).length;
}

/**
 * Insert calls (sObject Collections POSTs) the org answered 503. The worker never sends them
 * again: Salesforce may answer so after committing (test/salesforce/write.test.ts).
 */
export function unavailableInserts(exchanges: readonly Exchange[]): number {
  return exchanges.filter((e) => e.method === 'POST' && /\/composite\/sobjects$/.test(e.path) && e.status === 503)
    .length;
}

/** Calls the org answered 401 INVALID_SESSION_ID. */
export function expiredSessionAnswers(exchanges: readonly Exchange[]): number {
  return exchanges.filter((e) => isData(e) && e.status === 401 && e.responseBody.includes('INVALID_SESSION_ID')).length;
}

/** Token requests the org granted (the first sign-in, then one per renewal). */
export function grantedTokens(exchanges: readonly Exchange[]): number {
  return exchanges.filter((e) => e.path.startsWith('/services/oauth2/token') && e.status === 200).length;
}

/**
 * Rows the org refused with `statusCode`, in sObject Collections answers (a JSON array of
 * row results) and in Bulk API 2.0 failed-results CSVs (one line per failed row).
 */
export function refusedRows(exchanges: readonly Exchange[], statusCode: string): number {
  let rows = 0;
  for (const e of exchanges) {
    if (e.status !== 200) continue;
    if (e.path.includes('/composite/sobjects')) {
      const results = JSON.parse(e.responseBody) as { success: boolean; errors?: { statusCode?: string }[] }[];
      rows += results.filter((r) => !r.success && r.errors?.[0]?.statusCode === statusCode).length;
    } else if (/\/jobs\/ingest\/[^/]+\/failedResults/.test(e.path)) {
      rows += csvRows(e.responseBody).filter((row) => row.sf__Error?.startsWith(`${statusCode}:`)).length;
    }
  }
  return rows;
}

/** The records of a Bulk API 2.0 result CSV (cells may hold line breaks, so lines are not rows). */
function csvRows(text: string): Record<string, string>[] {
  return parseCsv(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** Rows Bulk API 2.0 jobs left unprocessed (records of their unprocessed-records CSVs). */
export function unprocessedRows(exchanges: readonly Exchange[]): number {
  return exchanges
    .filter((e) => e.status === 200 && /\/jobs\/ingest\/[^/]+\/unprocessedrecords/.test(e.path))
    .reduce((sum, e) => sum + csvRows(e.responseBody).length, 0);
}

/** Bulk API 2.0 ingest jobs created through the relay. */
export function bulkJobsCreated(exchanges: readonly Exchange[]): number {
  return exchanges.filter((e) => e.method === 'POST' && /\/jobs\/ingest\/?(\?|$)/.test(e.path) && e.status === 200)
    .length;
}
