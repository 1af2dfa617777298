// Test helper: the frozen --json result schemas of the `sf cairn` commands
// (worker/plugin/schemas/*.json), as validators.
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';

export type CairnResultSchema =
  | 'cairn-kickoff-missing'
  | 'cairn-qbr-due'
  | 'cairn-health-list'
  | 'cairn-people-quiet'
  | 'cairn-features-adoption'
  | 'cairn-doctor'
  | 'cairn-sync'
  | 'cairn-plan-apply';

export function resultSchema(name: CairnResultSchema): z.ZodType {
  const file = path.resolve('worker/plugin/schemas', `${name}.json`);
  return z.fromJSONSchema(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The schema's complaints about a value (empty when it conforms), readable in a failed expectation. */
export function schemaProblems(name: CairnResultSchema, value: unknown): string[] {
  const result = resultSchema(name).safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
