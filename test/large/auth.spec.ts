import { createHmac, createPublicKey } from 'node:crypto';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { ExecutionContext } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { generateKeyPair, SignJWT } from 'jose';
import type { Response } from 'supertest';
import { AuthGuard } from '../../src/auth/auth.guard.js';
import { PUBLIC_KEY, Roles, ROLES_KEY } from '../../src/auth/roles.decorator.js';
import { TokenVerifier } from '../../src/auth/token-verifier.js';
import { ForbiddenError } from '../../src/common/errors.js';
import { RequestContext, ROLES } from '../../src/common/request-context.js';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { startTestApp, TEST_AUDIENCE, TEST_ISSUER, type TestApp } from '../support/test-app.js';

const LIST = '/api/v1/municipalities';
const AUDIT = '/api/v1/audit';

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Every error is RFC 9457 problem+json carrying the request id. */
function expectProblem(res: Response, status: number, detail?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(new RegExp(`^${PROBLEM_BASE.replace(/[.]/g, '\\.')}`)),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      requestId: res.headers['x-request-id'],
    }),
  );
  expect(res.body.requestId).toBeTruthy();
  if (detail) expect(res.body.detail).toMatch(detail);
  if (status === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
}

describe('authentication and authorisation', () => {
  let sut: TestApp;
  const claims = { roles: ['manager'], municipalities: ['751'] };

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  const get = (path: string, token?: string) => {
    const req = sut.http.get(path);
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };

  describe('a valid token', () => {
    it('is accepted on a route open to its role', async () => {
      const res = await get(LIST, await sut.token(claims));
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(98);
    });

    it('is accepted on a role-restricted route when it carries that role', async () => {
      const res = await get(AUDIT, await sut.token(claims));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    });

    it('is accepted with nbf a little in the future, within the 30 s clock tolerance', async () => {
      const res = await get(LIST, await sut.token(claims, { notBefore: now() + 10 }));
      expect(res.status).toBe(200);
    });
  });

  describe('401: the token is not accepted', () => {
    it('rejects an expired token', async () => {
      const token = await sut.token(claims, { expiresIn: now() - 120 });
      expectProblem(await get(LIST, token), 401, /expired/);
    });

    it('rejects a token that is not yet valid (nbf beyond the tolerance)', async () => {
      const token = await sut.token(claims, { notBefore: now() + 120 });
      expectProblem(await get(LIST, token), 401, /not yet valid/);
    });

    it('rejects a token for another audience', async () => {
      const token = await sut.token(claims, { audience: 'some-other-api' });
      expectProblem(await get(LIST, token), 401, /"aud"/);
    });

    it('rejects a token from another issuer', async () => {
      const token = await sut.token(claims, { issuer: 'https://evil.test.invalid' });
      expectProblem(await get(LIST, token), 401, /"iss"/);
    });

    it('rejects an unsigned token (alg: none)', async () => {
      const payload = { sub: 'mallory', iss: TEST_ISSUER, aud: TEST_AUDIENCE, iat: now(), exp: now() + 600, ...claims };
      const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
      expectProblem(await get(LIST, token), 401, /algorithm/);
    });

    it('rejects a token signed with another ES256 key under the same kid', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
        .setSubject('mallory')
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      expectProblem(await get(LIST, token), 401, /signature/);
    });

    it('rejects an HS256 token keyed with the public key (algorithm confusion)', async () => {
      const { d: _d, ...publicJwk } = sut.signingKey;
      const pem = createPublicKey({ key: publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const payload = { sub: 'mallory', iss: TEST_ISSUER, aud: TEST_AUDIENCE, iat: now(), exp: now() + 600, ...claims };
      for (const secret of [pem, JSON.stringify(publicJwk)]) {
        const input = `${b64url({ alg: 'HS256', typ: 'JWT', kid: 'test-key' })}.${b64url(payload)}`;
        const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
        expectProblem(await get(LIST, token), 401, /algorithm/);
      }
    });

    it('rejects a token whose roles claim is not an array', async () => {
      const token = await sut.token({ roles: 'manager' as never, municipalities: ['751'] });
      expectProblem(await get(LIST, token), 401, /roles/);
    });

    it('rejects a request without an Authorization header', async () => {
      expectProblem(await get(LIST), 401, /bearer token is required/);
    });

    it.each([
      ['a Basic header', 'Basic dXNlcjpwYXNz'],
      ['a bearer value that is not a JWT', 'Bearer abc'],
      ['a bare token without the scheme', 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln'],
      ['an empty bearer', 'Bearer '],
    ])('rejects %s', async (_name, header) => {
      expectProblem(await sut.http.get(LIST).set('Authorization', header), 401, /Bearer <JWT>/);
    });
  });

  describe('403: the token is fine but its roles are not enough', () => {
    it('refuses a caseworker on the audit trail', async () => {
      const token = await sut.token({ roles: ['caseworker'], municipalities: ['751'] });
      expectProblem(await get(AUDIT, token), 403, /manager, admin/);
    });

    it('refuses an evaluator on the audit trail', async () => {
      const token = await sut.token({ roles: ['evaluator'], municipalities: [] });
      expectProblem(await get(AUDIT, token), 403);
    });

    it('refuses a token with no roles at all', async () => {
      const token = await sut.token({ roles: [], municipalities: ['751'] });
      expectProblem(await get(LIST, token), 403);
    });

    it('ignores roles it does not know', async () => {
      const token = await sut.token({ roles: ['superuser', 'root'], municipalities: ['751'] });
      expectProblem(await get(LIST, token), 403);
    });
  });

  describe('every route is closed unless it says who may call it', () => {
    /** The global guard on a handler of our own making, with a token holding every role. */
    async function guard(handler: object, controller: object): Promise<unknown> {
      const sutGuard = new AuthGuard(sut.app.get(Reflector), sut.app.get(TokenVerifier), sut.app.get(RequestContext));
      const request = { headers: { authorization: `Bearer ${await sut.token({ roles: [...ROLES], municipalities: ['751'] })}` } };
      const context = {
        getHandler: () => handler,
        getClass: () => controller,
        switchToHttp: () => ({ getRequest: () => request }),
      } as unknown as ExecutionContext;
      return sut.app
        .get(RequestContext)
        .run({ requestId: 'guard-test' }, () => sutGuard.canActivate(context).catch((error: unknown) => error));
    }

    it('closes a route that states no roles, even to a token with every role', async () => {
      class Unmarked {
        handler() {}
      }
      const outcome = await guard(Unmarked.prototype.handler, Unmarked);
      expect(outcome).toBeInstanceOf(ForbiddenError);
      expect((outcome as Error).message).toMatch(/not open to any role/);
    });

    it('opens a route that states its roles to a token with one of them', async () => {
      class Marked {
        @Roles('manager')
        handler() {}
      }
      expect(await guard(Marked.prototype.handler, Marked)).toBe(true);
    });

    it('has @Roles (with known roles) or @Public on every controller route', () => {
      const discovery = new DiscoveryService(sut.app.get(ModulesContainer));
      const scanner = new MetadataScanner();
      const routes: string[] = [];
      const unguarded: string[] = [];
      for (const wrapper of discovery.getControllers()) {
        const controller = wrapper.metatype as new (...args: never[]) => object;
        for (const name of scanner.getAllMethodNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name] as object;
          if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
          const route = `${controller.name}.${name} (${Reflect.getMetadata(PATH_METADATA, controller)}/${Reflect.getMetadata(PATH_METADATA, handler)})`;
          routes.push(route);
          const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller);
          const roles: string[] | undefined = Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller);
          if (isPublic === true) continue;
          if (!roles?.length || !roles.every((r) => (ROLES as readonly string[]).includes(r))) unguarded.push(route);
        }
      }
      expect(routes).toEqual(expect.arrayContaining([expect.stringContaining('AuditController.list')]));
      expect(routes.length).toBeGreaterThanOrEqual(5);
      expect(unguarded).toEqual([]);
    });

    it('keeps @Public to the health checks, the web configuration and the development login', () => {
      const discovery = new DiscoveryService(sut.app.get(ModulesContainer));
      const scanner = new MetadataScanner();
      const open = discovery.getControllers().filter((wrapper) => {
        const controller = wrapper.metatype as new (...args: never[]) => object;
        const methods = scanner.getAllMethodNames(controller.prototype).map((n) => (controller.prototype as Record<string, object>)[n]);
        return [controller, ...methods].some((target) => Reflect.getMetadata(PUBLIC_KEY, target) === true);
      });
      expect(open.map((w) => Reflect.getMetadata(PATH_METADATA, w.metatype as object)).sort()).toEqual(['/', 'api/dev-login', 'health']);
    });
  });
});
