// The worker's HTTP API (DESIGN §5.3): health, readiness, Prometheus metrics and Segment
// ingestion. Other parts add their routes (sync, runs) as routers in `deps.routers`.
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Secret } from '../config/secret.js';
import type { Store } from '../store/store.js';
import { waitingEventsNote, waitingSince } from '../ingest/waiting-events.js';
import { metrics as processMetrics, type CairnMetrics } from './metrics.js';
import { segmentRouter } from './segment-routes.js';
import { DEFAULT_SATISFACTION_CONFIG } from '../core/satisfaction.js';

export interface ReadinessCheck {
  /** shown in /readyz, e.g. "salesforce" */
  name: string;
  /** resolves when the dependency answers, optionally with a note; rejects with the reason otherwise */
  check: () => Promise<string | void>;
}

export interface AppDeps {
  store: Store;
  /** CAIRN_WRITE_KEY; null keeps ingestion closed (503) */
  writeKey: Secret | null;
  /** the time ingestion uses for missing timestamps and the future-date limit (default: the clock) */
  now?: () => Date;
  /** default 512,000 (config ingestion.maxBodyBytes) */
  maxBodyBytes?: number;
  /** satisfaction.npsEvent: tracks of this name must carry an NPS score (default nps_submitted) */
  npsEvent?: string;
  /** readiness checks besides the store's own */
  checks?: readonly ReadinessCheck[];
  /** default: the process-wide metrics of ./metrics.ts */
  metrics?: CairnMetrics;
  /** more routes, mounted before the 404 handler */
  routers?: readonly Router[];
  /** where unexpected errors are reported (default console.error); never given secrets */
  log?: (message: string) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 512_000;
const CHECK_TIMEOUT_MS = 5000;

async function runCheck(
  check: ReadinessCheck
): Promise<{ name: string; ok: boolean; reason?: string; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  try {
    const detail = await Promise.race([check.check(), timeout]);
    return detail ? { name: check.name, ok: true, detail } : { name: check.name, ok: true };
  } catch (error) {
    return { name: check.name, ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function createApp(deps: AppDeps): Express {
  const metrics = deps.metrics ?? processMetrics;
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = deps.log ?? ((message: string) => console.error(message));
  const now = deps.now ?? (() => new Date());
  const checks: ReadinessCheck[] = [
    { name: 'store', check: () => deps.store.ping() },
    { name: 'events', check: async () => waitingEventsNote(await deps.store.pendingEvents(waitingSince(now()))) },
    ...(deps.checks ?? [])
  ];

  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(checks.map(runCheck));
    const ready = results.every((r) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: results });
  });

  app.get('/metrics', async (_req, res) => {
    metrics.eventsPendingAccount.set((await deps.store.pendingEvents(new Date(0))).total);
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(
    '/v1',
    segmentRouter({
      store: deps.store,
      writeKey: deps.writeKey,
      now,
      maxBodyBytes,
      metrics,
      npsEvent: deps.npsEvent ?? DEFAULT_SATISFACTION_CONFIG.npsEvent
    })
  );

  for (const router of deps.routers ?? []) app.use(router);

  app.use((req, res) => {
    res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
  });

  const onError: ErrorRequestHandler = (
    error: { type?: string; status?: number; message?: string },
    req,
    res,
    _next
  ) => {
    switch (error.type) {
      case 'entity.too.large':
        res.status(413).json({
          success: false,
          error: `request body is over the ${maxBodyBytes}-byte limit; nothing was stored. Send smaller batches`
        });
        return;
      case 'entity.parse.failed':
        res
          .status(400)
          .json({ success: false, error: `request body is not valid JSON (${error.message}); nothing was stored` });
        return;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        res
          .status(415)
          .json({ success: false, error: `${error.message}; send UTF-8 JSON, optionally gzip or deflate encoded` });
        return;
      case 'request.aborted':
      case 'request.size.invalid':
        res.status(400).json({ success: false, error: `${error.message}; nothing was stored` });
        return;
    }
    log(`cairn worker: ${req.method} ${req.path} failed: ${error.message ?? String(error)}`);
    if (res.headersSent) return;
    res.status(500).json({ success: false, error: 'internal error; nothing was acknowledged, retry the request' });
  };
  app.use(onError);
  return app;
}
