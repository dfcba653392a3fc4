import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signLocalToken } from '../../src/auth/local-issuer.js';
import { loadOrCreateLocalSecrets } from '../../src/config/local-secrets.js';
import { freePort } from '../../src/database/embedded-postgres.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` as it is run: src/main.ts with its own DATA_DIR and PORT, in a clean environment. */
function start(dataDir: string, port: number): Started {
  const child = spawn(process.execPath, ['--no-warnings', '--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

/** Resolves when the service says it is running, or with its exit code if it stops first. */
async function runningOrExit(s: Started, ms = 90_000): Promise<'running' | number | null> {
  const deadline = Date.now() + ms;
  let exit: number | null | undefined;
  void s.exited.then((code) => (exit = code));
  while (Date.now() < deadline) {
    if (/LTT case tracker is running at/.test(s.output())) return 'running';
    if (exit !== undefined) return exit;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`neither running nor exited within ${ms} ms:\n${s.output()}`);
}

const postmasterPid = (dataDir: string): number | undefined => {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
};
/** Running: it exists and is not a zombie (an exited process an init that does not reap keeps listed). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true;
  }
};

/**
 * After `kill -9` of the service, the embedded PostgreSQL it started lives on, orphaned, holding
 * the data directory's lock; `npm start` must stop it and start again, and every start-up failure
 * must print its cause.
 */
describe('restart of the embedded database', () => {
  let dataDir: string;
  const started: Started[] = [];
  /** Postmasters this test's services started, to stop if a test leaves one behind. */
  const postmasters = new Set<number>();

  beforeAll(() => {
    dataDir = mkdtempSync(join(process.cwd(), '.data-test-restart-'));
    // PostgreSQL runs as the unprivileged postgres user when the tests run as root.
    chmodSync(dataDir, 0o755);
  });
  /** Stops what a test left running: its services (gracefully), then any postmaster they started. */
  afterEach(async () => {
    const running = started.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
    for (const s of running) s.child.kill('SIGTERM');
    await Promise.all(running.map((s) => s.exited));
    for (const pid of postmasters) if (alive(pid)) process.kill(pid, 'SIGINT');
    for (let i = 0; i < 300 && [...postmasters].some(alive); i++) await new Promise((done) => setTimeout(done, 100));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = async () => {
    const port = await freePort();
    const s = start(dataDir, port);
    started.push(s);
    const state = await runningOrExit(s);
    const pid = postmasterPid(dataDir);
    if (pid) postmasters.add(pid);
    return { s, port, state };
  };

  it('starts again after kill -9 of the service and answers /health/ready', async () => {
    const first = await run();
    expect(first.state).toBe('running');
    const orphan = postmasterPid(dataDir)!;
    expect(alive(orphan)).toBe(true);

    first.s.child.kill('SIGKILL');
    await first.s.exited;
    // The orphaned PostgreSQL still runs and holds postmaster.pid.
    expect(alive(orphan)).toBe(true);

    const second = await run();
    expect({ state: second.state, output: second.state === 'running' ? '' : second.s.output() }).toEqual({ state: 'running', output: '' });
    const ready = await fetch(`http://127.0.0.1:${second.port}/health/ready`);
    expect(ready.status).toBe(200);
    expect(alive(orphan)).toBe(false);

    second.s.child.kill('SIGTERM');
    expect(await second.s.exited).toBe(0);
  });

  it('starts over a stale postmaster.pid naming a live process that is not PostgreSQL', async () => {
    // The pid of this very test process: alive, but no postmaster. PostgreSQL itself would refuse.
    const lock = join(dataDir, 'pg', 'postmaster.pid');
    writeFileSync(lock, `${process.pid}\n${join(dataDir, 'pg')}\n1700000000\n5432\n/tmp\n127.0.0.1\n  1234   5678\nready   \n`);
    const again = await run();
    expect({ state: again.state, output: again.state === 'running' ? '' : again.s.output() }).toEqual({ state: 'running', output: '' });
    again.s.child.kill('SIGTERM');
    expect(await again.s.exited).toBe(0);
  });

  it('refuses to take over a database another running instance is using, saying so', async () => {
    const first = await run();
    expect(first.state).toBe('running');
    const second = await run();
    expect(second.state).toBe(1);
    expect(second.s.output()).toMatch(/Start-up failed: .*in use by another running process \(pid \d+\)/);
    expect((await fetch(`http://127.0.0.1:${first.port}/health/ready`)).status).toBe(200);
    first.s.child.kill('SIGTERM');
    expect(await first.s.exited).toBe(0);
  });

  it('seeds through the database of the service running on the same DATA_DIR, and leaves it running', async () => {
    const service = await run();
    expect(service.state).toBe('running');
    const seed = spawn(
      process.execPath,
      [
        '--no-warnings',
        '--import',
        '@swc-node/register/esm-register',
        'src/bin/seed-synthetic.ts',
        '--scale',
        'small',
        '--municipality',
        '101',
        '--reset',
      ],
      {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let said = '';
    seed.stdout.on('data', (chunk) => (said += chunk));
    seed.stderr.on('data', (chunk) => (said += chunk));
    const code = await new Promise<number | null>((done) => seed.on('exit', done));
    expect({ code, said }).toEqual({
      code: 0,
      said: expect.stringMatching(/Using the embedded PostgreSQL of the service running on .*Loaded \d+ courses/s),
    });
    expect(said).not.toMatch(/undefined|in use by another/);
    // The service still has its database, and the courses are in it.
    expect((await fetch(`http://127.0.0.1:${service.port}/health/ready`)).status).toBe(200);
    const secrets = await loadOrCreateLocalSecrets(dataDir);
    const token = await signLocalToken(secrets.signingKey, {
      sub: 'restart-test',
      roles: ['caseworker'],
      municipalities: ['101'],
      audience: 'ltt-case-tracker',
      ttlSeconds: 60,
    });
    const list = await fetch(`http://127.0.0.1:${service.port}/api/v1/courses?municipality=101&pageSize=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { total: number }).total).toBeGreaterThan(0);
    service.s.child.kill('SIGTERM');
    expect(await service.s.exited).toBe(0);
  });

  it('prints the real cause when PostgreSQL cannot start', async () => {
    const version = join(dataDir, 'pg', 'PG_VERSION');
    const original = readFileSync(version, 'utf8');
    writeFileSync(version, '9\n');
    try {
      const broken = await run();
      expect(broken.state).toBe(1);
      expect(broken.s.output()).not.toMatch(/Start-up failed: undefined/);
      expect(broken.s.output()).toMatch(/Start-up failed: PostgreSQL did not start.*incompatible/s);
    } finally {
      writeFileSync(version, original);
    }
  });
});
