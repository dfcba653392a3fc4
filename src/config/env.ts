import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
  type ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The bytes a base64 text decodes to, or undefined when it is not base64. */
function base64Bytes(text: string): number | undefined {
  return BASE64.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64').length : undefined;
}

/**
 * A key written in base64 that decodes to `bytes` bytes (`atLeast`: or more). The decoded length
 * is what the cipher needs: a 48-byte key in 64 characters of base64 must stop start-up here, not
 * fail at its first use.
 */
function IsBase64Key(bytes: number, how: 'exactly' | 'atLeast' = 'exactly') {
  return ValidateBy({
    name: 'isBase64Key',
    validator: {
      validate: (value: unknown) => {
        const n = typeof value === 'string' ? base64Bytes(value) : undefined;
        return n !== undefined && (how === 'exactly' ? n === bytes : n >= bytes);
      },
      defaultMessage: (args) => `${args?.property} must be base64 of ${how === 'exactly' ? '' : 'at least '}${bytes} bytes`,
    },
  });
}

/** `kid:base64key` pairs, comma-separated, each key decoding to exactly 32 bytes. */
function IsKeyList() {
  return ValidateBy({
    name: 'isKeyList',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        value.split(',').every((pair) => {
          const [kid, key, extra] = pair.split(':');
          return /^[A-Za-z0-9_-]+$/.test(kid ?? '') && extra === undefined && key !== undefined && base64Bytes(key) === 32;
        }),
      defaultMessage: (args) => `${args?.property} must be kid:base64(32 bytes) pairs separated by commas`,
    },
  });
}

/**
 * Every environment variable the service reads, validated once at start-up.
 * `.env.example` documents each; keep the two in step.
 */
export class Env {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'MIGRATION_DATABASE_URL must be a postgres:// connection URL' })
  MIGRATION_DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Whether the hottest statements (the KL outbox's, on every course change) are kept prepared on
   * their connection under a name, so PostgreSQL plans them once per connection instead of once per
   * change. Set `false` behind a pooler that moves transactions between server connections without
   * carrying prepared statements (PgBouncer in transaction mode before 1.21, or without
   * `max_prepared_statements`).
   */
  @IsIn(['true', 'false'])
  DATABASE_PREPARED_STATEMENTS: 'true' | 'false' = 'true';

  /** How long a request waits for a database connection (a new one, or a free one from a full pool) before a 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_ISSUER_URL?: string;

  @IsString()
  @MinLength(1)
  OIDC_AUDIENCE = 'ltt-case-tracker';

  /**
   * The web front's OpenID Connect client (a public client: authorization code with PKCE, no
   * secret), given to the browser by /web-config.json with the issuer.
   */
  @Matches(/^[A-Za-z0-9._:/-]{1,200}$/, { message: 'OIDC_CLIENT_ID must be 1-200 of A-Z a-z 0-9 . _ : / -' })
  OIDC_CLIENT_ID = 'ltt-web';

  /** The scopes the web front asks for, space-separated; must include openid. */
  @Matches(/^([!-~]+ )*openid( [!-~]+)*$/, { message: 'OIDC_SCOPE must be space-separated scopes including openid' })
  OIDC_SCOPE = 'openid';

  @Matches(/^(RS|PS|ES)(256|384|512)(,(RS|PS|ES)(256|384|512)|,EdDSA)*$|^EdDSA(,(RS|PS|ES)(256|384|512))*$/, {
    message: 'OIDC_ALGORITHMS must be a comma-separated list of asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA, ...)',
  })
  OIDC_ALGORITHMS = 'RS256,PS256,ES256,EdDSA';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  OIDC_CLOCK_TOLERANCE_SECONDS = 30;

  @IsString()
  AUTH_CLAIM_ROLES = 'roles';

  @IsString()
  AUTH_CLAIM_MUNICIPALITIES = 'municipalities';

  @IsString()
  AUTH_CLAIM_NAME = 'name';

  /** `kid:base64key` pairs, comma-separated; the first encrypts, all decrypt (key rotation). AES-256: 32 bytes each. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsKeyList()
  CPR_ENCRYPTION_KEYS?: string;

  /** HMAC-SHA-256 key of the CPR blind index: at least 32 bytes. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsBase64Key(32, 'atLeast')
  CPR_INDEX_KEY?: string;

  /** AES-256-GCM key that seals the extract recipients' keys: exactly 32 bytes. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsBase64Key(32)
  EXTRACT_KEY_ENCRYPTION_KEY?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_TTL_SECONDS = 60;

  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 256kb or 1mb' })
  BODY_LIMIT = '256kb';

  /**
   * How many reverse proxies in front of the service to trust for the client address
   * (X-Forwarded-For), as Express's `trust proxy` hop count; 0 trusts none.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  /** Comma-separated origins allowed by CORS; empty keeps CORS closed. */
  @IsString()
  CORS_ORIGINS = '';

  // The KL delivery (docs/kl-reporting.md, "Delivery"). The guide does not fix the transport, so
  // every part of it is configuration. Without KL_GATEWAY_URL nothing is sent: reports wait, pending.

  /** FK Gateway's FHIR base; reports go to `PUT {KL_GATEWAY_URL}/{KL_BUNDLE_PATH}`. Unset: nothing is sent. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  KL_GATEWAY_URL?: string;

  /** The path of one report under KL_GATEWAY_URL; `{id}` is the Bundle id. */
  @Matches(/^[A-Za-z0-9._~/-]*\{id\}[A-Za-z0-9._~/-]*$/, { message: 'KL_BUNDLE_PATH must be a path containing {id}' })
  KL_BUNDLE_PATH = 'Bundle/{id}';

  /** OAuth 2.0 token endpoint (client credentials grant). Unset: reports are sent without a token. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  KL_TOKEN_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  KL_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  KL_CLIENT_SECRET?: string;

  /** How the client authenticates at KL_TOKEN_URL (RFC 6749 section 2.3.1): HTTP Basic, or in the form body. */
  @IsIn(['client_secret_basic', 'client_secret_post'])
  KL_TOKEN_AUTH_METHOD: 'client_secret_basic' | 'client_secret_post' = 'client_secret_basic';

  /** The scope to ask for, space-separated; unset: none is asked for. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  KL_TOKEN_SCOPE?: string;

  /** A token is fetched anew this many seconds before it expires. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  KL_TOKEN_REFRESH_MARGIN_SECONDS = 60;

  /** The sender's FHIR base: each report entry's fullUrl is `{KL_FHIR_BASE}/{type}/{id}`. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  KL_FHIR_BASE = 'https://ltt-case-tracker.example/fhir';

  /** How long one request to the gateway or the token endpoint may take before it is retried. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300000)
  KL_REQUEST_TIMEOUT_MS = 10000;

  /** Retries after a 5xx, a timeout or a connection error wait about KL_RETRY_BASE_MS × 2^(try − 1), at most KL_RETRY_MAX_MS, with jitter. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  KL_RETRY_BASE_MS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  KL_RETRY_MAX_MS = 3600000;

  /**
   * Whether this instance registers the KL delivery's tasks with the job runner (sending, the
   * start-up backfill, re-plans). Needs JOB_WORKER=true to run them.
   */
  @IsIn(['true', 'false'])
  KL_DELIVERY_WORKER: 'true' | 'false' = 'true';

  /** Reports sent at the same time by this instance's job runner. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  KL_DELIVERY_CONCURRENCY = 8;

  /** Worker threads that plan and validate in bulk (the backfill, a municipality's re-plan); 0: one per core, at most 8. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  KL_PLAN_THREADS = 0;

  /**
   * Whether this instance runs the shared job runner (src/jobs/): the KL delivery's jobs and the
   * extracts. Run it in one or more instances; with none, extracts stay queued and reports pending.
   */
  @IsIn(['true', 'false'])
  JOB_WORKER: 'true' | 'false' = 'true';

  /** How often the job runner looks for due jobs when it is not woken by the database (LISTEN). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  JOB_POLL_INTERVAL_MS = 2000;

  /** A job runner whose heartbeat (every JOB_WORKER_HEARTBEAT_SECONDS) is older than JOB_WORKER_STALE_SECONDS is taken for dead and its jobs freed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  JOB_WORKER_HEARTBEAT_SECONDS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(86400)
  JOB_WORKER_STALE_SECONDS = 60;
}

/** A configuration the service cannot start with; its message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Every variable `Env` declares, read from its validation metadata (each has at least one decorator). */
export const ENV_VARIABLES: readonly string[] = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(Env, '', true, false)
      .map((m) => m.propertyName),
  ),
];

/**
 * The constraint to report when several fail: what the value is (a number, a URL, one of a list)
 * before its range, so `PORT=abc` is "must be an integer", not "must not be greater than 65535".
 */
const RANGE_CONSTRAINTS = new Set(['min', 'max', 'minLength', 'maxLength']);

function firstProblem(error: ValidationError): string {
  const constraints = Object.entries(error.constraints ?? {});
  const [, message] = constraints.find(([name]) => !RANGE_CONSTRAINTS.has(name)) ?? constraints[0] ?? ['', 'is invalid'];
  return message;
}

/** Validates `source` (normally `process.env`); throws a ConfigError naming the first bad variable. */
export function validateEnv(source: Record<string, string | undefined>): Env {
  const picked: Record<string, string> = {};
  for (const key of ENV_VARIABLES) {
    const value = source[key];
    if (value !== undefined) picked[key] = value;
  }
  const env = plainToInstance(Env, picked);
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(errors[0].property, firstProblem(errors[0]));
  checkKlDelivery(env);
  if (env.NODE_ENV === 'production') {
    for (const required of [
      'OIDC_ISSUER_URL',
      'DATABASE_URL',
      'CPR_ENCRYPTION_KEYS',
      'CPR_INDEX_KEY',
      'EXTRACT_KEY_ENCRYPTION_KEY',
    ] as const) {
      if (!env[required]) {
        throw new ConfigError(required, 'is required when NODE_ENV=production');
      }
    }
  }
  return env;
}

/** The KL transport settings that only make sense together, and what production requires of them. */
function checkKlDelivery(env: Env): void {
  if (env.KL_TOKEN_URL && !env.KL_CLIENT_ID) throw new ConfigError('KL_CLIENT_ID', 'is required with KL_TOKEN_URL');
  if (env.KL_TOKEN_URL && !env.KL_CLIENT_SECRET) throw new ConfigError('KL_CLIENT_SECRET', 'is required with KL_TOKEN_URL');
  if (!env.KL_TOKEN_URL && (env.KL_CLIENT_ID || env.KL_CLIENT_SECRET)) {
    throw new ConfigError('KL_TOKEN_URL', 'is required with KL_CLIENT_ID and KL_CLIENT_SECRET');
  }
  if (env.KL_RETRY_MAX_MS < env.KL_RETRY_BASE_MS) throw new ConfigError('KL_RETRY_MAX_MS', 'must not be less than KL_RETRY_BASE_MS');
  if (env.JOB_WORKER_STALE_SECONDS <= env.JOB_WORKER_HEARTBEAT_SECONDS) {
    throw new ConfigError('JOB_WORKER_STALE_SECONDS', 'must be greater than JOB_WORKER_HEARTBEAT_SECONDS');
  }
  if (env.NODE_ENV === 'production' && env.KL_GATEWAY_URL) {
    // Children's health data leaves the service here: only over TLS, and only with a token.
    for (const name of ['KL_GATEWAY_URL', 'KL_TOKEN_URL'] as const) {
      if (!env[name]) throw new ConfigError(name, 'is required with KL_GATEWAY_URL when NODE_ENV=production');
      if (!env[name].startsWith('https://')) throw new ConfigError(name, 'must be an https:// URL when NODE_ENV=production');
    }
  }
}
