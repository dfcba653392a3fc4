/**
 * The Content-Security-Policy of every response, as helmet directives. The web front loads
 * only its own scripts, styles, fonts and images; it talks to this service and to the OpenID
 * Connect issuer (discovery, token endpoint, end-session) and to nothing else. No inline
 * script or style: the build emits files only. Swagger UI at /docs is the one exception: its
 * bundle needs inline scripts and styles, so it gets its own, wider policy.
 */
export type Directives = Record<string, string[]>;

/** The origin of the issuer URL (scheme, host, port): what connect-src and form-action name. */
export function issuerOrigin(issuer: string | undefined): string | undefined {
  if (!issuer) return undefined;
  try {
    return new URL(issuer).origin;
  } catch {
    return undefined;
  }
}

export function frontPolicy(issuer?: string): Directives {
  const origin = issuerOrigin(issuer);
  const withIssuer = (list: string[]) => (origin ? [...list, origin] : list);
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    // DKFDS draws some icons as data: SVG in its CSS.
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': withIssuer(["'self'"]),
    // The login redirect to the issuer is a navigation, and the end-session page posts back.
    'form-action': withIssuer(["'self'"]),
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
  };
}

/** Swagger UI's page: its bundle sets inline scripts and styles. */
export function docsPolicy(): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
  };
}

export const isDocsPath = (path: string) => path === '/docs' || path.startsWith('/docs/');
