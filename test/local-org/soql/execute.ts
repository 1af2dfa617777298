// Runs a QueryPlan against the store and shapes rows the way the REST API returns them:
// `attributes {type, url}` on every record, parent relationships as nested records (or
// null), child relationships as `{totalSize, done, records}` (or null).

import { readField, type Rec, type Schema } from '../schema/index.js';
import type { Store } from '../data/store.js';
import { comparable } from './compile.js';
import { valueAt, type ExecContext, type QueryPlan, type ReadScope, type SortKey } from './plan.js';

/** Child records returned inline per parent; the rest follow through the child set's nextRecordsUrl. */
export const CHILD_BATCH = 200;

export class QueryRunner {
  constructor(
    private readonly schema: Schema,
    private readonly store: Store
  ) {}

  /** The matching records, sorted, after OFFSET and LIMIT. */
  run(plan: QueryPlan, scope: ReadScope, candidates?: Iterable<Rec>): Rec[] {
    const includeDeleted = scope.includeDeleted;
    const ctx: ExecContext = {
      ...scope,
      store: this.store,
      run: (inner) => this.run(inner, scope)
    };
    const matcher = plan.filter?.bind(ctx) ?? null;
    const source = candidates ?? this.candidates(plan);
    let rows: Rec[] = [];
    for (const record of source) {
      if (!includeDeleted && record.IsDeleted === true) continue;
      if (matcher && !matcher(record)) continue;
      rows.push(record);
    }
    if (plan.orderBy.length) rows = this.sort(rows, plan.orderBy, ctx);
    const end = plan.limit === null ? undefined : plan.offset + plan.limit;
    return plan.offset || end !== undefined ? rows.slice(plan.offset, end) : rows;
  }

  private candidates(plan: QueryPlan): Iterable<Rec> {
    const narrow = plan.filter?.narrow;
    if (!narrow) return this.store.all(plan.object.name);
    if (narrow.field.type === 'id') {
      return narrow.ids
        .map((id) => this.store.get(id))
        .filter((r): r is Rec => r !== undefined && this.schema.objectForId(r.Id as string) === plan.object);
    }
    const seen = new Set<string>();
    const out: Rec[] = [];
    for (const id of narrow.ids) {
      for (const r of this.store.children(plan.object.name, narrow.field.name, id)) {
        if (!seen.has(r.Id as string)) {
          seen.add(r.Id as string);
          out.push(r);
        }
      }
    }
    return out.sort((a, b) => (creationOrder(a) < creationOrder(b) ? -1 : 1));
  }

  private sort(rows: Rec[], keys: SortKey[], ctx: ExecContext): Rec[] {
    const keyed = rows.map((record, index) => ({
      record,
      index,
      values: keys.map((k) => comparable(k.path.field, valueAt(record, k.path, ctx)))
    }));
    keyed.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as SortKey;
        const x = a.values[i] ?? null;
        const y = b.values[i] ?? null;
        if (x === y) continue;
        if (x === null) return key.nullsLast ? 1 : -1;
        if (y === null) return key.nullsLast ? -1 : 1;
        const c = x < y ? -1 : 1;
        return key.desc ? -c : c;
      }
      return a.index - b.index;
    });
    return keyed.map((k) => k.record);
  }

  /**
   * One record as the REST API returns it for this plan's columns. A child set longer than
   * CHILD_BATCH comes back cut short, with a `nextRecordsUrl` on a cursor `openChildCursor` opens.
   */
  shape(
    record: Rec,
    plan: QueryPlan,
    version: string,
    scope: ReadScope,
    openChildCursor: (cursor: { plan: QueryPlan; rows: Rec[]; scope: ReadScope }) => string
  ): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: this.attributes(record, version) };
    for (const column of plan.columns) {
      if (column.kind === 'child') {
        const children = this.run(
          column.plan,
          scope,
          this.store.children(column.rel.childSObject, column.rel.field, record.Id as string)
        );
        if (children.length === 0) {
          out[column.relationshipName] = null;
          continue;
        }
        const first = children.slice(0, CHILD_BATCH);
        const result: Record<string, unknown> = { totalSize: children.length, done: first.length === children.length };
        if (!result.done) {
          const locator = openChildCursor({ plan: column.plan, rows: children, scope });
          result.nextRecordsUrl = `/services/data/v${version}/query/${locator}-${CHILD_BATCH}`;
        }
        result.records = first.map((c) => this.shape(c, column.plan, version, scope, openChildCursor));
        out[column.relationshipName] = result;
        continue;
      }
      const { hops, fieldName } = column.path;
      let target = out;
      let current: Rec | undefined = record;
      for (const hop of hops) {
        const existing = target[hop.relationshipName];
        const parentId: unknown = current?.[hop.field.name];
        const parent: Rec | undefined = typeof parentId === 'string' ? this.store.get(parentId) : undefined;
        if (existing === undefined)
          target[hop.relationshipName] = parent ? { attributes: this.attributes(parent, version) } : null;
        const next = target[hop.relationshipName];
        if (next === null || !parent) {
          current = undefined;
          break;
        }
        target = next as Record<string, unknown>;
        current = parent;
      }
      if (current) target[fieldName] = readField(current, column.path.field, scope.userId);
    }
    return out;
  }

  attributes(record: Rec, version: string): { type: string; url: string } {
    const type = this.schema.objectForId(record.Id as string)?.name ?? 'Unknown';
    return { type, url: `/services/data/v${version}/sobjects/${type}/${String(record.Id)}` };
  }
}

/** Ids count up per object, so the counter part orders records by creation. */
function creationOrder(record: Rec): string {
  return String(record.Id).slice(6, 15);
}
