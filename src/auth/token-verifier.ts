import { Injectable, Logger } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppConfig } from '../config/app-config.js';
import { ROLES, type Principal, type Role } from '../common/request-context.js';
import { KnownMunicipalities } from './known-municipalities.js';

export class TokenRejected extends Error {}

/** A subject: 1–255 characters, no control characters, not blank. */
const SUBJECT = /^(?=.*\S)[^\p{Cc}]{1,255}$/u;
export class IssuerUnavailable extends Error {}

/**
 * Verifies bearer tokens with `jose`: signature against the issuer's JWKS (found by OpenID
 * Connect discovery), `iss`, `aud`, `exp`/`nbf` with a small clock tolerance, and only the
 * configured asymmetric algorithms (so never `none`, never HS* keyed with a public key).
 */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger(TokenVerifier.name);
  private keySet?: JWTVerifyGetKey;
  private discovery?: Promise<JWTVerifyGetKey>;

  constructor(
    private readonly config: AppConfig,
    private readonly municipalities: KnownMunicipalities,
  ) {}

  async verify(token: string): Promise<Principal> {
    const auth = this.config.auth;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keys(), {
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms: auth.algorithms,
        clockTolerance: auth.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof IssuerUnavailable) throw error;
      throw new TokenRejected(describe(error));
    }
    const principal = this.toPrincipal(payload);
    // A code that is no municipality would otherwise reach the database's foreign keys (a 422)
    // or the row-level-security settings; the token is not valid for this service.
    const unknown = await this.municipalities.unknownAmong(principal.municipalities);
    if (unknown.length) {
      throw new TokenRejected(
        `"${this.config.auth.claims.municipalities}" names ${unknown.join(', ')}, which is not a Danish municipality`,
      );
    }
    return principal;
  }

  private toPrincipal(payload: JWTPayload): Principal {
    const claims = this.config.auth.claims;
    const rawRoles = payload[claims.roles];
    const rawMunicipalities = payload[claims.municipalities] ?? [];
    if (!Array.isArray(rawRoles)) throw new TokenRejected(`the token has no "${claims.roles}" array`);
    if (!Array.isArray(rawMunicipalities) || !rawMunicipalities.every((m) => typeof m === 'string' && /^\d{3}$/.test(m))) {
      throw new TokenRejected(`"${claims.municipalities}" must be an array of 3-digit municipality codes`);
    }
    // Who is audited: a subject the identity provider names, never "" or a number made a string.
    if (typeof payload.sub !== 'string' || !SUBJECT.test(payload.sub)) {
      throw new TokenRejected('"sub" must be a non-empty string of at most 255 visible characters');
    }
    const roles = rawRoles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string));
    const name = payload[claims.name];
    return {
      sub: payload.sub,
      name: typeof name === 'string' ? name : undefined,
      roles,
      municipalities: [...new Set(rawMunicipalities as string[])].sort(),
    };
  }

  private async keys(): Promise<JWTVerifyGetKey> {
    if (this.keySet) return this.keySet;
    const auth = this.config.auth;
    if (auth.mode === 'local') {
      this.keySet = createLocalJWKSet({ keys: [auth.localPublicKey!] });
      return this.keySet;
    }
    this.discovery ??= this.discover(auth.issuer).finally(() => (this.discovery = undefined));
    this.keySet = await this.discovery;
    return this.keySet;
  }

  private async discover(issuer: string): Promise<JWTVerifyGetKey> {
    const url = new URL(issuer.replace(/\/?$/, '/') + '.well-known/openid-configuration');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const metadata = (await response.json()) as { issuer?: string; jwks_uri?: string };
      if (metadata.issuer !== issuer) throw new Error(`discovery names issuer ${metadata.issuer}`);
      if (!metadata.jwks_uri) throw new Error('discovery has no jwks_uri');
      return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    } catch (error) {
      this.logger.error(`OpenID Connect discovery at ${url} failed: ${(error as Error).message}`);
      throw new IssuerUnavailable('the token issuer could not be reached');
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not yet valid';
    return `the token's "${error.claim}" claim is not accepted`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this service does not accept';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
    return 'the token signature does not verify';
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'the token is malformed';
  return 'the token is not valid';
}
