// The OAuth 2.0 JWT bearer assertion Salesforce accepts (RS256, signed with the connected
// app's private key), built with node:crypto.

import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

export interface JwtClaims {
  /** the connected app's consumer key */
  clientId: string;
  username: string;
  /** https://login.salesforce.com, https://test.salesforce.com, or the org's URL */
  audience: string;
}

/** Parses a PEM private key, or says clearly what is wrong (without showing the key). */
export function readPrivateKey(pem: string, source: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`it is a ${key.asymmetricKeyType ?? 'non-RSA'} key`);
    return key;
  } catch (error) {
    throw new Error(
      `${source} is not a usable RSA private key in PEM form (${(error as Error).message}); ` +
        'use the key whose certificate is uploaded to the connected app'
    );
  }
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** A signed assertion valid for three minutes from `now`, as Salesforce recommends. */
export function jwtBearerAssertion(claims: JwtClaims, privateKey: KeyObject, now: Date = new Date()): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      iss: claims.clientId,
      sub: claims.username,
      aud: claims.audience,
      exp: Math.floor(now.getTime() / 1000) + 180
    })
  );
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}
