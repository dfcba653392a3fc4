import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, pageErrors, seriousAxeViolations, startWebApp, type WebApp } from '../support/browser.js';
import { TEST_AUDIENCE } from '../support/test-app.js';

/**
 * The real login path: a real OpenID Connect provider (oidc-provider) on a loopback port, the
 * front as a public client doing authorization code + PKCE (oidc-client-ts), JWT access tokens
 * for the service's audience, verified by the service through discovery. Log in, land on the
 * working list, log out at the provider and come back logged out.
 */
type ProviderClass = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => { callback(): (req: IncomingMessage, res: ServerResponse) => void };

const CLIENT_ID = 'ltt-web';
const RESOURCE = 'urn:ltt-case-tracker:api';

/**
 * oidc-provider 9 warns about Node 20 and notes each development default it uses (the built-in
 * login pages, the in-memory store); all are expected here, so exactly those lines are muted
 * while the provider runs.
 */
const { warn, info } = console;
const fromProvider = (args: unknown[]) => /^oidc-provider (WARNING|NOTICE)/.test(String(args[0]));
function muteProviderNotes() {
  console.warn = (...args: unknown[]) => (fromProvider(args) ? undefined : warn(...args));
  console.info = (...args: unknown[]) => (fromProvider(args) ? undefined : info(...args));
}
function restoreConsole() {
  console.warn = warn;
  console.info = info;
}

async function listen(): Promise<{
  server: Server;
  url: string;
  handle: (h: (req: IncomingMessage, res: ServerResponse) => void) => void;
}> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, handle: (h) => (handler = h) };
}

describe('OpenID Connect login in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  let issuer: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    issuer = await listen();
    web = await startWebApp({
      env: { OIDC_CLIENT_ID: CLIENT_ID, OIDC_SCOPE: 'openid api' },
      auth: { mode: 'oidc', issuer: issuer.url, localPublicKey: undefined, localSigningKey: undefined, algorithms: ['RS256'] },
    });
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const signingKey = { ...(await exportJWK(privateKey)), kid: 'rs-web', alg: 'RS256', use: 'sig' };
    const specifier: string = 'oidc-provider'; // computed: the package ships no type declarations
    muteProviderNotes();
    const { Provider } = (await import(specifier)) as { Provider: ProviderClass };
    const provider = new Provider(issuer.url, {
      clients: [
        {
          client_id: CLIENT_ID,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: [`${web.url}/login/callback`],
          post_logout_redirect_uris: [`${web.url}/logget-af`],
        },
      ],
      jwks: { keys: [signingKey] },
      scopes: ['openid', 'api'],
      // The built-in login and consent pages (any login name is accepted).
      features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: async () => RESOURCE,
          useGrantedResource: async () => true,
          getResourceServerInfo: async () => ({
            scope: 'api',
            audience: TEST_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      // The claims the service maps to a principal (AUTH_CLAIM_*), for this one user.
      extraTokenClaims: async () => ({ roles: ['caseworker'], municipalities: ['751'], name: 'Olivia Oidc' }),
    });
    issuer.handle(provider.callback());
  });
  afterAll(async () => {
    restoreConsole();
    await browser?.close();
    await web?.close();
    await new Promise<void>((done) => (issuer ? issuer.server.close(() => done()) : done()));
  });

  it('logs in with authorization code + PKCE, lands on the working list, and logs out at the provider', async () => {
    const { context, page } = await newPage(browser);
    try {
      const authorize: string[] = [];
      page.on('request', (r) => r.url().startsWith(`${issuer.url}/auth`) && authorize.push(r.url()));
      await page.goto(web.url + '/');
      await page.getByRole('heading', { name: 'Log ind', level: 1 }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Log ind' }).click();

      // The provider's own login and consent pages.
      await page.waitForURL(new RegExp(`^${issuer.url}/interaction/`));
      await page.locator('input[name=login]').fill('olivia');
      await page.locator('input[name=password]').fill('any');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();

      // Back at the front, logged in as the token says, on the working list.
      await page.waitForURL(/\/arbejdsliste/);
      await page.getByRole('heading', { name: 'Arbejdsliste', level: 1 }).waitFor();
      expect(await page.getByTestId('user').textContent()).toBe('Olivia Oidc, Sagsbehandler');
      await page.getByTestId('worklist-count').waitFor();
      const params = new URL(authorize[0]).searchParams;
      expect(params.get('response_type')).toBe('code');
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.get('client_id')).toBe(CLIENT_ID);
      expect(params.get('scope')).toBe('openid api');

      // Log out: the provider ends its session and sends the browser back.
      await page.getByRole('button', { name: 'Log af' }).click();
      await page.waitForURL(new RegExp(`^${issuer.url}/session/end`));
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(/\/logget-af/);
      await page.getByRole('heading', { name: 'Du er logget af' }).waitFor();
      expect(await page.getByTestId('user').count()).toBe(0);
      // Logged out means logged out: the working list asks for a login again.
      await page.goto(web.url + '/arbejdsliste');
      await page.getByRole('heading', { name: 'Log ind', level: 1 }).waitFor();
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
