import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { startTestApp, TEST_AUDIENCE, type TestApp } from '../support/test-app.js';

/**
 * The real OpenID Connect path: a real authorization server (`oidc-provider`) on a free port
 * issues JWT access tokens by the client-credentials grant with a resource indicator; the app
 * finds its keys by discovery (/.well-known/openid-configuration → jwks_uri) and verifies them.
 */
const CLIENT = { id: 'ltt-test-client', secret: 'ltt-test-client-secret-that-is-long-enough' };
const RESOURCE = 'urn:ltt-case-tracker:api';
const OTHER_RESOURCE = 'urn:another-api';

/** The little of oidc-provider's API used here (the package ships no type declarations). */
type ProviderClass = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => { callback(): (req: IncomingMessage, res: ServerResponse) => void };

/**
 * oidc-provider 9 warns that Node 20 is below its supported LTS and that its in-memory adapter
 * is for development only; both are expected here, so exactly those lines are muted.
 */
async function withoutProviderWarnings<T>(fn: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => (String(args[0]).startsWith('oidc-provider WARNING') ? undefined : warn(...args));
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}

async function loadProvider(): Promise<ProviderClass> {
  // A computed specifier: the package ships no types, and this keeps tsc from looking for them.
  const specifier: string = 'oidc-provider';
  return ((await import(specifier)) as { Provider: ProviderClass }).Provider;
}

interface Issuer {
  url: string;
  token(resource: string): Promise<string>;
  close(): Promise<void>;
}

async function startIssuer(): Promise<Issuer> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' };
  const Provider = await withoutProviderWarnings(loadProvider);
  const provider = await withoutProviderWarnings(
    async () =>
      new Provider(url, {
        clients: [
          {
            client_id: CLIENT.id,
            client_secret: CLIENT.secret,
            grant_types: ['client_credentials'],
            redirect_uris: [],
            response_types: [],
            scope: 'cases',
          },
        ],
        scopes: ['cases'],
        jwks: { keys: [signingKey] },
        features: {
          devInteractions: { enabled: false },
          clientCredentials: { enabled: true },
          resourceIndicators: {
            enabled: true,
            getResourceServerInfo: async (_ctx: unknown, resource: string) => {
              const audience = ({ [RESOURCE]: TEST_AUDIENCE, [OTHER_RESOURCE]: 'another-api' } as Record<string, string>)[resource];
              if (!audience) throw new Error(`unknown resource ${resource}`);
              return { scope: 'cases', audience, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } };
            },
          },
        },
        // The claims the case tracker maps to a principal (AUTH_CLAIM_ROLES, AUTH_CLAIM_MUNICIPALITIES).
        extraTokenClaims: async () => ({ roles: ['manager'], municipalities: ['751'] }),
        ttl: { ClientCredentials: 600 },
      }),
  );
  handle = provider.callback();

  return {
    url,
    async token(resource: string) {
      const response = await fetch(`${url}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'cases' }),
      });
      const body = (await response.json()) as { access_token?: string; token_type?: string; error?: string; error_description?: string };
      if (!response.ok || !body.access_token)
        throw new Error(`token endpoint: ${response.status} ${body.error}: ${body.error_description}`);
      return body.access_token;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()) as Record<string, unknown>;

describe('OpenID Connect issuer (discovery and remote JWKS)', () => {
  let issuer: Issuer;
  let sut: TestApp;

  beforeAll(async () => {
    issuer = await startIssuer();
    sut = await startTestApp({
      auth: { mode: 'oidc', issuer: issuer.url, localPublicKey: undefined, algorithms: ['RS256', 'ES256', 'PS256'] },
    });
  });
  afterAll(async () => {
    await sut?.close();
    await issuer?.close();
  });

  it('issues a JWT access token for our audience with the role claims', async () => {
    const token = await issuer.token(RESOURCE);
    expect(headerOf(token)).toMatchObject({ alg: 'RS256', kid: 'rs-1' });
    expect(claimsOf(token)).toMatchObject({
      iss: issuer.url,
      aud: TEST_AUDIENCE,
      sub: CLIENT.id,
      roles: ['manager'],
      municipalities: ['751'],
    });
  });

  it('accepts a token from the issuer', async () => {
    const token = await issuer.token(RESOURCE);
    const res = await sut.http.get('/api/v1/municipalities').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(98);
  });

  it('carries the token claims into the request (a manager of 751 reads the audit trail)', async () => {
    const token = await issuer.token(RESOURCE);
    const res = await sut.http.get('/api/v1/audit').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
  });

  it('rejects a token from the same issuer for another audience', async () => {
    const token = await issuer.token(OTHER_RESOURCE);
    expect(claimsOf(token).aud).toBe('another-api');
    const res = await sut.http.get('/api/v1/municipalities').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/"aud"/);
  });

  it('answers 503, not 401, while the issuer cannot be reached', async () => {
    const down = await startTestApp({
      auth: { mode: 'oidc', issuer: 'http://127.0.0.1:9/unreachable', localPublicKey: undefined, algorithms: ['RS256'] },
    });
    try {
      const token = await issuer.token(RESOURCE);
      const res = await down.http.get('/api/v1/municipalities').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await down.close();
    }
  });
});
