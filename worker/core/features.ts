// DESIGN §9.7: the product's features, as config/features.json lists them — what support
// tags cases with (Case.Product_Feature__c) and what adoption is measured against.

import { z } from 'zod';
import type { IsoDate } from './types.js';

export interface Feature {
  /** stable id, used in alert keys */
  key: string;
  /** as people read it, and the Case.Product_Feature__c value */
  name: string;
  /** the track event that shows the feature in use */
  event: string;
  /** when it became available to customers */
  releasedOn: IsoDate;
  /** adopted when the event was counted this many times (default 1) */
  threshold: number;
}

export class FeaturesError extends Error {
  override name = 'FeaturesError';
  constructor(readonly problems: readonly string[]) {
    super(`The features file is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const text = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, `expected ${what}`);
const calendarDate = z
  .string({ error: 'expected a date as YYYY-MM-DD' })
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'expected a date as YYYY-MM-DD'
  );

const featureSchema = z.strictObject({
  key: z
    .string({ error: 'expected a key of lowercase letters, digits and "-"' })
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a key of lowercase letters, digits and "-" (at most 40)'),
  // Case.Product_Feature__c holds it: a picklist value is at most 255 characters
  name: text('the feature name people read').pipe(z.string().max(255, 'expected at most 255 characters')),
  event: text('the track event name'),
  releasedOn: calendarDate,
  threshold: z
    .number({ error: 'expected a whole number of events of at least 1' })
    .int('expected a whole number of events of at least 1')
    .min(1, 'expected a whole number of events of at least 1')
    .default(1)
});

/** `[1, 'threshold']` → `entry 2 (key "reports"), threshold`: the entry as people count it, named by its key when it has one. */
function place(raw: unknown, path: readonly PropertyKey[]): string {
  const [index, ...rest] = path;
  if (typeof index !== 'number') return 'the file';
  const entry: unknown = Array.isArray(raw) ? raw[index] : undefined;
  const key = entry !== null && typeof entry === 'object' ? (entry as { key?: unknown }).key : undefined;
  const named = `entry ${index + 1}${typeof key === 'string' ? ` (key "${key}")` : ''}`;
  return rest.length === 0 ? named : `${named}, ${rest.map(String).join('.')}`;
}

/** The features of a parsed file; throws FeaturesError naming every problem with its place. */
export function parseFeatures(raw: unknown, source: string): Feature[] {
  const parsed = z.array(featureSchema, { error: 'expected an array of features' }).safeParse(raw);
  if (!parsed.success) {
    throw new FeaturesError(
      parsed.error.issues.map((issue) => `${source}: ${place(raw, issue.path)}: ${issue.message}`)
    );
  }
  const problems: string[] = [];
  for (const field of ['key', 'name'] as const) {
    const seen = new Set<string>();
    for (const feature of parsed.data) {
      if (seen.has(feature[field])) problems.push(`${source}: two features have the ${field} "${feature[field]}"`);
      seen.add(feature[field]);
    }
  }
  if (problems.length > 0) throw new FeaturesError(problems);
  return parsed.data;
}
