// soql-parser-js gives a WHERE clause as a right-leaning chain with parenthesis counts on
// its conditions. This turns it back into a tree (NOT binds to what follows it; AND and OR
// may not be mixed at one level without parentheses, as in SOQL).

import type { ConditionWithValueQuery, WhereClause } from '@jetstreamapp/soql-parser-js';
import { ApiError } from '../core/errors.js';

export type BoolTree =
  | { kind: 'and' | 'or'; items: BoolTree[] }
  | { kind: 'not'; item: BoolTree }
  | { kind: 'cond'; cond: ConditionWithValueQuery };

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: ConditionWithValueQuery };

function flatten(where: WhereClause | undefined, out: Token[]): void {
  if (!where) return;
  const left = where.left as
    (ConditionWithValueQuery & { openParen?: number; closeParen?: number }) | { openParen?: number } | null;
  const operator = 'operator' in where ? where.operator : undefined;
  const right = 'right' in where ? where.right : undefined;
  const isCondition = left !== null && ('field' in left || 'fn' in left);
  if (operator === 'NOT' && !isCondition) {
    for (let i = 0; i < (left?.openParen ?? 0); i++) out.push('(');
    out.push('NOT');
    flatten(right, out);
    return;
  }
  if (!left || !isCondition) throw new ApiError(400, 'MALFORMED_QUERY', 'unexpected token in WHERE clause');
  for (let i = 0; i < (left.openParen ?? 0); i++) out.push('(');
  out.push({ cond: left as ConditionWithValueQuery });
  for (let i = 0; i < (left.closeParen ?? 0); i++) out.push(')');
  if (operator) {
    out.push(operator);
    flatten(right, out);
  }
}

export function whereTree(where: WhereClause): BoolTree {
  const tokens: Token[] = [];
  flatten(where, tokens);
  let pos = 0;
  const unexpected = (t: Token | undefined) =>
    new ApiError(
      400,
      'MALFORMED_QUERY',
      `unexpected token: ${t === undefined ? '<EOF>' : typeof t === 'string' ? t : 'condition'}`
    );

  const unary = (): BoolTree => {
    const t = tokens[pos++];
    if (t === 'NOT') return { kind: 'not', item: unary() };
    if (t === '(') {
      const inner = expr();
      if (tokens[pos++] !== ')') throw unexpected(tokens[pos - 1]);
      return inner;
    }
    if (t && typeof t === 'object') return { kind: 'cond', cond: t.cond };
    throw unexpected(t);
  };

  const expr = (): BoolTree => {
    const items = [unary()];
    let op: 'AND' | 'OR' | null = null;
    while (tokens[pos] === 'AND' || tokens[pos] === 'OR') {
      const next = tokens[pos++] as 'AND' | 'OR';
      if (op && next !== op) throw unexpected(next);
      op = next;
      items.push(unary());
    }
    return op ? { kind: op === 'AND' ? 'and' : 'or', items } : (items[0] as BoolTree);
  };

  const tree = expr();
  if (pos !== tokens.length) throw unexpected(tokens[pos]);
  return tree;
}
