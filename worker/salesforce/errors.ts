// The errors the Salesforce adapter raises on purpose. Each message says what happened and
// what to do about it, and never carries a token, a secret or a key.

/**
 * A condition that ends the run's Salesforce work: the budget is spent, the org refuses
 * calls, or the session cannot be renewed. Thrown from any call; `writeChanges` returns it
 * as its `stop`, beside the report of what it wrote before, so the run history can keep that.
 */
export class SalesforceStopError extends Error {}

export class BudgetExhaustedError extends SalesforceStopError {
  override name = 'BudgetExhaustedError';
  constructor(
    readonly callsUsed: number,
    readonly budget: number,
    readonly budgetPercent: number,
    readonly remainingAtStart: number
  ) {
    super(
      `API budget used up: this run made ${callsUsed} of the ${budget} Salesforce API calls it may use ` +
        `(${budgetPercent}% of the ${remainingAtStart} calls the org had left today when the run started). ` +
        `The run stopped before the next call; what is left is done by the next run. ` +
        `To allow more per run, raise apiBudgetPercent in config/cairn.json.`
    );
  }
}

export class DailyLimitError extends SalesforceStopError {
  override name = 'DailyLimitError';
  constructor(detail: string) {
    super(
      `Salesforce refused the call with REQUEST_LIMIT_EXCEEDED: the org's daily API request limit is used up ` +
        `(${detail}). The run stopped cleanly; calls free up over the org's rolling 24 hours, ` +
        `or ask Salesforce to raise the org's limit.`
    );
  }
}

export class SessionExpiredError extends SalesforceStopError {
  override name = 'SessionExpiredError';
}

/** Credentials, auth settings or an instance URL that do not work; raised by `connect`. */
export class SalesforceConnectError extends Error {
  override name = 'SalesforceConnectError';
}

/**
 * The stop condition behind an error from a jsforce call, if it is one. A session renewal
 * that fails reaches the caller as jsforce's plain `Unable to refresh session due to: ...`
 * Error, which is turned into a SessionExpiredError here.
 */
export function asStopError(error: unknown): SalesforceStopError | null {
  if (error instanceof SalesforceStopError) return error;
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('Unable to refresh session due to:')) {
    return new SessionExpiredError(`the Salesforce session expired and could not be renewed (${message})`);
  }
  return null;
}

export interface PermissionGap {
  object: string;
  /** null when the whole object is missing or not visible */
  field: string | null;
  problem: 'object-missing' | 'field-missing' | 'not-updateable' | 'not-createable' | 'not-external-id';
}

export const INTEGRATION_PERMISSION_SET = 'Cairn_Sync_Integration';

function describeGap(gap: PermissionGap): string {
  const name = gap.field ? `${gap.object}.${gap.field}` : gap.object;
  switch (gap.problem) {
    case 'object-missing':
      return (
        `${name}: the object is not in the org or not visible to the integration user. Deploy it ` +
        `(sf project deploy start --source-dir force-app) and assign the ${INTEGRATION_PERMISSION_SET} permission set.`
      );
    case 'field-missing':
      return (
        `${name}: the field is not in the org or the integration user cannot see it. Deploy it ` +
        `(sf project deploy start --metadata CustomField:${name}) or grant access to it in the ` +
        `${INTEGRATION_PERMISSION_SET} permission set.`
      );
    case 'not-updateable':
      return `${name}: the integration user cannot edit it. Grant Edit access in the ${INTEGRATION_PERMISSION_SET} permission set.`;
    case 'not-createable':
      return `${name}: the integration user cannot set it on new records. Grant Edit access in the ${INTEGRATION_PERMISSION_SET} permission set.`;
    case 'not-external-id':
      return `${name}: upserts match on it, but it is not an External ID field. Deploy force-app's definition of it.`;
  }
}

/** Fields the worker must read or write that the org lacks or does not let it write. */
export class PermissionGapError extends Error {
  override name = 'PermissionGapError';
  constructor(readonly gaps: PermissionGap[]) {
    super(`Salesforce is missing access Cairn needs:\n${gaps.map((gap) => `- ${describeGap(gap)}`).join('\n')}`);
  }
}
