/**
 * Builds the web front into web/dist when it is missing or stale:
 *   node scripts/web-build.mjs            (npm start runs it first, as prestart)
 * Stale means the sources differ from those of the last build, by a SHA-256 over every file
 * under web/ (but web/dist) and the lockfile, recorded in web/dist/.source-hash. A production
 * install (npm ci --omit=dev) has no Vite: it serves the web/dist it was given, and says so
 * only when there is none. Plain JavaScript, so it runs without the TypeScript loader.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const HASH_FILE = join(DIST, '.source-hash');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === DIST || entry.name === 'node_modules' ? [] : files(path);
    return [path];
  });
}

/** The hash of what the build reads: the front's sources and the locked dependency versions. */
export function sourceHash() {
  const hash = createHash('sha256');
  for (const path of [...files(WEB), join(ROOT, 'package-lock.json')].sort()) {
    hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex');
}

export function isFresh() {
  return existsSync(join(DIST, 'index.html')) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8') === sourceHash();
}

/** Builds web/dist unless it is fresh. Returns what it did: 'fresh', 'built' or 'prebuilt'. */
export async function ensureWebBuilt({ log = (line) => process.stderr.write(line + '\n') } = {}) {
  if (isFresh()) return 'fresh';
  let vite;
  try {
    vite = await import('vite');
  } catch {
    // No build tools (a production install): serve what was shipped.
    if (existsSync(join(DIST, 'index.html'))) return 'prebuilt';
    throw new Error('web/dist is missing and Vite is not installed: run npm install (with dev dependencies) or ship a built web/dist');
  }
  const hash = sourceHash();
  log('Building the web front (web/dist) ...');
  const started = Date.now();
  // Vite follows NODE_ENV, which is "test" under Jest and "development" by default here: the
  // served front is always the production build (React's production bundle).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: join(WEB, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(HASH_FILE, hash);
  log(`Built the web front in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureWebBuilt().catch((error) => {
    process.stderr.write(`web-build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
