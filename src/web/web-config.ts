import type { AppConfig } from '../config/app-config.js';
import { devLoginAvailable } from '../dev-login/dev-login.rules.js';
import type { WebConfigDto } from './dto/web-config.dto.js';

/** What the browser needs to log in, from the service's own configuration. */
export function webConfigOf(config: AppConfig): WebConfigDto {
  const oidc =
    config.auth.mode === 'oidc' ? { issuer: config.auth.issuer, clientId: config.env.OIDC_CLIENT_ID, scope: config.env.OIDC_SCOPE } : null;
  return { oidc, devLogin: devLoginAvailable(config) };
}
