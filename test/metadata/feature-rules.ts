// Case.Product_Feature__c tags cases with the features of config/features.json (DESIGN §9.1,
// §9.7): its picklist values are those features' names, in the file's order, so a report
// grouped by feature and the worker's adoption measures speak of the same features.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from './checks.js';
import { customField, picklistValues, type Project } from './force-app-model.js';

const FEATURES_FILE = 'config/features.json';

/** The `name` of each feature in the file, or a problem saying why they cannot be read. */
function featureNames(file: string): string[] | string {
  if (!existsSync(file)) return `${FEATURES_FILE} does not exist`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `${FEATURES_FILE} is not JSON: ${(error as Error).message}`;
  }
  if (!Array.isArray(parsed)) return `${FEATURES_FILE} is not an array of features`;
  const names = parsed.map((feature: { name?: unknown }) => feature?.name);
  if (names.some((name) => typeof name !== 'string' || name === ''))
    return `${FEATURES_FILE}: every feature needs a name`;
  return names as string[];
}

/** `root` is the package directory (force-app); config/ sits beside it. */
export function featurePicklistRules(project: Project, root: string): Problem[] {
  const field = customField(project, 'Case', 'Product_Feature__c');
  if (!field)
    return [{ file: 'force-app/main/default/objects/Case/fields', message: 'there is no Case.Product_Feature__c' }];
  const names = featureNames(path.join(path.dirname(path.resolve(root)), FEATURES_FILE));
  if (typeof names === 'string') return [{ file: FEATURES_FILE, message: names }];
  const values = picklistValues(field);
  if (values.join('\n') === names.join('\n')) return [];
  return [
    {
      file: field.file,
      message: `has the values ${values.join(', ')}; ${FEATURES_FILE} names ${names.join(', ')} (the same, in order)`
    }
  ];
}
