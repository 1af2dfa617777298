// Shared set-up for the Salesforce adapter's tests against the local org.

import { Secret } from '../../worker/config/secret.js';
import type { SalesforceSettings } from '../../worker/salesforce/settings.js';
import type { WriteOptions } from '../../worker/salesforce/write-types.js';
import { startLocalOrg, type FaultConfig, type LocalOrg, type LocalOrgOptions } from '../local-org/index.js';

export type { LocalOrg };

/** The run's "now" in every test: dates below are worked out from it. */
export const NOW = new Date('2026-05-01T12:00:00Z');
export const API_VERSION = '62.0';

/** Short waits so retries do not slow the tests; the counts are what is checked. */
export const FAST_CALL_RETRY = { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 10 };
export const FAST_WRITES: Partial<WriteOptions> = {
  rowRetry: { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 10 },
  bulkPoll: { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 60_000 }
};

export function startOrg(options: Omit<LocalOrgOptions, 'port'> = {}): Promise<LocalOrg> {
  return startLocalOrg({ port: 0, seed: 'none', now: NOW.toISOString(), quiet: true, ...options });
}

export function accessTokenSettings(org: LocalOrg, overrides: Partial<SalesforceSettings> = {}): SalesforceSettings {
  return {
    instanceUrl: org.url,
    apiVersion: API_VERSION,
    auth: { kind: 'accessToken', accessToken: new Secret(org.accessToken) },
    callRetry: FAST_CALL_RETRY,
    ...overrides
  };
}

export function refreshTokenSettings(org: LocalOrg, overrides: Partial<SalesforceSettings> = {}): SalesforceSettings {
  return accessTokenSettings(org, {
    auth: {
      kind: 'refreshToken',
      clientId: 'cairn-test',
      clientSecret: new Secret('not-checked-by-the-local-org'),
      refreshToken: new Secret(org.refreshToken)
    },
    ...overrides
  });
}

export function setFaults(org: LocalOrg, faults: FaultConfig): void {
  org.setFaults(faults);
}

export function apiCalls(org: LocalOrg) {
  return org.stats().apiCalls;
}
