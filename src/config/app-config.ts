import { resolve } from 'node:path';
import type { JWK } from 'jose';
import { ConfigError, type Env } from './env.js';
import { LOCAL_ISSUER, loadOrCreateLocalSecrets, publicJwk } from './local-secrets.js';

export interface AuthSettings {
  /** `oidc`: an external issuer found by discovery; `local`: the development issuer in DATA_DIR. */
  mode: 'oidc' | 'local';
  issuer: string;
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  localPublicKey?: JWK;
  /**
   * The local issuer's private key, outside production only: the development login signs
   * with it (src/dev-login/). Absent with an external issuer.
   */
  localSigningKey?: JWK;
  claims: { roles: string; municipalities: string; name: string };
}

export interface CryptoSettings {
  /** Key id → 32-byte AES-256-GCM key; `currentKeyId` encrypts, every listed key decrypts. */
  cprKeys: Map<string, Buffer>;
  currentKeyId: string;
  cprIndexKey: Buffer;
  extractKeyEncryptionKey: Buffer;
}

/**
 * The resolved configuration the Nest application is built from: the validated environment,
 * plus what start-up worked out (database URLs of the embedded server, development secrets).
 * Injected by class; modules never read process.env themselves.
 */
export class AppConfig {
  constructor(
    readonly env: Env,
    readonly database: { appUrl: string; poolSize: number },
    readonly auth: AuthSettings,
    readonly crypto: CryptoSettings,
  ) {}

  /** Production refuses every development aid (the development login, local tokens). */
  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }
}

/** `kid:key` pairs as validated by `Env` (each key 32 bytes); the first encrypts. */
function parseKeyList(list: string): Map<string, Buffer> {
  return new Map(list.split(',').map((pair) => [pair.split(':')[0], Buffer.from(pair.split(':')[1], 'base64')]));
}

/** Builds auth and crypto settings from the environment, falling back to DATA_DIR secrets outside production. */
export async function resolveSecurity(env: Env): Promise<{ auth: AuthSettings; crypto: CryptoSettings }> {
  const needLocal = !env.OIDC_ISSUER_URL || !env.CPR_ENCRYPTION_KEYS || !env.CPR_INDEX_KEY || !env.EXTRACT_KEY_ENCRYPTION_KEY;
  if (needLocal && env.NODE_ENV === 'production') {
    throw new ConfigError('NODE_ENV', 'production needs OIDC_ISSUER_URL and every key from the environment');
  }
  const local = needLocal ? await loadOrCreateLocalSecrets(resolve(env.DATA_DIR)) : undefined;
  const claims = { roles: env.AUTH_CLAIM_ROLES, municipalities: env.AUTH_CLAIM_MUNICIPALITIES, name: env.AUTH_CLAIM_NAME };
  const auth: AuthSettings = env.OIDC_ISSUER_URL
    ? {
        mode: 'oidc',
        issuer: env.OIDC_ISSUER_URL,
        audience: env.OIDC_AUDIENCE,
        algorithms: env.OIDC_ALGORITHMS.split(','),
        clockToleranceSeconds: env.OIDC_CLOCK_TOLERANCE_SECONDS,
        claims,
      }
    : {
        mode: 'local',
        issuer: LOCAL_ISSUER,
        audience: env.OIDC_AUDIENCE,
        algorithms: ['ES256'],
        clockToleranceSeconds: env.OIDC_CLOCK_TOLERANCE_SECONDS,
        localPublicKey: publicJwk(local!.signingKey),
        localSigningKey: local!.signingKey,
        claims,
      };
  const cprKeys = parseKeyList(env.CPR_ENCRYPTION_KEYS ?? `local:${local!.cprEncryptionKey}`);
  const crypto: CryptoSettings = {
    cprKeys,
    currentKeyId: [...cprKeys.keys()][0],
    cprIndexKey: Buffer.from(env.CPR_INDEX_KEY ?? local!.cprIndexKey, 'base64'),
    extractKeyEncryptionKey: Buffer.from(env.EXTRACT_KEY_ENCRYPTION_KEY ?? local!.extractKeyEncryptionKey, 'base64'),
  };
  return { auth, crypto };
}
