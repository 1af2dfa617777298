// What to do about a row Salesforce refused for good: one sentence per kind of refusal, for
// the run report and the CLI summary. The status code says what kind; the fields Salesforce
// named say where.

import { INTEGRATION_PERMISSION_SET } from '../salesforce/errors.js';
import { isTransientRowError } from '../salesforce/row-errors.js';

export function rowFix(object: string, statusCode: string, fields: readonly string[]): string {
  const named = fields.map((field) => `${object}.${field}`);
  const where = named.length > 0 ? named.join(', ') : object;
  const deploy =
    named.length > 0 ? named.map((name) => `CustomField:${name}`).join(' --metadata ') : `CustomObject:${object}`;
  const redeploy = `deploy force-app's definition (sf project deploy start --metadata ${deploy})`;

  if (isTransientRowError(statusCode)) {
    return 'Salesforce refused it on every retry of this run; the next run sends it again. If it keeps happening, look for automation or other integrations holding the record.';
  }
  switch (statusCode) {
    case 'ENTITY_IS_DELETED':
      return 'The record (or the opportunity it belongs to) was deleted in Salesforce during the run; nothing to fix: the next run leaves it out. Undelete it from the Recycle Bin to bring it back.';
    case 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST':
      return `The org's picklist ${where} lacks this value: add or reactivate it in Setup, or ${redeploy}.`;
    case 'STRING_TOO_LONG':
      return `${where} is shorter in the org than in force-app: ${redeploy}.`;
    case 'NUMBER_OUTSIDE_VALID_RANGE':
      return `${where} holds fewer digits in the org than in force-app: ${redeploy}.`;
    case 'REQUIRED_FIELD_MISSING':
      return `The org requires ${where}, which Cairn does not set: make it optional, or give it a default value.`;
    case 'FIELD_CUSTOM_VALIDATION_EXCEPTION':
      return `A validation rule in the org refused the row${named.length > 0 ? ` (on ${where})` : ''}: let the integration user pass it, or correct the data it checks.`;
    case 'INVALID_FIELD_FOR_INSERT_UPDATE':
    case 'INSUFFICIENT_ACCESS_OR_READONLY':
    case 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY':
      return `Salesforce does not let the integration user set ${where}: grant Edit access in the ${INTEGRATION_PERMISSION_SET} permission set; if the field is Opportunity__c, the row's key is on another opportunity's record — remove the copied key.`;
    case 'DUPLICATE_VALUE':
    case 'DUPLICATE_EXTERNAL_ID':
      return `Another record already holds this ${where} value: remove the duplicate, then the next run writes the row.`;
    case 'BULK_JOB_FAILED':
      return 'The Bulk API job failed as a whole (see its reason); the next run sends the rows again.';
    default:
      return `Salesforce refused the row (${statusCode}); its message says why. Correct the record or the org setting it names; the next run tries again.`;
  }
}
