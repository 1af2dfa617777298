// Case.Product_Feature__c tags cases with the features of config/features.json (DESIGN §9.1,
// §9.7): its picklist values are those features' names, in the file's order, so a report
// grouped by feature and the worker's adoption measures speak of the same features.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FeaturesError, parseFeatures } from '../../worker/core/features.js';
import { DEFAULT_FEATURES_FILE as FEATURES_FILE } from '../../worker/features/load.js';
import type { Problem } from './checks.js';
import { customField, picklistValues, type Project } from './force-app-model.js';

/** The `name` of each feature in the file, or a problem saying why they cannot be read. */
function featureNames(file: string): string[] | string {
  if (!existsSync(file)) return `${FEATURES_FILE} does not exist`;
  try {
    return parseFeatures(JSON.parse(readFileSync(file, 'utf8')), FEATURES_FILE).map((feature) => feature.name);
  } catch (error) {
    return error instanceof FeaturesError
      ? error.problems.join('; ')
      : `${FEATURES_FILE} is not JSON: ${(error as Error).message}`;
  }
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
