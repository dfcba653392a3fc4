import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { signLocalToken } from '../../../src/auth/local-issuer.js';
import { freePort } from '../../../src/database/embedded-postgres.js';
import { loadOrCreateLocalSecrets } from '../../../src/config/local-secrets.js';
import { HttpClient, type ExchangeObserver } from './http.js';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** `npm start`'s command line, read from package.json, with `node` as this Node. */
function startCommand(): { command: string; args: string[] } {
  const script: string = JSON.parse(readFileSync(resolve('package.json'), 'utf8')).scripts.start;
  const [program, ...args] = script.split(/\s+/);
  if (program !== 'node') throw new Error(`npm start runs ${program}, not node: ${script}`);
  return { command: process.execPath, args };
}

export interface ServiceOptions {
  /** The service's own login (ltt_app) and the owner's for its migrations. */
  databaseUrl: string;
  migrationDatabaseUrl: string;
  /** Its DATA_DIR: the development token issuer's key and the CPR keys live here. */
  dataDir: string;
  env?: Record<string, string>;
}

/**
 * The service as a real child process, started exactly as `npm start` starts it (the command of
 * package.json's `start` script), against a PostgreSQL of the suite's own. Its stdout and stderr
 * lines are kept for the output scan. It can be killed with SIGKILL mid-request and started again
 * on the same port and data.
 */
export class ServiceProcess {
  readonly lines: string[] = [];
  port = 0;
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  /** How many times it has been started. */
  starts = 0;

  constructor(private readonly options: ServiceOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    const { command, args } = startCommand();
    const child = spawn(command, args, {
      cwd: resolve('.'),
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        DATA_DIR: this.options.dataDir,
        DATABASE_URL: this.options.databaseUrl,
        MIGRATION_DATABASE_URL: this.options.migrationDatabaseUrl,
        THROTTLE_LIMIT: '1000000',
        LOG_LEVEL: 'info',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    this.starts++;
    for (const stream of [child.stdout!, child.stderr!]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const text = rest + chunk.toString('utf8');
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        this.lines.push(...parts.filter(Boolean));
      });
      stream.on('end', () => rest && this.lines.push(rest));
    }
    this.exited = new Promise((done) =>
      child.once('exit', (code) => {
        running.delete(child);
        done(code);
      }),
    );
    const deadline = Date.now() + 90_000;
    const probe = new HttpClient(this.port, [], 1);
    try {
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`The service exited with ${child.exitCode}:\n${this.lines.slice(-20).join('\n')}`);
        try {
          if ((await probe.request({ method: 'GET', path: '/health/live', timeoutMs: 2000 })).status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`The service did not answer /health/live within 90 s:\n${this.lines.slice(-20).join('\n')}`);
    } finally {
      probe.close();
    }
  }

  /** kill -9: no shutdown hook runs, open transactions are cut off mid-way. */
  async kill9(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  client(observers: ExchangeObserver[] = [], connections = 16): HttpClient {
    return new HttpClient(this.port, observers, connections);
  }

  /** A token of the development issuer in its DATA_DIR, as `npm run token` prints. */
  async token(claims: { sub: string; roles: string[]; municipalities: string[] }): Promise<string> {
    const secrets = await loadOrCreateLocalSecrets(this.options.dataDir);
    return signLocalToken(secrets.signingKey, { ...claims, audience: 'ltt-case-tracker', ttlSeconds: 3600 });
  }
}
