// POST /v1/batch, /v1/track, /v1/identify, /v1/group (DESIGN §3, §5.3). Auth comes before
// the body is read; a body that is too large or not JSON is refused whole (413 / 400) by the
// app's error handler, before anything is stored.
import express, { type Request, type Response, type Router } from 'express';
import type { Secret } from '../config/secret.js';
import { ingestSegmentMessages, type SegmentOutcome, type SegmentType } from '../ingest/segment.js';
import type { Store } from '../store/store.js';
import type { CairnMetrics } from './metrics.js';
import { writeKeyAuth } from './write-key-auth.js';

export interface SegmentRouteDeps {
  store: Store;
  writeKey: Secret | null;
  now: () => Date;
  maxBodyBytes: number;
  metrics: CairnMetrics;
  npsEvent: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function segmentRouter(deps: SegmentRouteDeps): Router {
  const router = express.Router();
  router.use(writeKeyAuth(deps.writeKey));
  // any content type: browsers' sendBeacon posts JSON as text/plain
  router.use(express.json({ limit: deps.maxBodyBytes, type: () => true }));

  const count = (outcome: SegmentOutcome) => {
    deps.metrics.eventsIngested.inc(outcome.inserted);
    deps.metrics.eventsDuplicate.inc(outcome.duplicates);
    for (const { kind } of outcome.rejected) deps.metrics.eventsRejected.inc({ reason: kind });
  };
  const refuse = (res: Response, error: string) => {
    res.status(400).json({ success: false, error });
  };

  router.post('/batch', async (req: Request, res: Response) => {
    const body: unknown = req.body;
    if (!isObject(body) || !Array.isArray(body.batch)) {
      refuse(res, 'expected a JSON object with a "batch" array of Segment messages');
      return;
    }
    const outcome = await ingestSegmentMessages(deps.store, body.batch, {
      now: deps.now(),
      npsEvent: deps.npsEvent,
      batchContext: isObject(body.context) ? body.context : undefined
    });
    count(outcome);
    const rejected = outcome.rejected.map(({ index, reason }) => ({ index, reason }));
    res.json(rejected.length > 0 ? { success: true, rejected } : { success: true });
  });

  for (const type of ['track', 'identify', 'group'] as const satisfies readonly SegmentType[]) {
    router.post(`/${type}`, async (req: Request, res: Response) => {
      const body: unknown = req.body;
      if (!isObject(body)) {
        refuse(res, `expected a JSON object: one Segment ${type} message`);
        return;
      }
      const outcome = await ingestSegmentMessages(deps.store, [body], {
        now: deps.now(),
        type,
        npsEvent: deps.npsEvent
      });
      count(outcome);
      const [rejection] = outcome.rejected;
      if (rejection) refuse(res, rejection.reason);
      else res.json({ success: true });
    });
  }
  return router;
}
