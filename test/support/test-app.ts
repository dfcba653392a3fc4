import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { Clock } from '../../src/common/clock.js';
import { AppConfig, type AuthSettings, type CryptoSettings } from '../../src/config/app-config.js';
import { validateEnv } from '../../src/config/env.js';
import type { LogSink } from '../../src/common/logging.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_ISSUER = 'https://issuer.test.invalid';
export const TEST_AUDIENCE = 'ltt-case-tracker';
/** A folder that cannot exist (below a device file): the service then serves no web front. */
const NO_WEB_FRONT = '/dev/null/no-web-front';

export interface TokenClaims {
  sub?: string;
  name?: string;
  roles?: string[];
  municipalities?: string[];
  [claim: string]: unknown;
}

export interface TestApp {
  app: NestExpressApplication;
  db: TestDatabase;
  http: ReturnType<typeof request>;
  /** Lines the service logged (after scrubbing), for tests that inspect logs. */
  logs: string[];
  token(
    claims?: TokenClaims,
    options?: { expiresIn?: string | number; notBefore?: string | number; issuer?: string; audience?: string },
  ): Promise<string>;
  /** Authorization header value for a quick call. */
  bearer(claims?: TokenClaims): Promise<string>;
  signingKey: JWK;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  auth?: Partial<AuthSettings>;
  /** Pins the service's clock (its "today" is this instant's Danish local date). */
  now?: Date;
  /** Runs on this database instead of a fresh copy of the template; `close()` then leaves it. */
  database?: TestDatabase;
  /** Rewrites the application's database URL, e.g. to go through a test proxy. */
  appUrl?: (url: string) => string;
  /**
   * The built web front to serve. By default none, so API tests answer the same whether or
   * not web/dist has been built; the browser tests pass WEB_DIST.
   */
  webRoot?: string;
  /** Connections in the application's pool (default 4). */
  poolSize?: number;
  /** The CPR and extract keys (default: new random keys), so two instances can read the same data. */
  crypto?: CryptoSettings;
}

/** The whole application on its own database, with a test issuer's key (real ES256 tokens). */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'ES256' };
  // The KL delivery worker only where a test asks for it (KL_DELIVERY_WORKER=true); bulk planning in
  // this thread, since Jest's module loader does not reach worker threads.
  const env = validateEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    THROTTLE_LIMIT: '100000',
    KL_DELIVERY_WORKER: 'false',
    KL_PLAN_THREADS: '1',
    ...options.env,
  });
  const key = () => randomBytes(32);
  // Eight connections: a request's transaction, a bulk re-plan's batches in flight and the job
  // runner's heartbeat (every test app runs the job runner) side by side, with room to spare on a
  // loaded machine; with four, a re-plan and a heartbeat could wait out the pool's 5 s.
  const config = new AppConfig(
    env,
    { appUrl: options.appUrl ? options.appUrl(db.appUrl) : db.appUrl, poolSize: options.poolSize ?? 8 },
    {
      mode: 'local',
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      algorithms: ['ES256', 'RS256'],
      clockToleranceSeconds: 30,
      localPublicKey: publicJwk,
      localSigningKey: privateJwk,
      claims: { roles: 'roles', municipalities: 'municipalities', name: 'name' },
      ...options.auth,
    },
    options.crypto ?? { cprKeys: new Map([['k1', key()]]), currentKeyId: 'k1', cprIndexKey: key(), extractKeyEncryptionKey: key() },
  );
  const logs: string[] = [];
  const app = await createApp({
    config,
    logSink: { write: (line: string) => void logs.push(line) } satisfies LogSink,
    webRoot: options.webRoot ?? NO_WEB_FRONT,
  });
  if (options.now) {
    const pinned = options.now;
    app.get(Clock).now = () => pinned;
  }
  await app.init();
  const signer = await importJWK(privateJwk, 'ES256');

  const token: TestApp['token'] = async (claims = {}, opts = {}) => {
    const { sub = 'user-1', ...rest } = claims;
    const jwt = new SignJWT({ roles: ['caseworker'], municipalities: ['751'], ...rest })
      .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
      .setSubject(sub)
      .setIssuer(opts.issuer ?? TEST_ISSUER)
      .setAudience(opts.audience ?? TEST_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? '10m');
    if (opts.notBefore !== undefined) jwt.setNotBefore(opts.notBefore);
    return jwt.sign(signer);
  };

  return {
    app,
    db,
    http: request(app.getHttpServer()),
    logs,
    token,
    bearer: async (claims) => `Bearer ${await token(claims)}`,
    signingKey: privateJwk,
    async close() {
      await app.close();
      if (!options.database) await db.drop();
    },
  };
}
