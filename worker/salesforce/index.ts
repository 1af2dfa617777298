// The Salesforce adapter's public face: connect, read the scope, check and write changes.

export { connect, dataPath, type SalesforceSession } from './session.js';
export {
  salesforceSettings,
  salesforceWriteOptions,
  type SalesforceAuth,
  type SalesforceAuthKind,
  type SalesforceSettings
} from './settings.js';
export {
  outOfScopeReason,
  readScope,
  readScopeStanding,
  scopeCutoffs,
  scopeQuery,
  type ScopeCutoffs,
  type ScopeOptions,
  type ScopeProblem,
  type ScopeRead,
  type ScopeStanding
} from './scope.js';
export { checkReadable, checkWritable } from './describe-check.js';
export { writeChanges } from './write.js';
export {
  DEFAULT_WRITE_OPTIONS,
  type FailedRow,
  type FieldValue,
  type ObjectWriteCounts,
  type WriteBatch,
  type WriteOperation,
  type WriteOptions,
  type WriteOutcome,
  type WriteRecord,
  type WriteReport,
  type WrittenRow
} from './write-types.js';
export {
  API_CALL_KINDS,
  DEFAULT_API_BUDGET_PERCENT,
  type AccountingSnapshot,
  type ApiBudget,
  type ApiCallCounts,
  type ApiCallKind
} from './accounting.js';
export { DEFAULT_CALL_RETRY, type CallRetryPolicy } from './transport.js';
export {
  BudgetExhaustedError,
  DailyLimitError,
  INTEGRATION_PERMISSION_SET,
  PermissionGapError,
  SalesforceConnectError,
  SalesforceStopError,
  SessionExpiredError,
  asStopError,
  type PermissionGap
} from './errors.js';
