// OAuth 2.0 endpoints as Salesforce answers them: POST /services/oauth2/token (password,
// refresh_token, client_credentials, JWT bearer; any client id), GET /services/oauth2/userinfo
// and the identity URL /id/<orgId>/<userId>.

import { createHmac } from 'node:crypto';
import { ADMIN_USERNAME, type OrgState } from '../org.js';
import type { Rec } from '../schema/index.js';
import { json, type Reply, type Request } from './http.js';

const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description });

export async function token(req: Request): Promise<Reply> {
  const form = new URLSearchParams((await req.body()).toString('utf8'));
  for (const [k, v] of req.url.searchParams) if (!form.has(k)) form.set(k, v);
  const org = req.org;
  const grant = form.get('grant_type');
  let userId: string | null = null;
  switch (grant) {
    case 'password': {
      const user = findUser(org, form.get('username') ?? '');
      if (!user || user.Username !== ADMIN_USERNAME || form.get('password') !== org.password) {
        return oauthError(400, 'invalid_grant', 'authentication failure');
      }
      userId = user.Id as string;
      break;
    }
    case 'refresh_token':
      if (form.get('refresh_token') !== org.sessions.refreshToken)
        return oauthError(400, 'invalid_grant', 'expired access/refresh token');
      userId = org.adminUserId;
      break;
    case 'client_credentials':
      userId = org.adminUserId;
      break;
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
      const subject = jwtSubject(form.get('assertion') ?? '');
      if (subject === null) return oauthError(400, 'invalid_grant', 'invalid assertion');
      const user = findUser(org, subject);
      if (!user || user.IsActive !== true)
        return oauthError(400, 'invalid_grant', "user hasn't approved this consumer");
      userId = user.Id as string;
      break;
    }
    default:
      return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
  const session = org.sessions.issue(userId);
  const issuedAt = String(org.clock.nowMs());
  const id = `${req.baseUrl}/id/${org.orgId}/${userId}`;
  const body: Record<string, string> = {
    access_token: session.token,
    instance_url: req.baseUrl,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    signature: createHmac('sha256', 'cairn-local-org')
      .update(id + issuedAt)
      .digest('base64'),
    scope: 'api refresh_token'
  };
  return json(200, body);
}

function findUser(org: OrgState, username: string): Rec | undefined {
  const user = org.schema.object('User');
  return user ? org.store.findByKey(user, 'Username', username).find((u) => u.IsDeleted !== true) : undefined;
}

/** The `sub` claim of a JWT bearer assertion (the local org does not check signatures). */
function jwtSubject(assertion: string): string | null {
  const payload = assertion.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : null;
  } catch {
    return null;
  }
}

function userUrls(req: Request, userId: string) {
  const v = '{version}';
  const base = req.baseUrl;
  return {
    enterprise: `${base}/services/Soap/c/${v}/${req.org.orgId}`,
    metadata: `${base}/services/Soap/m/${v}/${req.org.orgId}`,
    partner: `${base}/services/Soap/u/${v}/${req.org.orgId}`,
    rest: `${base}/services/data/v${v}/`,
    sobjects: `${base}/services/data/v${v}/sobjects/`,
    search: `${base}/services/data/v${v}/search/`,
    query: `${base}/services/data/v${v}/query/`,
    recent: `${base}/services/data/v${v}/recent/`,
    profile: `${base}/${userId}`,
    custom_domain: base
  };
}

export function userInfo(req: Request): Reply {
  const user = req.org.store.get(req.session?.userId ?? '');
  if (!user) return json(403, 'Bad_OAuth_Token');
  return json(200, {
    sub: `${req.baseUrl}/id/${req.org.orgId}/${String(user.Id)}`,
    user_id: user.Id,
    organization_id: req.org.orgId,
    preferred_username: user.Username,
    nickname: user.Alias,
    name: user.Name,
    email: user.Email,
    email_verified: true,
    given_name: user.FirstName,
    family_name: user.LastName,
    zoneinfo: user.TimeZoneSidKey,
    photos: {},
    profile: `${req.baseUrl}/${String(user.Id)}`,
    picture: null,
    address: {},
    is_salesforce_integration_user: false,
    urls: userUrls(req, String(user.Id)),
    active: user.IsActive,
    user_type: 'STANDARD',
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: 0,
    updated_at: String(user.LastModifiedDate).replace('.000+0000', 'Z'),
    is_app_installed: true
  });
}

/** GET /id/<orgId>/<userId>: the identity service (what jsforce's `identity()` reads). */
export function identity(req: Request): Reply {
  const [orgId, userId] = req.segments;
  const user = req.org.store.get(userId ?? '');
  if (orgId !== req.org.orgId || !user || userId !== req.session?.userId) return json(403, 'Bad_OAuth_Token');
  return json(200, {
    id: `${req.baseUrl}/id/${orgId}/${String(user.Id)}`,
    asserted_user: true,
    user_id: user.Id,
    organization_id: orgId,
    username: user.Username,
    nick_name: user.Alias,
    display_name: user.Name,
    email: user.Email,
    email_verified: true,
    first_name: user.FirstName,
    last_name: user.LastName,
    timezone: user.TimeZoneSidKey,
    photos: {},
    status: { created_date: null, body: null },
    urls: userUrls(req, String(user.Id)),
    active: user.IsActive,
    user_type: 'STANDARD',
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: 0,
    last_modified_date: user.LastModifiedDate,
    is_app_installed: true
  });
}
