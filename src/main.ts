import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { describeFailure, prepareRuntime } from './bootstrap.js';
import { logSinkFor, prettySink } from './common/logging.js';
import { ConfigError } from './config/env.js';
import { assertLeastPrivilege } from './database/data-source.js';
import { DataSource } from 'typeorm';

const say = (line: string) => process.stderr.write(line + '\n');

async function main(): Promise<void> {
  const runtime = await prepareRuntime(process.env, say);
  const { config, embedded } = runtime;
  if (runtime.migrationsApplied.length) say(`Applied migrations: ${runtime.migrationsApplied.join(', ')}`);

  const logSink = logSinkFor(process.stdout, config.env.NODE_ENV) === 'pretty' ? prettySink() : undefined;
  const app = await createApp({ config, logSink });
  await assertLeastPrivilege(app.get(DataSource));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  // Nest's shutdown hooks close the app on signals; the embedded database must stop after it.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await app.listen(config.env.PORT, config.env.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  say('');
  say(`LTT case tracker is running at ${url}`);
  say(
    `  Web front:    ${url}/${config.auth.mode === 'local' && !config.isProduction ? '  (development login: choose role, municipality and name)' : ''}`,
  );
  say(`  API docs:     ${url}/docs`);
  say(`  Health:       ${url}/health/ready`);
  say(`  Database:     ${embedded ? `embedded PostgreSQL on port ${embedded.port} (data in ${config.env.DATA_DIR})` : 'DATABASE_URL'}`);
  if (config.auth.mode === 'local') {
    const dataDir = config.env.DATA_DIR === './.data' ? '' : `DATA_DIR=${config.env.DATA_DIR} `;
    say(`  Dev token:    ${dataDir}npm run token -- --role manager --municipality 751`);
    say(`                then: curl -H "Authorization: Bearer <token>" ${url}/api/v1/municipalities`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    say(error.message);
  } else {
    say(`Start-up failed: ${describeFailure(error)}`);
  }
  process.exit(1);
});
