import { generateKeyPairSync, verify } from 'node:crypto';
import { jwtBearerAssertion, readPrivateKey } from './jwt.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

test('the assertion carries the claims Salesforce checks and an RS256 signature of header.payload', () => {
  const now = new Date('2026-05-01T12:00:00Z'); // 1777636800 seconds since the epoch
  const jwt = jwtBearerAssertion(
    { clientId: 'consumer-key', username: 'sync@acme.example', audience: 'https://login.salesforce.com' },
    readPrivateKey(pem, 'SF_JWT_KEY_FILE'),
    now
  );
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({
    iss: 'consumer-key',
    sub: 'sync@acme.example',
    aud: 'https://login.salesforce.com',
    exp: 1777636800 + 180
  });
  expect(
    verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))
  ).toBe(true);
});

test('a file that is not a PEM RSA key is refused with the setting named and no key content', () => {
  expect(() => readPrivateKey('not a key', 'SF_JWT_KEY_FILE (/tmp/k.pem)')).toThrow(
    /SF_JWT_KEY_FILE \(\/tmp\/k\.pem\) is not a usable RSA private key/
  );
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  expect(() => readPrivateKey(ec.toString(), 'SF_JWT_KEY_FILE')).toThrow(/it is a ec key/);
});
