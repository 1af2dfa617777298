// The preview's HTTP server on 127.0.0.1: the page, the built components, and a proxy from
// `/ui-api/...` (and `/describe/<Object>`) to the org that adds the access token, so the
// browser never holds it.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type Request, type Response } from 'express';

export interface OrgConnection {
  /** instance URL, e.g. http://127.0.0.1:8801 */
  url: string;
  accessToken: string;
}

export interface PreviewServerOptions {
  org: OrgConnection;
  apiVersion: string;
  /** directory with the built main.js and its chunks */
  buildDir: string;
  /** scripts/preview/client: index.html and page.css */
  clientDir: string;
  /** the user `@salesforce/user/Id` names in the page */
  userId: string;
  /** the Opportunity shown when the address has no ?recordId= */
  recordId: string;
  /** 0 picks a free port */
  port: number;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const page = readFileSync(path.join(options.clientDir, 'index.html'), 'utf8')
    .replace('{{userId}}', escapeHtml(options.userId))
    .replace('{{recordId}}', escapeHtml(options.recordId));
  const dataUrl = `${options.org.url.replace(/\/$/, '')}/services/data/v${options.apiVersion}`;

  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res.type('html').send(page);
  });
  app.get('/page.css', (_req, res) => {
    res.sendFile(path.join(options.clientDir, 'page.css'));
  });
  app.use('/build', express.static(options.buildDir, { fallthrough: false }));
  app.use('/ui-api', express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
    void forward(req, res, `${dataUrl}/ui-api${req.url}`, options.org.accessToken);
  });
  app.get('/describe/:sobject', (req, res) => {
    const sobject = String(req.params.sobject);
    if (!/^\w+$/.test(sobject)) {
      res.status(400).json([{ errorCode: 'INVALID_TYPE', message: `Not an object name: ${sobject}` }]);
      return;
    }
    void forward(req, res, `${dataUrl}/sobjects/${sobject}/describe`, options.org.accessToken);
  });

  const server = app.listen(options.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on 127.0.0.1 is in use; pick another with --port P (0 picks a free one).`)
          : error
      )
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })
  };
}

/** Sends the request on to the org with the token and hands back its status and body. */
async function forward(req: Request, res: Response, target: string, accessToken: string): Promise<void> {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body) && req.body.length > 0;
  try {
    const answer = await fetch(target, {
      method: req.method,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        Accept: 'application/json',
        ...(hasBody ? { 'Content-Type': 'application/json' } : {})
      },
      body: hasBody ? new Uint8Array(req.body as Buffer) : undefined
    });
    const body = Buffer.from(await answer.arrayBuffer());
    res.status(answer.status);
    const type = answer.headers.get('content-type');
    if (type) res.type(type);
    res.send(body);
  } catch (error) {
    res
      .status(502)
      .json([{ errorCode: 'ORG_UNREACHABLE', message: `The org did not answer: ${(error as Error).message}` }]);
  }
}
