// SOQL text → QueryPlan, checked against the schema the way Salesforce checks it: unknown
// objects (INVALID_TYPE), fields and relationships (INVALID_FIELD), literal types
// (INVALID_QUERY_FILTER_OPERATOR). What the local org does not implement is refused with
// MALFORMED_QUERY rather than answered wrongly.

import type {
  ConditionWithValueQuery,
  FieldType as SelectItem,
  Query,
  Subquery,
  ValueCondition,
  ValueQueryCondition
} from '@jetstreamapp/soql-parser-js';
import { ApiError, unsupportedTypeMessage } from '../core/errors.js';
import { addDays, formatDateTime, parseDateTime } from '../core/clock.js';
import { normalizeId } from '../core/ids.js';
import {
  NUMBER_TYPES,
  TEXT_TYPES,
  type FieldDef,
  type Rec,
  type Schema,
  type SObjectDef,
  type Value
} from '../schema/index.js';
import { dateLiteralRange } from './date-literals.js';
import {
  valueAt,
  type Column,
  type ExecContext,
  type FieldPath,
  type Filter,
  type Matcher,
  type QueryPlan,
  type SortKey
} from './plan.js';
import { whereTree, type BoolTree } from './where.js';

const MAX_OFFSET = 2000;
const MAX_HOPS = 5;

const NO_SUCH_COLUMN_TAIL =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const RELATIONSHIP_TAIL =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

/** A comparable form of a literal or a field value: text lower-cased, everything else as stored. */
type Comparable = string | number | boolean;

type Literal =
  | { kind: 'null' }
  | { kind: 'value'; value: Comparable }
  /** a date literal: [lo, hi] inclusive for dates, [lo, hi) for date-times */
  | { kind: 'range'; lo: string; hi: string; hiInclusive: boolean };

const unsupported = (what: string): ApiError =>
  new ApiError(
    400,
    'MALFORMED_QUERY',
    `${what} is not supported by the local org (a stand-in for Salesforce in tests); rewrite the query without it`
  );

type ParseQuery = (typeof import('@jetstreamapp/soql-parser-js'))['parseQuery'];
let parseQuery: ParseQuery | null = null;

/**
 * Loads the SOQL parser. It takes most of a second to build its grammar, so the org starts
 * without it and loads it in the background; a query waits for it.
 */
export async function loadSoqlParser(): Promise<void> {
  parseQuery ??= (await import('@jetstreamapp/soql-parser-js')).parseQuery;
}

/**
 * API version 58.0 and later nest parent-to-child subqueries (up to five levels, REST and
 * SOAP query calls; no object chain in the local org's schema goes that deep).
 */
const NESTING_FROM_VERSION = 58;

/** Compiles a query made in API version `version` (e.g. `62.0`); call `loadSoqlParser` once first. */
export function compileQuery(soql: string, schema: Schema, today: string, version: string): QueryPlan {
  if (!parseQuery) throw new Error('compileQuery before loadSoqlParser');
  let parsed: Query;
  try {
    parsed = parseQuery(soql);
  } catch (e) {
    throw new ApiError(
      400,
      'MALFORMED_QUERY',
      located(soql, null, `unexpected token: ${(e as Error).message.split('\n')[0] ?? ''}`)
    );
  }
  return new Compiler(soql, schema, today, Number.parseFloat(version)).query(parsed, 'top');
}

/** Salesforce's error text: the query line, a caret under the column, and the message. */
function located(soql: string, token: string | null, message: string): string {
  let index = token ? soql.toLowerCase().indexOf(token.toLowerCase()) : -1;
  if (index < 0) index = 0;
  const before = soql.slice(0, index);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = index - lineStart + 1;
  const lineEnd = soql.indexOf('\n', index);
  const line = soql.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${message}`;
}

class Compiler {
  constructor(
    private readonly soql: string,
    private readonly schema: Schema,
    private readonly today: string,
    private readonly version: number
  ) {}

  private fail(status: number, code: string, token: string | null, message: string): ApiError {
    return new ApiError(status, code, located(this.soql, token, message));
  }

  query(q: Query | Subquery, level: 'top' | 'child' | 'semi', childObject?: SObjectDef): QueryPlan {
    const object = childObject ?? this.objectOf((q as Query).sObject ?? '');
    if (q.groupBy) throw unsupported('GROUP BY');
    if (q.having) throw unsupported('HAVING');
    if (q.for) throw unsupported(`FOR ${q.for}`);
    if (q.update) throw unsupported(`UPDATE ${q.update}`);
    if (q.withDataCategory) throw unsupported('WITH DATA CATEGORY');
    if (q.usingScope) throw unsupported('USING SCOPE');

    const alias = q.sObjectAlias ?? null;
    const columns: Column[] = [];
    let count = false;
    const seen = new Set<string>();
    for (const item of q.fields ?? []) {
      const column = this.selectItem(item, object, alias, level);
      if (column === 'count') {
        count = true;
        continue;
      }
      const key = column.kind === 'field' ? pathKey(column.path) : `child:${column.relationshipName.toLowerCase()}`;
      if (seen.has(key))
        throw this.fail(400, 'MALFORMED_QUERY', null, `duplicate field selected: ${key.replace('child:', '')}`);
      seen.add(key);
      columns.push(column);
    }
    if (count && columns.length)
      throw this.fail(400, 'MALFORMED_QUERY', 'COUNT', 'COUNT() cannot be combined with other fields');
    if (level === 'semi' && (columns.length !== 1 || columns[0]?.kind !== 'field')) {
      throw this.fail(
        400,
        'MALFORMED_QUERY',
        null,
        'The selected field in a semi join or anti join sub-select must be a single Id or reference field'
      );
    }

    const filter = q.where ? this.filter(whereTree(q.where), object, alias, level) : null;
    const orderBy: SortKey[] = [];
    const orderItems = q.orderBy === undefined ? [] : Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy];
    for (const item of orderItems) {
      if (!('field' in item)) throw unsupported('ORDER BY on a function');
      const path = this.path(object, item.field, alias);
      if (!path.field.sortable)
        throw this.fail(
          400,
          'INVALID_FIELD',
          item.field,
          `field '${path.field.name}' can not be sorted in a query call`
        );
      const desc = item.order === 'DESC';
      orderBy.push({ path, desc, nullsLast: item.nulls ? item.nulls === 'LAST' : desc });
    }
    if (count && orderBy.length)
      throw this.fail(400, 'MALFORMED_QUERY', 'ORDER BY', 'ORDER BY is not allowed with COUNT()');
    const offset = q.offset ?? 0;
    if (offset > MAX_OFFSET)
      throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
    return { object, count, columns, filter, orderBy, limit: q.limit ?? null, offset };
  }

  private objectOf(name: string): SObjectDef {
    const object = this.schema.object(name);
    if (!object) throw this.fail(400, 'INVALID_TYPE', name, unsupportedTypeMessage(name));
    return object;
  }

  private selectItem(
    item: SelectItem,
    object: SObjectDef,
    alias: string | null,
    level: 'top' | 'child' | 'semi'
  ): Column | 'count' {
    switch (item.type) {
      case 'Field':
      case 'FieldRelationship': {
        if ('alias' in item && item.alias && item.type === 'Field')
          throw this.fail(400, 'MALFORMED_QUERY', item.alias, `unexpected token: ${item.alias}`);
        const text = item.type === 'Field' ? item.field : [...item.relationships, item.field].join('.');
        return { kind: 'field', path: this.path(object, text, alias) };
      }
      case 'FieldSubquery': {
        if (level === 'child' && this.version < NESTING_FROM_VERSION)
          throw this.fail(
            400,
            'MALFORMED_QUERY',
            item.subquery.relationshipName,
            `Nesting of parent-child relationship subqueries needs API version ${NESTING_FROM_VERSION}.0 or later; this call is in ${this.version.toFixed(1)}`
          );

        const name = item.subquery.relationshipName;
        const rel = object.childRelationship(name);
        const child = rel ? this.schema.object(rel.childSObject) : undefined;
        if (!rel || !child) {
          throw this.fail(
            400,
            'INVALID_TYPE',
            name,
            `Didn't understand relationship '${name}' in FROM part of query call. ${RELATIONSHIP_TAIL}`
          );
        }
        return {
          kind: 'child',
          relationshipName: rel.relationshipName ?? name,
          rel,
          plan: this.query(item.subquery, 'child', child)
        };
      }
      case 'FieldFunctionExpression':
        if (
          item.functionName.toUpperCase() === 'COUNT' &&
          item.parameters.length === 0 &&
          level === 'top' &&
          !item.alias
        )
          return 'count';
        throw unsupported(`${item.rawValue ?? item.functionName + '()'} (only COUNT() is)`);
      case 'FieldTypeof':
        throw unsupported('TYPEOF');
    }
  }

  /** Resolves `Account.Owner.Name` (with an optional leading alias) from an object. */
  path(object: SObjectDef, text: string, alias: string | null): FieldPath {
    let parts = text.split('.');
    if (alias && parts.length > 1 && parts[0]?.toLowerCase() === alias.toLowerCase()) parts = parts.slice(1);
    if (parts.length - 1 > MAX_HOPS) {
      throw this.fail(
        400,
        'MALFORMED_QUERY',
        text,
        `SOQL statements cannot query relationships that are more than ${MAX_HOPS} levels away from the root entity object.`
      );
    }
    const hops: FieldPath['hops'] = [];
    let targets = [object];
    for (const rel of parts.slice(0, -1)) {
      const from = targets[0] as SObjectDef;
      const field = targets.length === 1 ? from.parentRelationship(rel) : undefined;
      if (!field)
        throw this.fail(
          400,
          'INVALID_FIELD',
          rel,
          `Didn't understand relationship '${rel}' in field path. ${RELATIONSHIP_TAIL}`
        );
      targets = field.referenceTo
        .map((name) => this.schema.object(name))
        .filter((o): o is SObjectDef => o !== undefined);
      hops.push({ field, relationshipName: field.relationshipName ?? rel, targets });
    }
    const last = parts[parts.length - 1] ?? '';
    const defs = targets.map((t) => t.field(last));
    const field = defs[0];
    if (!field || defs.some((d) => d === undefined)) {
      const entity = targets.length === 1 ? (targets[0] as SObjectDef).name : 'Name';
      throw this.fail(
        400,
        'INVALID_FIELD',
        last,
        `No such column '${last}' on entity '${entity}'. ${NO_SUCH_COLUMN_TAIL}`
      );
    }
    if (field.unsupported) throw this.fail(400, 'INVALID_FIELD', last, `${field.name}: ${field.unsupported}`);
    return { hops, fieldName: field.name, field };
  }

  private filter(tree: BoolTree, object: SObjectDef, alias: string | null, level: 'top' | 'child' | 'semi'): Filter {
    const build = (node: BoolTree): ((ctx: ExecContext) => Matcher) => {
      switch (node.kind) {
        case 'and': {
          const parts = node.items.map(build);
          return (ctx) => {
            const ms = parts.map((p) => p(ctx));
            return (r) => ms.every((m) => m(r));
          };
        }
        case 'or': {
          const parts = node.items.map(build);
          return (ctx) => {
            const ms = parts.map((p) => p(ctx));
            return (r) => ms.some((m) => m(r));
          };
        }
        case 'not': {
          const inner = build(node.item);
          return (ctx) => {
            const m = inner(ctx);
            return (r) => !m(r);
          };
        }
        case 'cond':
          return this.condition(node.cond, object, alias, level);
      }
    };
    return { bind: build(tree), narrow: this.narrowing(tree, object, alias) };
  }

  /** A top-level `Id`/reference equality or IN list the executor can answer from an index. */
  private narrowing(tree: BoolTree, object: SObjectDef, alias: string | null): Filter['narrow'] {
    const conds =
      tree.kind === 'cond'
        ? [tree.cond]
        : tree.kind === 'and'
          ? tree.items.flatMap((i) => (i.kind === 'cond' ? [i.cond] : []))
          : [];
    for (const cond of conds) {
      if (!('field' in cond) || 'valueQuery' in cond) continue;
      if (cond.operator !== '=' && cond.operator !== 'IN') continue;
      const path = this.path(object, cond.field, alias);
      if (path.hops.length || (path.field.type !== 'id' && path.field.type !== 'reference')) continue;
      const raw = Array.isArray(cond.value) ? cond.value : [cond.value];
      const ids = raw.map((v) => normalizeId(unquote(String(v))));
      if (ids.some((id) => id === null)) continue;
      return { field: path.field, ids: ids as string[] };
    }
    return null;
  }

  private condition(
    cond: ConditionWithValueQuery,
    object: SObjectDef,
    alias: string | null,
    level: 'top' | 'child' | 'semi'
  ): (ctx: ExecContext) => Matcher {
    if (!('field' in cond)) throw unsupported('A function in WHERE');
    if ('valueQuery' in cond) return this.semiJoin(cond, this.path(object, cond.field, alias), object, level);
    return this.valueCondition(cond, object, alias);
  }

  private valueCondition(
    cond: ValueCondition & { dateLiteralVariable?: number | number[] },
    object: SObjectDef,
    alias: string | null
  ): (ctx: ExecContext) => Matcher {
    const path = this.path(object, cond.field, alias);
    const field = path.field;
    if (!field.filterable)
      throw this.fail(400, 'INVALID_FIELD', cond.field, `field '${field.name}' can not be filtered in a query call`);
    const op = cond.operator;
    if (op === 'INCLUDES' || op === 'EXCLUDES') throw unsupported(op);

    const get = (record: Rec, ctx: ExecContext): Comparable | null => comparable(field, valueAt(record, path, ctx));

    if (op === 'IN' || op === 'NOT IN') {
      const values = Array.isArray(cond.value) ? cond.value : [cond.value];
      const types = Array.isArray(cond.literalType) ? cond.literalType : values.map(() => cond.literalType);
      const ns = cond.dateLiteralVariable;
      const literals = values.map((v, i) =>
        this.literal(
          field,
          cond.field,
          types[i] as string | undefined,
          String(v),
          Array.isArray(ns) ? (ns[i] ?? null) : (ns ?? null)
        )
      );
      const negate = op === 'NOT IN';
      return (ctx) => (r) => {
        const v = get(r, ctx);
        const hit = literals.some((l) => matches('=', v, l));
        return negate ? !hit : hit;
      };
    }
    if (Array.isArray(cond.value)) throw this.fail(400, 'MALFORMED_QUERY', cond.field, `unexpected token: (`);
    const literalType = (Array.isArray(cond.literalType) ? cond.literalType[0] : cond.literalType) as
      string | undefined;
    const n = typeof cond.dateLiteralVariable === 'number' ? cond.dateLiteralVariable : null;

    if (op === 'LIKE') {
      if (!TEXT_TYPES.has(field.type)) {
        throw this.fail(
          400,
          'INVALID_QUERY_FILTER_OPERATOR',
          cond.field,
          `invalid operator on ${field.type} field: LIKE`
        );
      }
      if (literalType !== 'STRING') throw this.typeError(field, cond.field);
      const regex = likeRegex(String(cond.value), (bad) => this.fail(400, 'MALFORMED_QUERY', String(cond.value), bad));
      return (ctx) => (r) => {
        const v = valueAt(r, path, ctx);
        return v !== null && regex.test(String(v));
      };
    }
    const literal = this.literal(field, cond.field, literalType, String(cond.value), n);
    if (literal.kind === 'null' && op !== '=' && op !== '!=') {
      throw this.fail(400, 'INVALID_QUERY_FILTER_OPERATOR', cond.field, `invalid operator on null: ${op}`);
    }
    if (field.type === 'boolean' && op !== '=' && op !== '!=') {
      throw this.fail(400, 'INVALID_QUERY_FILTER_OPERATOR', cond.field, `invalid operator on boolean field: ${op}`);
    }
    return (ctx) => (r) => matches(op, get(r, ctx), literal);
  }

  private semiJoin(
    cond: ValueQueryCondition,
    path: FieldPath,
    object: SObjectDef,
    level: 'top' | 'child' | 'semi'
  ): (ctx: ExecContext) => Matcher {
    if (level === 'semi')
      throw this.fail(400, 'MALFORMED_QUERY', 'SELECT', 'Nesting of semi join sub-selects is not supported');
    if (cond.operator !== 'IN' && cond.operator !== 'NOT IN') throw unsupported(`${cond.operator} with a sub-select`);
    if (path.field.type !== 'id' && path.field.type !== 'reference') {
      throw this.fail(
        400,
        'MALFORMED_QUERY',
        cond.field,
        'Semi join and anti join sub-selects can only be compared with an Id or a reference field'
      );
    }
    const inner = this.query(cond.valueQuery, 'semi');
    if (inner.object === object) {
      throw this.fail(
        400,
        'MALFORMED_QUERY',
        'SELECT',
        'The inner and outer selects should not be on the same object type'
      );
    }
    const selected = inner.columns[0];
    if (
      !selected ||
      selected.kind !== 'field' ||
      (selected.path.field.type !== 'id' && selected.path.field.type !== 'reference')
    ) {
      throw this.fail(
        400,
        'MALFORMED_QUERY',
        'SELECT',
        'Selected field in the semi join sub-select must be an Id or a reference field'
      );
    }
    const negate = cond.operator === 'NOT IN';
    return (ctx) => {
      const values = new Set<Value>(ctx.run(inner).map((r) => valueAt(r, selected.path, ctx)));
      values.delete(null);
      return (r) => {
        const v = valueAt(r, path, ctx);
        const hit = v !== null && values.has(v);
        return negate ? !hit : hit;
      };
    };
  }

  private typeError(field: FieldDef, token: string): ApiError {
    const quoted = TEXT_TYPES.has(field.type) || field.type === 'id' || field.type === 'reference';
    const typeName = NUMBER_TYPES.has(field.type)
      ? 'double'
      : field.type === 'datetime'
        ? 'dateTime'
        : TEXT_TYPES.has(field.type)
          ? 'string'
          : field.type;
    return this.fail(
      400,
      'INVALID_QUERY_FILTER_OPERATOR',
      token,
      `value of filter criterion for field '${field.name}' must be of type ${typeName} and should ${quoted ? '' : 'not '}be enclosed in quotes`
    );
  }

  private literal(
    field: FieldDef,
    token: string,
    literalType: string | undefined,
    raw: string,
    n: number | null
  ): Literal {
    if (literalType === 'NULL') return { kind: 'null' };
    if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
      if (field.type !== 'date' && field.type !== 'datetime') throw this.typeError(field, token);
      const name = literalType === 'DATE_N_LITERAL' ? (raw.split(':')[0] ?? raw) : raw;
      const range = dateLiteralRange(name, n, this.today);
      if (!range) throw unsupported(`The date literal ${raw}`);
      return field.type === 'date'
        ? { kind: 'range', lo: range.start, hi: range.end, hiInclusive: true }
        : {
            kind: 'range',
            lo: range.start + 'T00:00:00.000+0000',
            hi: addDays(range.end, 1) + 'T00:00:00.000+0000',
            hiInclusive: false
          };
    }
    if (literalType === 'INTEGER_WITH_CURRENCY_PREFIX' || literalType === 'DECIMAL_WITH_CURRENCY_PREFIX')
      throw unsupported('A currency-prefixed number');
    if (TEXT_TYPES.has(field.type)) {
      if (literalType !== 'STRING') throw this.typeError(field, token);
      return { kind: 'value', value: this.unescape(raw).toLowerCase() };
    }
    switch (field.type) {
      case 'id':
      case 'reference': {
        if (literalType !== 'STRING') throw this.typeError(field, token);
        const text = this.unescape(raw);
        const id = normalizeId(text);
        if (id === null) throw this.fail(400, 'INVALID_QUERY_FILTER_OPERATOR', token, `invalid ID field: ${text}`);
        return { kind: 'value', value: id };
      }
      case 'boolean':
        if (literalType !== 'BOOLEAN') throw this.typeError(field, token);
        return { kind: 'value', value: raw.toUpperCase() === 'TRUE' };
      case 'date':
        if (literalType !== 'DATE') throw this.typeError(field, token);
        return { kind: 'value', value: raw };
      case 'datetime': {
        const ms = literalType === 'DATETIME' ? parseDateTime(raw) : null;
        if (ms === null) throw this.typeError(field, token);
        return { kind: 'value', value: formatDateTime(ms) };
      }
      default:
        if (literalType !== 'INTEGER' && literalType !== 'DECIMAL') throw this.typeError(field, token);
        return { kind: 'value', value: Number(raw) };
    }
  }

  /** A quoted SOQL string literal's text, escapes resolved (`\%`, `\_` only in LIKE). */
  private unescape(raw: string): string {
    return unescapeSoql(unquote(raw), false, (bad) => this.fail(400, 'MALFORMED_QUERY', raw, bad));
  }
}

function unquote(raw: string): string {
  return raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/** Resolves SOQL escapes; with `like`, `\%` and `\_` stay escaped (as `\u0000%`, `\u0000_`) for likeRegex. */
function unescapeSoql(text: string, like: boolean, fail: (message: string) => Error): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text.charAt(++i);
    if (next in ESCAPES) out += ESCAPES[next];
    else if (like && (next === '%' || next === '_')) out += '\u0000' + next;
    else throw fail(`Invalid string literal '${text}'. Illegal character sequence '\\${next}' in string literal.`);
  }
  return out;
}

function likeRegex(raw: string, fail: (message: string) => Error): RegExp {
  const text = unescapeSoql(unquote(raw), true, fail);
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\u0000') source += escapeRegex(text.charAt(++i));
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += escapeRegex(c);
  }
  return new RegExp(`^${source}$`, 'is');
}

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pathKey(path: FieldPath): string {
  return [...path.hops.map((h) => h.relationshipName), path.fieldName].join('.').toLowerCase();
}

/** A stored value in the form literals are compared with. */
export function comparable(field: FieldDef, value: Value): Comparable | null {
  if (value === null) return null;
  return TEXT_TYPES.has(field.type) ? String(value).toLowerCase() : value;
}

function matches(op: string, v: Comparable | null, literal: Literal): boolean {
  if (literal.kind === 'null') return op === '=' ? v === null : v !== null;
  if (literal.kind === 'value') {
    const l = literal.value;
    switch (op) {
      case '=':
        return v === l;
      case '!=':
        return v !== l;
      case '<':
        return v !== null && v < l;
      case '<=':
        return v !== null && v <= l;
      case '>':
        return v !== null && v > l;
      case '>=':
        return v !== null && v >= l;
    }
    return false;
  }
  const inRange = v !== null && v >= literal.lo && (literal.hiInclusive ? v <= literal.hi : v < literal.hi);
  switch (op) {
    case '=':
      return inRange;
    case '!=':
      return !inRange;
    case '<':
      return v !== null && v < literal.lo;
    case '>=':
      return v !== null && v >= literal.lo;
    case '<=':
      return v !== null && (literal.hiInclusive ? v <= literal.hi : v < literal.hi);
    case '>':
      return v !== null && (literal.hiInclusive ? v > literal.hi : v >= literal.hi);
  }
  return false;
}
