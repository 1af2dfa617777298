import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  server: Server;
  /** e.g. http://127.0.0.1:8700 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * How long a client may take. Node's defaults (headers within 60 s, the whole request within
 * 300 s, checked every 30 s) let a client that sends a byte at a time hold a connection for
 * minutes; these end it with 408 after 30 s, enough for a 500 KB batch at 17 KB/s.
 */
export const CLIENT_TIMEOUTS = {
  /** the request's headers must have arrived by then */
  headersMs: 10_000,
  /** the whole request, body included */
  requestMs: 30_000,
  /** an idle keep-alive connection is closed after this */
  keepAliveMs: 5_000,
  /** how often Node checks the two limits above */
  checkEveryMs: 1_000
} as const;

/** Starts the app on host:port (port 0 picks a free one) and resolves once it accepts connections. */
export function listen(app: Express, port: number, host = '0.0.0.0'): Promise<Listening> {
  const server = createServer(
    {
      headersTimeout: CLIENT_TIMEOUTS.headersMs,
      requestTimeout: CLIENT_TIMEOUTS.requestMs,
      connectionsCheckingInterval: CLIENT_TIMEOUTS.checkEveryMs
    },
    app
  );
  server.keepAliveTimeout = CLIENT_TIMEOUTS.keepAliveMs;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((closeError) => (closeError ? fail(closeError) : done()));
            server.closeAllConnections();
          })
      });
    });
  });
}
