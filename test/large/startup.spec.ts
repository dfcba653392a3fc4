import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm start` with bad configuration stops before anything else (no database, no Nest), exits 1
 * and says in one line which variable is wrong.
 */
async function start(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ltt-startup-'));
  try {
    const child = spawn(process.execPath, ['--no-warnings', '--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      cwd: process.cwd(),
      // A clean environment: nothing from the developer's shell or from Jest (NODE_ENV=test).
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    clearTimeout(timer);
    return { code, lines: output.split('\n').filter((line) => line.trim() !== '') };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('start-up with bad configuration', () => {
  // Each start compiles the application on the fly; the three run side by side to keep this quick.
  let badPort: Awaited<ReturnType<typeof start>>;
  let productionWithoutIssuer: Awaited<ReturnType<typeof start>>;
  let badDatabaseUrl: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    [badPort, productionWithoutIssuer, badDatabaseUrl] = await Promise.all([
      start({ PORT: 'abc' }),
      start({ NODE_ENV: 'production' }),
      start({ DATABASE_URL: 'mysql://localhost/ltt' }),
    ]);
  });

  it('exits 1 with one line naming PORT when PORT is not a number', () => {
    expect(badPort.code).toBe(1);
    expect(badPort.lines).toHaveLength(1);
    expect(badPort.lines).toEqual(['Invalid configuration: PORT: PORT must be an integer number']);
  });

  it('exits 1 with one line naming OIDC_ISSUER_URL in production without an issuer', () => {
    expect(productionWithoutIssuer.code).toBe(1);
    expect(productionWithoutIssuer.lines).toEqual(['Invalid configuration: OIDC_ISSUER_URL: is required when NODE_ENV=production']);
  });

  it('exits 1 with one line naming DATABASE_URL when it is not a postgres URL', () => {
    expect(badDatabaseUrl.code).toBe(1);
    expect(badDatabaseUrl.lines).toEqual(['Invalid configuration: DATABASE_URL: DATABASE_URL must be a postgres:// connection URL']);
  });
});
