import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { ConfigError, ENV_VARIABLES, Env, validateEnv } from '../../src/config/env.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  OIDC_ISSUER_URL: 'https://login.example.dk/realms/ltt',
  DATABASE_URL: 'postgres://ltt_app_login:secret@db.internal:5432/ltt',
  CPR_ENCRYPTION_KEYS: `k2026:${KEY}`,
  CPR_INDEX_KEY: KEY,
  EXTRACT_KEY_ENCRYPTION_KEY: KEY,
};

/** The message validateEnv throws for `source`, or undefined when it accepts it. */
function rejection(source: Record<string, string | undefined>): string | undefined {
  try {
    validateEnv(source);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe(validateEnv.name, () => {
  it('gives every variable its default when the environment is empty', () => {
    const env = validateEnv({});
    expect(env).toBeInstanceOf(Env);
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './.data',
      DATABASE_POOL_SIZE: 10,
      OIDC_AUDIENCE: 'ltt-case-tracker',
      OIDC_CLIENT_ID: 'ltt-web',
      OIDC_SCOPE: 'openid',
      OIDC_ALGORITHMS: 'RS256,PS256,ES256,EdDSA',
      OIDC_CLOCK_TOLERANCE_SECONDS: 30,
      AUTH_CLAIM_ROLES: 'roles',
      AUTH_CLAIM_MUNICIPALITIES: 'municipalities',
      AUTH_CLAIM_NAME: 'name',
      LOG_LEVEL: 'info',
      THROTTLE_LIMIT: 600,
      THROTTLE_TTL_SECONDS: 60,
      BODY_LIMIT: '256kb',
      CORS_ORIGINS: '',
    });
    for (const optional of [
      'DATABASE_URL',
      'MIGRATION_DATABASE_URL',
      'OIDC_ISSUER_URL',
      'CPR_ENCRYPTION_KEYS',
      'CPR_INDEX_KEY',
      'EXTRACT_KEY_ENCRYPTION_KEY',
    ] as const) {
      expect(env[optional]).toBeUndefined();
    }
  });

  it('reads numbers as numbers', () => {
    expect(validateEnv({ PORT: '8080', DATABASE_POOL_SIZE: '25', THROTTLE_LIMIT: '5' })).toMatchObject({
      PORT: 8080,
      DATABASE_POOL_SIZE: 25,
      THROTTLE_LIMIT: 5,
    });
  });

  it('treats an empty optional variable as unset', () => {
    const env = validateEnv({ DATABASE_URL: '', OIDC_ISSUER_URL: '', CPR_ENCRYPTION_KEYS: '' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.OIDC_ISSUER_URL).toBeUndefined();
    expect(env.CPR_ENCRYPTION_KEYS).toBeUndefined();
  });

  it('ignores variables it does not know', () => {
    expect(() => validateEnv({ PATH: '/usr/bin', SOMETHING_ELSE: 'x' })).not.toThrow();
  });

  it('accepts a complete production configuration', () => {
    expect(validateEnv(PRODUCTION)).toMatchObject({ NODE_ENV: 'production', OIDC_ISSUER_URL: PRODUCTION.OIDC_ISSUER_URL });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '3000x'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://user@host/db'],
    ['DATABASE_URL', 'localhost:5432'],
    ['MIGRATION_DATABASE_URL', 'not a url'],
    ['OIDC_ISSUER_URL', 'login.example.dk'],
    ['OIDC_ISSUER_URL', 'ftp://login.example.dk'],
    ['OIDC_ALGORITHMS', 'HS256'],
    ['OIDC_ALGORITHMS', 'none'],
    ['CPR_ENCRYPTION_KEYS', 'k1:c2hvcnQ='],
    ['CPR_ENCRYPTION_KEYS', KEY],
    ['CPR_ENCRYPTION_KEYS', `k1:${KEY};k2:${KEY}`],
    ['CPR_INDEX_KEY', 'not base64!'],
    ['EXTRACT_KEY_ENCRYPTION_KEY', 'c2hvcnQ='],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'verbose'],
    ['BODY_LIMIT', '10 MB'],
    ['DATABASE_POOL_SIZE', '0'],
    ['OIDC_CLIENT_ID', 'two words'],
    ['OIDC_CLIENT_ID', ''],
    ['OIDC_SCOPE', 'profile email'],
    ['OIDC_SCOPE', 'openid  profile'],
    ['OIDC_SCOPE', 'openidx'],
  ])('rejects %s=%j with a message naming it', (name, value) => {
    const message = rejection({ [name]: value });
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name}: `));
    // One line, so start-up can print it as is.
    expect(message).not.toContain('\n');
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer number'],
    ['PORT', '70000', 'PORT must not be greater than 65535'],
    ['PORT', '-1', 'PORT must not be less than 0'],
    ['DATABASE_POOL_SIZE', 'ten', 'DATABASE_POOL_SIZE must be an integer number'],
  ])('reports the constraint that failed: %s=%j is "%s"', (name, value, problem) => {
    expect(rejection({ [name]: value })).toBe(`Invalid configuration: ${name}: ${problem}`);
  });

  // 64 characters of valid base64 that decode to 48 bytes: long enough for a text-length check.
  const KEY_48 = Buffer.alloc(48, 7).toString('base64');
  const KEY_16 = Buffer.alloc(16, 7).toString('base64');

  it.each([
    ['EXTRACT_KEY_ENCRYPTION_KEY', KEY_48, 'EXTRACT_KEY_ENCRYPTION_KEY must be base64 of 32 bytes'],
    ['EXTRACT_KEY_ENCRYPTION_KEY', KEY_16, 'EXTRACT_KEY_ENCRYPTION_KEY must be base64 of 32 bytes'],
    ['CPR_ENCRYPTION_KEYS', `k1:${KEY_48}`, 'CPR_ENCRYPTION_KEYS must be kid:base64(32 bytes) pairs separated by commas'],
    ['CPR_ENCRYPTION_KEYS', `k1:${KEY},k2:${KEY_16}`, 'CPR_ENCRYPTION_KEYS must be kid:base64(32 bytes) pairs separated by commas'],
    ['CPR_ENCRYPTION_KEYS', `k1:${KEY}:x`, 'CPR_ENCRYPTION_KEYS must be kid:base64(32 bytes) pairs separated by commas'],
    ['CPR_INDEX_KEY', KEY_16, 'CPR_INDEX_KEY must be base64 of at least 32 bytes'],
  ])('checks the decoded length of %s (%j)', (name, value, problem) => {
    expect(rejection({ [name]: value })).toBe(`Invalid configuration: ${name}: ${problem}`);
  });

  it('accepts an index key longer than 32 bytes (an HMAC key may be longer)', () => {
    expect(validateEnv({ CPR_INDEX_KEY: KEY_48 }).CPR_INDEX_KEY).toBe(KEY_48);
  });

  it('reads every variable Env declares, optional ones included, without a hand-kept list', () => {
    const declared = getMetadataStorage()
      .getTargetValidationMetadatas(Env, '', true, false)
      .map((m) => m.propertyName);
    expect(new Set(ENV_VARIABLES)).toEqual(new Set(declared));
    // An optional variable is passed through when set: each of them, not only those someone listed.
    const optional = ENV_VARIABLES.filter((name) => (new Env() as unknown as Record<string, unknown>)[name] === undefined);
    expect(optional).toEqual(expect.arrayContaining(['DATABASE_URL', 'OIDC_ISSUER_URL', 'EXTRACT_KEY_ENCRYPTION_KEY']));
    const values: Record<string, string> = {
      DATABASE_URL: 'postgres://a@b/c',
      MIGRATION_DATABASE_URL: 'postgres://a@b/d',
      OIDC_ISSUER_URL: 'https://login.example.dk',
      CPR_ENCRYPTION_KEYS: `k1:${KEY}`,
      CPR_INDEX_KEY: KEY,
      EXTRACT_KEY_ENCRYPTION_KEY: KEY,
      KL_GATEWAY_URL: 'https://fkgateway.example.dk/fhir',
      KL_TOKEN_URL: 'https://login.example.dk/token',
      KL_CLIENT_ID: 'ltt-751',
      KL_CLIENT_SECRET: 'secret',
      KL_TOKEN_SCOPE: 'fkgateway',
    };
    // The client credentials only make sense together.
    const credentials = { KL_TOKEN_URL: values.KL_TOKEN_URL, KL_CLIENT_ID: values.KL_CLIENT_ID, KL_CLIENT_SECRET: values.KL_CLIENT_SECRET };
    for (const name of optional) {
      expect(values[name]).toBeDefined();
      const source = name in credentials ? { ...credentials, [name]: values[name] } : { [name]: values[name] };
      expect((validateEnv(source) as unknown as Record<string, unknown>)[name]).toBe(values[name]);
    }
  });

  describe('the KL delivery', () => {
    it('sends nothing by default: no gateway, no token, the worker on', () => {
      const env = validateEnv({});
      expect(env.KL_GATEWAY_URL).toBeUndefined();
      expect(env.KL_TOKEN_URL).toBeUndefined();
      expect(env).toMatchObject({ KL_BUNDLE_PATH: 'Bundle/{id}', KL_TOKEN_AUTH_METHOD: 'client_secret_basic', KL_DELIVERY_WORKER: 'true' });
    });

    it.each([
      [{ KL_TOKEN_URL: 'https://login.example.dk/token', KL_CLIENT_SECRET: 's' }, 'KL_CLIENT_ID: is required with KL_TOKEN_URL'],
      [{ KL_TOKEN_URL: 'https://login.example.dk/token', KL_CLIENT_ID: 'c' }, 'KL_CLIENT_SECRET: is required with KL_TOKEN_URL'],
      [{ KL_CLIENT_ID: 'c', KL_CLIENT_SECRET: 's' }, 'KL_TOKEN_URL: is required with KL_CLIENT_ID and KL_CLIENT_SECRET'],
      [{ KL_BUNDLE_PATH: 'Bundle' }, 'KL_BUNDLE_PATH: KL_BUNDLE_PATH must be a path containing {id}'],
      [
        { KL_TOKEN_AUTH_METHOD: 'private_key_jwt' },
        'KL_TOKEN_AUTH_METHOD: KL_TOKEN_AUTH_METHOD must be one of the following values: client_secret_basic, client_secret_post',
      ],
      [{ KL_RETRY_BASE_MS: '5000', KL_RETRY_MAX_MS: '1000' }, 'KL_RETRY_MAX_MS: must not be less than KL_RETRY_BASE_MS'],
      [
        { JOB_WORKER_HEARTBEAT_SECONDS: '30', JOB_WORKER_STALE_SECONDS: '30' },
        'JOB_WORKER_STALE_SECONDS: must be greater than JOB_WORKER_HEARTBEAT_SECONDS',
      ],
      [{ KL_GATEWAY_URL: 'fkgateway.example.dk' }, 'KL_GATEWAY_URL: KL_GATEWAY_URL must be a URL address'],
    ])('refuses %j', (source, problem) => {
      expect(rejection(source)).toBe(`Invalid configuration: ${problem}`);
    });

    const credentials = { KL_TOKEN_URL: 'https://login.example.dk/token', KL_CLIENT_ID: 'c', KL_CLIENT_SECRET: 's' };

    it('refuses production with a gateway but no token, or over plain http', () => {
      const gateway = { ...PRODUCTION, KL_GATEWAY_URL: 'https://fkgateway.example.dk/fhir' };
      expect(rejection(gateway)).toBe('Invalid configuration: KL_TOKEN_URL: is required with KL_GATEWAY_URL when NODE_ENV=production');
      expect(rejection({ ...gateway, ...credentials, KL_GATEWAY_URL: 'http://fkgateway.example.dk/fhir' })).toBe(
        'Invalid configuration: KL_GATEWAY_URL: must be an https:// URL when NODE_ENV=production',
      );
      expect(validateEnv({ ...gateway, ...credentials }).KL_GATEWAY_URL).toBe(gateway.KL_GATEWAY_URL);
    });

    it('allows a local receiver over http without a token outside production', () => {
      expect(validateEnv({ KL_GATEWAY_URL: 'http://127.0.0.1:4010/fhir' }).KL_GATEWAY_URL).toBe('http://127.0.0.1:4010/fhir');
    });
  });

  it('throws a ConfigError that names the variable', () => {
    try {
      validateEnv({ PORT: 'abc' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('PORT');
    }
  });

  it.each(['openid', 'openid profile', 'profile openid email', 'openid offline_access'])('accepts OIDC_SCOPE=%j', (scope) => {
    expect(validateEnv({ OIDC_SCOPE: scope }).OIDC_SCOPE).toBe(scope);
  });

  it('accepts several CPR keys for rotation', () => {
    expect(validateEnv({ CPR_ENCRYPTION_KEYS: `k2026:${KEY},k2025:${KEY}` }).CPR_ENCRYPTION_KEYS).toContain('k2025');
  });

  it('refuses production without OIDC_ISSUER_URL', () => {
    const { OIDC_ISSUER_URL: _issuer, ...rest } = PRODUCTION;
    expect(rejection(rest)).toBe('Invalid configuration: OIDC_ISSUER_URL: is required when NODE_ENV=production');
  });

  it('refuses production with nothing configured, naming OIDC_ISSUER_URL first', () => {
    expect(rejection({ NODE_ENV: 'production' })).toMatch(/^Invalid configuration: OIDC_ISSUER_URL: /);
  });

  it.each(['DATABASE_URL', 'CPR_ENCRYPTION_KEYS', 'CPR_INDEX_KEY', 'EXTRACT_KEY_ENCRYPTION_KEY'])(
    'refuses production without %s (no development fallbacks in production)',
    (name) => {
      expect(rejection({ ...PRODUCTION, [name]: undefined })).toBe(`Invalid configuration: ${name}: is required when NODE_ENV=production`);
    },
  );
});

describe('.env.example', () => {
  it('documents every variable of Env, and nothing else', () => {
    const properties = getMetadataStorage()
      .getTargetValidationMetadatas(Env, '', true, false)
      .map((m) => m.propertyName);
    expect(properties).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'CPR_INDEX_KEY', 'CORS_ORIGINS']));
    const documented = [...readFileSync(join(process.cwd(), '.env.example'), 'utf8').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map(
      (m) => m[1],
    );
    expect(new Set(documented)).toEqual(new Set(properties));
  });
});
