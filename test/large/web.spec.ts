import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { DevLoginController } from '../../src/dev-login/dev-login.controller.js';
import { startTestApp, TEST_ISSUER, type TestApp } from '../support/test-app.js';

/** A stand-in build of the front: the serving is under test here, not the front (test/browser/ does that). */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'ltt-web-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html lang="da"><title>front</title><div id="root"></div>');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'main-abc123.js'), 'console.log("front")');
  return root;
}

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  OIDC_ISSUER_URL: 'https://login.example.dk/realms/ltt',
  DATABASE_URL: 'postgres://unused:unused@127.0.0.1:1/unused',
  CPR_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CPR_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
  EXTRACT_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
};

const controllers = (sut: TestApp) => new DiscoveryService(sut.app.get(ModulesContainer)).getControllers().map((w) => w.metatype);

describe('the web front served by the service', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ webRoot: fakeBuild() });
  });
  afterAll(() => sut?.close());

  it.each(['/', '/arbejdsliste', '/forloeb?status=open', '/ny-henvendelse', '/udviklingslogin', '/noget/helt/andet'])(
    'answers the client route %s with index.html',
    async (path) => {
      const res = await sut.http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves build assets as immutable', async () => {
    const res = await sut.http.get('/assets/main-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.each(['/api/v1/nope', '/api', '/health/nope', '/docs/nope', '/assets/missing.js'])(
    'keeps the JSON problem 404 for %s',
    async (path) => {
      const res = await sut.http.get(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    },
  );

  it('keeps the API, the health checks and the API docs', async () => {
    expect((await sut.http.get('/health/live')).status).toBe(200);
    const docs = await sut.http.get('/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
    expect((await sut.http.get('/docs/openapi.json')).body.openapi).toMatch(/^3\./);
    const me = await sut.http.get('/api/v1/me').set('Authorization', await sut.bearer({ sub: 'anne', name: 'Anne', roles: ['manager'] }));
    expect(me.body).toEqual({ sub: 'anne', name: 'Anne', roles: ['manager'], municipalities: ['751'] });
  });

  it('gives the front a Content-Security-Policy of its own origin only, and Swagger UI its inline scripts', async () => {
    const front = (await sut.http.get('/arbejdsliste')).headers['content-security-policy'];
    expect(front).toContain("script-src 'self';");
    expect(front).toContain("connect-src 'self';");
    expect(front).toContain("frame-ancestors 'none'");
    expect(front).not.toContain('unsafe-inline');
    const docs = (await sut.http.get('/docs/')).headers['content-security-policy'];
    expect(docs).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('tells the browser how to log in: the development login, with the local issuer', async () => {
    const res = await sut.http.get('/web-config.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ oidc: null, devLogin: true });
  });
});

describe('the web front with an external OIDC issuer', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({
      webRoot: fakeBuild(),
      env: { OIDC_CLIENT_ID: 'kommune-web', OIDC_SCOPE: 'openid profile' },
      auth: { mode: 'oidc', issuer: 'http://127.0.0.1:4999/realms/ltt', localPublicKey: undefined, localSigningKey: undefined },
    });
  });
  afterAll(() => sut?.close());

  it('gives the issuer and client id in /web-config.json, without a token', async () => {
    const res = await sut.http.get('/web-config.json');
    expect(res.body).toEqual({
      oidc: { issuer: 'http://127.0.0.1:4999/realms/ltt', clientId: 'kommune-web', scope: 'openid profile' },
      devLogin: false,
    });
  });

  it('names the issuer, and only it, beside the service in connect-src', async () => {
    const csp = (await sut.http.get('/')).headers['content-security-policy'];
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:4999;");
  });

  it('has no development login route at all', async () => {
    expect(controllers(sut)).not.toContain(DevLoginController);
    const res = await sut.http.post('/api/dev-login').send({ roles: ['admin'], municipalities: [], name: 'x' });
    expect(res.status).toBe(404);
  });
});

describe('the development login', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut?.close());

  it('mints a token the service accepts, with exactly the chosen roles, municipalities and name', async () => {
    const res = await sut.http
      .post('/api/dev-login')
      .send({ roles: ['caseworker'], municipalities: ['101'], name: 'Anne Andersen', ttlSeconds: 600 });
    expect(res.status).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    expect(res.body.expiresAt).toBeGreaterThan(now + 590);
    expect(res.body.expiresAt).toBeLessThanOrEqual(now + 601);
    expect(res.body.expiresIn).toBe(600);
    const me = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ sub: 'dev-anne-andersen', name: 'Anne Andersen', roles: ['caseworker'], municipalities: ['101'] });
    const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.iss).toBe(TEST_ISSUER);
  });

  it.each([
    [{ roles: [], municipalities: ['751'], name: 'x' }, 'roles'],
    [{ roles: ['superuser'], municipalities: ['751'], name: 'x' }, 'roles'],
    [{ roles: ['caseworker'], municipalities: ['75'], name: 'x' }, 'municipalities'],
    [{ roles: ['caseworker'], municipalities: ['751'], name: '' }, 'name'],
    [{ roles: ['caseworker'], municipalities: ['751'], name: 'x', ttlSeconds: 999999 }, 'ttlSeconds'],
  ])('refuses %p, naming %s', async (body, field) => {
    const res = await sut.http.post('/api/dev-login').send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('is left out of the API document', async () => {
    const doc = (await sut.http.get('/docs/openapi.json')).body;
    expect(Object.keys(doc.paths)).not.toContain('/api/dev-login');
  });
});

describe('the development login in production', () => {
  it('is not registered with NODE_ENV=production, even with a local signing key at hand', async () => {
    const sut = await startTestApp({ env: PRODUCTION_ENV });
    try {
      expect(sut.app.get(ModulesContainer)).toBeDefined();
      expect(controllers(sut)).not.toContain(DevLoginController);
      const res = await sut.http.post('/api/dev-login').send({ roles: ['admin'], municipalities: [], name: 'x' });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await sut.http.get('/web-config.json')).body.devLogin).toBe(false);
    } finally {
      await sut.close();
    }
  });
});
