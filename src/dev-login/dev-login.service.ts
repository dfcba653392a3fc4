import { Injectable } from '@nestjs/common';
import { importJWK, SignJWT } from 'jose';
import { AppConfig } from '../config/app-config.js';
import type { DevLoginDto } from './dev-login.dto.js';
import { DEV_TOKEN_MAX_TTL_SECONDS } from './dev-login.rules.js';

@Injectable()
export class DevLoginService {
  constructor(private readonly config: AppConfig) {}

  /** Signs like `npm run token` does, with the issuer and audience the verifier expects. */
  async mint(dto: DevLoginDto): Promise<{ accessToken: string; expiresAt: number; expiresIn: number }> {
    const auth = this.config.auth;
    const key = auth.localSigningKey!;
    const ttl = dto.ttlSeconds ?? DEV_TOKEN_MAX_TTL_SECONDS;
    const expiresAt = Math.floor(Date.now() / 1000) + ttl;
    // The subject follows the name, so the same developer is the same person in the audit log across logins.
    const sub = `dev-${
      dto.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'user'
    }`;
    const accessToken = await new SignJWT({ name: dto.name, roles: dto.roles, municipalities: dto.municipalities })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(await importJWK(key, 'ES256'));
    // expiresIn as in an OAuth token response: the browser counts it on its own clock.
    return { accessToken, expiresAt, expiresIn: ttl };
  }
}
