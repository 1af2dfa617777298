// Connecting to Salesforce with any auth mode of DESIGN §5.2, and the session the rest of
// the adapter works with: a jsforce Connection whose every request is counted, budgeted
// and retried by AccountedTransport, plus a per-run describe cache.

import { readFile } from 'node:fs/promises';
// jsforce is CommonJS; its default export holds the classes under both Node and Jest's ESM.
import jsforce, { type Connection, type DescribeSObjectResult, type TokenResponse } from 'jsforce';
import { ApiAccounting, DEFAULT_API_BUDGET_PERCENT, type ApiBudget } from './accounting.js';
import { asStopError, SalesforceConnectError } from './errors.js';
import { jwtBearerAssertion, readPrivateKey } from './jwt.js';
import { checkApiVersion, jwtAudience, type SalesforceAuthKind, type SalesforceSettings } from './settings.js';
import { AccountedTransport, DEFAULT_CALL_RETRY } from './transport.js';

export interface SalesforceSession {
  /** the jsforce connection; its requests are counted and budgeted like all others */
  readonly connection: Connection;
  readonly apiVersion: string;
  readonly authKind: SalesforceAuthKind;
  readonly accounting: ApiAccounting;
  /**
   * Starts a run: zeroes the counts and the describe cache, reads the org's API usage
   * (one `limits` call) and sets the run's budget from it. `connect` calls it once.
   * A targeted run (DESIGN §10) keeps the describes and, when an earlier response's
   * Sforce-Limit-Info told the org's usage, starts its budget from that with no call.
   */
  startRun(options?: StartRunOptions): Promise<ApiBudget>;
  /** The object's describe, fetched once per run (kept by targeted runs); null when the org has no such object. */
  describe(object: string): Promise<DescribeSObjectResult | null>;
}

export interface StartRunOptions {
  targeted?: boolean;
}

/** The path of a REST resource under this session's API version: `dataPath(s, 'limits')`. */
export function dataPath(session: Pick<SalesforceSession, 'apiVersion'>, resource: string): string {
  return `/services/data/v${session.apiVersion}/${resource}`;
}

interface Authenticated {
  connection: Connection;
  /** what to say when the session expires and cannot be renewed */
  expiredMessage: string;
}

type TokenRequest = () => Promise<TokenResponse>;

/** Runs a token request, turning its failure into a message that names the settings to check. */
async function requestToken(request: TokenRequest, settingsToCheck: string): Promise<TokenResponse> {
  try {
    return await request();
  } catch (error) {
    const { name, message } = error as Error;
    throw new SalesforceConnectError(
      `Salesforce refused the token request (${name}: ${message}): check ${settingsToCheck}`
    );
  }
}

/** A jsforce refresh function that asks for a new token the same way the first was got. */
function renewWith(request: TokenRequest): ConstructorParameters<typeof Connection>[0] {
  return {
    refreshFn: (_conn, callback) => {
      request().then(
        (token) => callback(null, token.access_token, token),
        (error: Error) => callback(error)
      );
    }
  };
}

function requireUrl(url: string | null | undefined, why: string): string {
  if (!url) throw new SalesforceConnectError(`SF_INSTANCE_URL is not set: ${why}`);
  return url.replace(/\/+$/, '');
}

async function authenticate(settings: SalesforceSettings, version: string): Promise<Authenticated> {
  const { auth } = settings;
  switch (auth.kind) {
    case 'accessToken': {
      const instanceUrl = requireUrl(settings.instanceUrl, 'an access token is only valid on its own instance');
      return {
        connection: new jsforce.Connection({ instanceUrl, accessToken: auth.accessToken.reveal(), version }),
        expiredMessage:
          'SF_ACCESS_TOKEN expired or is invalid (Salesforce answered INVALID_SESSION_ID): get a new one, ' +
          'or use refresh-token or JWT auth, which renew the session themselves.'
      };
    }
    case 'refreshToken': {
      const loginUrl = requireUrl(settings.loginUrl ?? settings.instanceUrl, 'the refresh token is exchanged there');
      const oauth2 = new jsforce.OAuth2({
        loginUrl,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret.reveal()
      });
      let refreshToken = auth.refreshToken.reveal();
      const refresh: TokenRequest = async () => {
        const token = await oauth2.refreshToken(refreshToken);
        // With refresh token rotation the answer carries the next refresh token.
        refreshToken = (token as { refresh_token?: string }).refresh_token ?? refreshToken;
        return token;
      };
      const token = await requestToken(refresh, 'SF_CLIENT_ID, SF_CLIENT_SECRET and SF_REFRESH_TOKEN');
      return {
        connection: new jsforce.Connection({
          instanceUrl: token.instance_url ?? loginUrl,
          accessToken: token.access_token,
          version,
          ...renewWith(refresh)
        }),
        expiredMessage: 'the session expired and could not be renewed with SF_REFRESH_TOKEN'
      };
    }
    case 'jwt': {
      const instanceUrl = requireUrl(settings.instanceUrl ?? settings.loginUrl, 'the JWT token request goes there');
      const keySource = `SF_JWT_KEY_FILE (${auth.keyFile})`;
      const pem = await readFile(auth.keyFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new SalesforceConnectError(`${keySource} cannot be read: ${error.code ?? error.message}`);
      });
      const privateKey = readPrivateKey(pem, keySource);
      const oauth2 = new jsforce.OAuth2({ loginUrl: settings.loginUrl ?? instanceUrl });
      const audience = jwtAudience(instanceUrl, settings.loginUrl);
      const grant: TokenRequest = () =>
        oauth2.requestToken({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: jwtBearerAssertion({ clientId: auth.clientId, username: auth.username, audience }, privateKey)
        });
      const token = await requestToken(
        grant,
        "SF_CLIENT_ID, SF_USERNAME, SF_JWT_KEY_FILE and that the connected app holds the key's certificate and pre-authorises the user"
      );
      return {
        connection: new jsforce.Connection({
          instanceUrl: token.instance_url ?? instanceUrl,
          accessToken: token.access_token,
          version,
          ...renewWith(grant)
        }),
        expiredMessage: 'the session expired and a new JWT bearer token could not be obtained'
      };
    }
    case 'targetOrg': {
      const { Org } = await import('@salesforce/core');
      const org = await Org.create({ aliasOrUsername: auth.alias }).catch((error: Error) => {
        throw new SalesforceConnectError(
          `SF_TARGET_ORG "${auth.alias}" is not an org the sf CLI can use (${error.message}). ` +
            `Authorise it with sf org login web --alias ${auth.alias} (or sf org login jwt), then try again.`
        );
      });
      // @salesforce/core's Connection extends the jsforce Connection (from @jsforce/jsforce-node).
      return {
        connection: org.getConnection(version) as unknown as Connection,
        expiredMessage:
          `the session of SF_TARGET_ORG "${auth.alias}" expired and the sf CLI holds no refresh token for it ` +
          '(it was authorised with an access token): authorise it again with sf org login web or sf org login jwt.'
      };
    }
  }
}

class Session implements SalesforceSession {
  private describes = new Map<string, Promise<DescribeSObjectResult | null>>();

  constructor(
    readonly connection: Connection,
    readonly apiVersion: string,
    readonly authKind: SalesforceAuthKind,
    readonly accounting: ApiAccounting,
    private readonly budgetPercent: number
  ) {}

  async startRun(options: StartRunOptions = {}): Promise<ApiBudget> {
    const known = this.accounting.snapshot().orgUsage;
    this.accounting.reset();
    if (options.targeted && known) return this.accounting.startBudget(this.budgetPercent, known, 0);
    this.describes.clear();
    const limits = await this.connection.request<{ DailyApiRequests?: { Max: number; Remaining: number } }>(
      dataPath(this, 'limits')
    );
    const daily = limits.DailyApiRequests;
    const usage =
      this.accounting.snapshot().orgUsage ?? (daily ? { used: daily.Max - daily.Remaining, max: daily.Max } : null);
    if (!usage) throw new Error('Salesforce reported no daily API usage (no Sforce-Limit-Info, no DailyApiRequests)');
    return this.accounting.startBudget(this.budgetPercent, usage, this.accounting.snapshot().calls.total);
  }

  describe(object: string): Promise<DescribeSObjectResult | null> {
    let described = this.describes.get(object);
    if (!described) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(object)) throw new Error(`"${object}" is not an object API name`);
      described = this.connection.describe(object).catch((error: { errorCode?: string }) => {
        if (error.errorCode === 'NOT_FOUND' || error.errorCode === 'INVALID_TYPE') return null;
        throw error;
      });
      this.describes.set(object, described);
    }
    return described;
  }
}

/**
 * Connects with the configured auth mode, checks the credentials with one `limits` call
 * and sets the first run's API budget. Secrets never appear in errors or logs.
 */
export async function connect(settings: SalesforceSettings): Promise<SalesforceSession> {
  const apiVersion = checkApiVersion(settings.apiVersion);
  const { connection, expiredMessage } = await authenticate(settings, apiVersion);
  const accounting = new ApiAccounting();
  connection._transport = new AccountedTransport(
    connection._transport,
    accounting,
    settings.callRetry ?? DEFAULT_CALL_RETRY,
    { canRenew: () => connection._refreshDelegate !== undefined, expiredMessage }
  );
  connection.on('refresh', () => accounting.recordRenewal());
  const session = new Session(
    connection,
    apiVersion,
    settings.auth.kind,
    accounting,
    settings.apiBudgetPercent ?? DEFAULT_API_BUDGET_PERCENT
  );
  try {
    await session.startRun();
  } catch (error) {
    const stop = asStopError(error);
    if (stop) throw stop;
    throw new SalesforceConnectError(
      `Could not reach Salesforce at ${connection.instanceUrl} (${(error as Error).message}): check SF_INSTANCE_URL`
    );
  }
  return session;
}
