import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';

/**
 * The embedded identity provider's signing key (RSA, RS256: the default algorithm of registered
 * clients) and cookie key, kept in one file under the data dir (mode 0600) so ID tokens issued
 * before a restart still verify as `id_token_hint` at sign-out.
 */
export interface IdpKeys {
  signingJwk: JsonWebKey & { kid: string; alg: string; use: string };
  cookieKey: string;
}

export function loadOrCreateIdpKeys(file: string): IdpKeys {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as IdpKeys;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys: IdpKeys = {
    signingJwk: {
      ...privateKey.export({ format: 'jwk' }),
      kid: randomBytes(8).toString('hex'),
      alg: 'RS256',
      use: 'sig',
    },
    cookieKey: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}
