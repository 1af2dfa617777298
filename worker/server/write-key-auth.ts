// Segment's auth: HTTP Basic with the write key as the user name and an empty password.
// Without a configured write key ingestion stays closed (503), never open.
import type { RequestHandler } from 'express';
import type { Secret } from '../config/secret.js';

/** The Basic-auth user name, or null when the header is not Basic auth. */
export function basicAuthUser(header: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // Segment accepts a write key encoded without the colon, for backward compatibility
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

export function writeKeyAuth(writeKey: Secret | null): RequestHandler {
  return (req, res, next) => {
    if (!writeKey) {
      res.status(503).json({
        success: false,
        error:
          'ingestion is closed: set CAIRN_WRITE_KEY to the write key your Segment clients send, then restart the worker'
      });
      return;
    }
    const user = basicAuthUser(req.get('authorization'));
    if (user === null || !writeKey.matches(user)) {
      res.status(401).set('WWW-Authenticate', 'Basic realm="cairn ingestion"').json({
        success: false,
        error:
          'bad or missing write key: send HTTP Basic auth with the write key as the user name and an empty password'
      });
      return;
    }
    next();
  };
}
