// The admin endpoints of DESIGN §5.3, behind a Bearer token (CAIRN_ADMIN_TOKEN):
//   POST /sync      → 202 {"runId"} once the run is recorded; 409 while a run is going
//                     (?dryRun=true: compute and record the planned writes, write nothing)
//   GET  /runs      → the latest runs, newest first (?limit=N, at most 200)
//   GET  /runs/:id  → one run: start, end, status, counts per object and operation, API
//                     calls, and every failed row with its error and the values it carried
// Without a configured token they answer 503 (closed), never open.

import express, { type RequestHandler, type Router } from 'express';
import type { Secret } from '../config/secret.js';
import { SyncAlreadyRunningError } from '../store/errors.js';
import type { RunDetail, RunRecord, Store } from '../store/store.js';
import { rowFix } from '../sync/row-fix.js';
import { ShuttingDownError, type SyncService } from './sync-service.js';

export interface AdminRouteDeps {
  store: Store;
  sync: SyncService;
  /** CAIRN_ADMIN_TOKEN; null closes the admin endpoints (503) */
  adminToken: Secret | null;
}

const MAX_RUNS = 200;

export function adminTokenAuth(token: Secret | null): RequestHandler {
  return (req, res, next) => {
    if (!token) {
      res.status(503).json({ error: 'the admin endpoints are closed: set CAIRN_ADMIN_TOKEN and restart the worker' });
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match || !token.matches(match[1] ?? '')) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="cairn admin"')
        .json({ error: 'bad or missing admin token: send Authorization: Bearer <CAIRN_ADMIN_TOKEN>' });
      return;
    }
    next();
  };
}

/** The run summary's figures in the order of DESIGN §5.1's result (the store keeps them as JSON, unordered). */
const SUMMARY_KEYS = [
  'dryRun',
  'opportunitiesInScope',
  'writes',
  'apiCalls',
  'apiCallsByKind',
  'retries',
  'notAttempted',
  'durationMs',
  'plannedWriteCount',
  'skipped',
  'warnings',
  'usage',
  'error'
] as const;

/** A run as the history lists it: start, end, status, and its summary's figures. */
function runView(run: RunRecord): Record<string, unknown> {
  const summary = run.summary ?? {};
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    ...Object.fromEntries(SUMMARY_KEYS.filter((key) => key in summary).map((key) => [key, summary[key]])),
    failedRowCount: run.failedRowCount
  };
}

function runDetailView(run: RunDetail): Record<string, unknown> {
  return {
    ...runView(run),
    failedRows: run.failedRows.map((row) => ({
      object: row.object,
      id: row.id,
      key: row.key,
      statusCode: row.statusCode,
      message: row.message,
      fields: row.fields,
      fix: rowFix(row.object, row.statusCode, row.fields),
      values: row.values
    }))
  };
}

export function adminRouter(deps: AdminRouteDeps): Router {
  const router = express.Router();
  const auth = adminTokenAuth(deps.adminToken);

  router.post('/sync', auth, async (req, res) => {
    try {
      const runId = await deps.sync.start({ dryRun: req.query['dryRun'] === 'true' });
      res.status(202).location(`/runs/${runId}`).json({ runId });
    } catch (error) {
      if (error instanceof SyncAlreadyRunningError) {
        res.status(409).json({ error: error.message });
      } else if (error instanceof ShuttingDownError) {
        res.status(503).json({ error: error.message });
      } else {
        throw error;
      }
    }
  });

  router.get('/runs', auth, async (req, res) => {
    const raw = req.query['limit'];
    const limit = raw === undefined ? 20 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS) {
      res.status(400).json({ error: `limit must be a whole number from 1 to ${MAX_RUNS}, got ${JSON.stringify(raw)}` });
      return;
    }
    const runs = await deps.store.listRuns(limit);
    res.json({ runs: runs.map(runView) });
  });

  router.get('/runs/:id', auth, async (req, res) => {
    const id = String(req.params['id']);
    const run = /^[0-9a-f-]{36}$/i.test(id) ? await deps.store.getRun(id) : null;
    if (!run) {
      res.status(404).json({ error: `no run ${JSON.stringify(id)}; GET /runs lists the recent ones` });
      return;
    }
    res.json(runDetailView(run));
  });

  return router;
}
