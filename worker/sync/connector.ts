// One Salesforce session kept across runs (a long-running worker signs in once), and the
// last thing known about reaching Salesforce, which /readyz reports.

import { connect, type SalesforceSession, type StartRunOptions } from '../salesforce/session.js';
import type { SalesforceSettings } from '../salesforce/settings.js';

export interface Reachability {
  reachable: boolean;
  at: Date;
  /** why Salesforce could not be reached; null when it could */
  reason: string | null;
}

export interface SalesforceConnector {
  /**
   * A session ready for a run: signed in on first use, and after that the same session
   * with its call counts and budget started afresh (one `limits` call). A session that
   * cannot start again (expired, revoked) is replaced by a new sign-in. A targeted run's
   * start makes no call when the org's usage is known (session.ts startRun).
   */
  session(options?: StartRunOptions): Promise<SalesforceSession>;
  /** The outcome of the latest sign-in or run start; null before the first. */
  lastKnown(): Reachability | null;
}

export function salesforceConnector(
  settings: () => SalesforceSettings,
  open: (settings: SalesforceSettings) => Promise<SalesforceSession> = connect
): SalesforceConnector {
  let current: SalesforceSession | null = null;
  let known: Reachability | null = null;
  // one sign-in or run start at a time: a readiness probe and a run starting together
  // must not both reset the session's counts
  let queue: Promise<unknown> = Promise.resolve();

  const note = (reason: string | null): void => {
    known = { reachable: reason === null, at: new Date(), reason };
  };

  const ready = async (options: StartRunOptions = {}): Promise<SalesforceSession> => {
    try {
      if (current) {
        try {
          await current.startRun(options);
          note(null);
          return current;
        } catch {
          current = null; // sign in again below; a real outage fails there with its own message
        }
      }
      current = await open(settings());
      note(null);
      return current;
    } catch (error) {
      note((error as Error).message);
      throw error;
    }
  };

  return {
    session(options) {
      const start = (): Promise<SalesforceSession> => ready(options);
      const next = queue.then(start, start);
      queue = next.catch(() => undefined);
      return next;
    },
    lastKnown: () => known
  };
}
