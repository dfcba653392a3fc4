/**
 * Writes the OpenAPI document to docs/openapi.json, so API changes show in review:
 *   npm run openapi
 * Run it after changing a controller or a DTO; test/large/openapi.spec.ts fails until the
 * committed file matches the code. No database is needed: Nest builds the module graph in
 * preview mode, which reads every controller's metadata without instantiating a provider.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApi } from '../app.factory.js';
import { AppModule } from '../app.module.js';
import { AppConfig } from '../config/app-config.js';
import { validateEnv } from '../config/env.js';

export const OPENAPI_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.json');

/** Object keys sorted at every level (arrays keep their order): the same code gives the same bytes. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The committed form of the document: sorted keys, 2-space JSON, a final newline. */
export function renderOpenApi(document: OpenAPIObject): string {
  return JSON.stringify(sortKeys(document), null, 2) + '\n';
}

/** The document of the code as it is, from an application graph that never touches a database. */
export async function generateOpenApi(): Promise<string> {
  const env = validateEnv({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  const unused = () => randomBytes(32);
  const config = new AppConfig(
    env,
    { appUrl: 'postgres://unused@127.0.0.1:1/unused', poolSize: 1 },
    {
      mode: 'local',
      issuer: 'urn:ltt-case-tracker:openapi',
      audience: env.OIDC_AUDIENCE,
      algorithms: ['ES256'],
      clockToleranceSeconds: 0,
      claims: { roles: env.AUTH_CLAIM_ROLES, municipalities: env.AUTH_CLAIM_MUNICIPALITIES, name: env.AUTH_CLAIM_NAME },
    },
    { cprKeys: new Map([['unused', unused()]]), currentKeyId: 'unused', cprIndexKey: unused(), extractKeyEncryptionKey: unused() },
  );
  const app: INestApplication = await NestFactory.create(AppModule.register({ config }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  return renderOpenApi(buildOpenApi(app));
}

async function main(): Promise<void> {
  const text = await generateOpenApi();
  writeFileSync(OPENAPI_FILE, text);
  process.stdout.write(`Wrote ${OPENAPI_FILE} (${Object.keys((JSON.parse(text) as OpenAPIObject).paths).length} paths)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`openapi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
