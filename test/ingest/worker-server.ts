// A real worker HTTP server on 127.0.0.1 (a free port) over a test store, with its own
// metrics registry so counts start at zero.
import { Secret } from '../../worker/config/secret.js';
import { createApp, type AppDeps } from '../../worker/server/app.js';
import { listen, type Listening } from '../../worker/server/listen.js';
import { createMetrics, type CairnMetrics } from '../../worker/server/metrics.js';
import type { Store } from '../../worker/store/store.js';

export const WRITE_KEY = 'wk_test_0123456789';

export interface TestServer extends Listening {
  metrics: CairnMetrics;
}

export async function startServer(store: Store, deps: Partial<AppDeps> = {}): Promise<TestServer> {
  const metrics = createMetrics();
  const app = createApp({ store, writeKey: new Secret(WRITE_KEY), metrics, log: () => undefined, ...deps });
  return { ...(await listen(app, 0, '127.0.0.1')), metrics };
}

export function basicAuth(writeKey = WRITE_KEY): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}

/** Reads one counter of the server's registry. */
export async function counter(metrics: CairnMetrics, name: string): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? Number.NaN;
}
