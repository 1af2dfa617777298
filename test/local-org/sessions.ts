// Who may call: the static token (printed at start, or LOCAL_ORG_TOKEN) never expires;
// tokens issued by the token endpoint live until a session-expiry fault ends them.
// Access tokens look like Salesforce's `<15-char org id>!<opaque>`, which the sf CLI checks.

import { randomBytes } from 'node:crypto';

export interface Session {
  token: string;
  userId: string;
  /** false for the static token */
  issued: boolean;
  calls: number;
}

export class Sessions {
  readonly staticToken: string;
  readonly refreshToken: string;
  private readonly issuedSessions = new Map<string, Session>();
  private readonly staticSession: Session;
  private counter = 0;

  constructor(
    private readonly orgId15: string,
    adminUserId: string,
    staticToken?: string,
    refreshToken?: string
  ) {
    this.staticToken = staticToken ?? `${orgId15}!AQ.local.org.static.token`;
    this.refreshToken = refreshToken ?? '5Aep861.local.org.refresh.token';
    this.staticSession = { token: this.staticToken, userId: adminUserId, issued: false, calls: 0 };
  }

  issue(userId: string): Session {
    this.counter++;
    const token = `${this.orgId15}!AQ.issued.${this.counter}.${randomBytes(16).toString('hex')}`;
    const session = { token, userId, issued: true, calls: 0 };
    this.issuedSessions.set(token, session);
    return session;
  }

  /** The session behind an `Authorization: Bearer|OAuth <token>` header, or null. */
  fromHeader(header: string | undefined): Session | null {
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header ?? '');
    const token = match?.[1];
    if (!token) return null;
    if (token === this.staticToken) return this.staticSession;
    return this.issuedSessions.get(token) ?? null;
  }

  /** Ends an issued session that has used its calls; true when it has ended. */
  expireIfUsedUp(session: Session, maxCalls: number | null): boolean {
    if (!session.issued || maxCalls === null || session.calls < maxCalls) return false;
    this.issuedSessions.delete(session.token);
    return true;
  }

  clear(): void {
    this.issuedSessions.clear();
    this.staticSession.calls = 0;
  }
}
