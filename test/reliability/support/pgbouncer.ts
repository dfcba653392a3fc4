import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../../src/database/embedded-postgres.js';
import { RELIABILITY_DATA } from './postgres-cluster.js';

export const PGBOUNCER = process.env.PGBOUNCER ?? '/usr/sbin/pgbouncer';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Pool {
  /** The name clients connect to. */
  alias: string;
  /** The real database behind it. */
  database: string;
  /** Server connections PgBouncer may open for it. */
  size: number;
}

/**
 * Debian's PgBouncer, started by the suite on a free loopback port with a configuration of its
 * own in a folder of its own: transaction pooling, a small server pool per database alias, and
 * the application role's password in its auth file (SCRAM towards both sides). As root it runs
 * as the `postgres` system user (PgBouncer refuses to run as root).
 */
export class PgBouncer {
  readonly dir = join(RELIABILITY_DATA, `pgbouncer-${randomBytes(3).toString('hex')}`);
  readonly adminPassword = randomBytes(12).toString('hex');
  port = 0;
  private child?: ChildProcess;

  constructor(
    private readonly server: { host: string; port: number },
    private readonly users: Record<string, string>,
    private readonly pools: Pool[],
  ) {}

  async start(): Promise<this> {
    if (!existsSync(PGBOUNCER)) throw new Error(`${PGBOUNCER} is not installed (apt-get install pgbouncer)`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.port = await freePort();
    const users = { ...this.users, pgbouncer_admin: this.adminPassword };
    writeFileSync(
      join(this.dir, 'userlist.txt'),
      Object.entries(users)
        .map(([user, password]) => `"${user}" "${password}"`)
        .join('\n') + '\n',
    );
    const databases = this.pools
      .map((p) => `${p.alias} = host=${this.server.host} port=${this.server.port} dbname=${p.database} pool_size=${p.size}`)
      .join('\n');
    writeFileSync(
      join(this.dir, 'pgbouncer.ini'),
      [
        '[databases]',
        databases,
        '',
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${this.port}`,
        'unix_socket_dir =',
        'auth_type = scram-sha-256',
        `auth_file = ${join(this.dir, 'userlist.txt')}`,
        'admin_users = pgbouncer_admin',
        'pool_mode = transaction',
        'max_client_conn = 400',
        'default_pool_size = 2',
        `logfile = ${join(this.dir, 'pgbouncer.log')}`,
        `pidfile = ${join(this.dir, 'pgbouncer.pid')}`,
        // node-postgres sends none of these, psql and others might.
        'ignore_startup_parameters = extra_float_digits,options',
        'server_check_delay = 1',
        '',
      ].join('\n'),
    );
    const asPostgres = process.getuid?.() === 0;
    let ids: { uid: number; gid: number } | undefined;
    if (asPostgres) {
      ids = {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
      };
      for (const file of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(join(this.dir, file), ids.uid, ids.gid);
    }
    const child = spawn(PGBOUNCER, [join(this.dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}) });
    this.child = child;
    running.add(child);
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.once('exit', () => running.delete(child));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`pgbouncer exited ${child.exitCode}: ${output}${this.log()}`);
      try {
        await this.admin('SHOW VERSION');
        return this;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`pgbouncer did not answer: ${output}${this.log()}`);
  }

  url(user: string, alias: string): string {
    return `postgres://${user}:${encodeURIComponent(this.users[user])}@127.0.0.1:${this.port}/${alias}`;
  }

  /** A command on PgBouncer's admin console (SHOW POOLS, SHOW STATS, ...), simple protocol. */
  async admin<T extends pg.QueryResultRow>(command: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: `postgres://pgbouncer_admin:${this.adminPassword}@127.0.0.1:${this.port}/pgbouncer` });
    await client.connect();
    try {
      return (await client.query<T>(command)).rows;
    } finally {
      await client.end();
    }
  }

  log(): string {
    const file = join(this.dir, 'pgbouncer.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  version(): string {
    return execFileSync(PGBOUNCER, ['--version']).toString().split('\n')[0].trim();
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child!.once('exit', done));
    this.child.kill('SIGINT');
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
