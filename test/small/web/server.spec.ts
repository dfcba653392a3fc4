import { docsPolicy, frontPolicy, issuerOrigin } from '../../../src/web/content-security-policy.js';
import { devLoginAvailable } from '../../../src/dev-login/dev-login.rules.js';
import { NOT_CLIENT_ROUTES } from '../../../src/web/web.module.js';

describe('Content-Security-Policy', () => {
  it('lets the front talk to the service alone with the local issuer', () => {
    const policy = frontPolicy(undefined);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
  });

  it('adds the OIDC issuer, by origin, and nothing else', () => {
    const policy = frontPolicy('https://login.example.dk/realms/kommune');
    expect(policy['connect-src']).toEqual(["'self'", 'https://login.example.dk']);
    expect(policy['form-action']).toEqual(["'self'", 'https://login.example.dk']);
    expect(Object.values(policy).flat()).not.toContain("'unsafe-inline'");
    expect(Object.values(policy).flat()).not.toContain('*');
  });

  it('keeps inline script and style to the API docs page', () => {
    expect(docsPolicy()['script-src']).toContain("'unsafe-inline'");
  });

  it.each([
    ['http://127.0.0.1:4000/oidc', 'http://127.0.0.1:4000'],
    ['not a url', undefined],
    [undefined, undefined],
  ])('reads the origin of %p as %p', (issuer, origin) => {
    expect(issuerOrigin(issuer)).toBe(origin);
  });
});

describe('client routes', () => {
  it.each(['/', '/arbejdsliste', '/forloeb?status=open', '/ny-henvendelse', '/tilgaengelighed', '/apidocs', '/healthy'])(
    '%s is a client route (index.html)',
    (path) => expect(NOT_CLIENT_ROUTES.test(path)).toBe(false),
  );
  it.each(['/api', '/api/v1/nope', '/docs', '/docs/openapi.json', '/health', '/health/ready', '/web-config.json', '/assets/x.js'])(
    '%s keeps its own route',
    (path) => expect(NOT_CLIENT_ROUTES.test(path)).toBe(true),
  );
});

describe(devLoginAvailable.name, () => {
  const key = { kty: 'EC', kid: 'k' };
  it.each([
    [false, 'local', key, true],
    [true, 'local', key, false],
    [false, 'oidc', undefined, false],
    [false, 'local', undefined, false],
  ] as const)('production=%p, issuer %p, signing key %p: %p', (isProduction, mode, localSigningKey, available) => {
    expect(devLoginAvailable({ isProduction, auth: { mode, localSigningKey } as never })).toBe(available);
  });
});
