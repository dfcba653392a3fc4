import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBase64, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

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

  /** `kid:base64key` pairs, comma-separated; the first encrypts, all decrypt (key rotation). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'CPR_ENCRYPTION_KEYS must be kid:base64(32 bytes) pairs separated by commas',
  })
  CPR_ENCRYPTION_KEYS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsBase64()
  @MinLength(43, { message: 'CPR_INDEX_KEY must be base64 of at least 32 bytes' })
  CPR_INDEX_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsBase64()
  @MinLength(43, { message: 'EXTRACT_KEY_ENCRYPTION_KEY must be base64 of 32 bytes' })
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
}

export class ConfigError extends Error {}

/** Validates `source` (normally `process.env`); throws a ConfigError naming the first bad variable. */
export function validateEnv(source: Record<string, string | undefined>): Env {
  const known = Object.keys(new Env()).concat([
    'DATABASE_URL',
    'MIGRATION_DATABASE_URL',
    'OIDC_ISSUER_URL',
    'CPR_ENCRYPTION_KEYS',
    'CPR_INDEX_KEY',
    'EXTRACT_KEY_ENCRYPTION_KEY',
  ]);
  const picked: Record<string, string> = {};
  for (const key of known) {
    const value = source[key];
    if (value !== undefined) picked[key] = value;
  }
  const env = plainToInstance(Env, picked);
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(`Invalid configuration: ${first.property}: ${message}`);
  }
  if (env.NODE_ENV === 'production') {
    for (const required of [
      'OIDC_ISSUER_URL',
      'DATABASE_URL',
      'CPR_ENCRYPTION_KEYS',
      'CPR_INDEX_KEY',
      'EXTRACT_KEY_ENCRYPTION_KEY',
    ] as const) {
      if (!env[required]) {
        throw new ConfigError(`Invalid configuration: ${required}: is required when NODE_ENV=production`);
      }
    }
  }
  return env;
}
