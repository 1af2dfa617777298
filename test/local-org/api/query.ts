// GET query and queryAll, with nextRecordsUrl paging (2,000 rows a page unless the
// Sforce-Query-Options header asks for a batchSize between 200 and 2,000).

import { ApiError } from '../core/errors.js';
import { compileQuery } from '../soql/compile.js';
import type { QueryCursor } from '../org.js';
import { json, segment, type Reply, type Request } from './http.js';

const DEFAULT_BATCH = 2000;

function batchSize(req: Request): number {
  const header = req.headers['sforce-query-options'];
  const m = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  if (!m) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(200, Number(m[1])));
}

/** GET query?q= or queryAll?q= (segments[0] is `query` or `queryAll`). */
export function query(req: Request): Reply {
  const includeDeleted = req.segments[0] === 'queryAll';
  if (req.segments.length > 1) return nextPage(req);
  const soql = req.url.searchParams.get('q');
  if (!soql) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  const plan = compileQuery(soql, req.org.schema, req.org.clock.today());
  const rows = req.org.runner.run(plan, includeDeleted);
  if (plan.count) return json(200, { totalSize: rows.length, done: true, records: [] });
  return page(req, { plan, rows, includeDeleted }, 0, null);
}

function nextPage(req: Request): Reply {
  const m = /^([0-9A-Za-z]{18})-(\d+)$/.exec(segment(req, 1));
  const cursor = m ? req.org.cursors.get(m[1] as string) : undefined;
  if (!m || !cursor) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  return page(req, cursor, Number(m[2]), m[1] as string);
}

function page(req: Request, cursor: QueryCursor, start: number, locator: string | null): Reply {
  const size = batchSize(req);
  const end = Math.min(cursor.rows.length, start + size);
  const records = cursor.rows.slice(start, end).map((r) => req.org.runner.shape(r, cursor.plan, req.version, cursor.includeDeleted));
  const done = end >= cursor.rows.length;
  const body: Record<string, unknown> = { totalSize: cursor.rows.length, done };
  if (!done) {
    const id = locator ?? req.org.openCursor(cursor);
    body.nextRecordsUrl = `/services/data/v${req.version}/${req.segments[0]}/${id}-${end}`;
  } else if (locator) {
    req.org.cursors.delete(locator);
  }
  body.records = records;
  return json(200, body);
}
