import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * Development-only secrets kept in DATA_DIR, so that `npm start` works on a fresh machine and
 * `npm run token` signs tokens the instance with the same DATA_DIR accepts. Production takes
 * every secret from the environment and never reads this file.
 */
export interface LocalSecrets {
  signingKey: JWK & { kid: string; alg: 'ES256' };
  postgresPassword: string;
  ownerPassword: string;
  appPassword: string;
  cprEncryptionKey: string;
  cprIndexKey: string;
  extractKeyEncryptionKey: string;
}

export const LOCAL_ISSUER = 'urn:ltt-case-tracker:local-dev-issuer';

const fileName = 'local-secrets.json';
const secret = () => randomBytes(32).toString('base64');

export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = join(dataDir, fileName);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const secrets: LocalSecrets = {
    signingKey: { ...jwk, kid: `local-${randomBytes(4).toString('hex')}`, alg: 'ES256' },
    postgresPassword: randomBytes(18).toString('base64url'),
    ownerPassword: randomBytes(18).toString('base64url'),
    appPassword: randomBytes(18).toString('base64url'),
    cprEncryptionKey: secret(),
    cprIndexKey: secret(),
    extractKeyEncryptionKey: secret(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  return secrets;
}

/** The public half of the local signing key, as the verifier needs it. */
export function publicJwk(key: LocalSecrets['signingKey']): JWK {
  const { d: _d, ...pub } = key;
  return pub;
}
