// The HTTP server: routes a request, authenticates it, applies the daily limit, session
// expiry, 503 and lost-answer faults, counts it by kind, and answers with Sforce-Limit-Info.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, invalidSession, notFound } from '../core/errors.js';
import type { OrgState } from '../org.js';
import type { Session } from '../sessions.js';
import type { CallKind } from '../usage.js';
import { bulk2 } from './bulk2.js';
import { collections } from './collections.js';
import { controls } from './controls.js';
import { isKnownVersion, limits, resources, versions } from './data.js';
import { parseJsonBody, readBody, type Reply, type Request } from './http.js';
import { identity, token, userInfo } from './oauth.js';
import { query } from './query.js';
import { sobjects } from './sobjects.js';
import { uiApi } from './ui-api.js';

type Handler = (req: Request) => Reply | Promise<Reply>;

interface Route {
  kind: CallKind;
  methods: string[];
  write: boolean;
  handler: Handler;
}

/** Which handler serves a data API path (segments after /services/data/vXX.X/), and how it counts. */
function dataRoute(segments: string[], method: string): Route | null {
  const [first, second] = segments;
  const isWrite = method !== 'GET';
  switch (first) {
    case undefined:
      return { kind: 'other', methods: ['GET'], write: false, handler: resources };
    case 'limits':
      return { kind: 'limits', methods: ['GET'], write: false, handler: limits };
    case 'query':
    case 'queryAll':
      return segments.length <= 2 ? { kind: 'query', methods: ['GET'], write: false, handler: query } : null;
    case 'sobjects': {
      const describe =
        segments.length === 1 ||
        (segments.length === 2 && method === 'GET') ||
        (segments.length === 3 && segments[2] === 'describe');
      if (describe)
        return {
          kind: 'describe',
          methods: segments.length === 2 ? ['GET', 'POST'] : ['GET'],
          write: false,
          handler: sobjects
        };
      if (segments.length === 2) return { kind: 'sobject', methods: ['GET', 'POST'], write: true, handler: sobjects };
      if (segments.length <= 4)
        return { kind: 'sobject', methods: ['GET', 'PATCH', 'DELETE', 'POST'], write: isWrite, handler: sobjects };
      return null;
    }
    case 'composite':
      if (second !== 'sobjects') return null;
      if (segments.length === 2)
        return { kind: 'collections', methods: ['POST', 'PATCH', 'DELETE'], write: true, handler: collections };
      if (segments.length === 3)
        return { kind: 'collections', methods: ['GET', 'POST'], write: false, handler: collections };
      if (segments.length === 4) return { kind: 'collections', methods: ['PATCH'], write: true, handler: collections };
      return null;
    case 'jobs':
      if (second !== 'ingest') return null;
      if (segments.length === 2)
        return { kind: 'bulk2', methods: ['GET', 'POST'], write: method === 'POST', handler: bulk2 };
      if (segments.length === 3)
        return { kind: 'bulk2', methods: ['GET', 'PATCH', 'DELETE'], write: false, handler: bulk2 };
      if (segments.length === 4) {
        return segments[3] === 'batches'
          ? { kind: 'bulk2', methods: ['PUT'], write: true, handler: bulk2 }
          : { kind: 'bulk2', methods: ['GET'], write: false, handler: bulk2 };
      }
      return null;
    case 'ui-api':
      return { kind: 'other', methods: ['GET', 'POST', 'PATCH', 'DELETE'], write: false, handler: uiApi };
  }
  return null;
}

export interface ServerOptions {
  host: string;
  port: number;
  /** log one line per request to stderr */
  log: boolean;
}

export async function startServer(org: OrgState, options: ServerOptions): Promise<{ server: Server; url: string }> {
  let baseUrl = '';
  const server = createServer((req, res) => {
    const started = Date.now();
    handle(org, baseUrl, req, res)
      .catch((e: unknown) => {
        process.stderr.write(`local org: ${(e as Error).stack ?? String(e)}\n`);
        if (!res.headersSent)
          send(org, res, {
            status: 500,
            json: [
              { errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred in the local org; see its log' }
            ]
          });
      })
      .finally(() => {
        if (options.log) process.stderr.write(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms\n`);
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${options.host}:${address.port}`;
  return { server, url: baseUrl };
}

function send(org: OrgState, res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    'Sforce-Limit-Info': `api-usage=${org.usage.used}/${org.dailyLimit}`,
    ...reply.headers
  };
  if (reply.status === 204 || (reply.json === undefined && reply.text === undefined)) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const body = Buffer.from(reply.text ?? JSON.stringify(reply.json), 'utf8');
  res.writeHead(reply.status, {
    ...headers,
    'Content-Type': reply.contentType ?? 'application/json;charset=UTF-8',
    'Content-Length': String(body.length)
  });
  res.end(body);
}

async function handle(org: OrgState, baseUrl: string, raw: IncomingMessage, res: ServerResponse): Promise<void> {
  // Clients that keep the instance URL with a trailing slash send `//services/...`; Salesforce accepts it.
  const url = new URL((raw.url ?? '/').replace(/^\/{2,}/, '/'), baseUrl);
  const method = (raw.method ?? 'GET').toUpperCase();
  let bodyPromise: Promise<Buffer> | null = null;
  const body = () => (bodyPromise ??= readBody(raw));
  const makeRequest = (segments: string[], version: string, session: Session | null): Request => ({
    method,
    url,
    segments,
    headers: raw.headers,
    version,
    session,
    org,
    baseUrl,
    body,
    json: async () => parseJsonBody(await body())
  });
  const path = url.pathname.replace(/\/+$/, '');
  const parts = path.split('/').filter((s) => s !== '');
  try {
    if (parts[0] === '__local') return send(org, res, await controls(makeRequest(parts.slice(1), '', null)));
    if (path === '/services/oauth2/token' && method === 'POST')
      return send(org, res, await token(makeRequest([], '', null)));
    if (path === '/services/data' && method === 'GET') return send(org, res, versions());

    let route: Route | null = null;
    let segments: string[] = [];
    let version = '';
    if (path === '/services/oauth2/userinfo')
      route = { kind: 'other', methods: ['GET', 'POST'], write: false, handler: userInfo };
    else if (parts[0] === 'id' && parts.length === 3) {
      route = { kind: 'other', methods: ['GET'], write: false, handler: identity };
      segments = parts.slice(1);
    } else if (parts[0] === 'services' && parts[1] === 'data' && parts[2]?.startsWith('v')) {
      version = parts[2].slice(1);
      if (!isKnownVersion(version)) throw notFound();
      segments = parts.slice(3);
      route = dataRoute(segments, method);
    }
    if (!route) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

    const session = org.sessions.fromHeader(raw.headers.authorization);
    if (!session || org.sessions.expireIfUsedUp(session, org.faults.sessionExpiresAfterCalls)) throw invalidSession();
    if (org.usage.used >= org.dailyLimit)
      throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    if (!route.methods.includes(method)) {
      throw new ApiError(
        405,
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${method}' not allowed. Allowed are ${route.methods.join(',')}`
      );
    }
    org.usage.record(route.kind, route.write);
    session.calls++;
    await org.faults.delay();
    if (org.faults.unavailable())
      throw new ApiError(
        503,
        'SERVER_UNAVAILABLE',
        'Server temporarily unavailable (a fault injected by the local org)'
      );
    const reply = await route.handler(makeRequest(segments, version, session));
    if (route.write && org.faults.responseLost()) {
      res.destroy();
      return;
    }
    send(org, res, reply);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    send(org, res, { status: e.status, json: e.body() });
  }
}
