import type { AppConfig } from '../config/app-config.js';

/**
 * The development login exists only where `npm run token` would run: outside production, with
 * the local issuer (no OIDC_ISSUER_URL), whose private key the service holds. Anywhere else its
 * route is not registered at all.
 */
export function devLoginAvailable(config: Pick<AppConfig, 'isProduction' | 'auth'>): boolean {
  return !config.isProduction && config.auth.mode === 'local' && Boolean(config.auth.localSigningKey);
}

/** Development tokens live at most as long as `npm run token`'s default, 8 hours. */
export const DEV_TOKEN_MAX_TTL_SECONDS = 8 * 3600;
