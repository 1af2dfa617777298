// How the worker reaches Salesforce (DESIGN §5.2). `salesforceSettings` and
// `salesforceWriteOptions` take them from the loaded configuration (cairn.json plus the
// environment); secrets stay wrapped in `Secret` until they are sent to Salesforce.

import type { SalesforceAuth } from '../config/environment.js';
import type { CairnConfig } from '../config/load.js';
import { isSupportedApiVersion, MIN_API_VERSION } from '../config/schema.js';
import type { CallRetryPolicy } from './transport.js';
import { DEFAULT_WRITE_OPTIONS, type WriteOptions } from './write-types.js';

export type { SalesforceAuth };

export type SalesforceAuthKind = SalesforceAuth['kind'];

export interface SalesforceSettings {
  /** SF_INSTANCE_URL; not needed with targetOrg, whose URL the sf CLI knows */
  instanceUrl: string | null;
  /**
   * Where OAuth token requests go (default: instanceUrl). For JWT it is also the
   * assertion's audience; against a real org that must be https://login.salesforce.com or
   * https://test.salesforce.com, which is chosen from the instance URL when this is unset.
   */
  loginUrl?: string | null;
  /** SF_API_VERSION, e.g. "62.0" */
  apiVersion: string;
  auth: SalesforceAuth;
  /** share of the org's remaining daily API calls one run may use (default 10) */
  apiBudgetPercent?: number;
  /** retries of calls that failed transiently (default 5 attempts, 500 ms doubling to 20 s) */
  callRetry?: CallRetryPolicy;
}

export function checkApiVersion(version: string): string {
  if (!isSupportedApiVersion(version)) {
    throw new Error(`SF_API_VERSION must look like 62.0 (${MIN_API_VERSION}.0 or later), got "${version}"`);
  }
  return version;
}

/**
 * The `aud` of a JWT bearer assertion: the configured login URL, else Salesforce's login
 * host for the instance (test.salesforce.com for sandboxes), else the instance itself
 * (an org that is not on salesforce.com, such as the local org).
 */
export function jwtAudience(instanceUrl: string, loginUrl: string | null | undefined): string {
  if (loginUrl) return loginUrl.replace(/\/+$/, '');
  const host = new URL(instanceUrl).hostname;
  if (/\.sandbox\.my\.salesforce\.com$|^test\.salesforce\.com$|^cs\d+\./.test(host))
    return 'https://test.salesforce.com';
  if (/\.salesforce\.com$/.test(host)) return 'https://login.salesforce.com';
  return new URL(instanceUrl).origin;
}

/** The auth mode and Salesforce settings of the loaded configuration. */
export function salesforceSettings(config: CairnConfig): SalesforceSettings {
  const { auth, instanceUrl, apiVersion, apiBudgetPercent } = config.salesforce;
  if (!auth) {
    throw new Error(
      'No Salesforce auth is configured: set SF_INSTANCE_URL and SF_ACCESS_TOKEN; or SF_CLIENT_ID, SF_USERNAME and ' +
        'SF_JWT_KEY_FILE (JWT bearer); or SF_CLIENT_ID, SF_CLIENT_SECRET and SF_REFRESH_TOKEN; or SF_TARGET_ORG (an sf CLI alias)'
    );
  }
  return { instanceUrl, apiVersion, apiBudgetPercent, auth };
}

/** The write options the configuration sets; the rest keep their defaults. */
export function salesforceWriteOptions(config: CairnConfig): WriteOptions {
  return {
    ...DEFAULT_WRITE_OPTIONS,
    bulkThreshold: config.salesforce.bulkThreshold,
    concurrency: config.salesforce.writeConcurrency
  };
}
