import { importJWK, SignJWT } from 'jose';
import { LOCAL_ISSUER, type LocalSecrets } from '../config/local-secrets.js';

export interface DevTokenClaims {
  sub: string;
  name?: string;
  roles: string[];
  municipalities: string[];
  audience: string;
  ttlSeconds: number;
}

/** Signs a token with the development issuer's key from DATA_DIR (never used in production). */
export async function signLocalToken(key: LocalSecrets['signingKey'], claims: DevTokenClaims): Promise<string> {
  const privateKey = await importJWK(key, 'ES256');
  return new SignJWT({ name: claims.name, roles: claims.roles, municipalities: claims.municipalities })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(claims.audience)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds}s`)
    .sign(privateKey);
}
