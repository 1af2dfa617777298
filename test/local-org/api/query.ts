// GET query and queryAll, with nextRecordsUrl paging (2,000 rows a page unless the
// Sforce-Query-Options header asks for a batchSize between 200 and 2,000).

import { ApiError } from '../core/errors.js';
import { compileQuery, loadSoqlParser } from '../soql/compile.js';
import type { FieldDef } from '../schema/index.js';
import type { Column, QueryPlan } from '../soql/plan.js';
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
export async function query(req: Request): Promise<Reply> {
  const scope = { includeDeleted: req.segments[0] === 'queryAll', userId: req.session?.userId ?? req.org.adminUserId };
  if (req.segments.length > 1) return nextPage(req);
  const soql = req.url.searchParams.get('q');
  if (!soql) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  await loadSoqlParser();
  const plan = compileQuery(soql, req.org.schema, req.org.clock.today(), req.version);
  if (req.url.searchParams.get('columns') === 'true') return json(200, columnsOf(plan));
  const rows = req.org.runner.run(plan, scope);
  if (plan.count) return json(200, { totalSize: rows.length, done: true, records: [] });
  return page(req, { plan, rows, scope }, 0, null);
}

function nextPage(req: Request): Reply {
  const m = /^([0-9A-Za-z]{18})-(\d+)$/.exec(segment(req, 1));
  const cursor = m ? req.org.cursor(m[1] as string) : undefined;
  if (!m || !cursor) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  return page(req, cursor, Number(m[2]), m[1] as string);
}

function page(req: Request, cursor: QueryCursor, start: number, locator: string | null): Reply {
  const size = batchSize(req);
  const end = Math.min(cursor.rows.length, start + size);
  const openChildCursor = (child: QueryCursor) => req.org.openCursor(child, 'child');
  const records = cursor.rows
    .slice(start, end)
    .map((r) => req.org.runner.shape(r, cursor.plan, req.version, cursor.scope, openChildCursor));
  const done = end >= cursor.rows.length;
  const body: Record<string, unknown> = { totalSize: cursor.rows.length, done };
  if (!done) {
    const id = locator ?? req.org.openCursor(cursor, 'query');
    body.nextRecordsUrl = `/services/data/v${req.version}/${req.segments[0]}/${id}-${end}`;
  } else if (locator) {
    req.org.closeCursor(locator);
  }
  body.records = records;
  return json(200, body);
}

const APEX_TYPES: Partial<Record<FieldDef['type'], string>> = {
  id: 'Id',
  reference: 'Id',
  boolean: 'Boolean',
  double: 'Double',
  currency: 'Double',
  percent: 'Double',
  int: 'Integer',
  date: 'Date',
  datetime: 'Datetime'
};

interface ColumnMeta {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: null;
  insertable: boolean;
  joinColumns: ColumnMeta[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

const meta = (name: string, aggregate: boolean, field?: FieldDef): ColumnMeta => ({
  aggregate,
  apexType: field ? (APEX_TYPES[field.type] ?? 'String') : null,
  booleanType: field?.type === 'boolean',
  columnName: name,
  custom: field?.custom ?? false,
  displayName: name,
  foreignKeyName: null,
  insertable: field?.createable ?? false,
  joinColumns: [],
  numberType: field !== undefined && ['double', 'currency', 'percent', 'int'].includes(field.type),
  textType: field !== undefined && APEX_TYPES[field.type] === undefined,
  updatable: field?.updateable ?? false
});

function columnMetadata(columns: Column[]): ColumnMeta[] {
  const out: ColumnMeta[] = [];
  for (const column of columns) {
    if (column.kind === 'child') {
      out.push({ ...meta(column.relationshipName, true), joinColumns: columnMetadata(column.plan.columns) });
      continue;
    }
    let level = out;
    for (const hop of column.path.hops) {
      let parent = level.find((c) => c.columnName === hop.relationshipName && !c.aggregate);
      if (!parent) {
        parent = meta(hop.relationshipName, false);
        level.push(parent);
      }
      level = parent.joinColumns;
    }
    level.push(meta(column.path.fieldName, false, column.path.field));
  }
  return out;
}

/** GET query?q=...&columns=true: the columns a query returns (what `sf data query` reads first). */
function columnsOf(plan: QueryPlan) {
  return {
    columnMetadata: plan.count ? [] : columnMetadata(plan.columns),
    entityName: plan.object.name,
    groupBy: false,
    idSelected: plan.columns.some((c) => c.kind === 'field' && c.path.hops.length === 0 && c.path.field.type === 'id'),
    keyPrefix: plan.object.keyPrefix
  };
}
