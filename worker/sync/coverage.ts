// What a run covers, the one thing a full run and a targeted run (DESIGN §10) do differently:
// what it reads (the whole scope, or the in-scope opportunities of the dirty accounts, with
// what hangs off them: salesforce/run-reads.ts), and which dirty accounts it clears when it
// succeeds. Everything else (rules, diff, writes, records) is run.ts's.

import type { SalesforceSession } from '../salesforce/session.js';
import { readAccountsScope, readWholeScope, type ReadWindows, type RunReads } from '../salesforce/run-reads.js';
import type { DirtyMark, RunKind, Store } from '../store/store.js';
import type { UsagePullResult } from './result.js';

export interface Coverage {
  kind: RunKind;
  /** runs `fn` holding the store's sync lock (a targeted run took it already, to decide whether to run) */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  read(session: SalesforceSession, now: Date, windows: ReadWindows): Promise<RunReads>;
  /** the dirty accounts the run covers (asked after the usage pull), cleared once it succeeds */
  dirty(): Promise<DirtyMark[]>;
  /** the usage pull already made under the run's lock; the run then pulls none itself */
  usage?: UsagePullResult[];
}

/** The whole scope; it covers every dirty account. */
export function fullCoverage(store: Store): Coverage {
  return {
    kind: 'full',
    withLock: (fn) => store.withSyncLock(fn),
    read: readWholeScope,
    dirty: () => store.dirtyAccounts()
  };
}

/** The in-scope opportunities of the dirty accounts `marks` only, read by their Product_Account_Id__c. */
export function targetedCoverage(marks: readonly DirtyMark[], usage: UsagePullResult[]): Coverage {
  return {
    kind: 'targeted',
    withLock: (fn) => fn(),
    read: (session, now, windows) =>
      readAccountsScope(
        session,
        now,
        marks.map((m) => m.accountId),
        windows
      ),
    dirty: () => Promise.resolve([...marks]),
    usage
  };
}
