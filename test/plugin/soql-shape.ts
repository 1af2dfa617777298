// Test helper: a query's WHERE clause as a real SOQL parser reads it, flattened into its
// conditions and the logical operators between them. Tests use it to prove a hostile value
// stays inside one literal instead of adding conditions.
import { parseQuery, type WhereClause } from '@jetstreamapp/soql-parser-js';

export interface ConditionShape {
  field?: string;
  operator?: string;
  literalType?: unknown;
  value?: unknown;
}

export interface WhereShape {
  conditions: ConditionShape[];
  operators: string[];
}

export function whereShape(soql: string): WhereShape {
  const shape: WhereShape = { conditions: [], operators: [] };
  let clause: WhereClause | undefined = parseQuery(soql).where;
  while (clause) {
    if (clause.left) shape.conditions.push(clause.left as ConditionShape);
    if ('right' in clause) {
      shape.operators.push(clause.operator);
      clause = clause.right;
    } else {
      clause = undefined;
    }
  }
  return shape;
}
