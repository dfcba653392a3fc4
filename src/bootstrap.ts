import { resolve } from 'node:path';
import { AppConfig } from './config/app-config.js';
import { resolveSecurity } from './config/app-config.js';
import { validateEnv, type Env } from './config/env.js';
import { loadOrCreateLocalSecrets } from './config/local-secrets.js';
import { runMigrations } from './database/data-source.js';
import { runningInstancePostmaster, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { installJobQueue } from './jobs/job-queue.schema.js';

export interface Runtime {
  config: AppConfig;
  /** The schema owner's connection (migrations, bulk loads). */
  ownerUrl: string;
  embedded?: EmbeddedDatabase;
  migrationsApplied: string[];
}

export interface RuntimeOptions {
  /**
   * For the command-line tools (seed, extract): when the service is running on the same DATA_DIR,
   * use the embedded PostgreSQL it started (and leave it running) instead of refusing.
   */
  shareRunningDatabase?: boolean;
}

/**
 * Everything before Nest: validate the environment, start the embedded PostgreSQL when no
 * DATABASE_URL is given, apply pending migrations as the schema owner (and the delivery queue's
 * own schema), resolve secrets.
 */
export async function prepareRuntime(
  source: Record<string, string | undefined>,
  log: (line: string) => void,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const env: Env = validateEnv(source);
  let embedded: EmbeddedDatabase | undefined;
  let appUrl = env.DATABASE_URL;
  let ownerUrl = env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL;
  if (!appUrl) {
    const secrets = await loadOrCreateLocalSecrets(resolve(env.DATA_DIR));
    const running = options.shareRunningDatabase ? runningInstancePostmaster(env.DATA_DIR) : undefined;
    log(
      running
        ? `Using the embedded PostgreSQL of the service running on ${env.DATA_DIR} (pid ${running.instancePid}), port ${running.port}`
        : `Starting embedded PostgreSQL in ${resolve(env.DATA_DIR, 'pg')} ...`,
    );
    embedded = await startEmbeddedPostgres({
      dataDir: env.DATA_DIR,
      database: 'ltt',
      passwords: { postgres: secrets.postgresPassword, owner: secrets.ownerPassword, app: secrets.appPassword },
      shareRunning: options.shareRunningDatabase,
    });
    appUrl = embedded.appUrl;
    ownerUrl = embedded.ownerUrl;
  }
  try {
    const migrationsApplied = await prepareSchema(ownerUrl!);
    const { auth, crypto } = await resolveSecurity(env);
    const config = new AppConfig(env, { appUrl, poolSize: env.DATABASE_POOL_SIZE }, auth, crypto);
    return { config, ownerUrl: ownerUrl!, embedded, migrationsApplied };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/**
 * Makes the database ready for the service, as its schema owner: the pending migrations, then the
 * job queue's own schema (graphile-worker). Returns the migrations applied. The test
 * database and the reliability suite's own clusters are prepared by this too, so they are what
 * the service starts on.
 */
export async function prepareSchema(ownerUrl: string): Promise<string[]> {
  const applied = await runMigrations(ownerUrl);
  await installJobQueue(ownerUrl);
  return applied;
}

/**
 * What went wrong, in words: the message (or, for something thrown that is not an Error, what it
 * is), the reasons an AggregateError gathers (a connection refused on every address has no
 * message of its own), the causes, and where it was thrown.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return `${String(error)} was thrown, with no message`;
  const lines = [error.message || error.name];
  if (error instanceof AggregateError) for (const e of error.errors) lines.push(`  - ${e instanceof Error ? e.message : String(e)}`);
  if (error.cause !== undefined) lines.push(`Caused by: ${describeFailure(error.cause)}`);
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return [...lines, ...frames].join('\n');
}
