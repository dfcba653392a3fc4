/**
 * Prints a development token signed by the local issuer in DATA_DIR, and nothing else on stdout.
 *   npm run token -- --role manager --municipality 751
 *   npm run token -- --roles caseworker,manager --municipalities 751,101 --sub alice --ttl 3600
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signLocalToken } from '../auth/local-issuer.js';
import { ROLES } from '../common/request-context.js';
import { validateEnv } from '../config/env.js';
import { loadOrCreateLocalSecrets } from '../config/local-secrets.js';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      roles: { type: 'string' },
      municipality: { type: 'string' },
      municipalities: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '28800' },
    },
  });
  const env = validateEnv(process.env);
  if (env.NODE_ENV === 'production') fail('development tokens are not available in production');
  if (env.OIDC_ISSUER_URL) fail('OIDC_ISSUER_URL is set: get a token from that issuer instead');
  const list = (a?: string, b?: string) => [a, b].filter(Boolean).join(',').split(',').filter(Boolean);
  const roles = list(values.role, values.roles);
  if (!roles.length) fail('give --role or --roles');
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) fail(`unknown role(s) ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  const municipalities = list(values.municipality, values.municipalities);
  if (municipalities.some((m) => !/^\d{3}$/.test(m))) fail('municipality codes have 3 digits, e.g. 751');
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1) fail('--ttl is a whole number of seconds');
  const secrets = await loadOrCreateLocalSecrets(resolve(env.DATA_DIR));
  const sub = values.sub ?? `dev-${roles[0]}`;
  const token = await signLocalToken(secrets.signingKey, {
    sub,
    name: values.name ?? sub,
    roles,
    municipalities,
    audience: env.OIDC_AUDIENCE,
    ttlSeconds: ttl,
  });
  process.stdout.write(token + '\n');
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
