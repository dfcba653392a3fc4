/**
 * npm run bench:web — measures the web front in Debian's Chromium on loopback, and writes
 * docs/benchmarks-web.md:
 *  - first render of the working list with 1,000 open courses (2,000 running clocks) in one
 *    municipality, from navigation start to the last row in the page, median of cold loads
 *    (a new browser context each time, so nothing is cached), against two floors measured in the
 *    same run: the API call alone from Node, and Chromium rendering the same rows as a plain HTML
 *    table (no framework);
 *  - the JavaScript the first page loads, gzip-compressed, listed by chunk.
 * The page draws the 100 most urgent rows first (more on request); its counts, filter chips and
 * CSV cover every row. Aims (issue 10): under 1 s, under 300 KB gzip. Uses its own DATA_DIR (./.data-bench-web).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { todayInDenmark } from '../src/kernel/local-date.js';
import { WEB_DIST } from '../src/web/web.module.js';
import { fmt, medianMs, ratio } from './bench-lib.js';
// @ts-expect-error -- a plain JavaScript module without declarations
import { ensureWebBuilt } from './web-build.mjs';

const MUNICIPALITY = '751';
const COURSES = 1000;
const RUNS = 7;
/** The rows the page draws at first (WorklistPage's PAGE); the counts, chips and CSV cover them all. */
const FIRST_PAGE = 100;
const dataDir = process.env.BENCH_DATA_DIR ?? './.data-bench-web';
const log = (line: string) => process.stderr.write(line + '\n');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A free loopback port (the service is then started on it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * The service in a process of its own, as `npm start` runs it, so the measuring client and
 * the browser's driver never share its event loop.
 */
async function startService(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--no-warnings', '--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      THROTTLE_LIMIT: '1000000',
      DATABASE_URL: '',
      OIDC_ISSUER_URL: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((ready, failed) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('is running at')) ready();
    });
    child.once('exit', (code) => failed(new Error(`the service exited (${code}):\n${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((done) => (child.once('exit', () => done()), child.kill('SIGINT'))),
  };
}

/**
 * ANALYZE on the service's embedded database (its port from the postmaster's pid file, the
 * superuser's password from the data directory's local secrets). Courses registered a moment ago
 * have no planner statistics yet, and PostgreSQL then plans the working list as if its tables were
 * empty (nested loops: 0.65 s instead of 0.03 s for these 2,000 clocks). A production database
 * has had autovacuum's statistics for long; so the measurement starts from that state too.
 */
async function analyzeDatabase(): Promise<void> {
  const port = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
  const { postgresPassword } = JSON.parse(readFileSync(join(dataDir, 'local-secrets.json'), 'utf8')) as { postgresPassword: string };
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: postgresPassword, database: 'ltt' });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

async function main() {
  await ensureWebBuilt({ log });
  const service = await startService();
  const url = service.url;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const login = await fetch(`${url}/api/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['caseworker'], municipalities: [MUNICIPALITY], name: 'Bench' }),
    });
    const token = (await login.json()) as { accessToken: string; expiresIn: number };
    const auth = { authorization: `Bearer ${token.accessToken}` };
    const worklist = async () =>
      (await (await fetch(`${url}/api/v1/worklist?municipality=${MUNICIPALITY}`, { headers: auth })).json()) as { items: unknown[] };

    // Seed once: 1,000 open courses, registered through the API like any first contact.
    const have = (await worklist()).items.length / 2;
    if (have < COURSES) {
      log(`Registering ${COURSES - have} first contacts in ${MUNICIPALITY} ...`);
      const today = todayInDenmark();
      const post = () =>
        fetch(`${url}/api/v1/courses`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            municipalityCode: MUNICIPALITY,
            firstContact: { date: today, channel: 'phone', contactedBy: 'parent' },
            clearlyInTargetGroup: true,
          }),
        }).then((r) => r.ok || Promise.reject(new Error(`POST /api/v1/courses: ${r.status}`)));
      for (let left = COURSES - have; left > 0; left -= 8) await Promise.all(Array.from({ length: Math.min(8, left) }, post));
    }
    await analyzeDatabase();
    const rows = (await worklist()).items.length;
    log(`Working list of ${MUNICIPALITY}: ${rows} running clocks`);

    // Floor 1: the API call alone.
    const apiMs = await medianMs(worklist, 15, 3);

    // The front: cold loads, navigation start to the last row drawn.
    const session = JSON.stringify({
      accessToken: token.accessToken,
      expiresAt: Math.floor(Date.now() / 1000) + token.expiresIn,
      request: { roles: ['caseworker'], municipalities: [MUNICIPALITY], name: 'Bench' },
    });
    const firstRender: number[] = [];
    const timelines: [string, number, number][][] = [];
    const scripts = new Map<string, number>();
    for (let run = 0; run < RUNS + 1; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
      // Logged in as the development login leaves it (web/src/auth/session.ts, DevAuth).
      await context.addInitScript({ content: `sessionStorage.setItem('ltt.dev-session', ${JSON.stringify(session)})` });
      const page = await context.newPage();
      page.on('response', (r) => {
        const path = new URL(r.url()).pathname;
        if (run === 0 && path.endsWith('.js')) scripts.set(path, 0);
      });
      await page.goto(`${url}/arbejdsliste?municipality=${MUNICIPALITY}`);
      // Functions, not strings: the page's CSP forbids eval, which string predicates need.
      await page.waitForFunction(
        ({ n, selector }) =>
          (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(selector)
            .length >= n,
        { n: Math.min(rows, FIRST_PAGE), selector: '[data-testid=worklist-table] tbody tr' },
        { timeout: 60_000 },
      );
      const ms = await page.evaluate(() => performance.now());
      const marks = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => [
            new URL(e.name).pathname.replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js'),
            Math.round(e.startTime),
            Math.round((e as unknown as { responseEnd: number }).responseEnd),
          ]),
      );
      if (run > 0) timelines.push(marks as [string, number, number][]);
      if (run > 0) firstRender.push(ms); // the first load warms the server and Chromium's process
      await context.close();
    }
    const frontMs = median(firstRender);
    if (process.env.BENCH_VERBOSE) for (const t of timelines) log(JSON.stringify(t));

    // Floor 2: Chromium drawing the same number of rows as a plain table, no framework.
    const plain: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.setContent(
        `<table>${Array.from({ length: rows }, (_, i) => `<tr><td>${i}</td><td>Forsamtale inden for 14 dage</td><td>01.01.2026</td><td>5 dage</td><td>01.01.2026</td><td>01.01.2026</td><td>Ingen</td><td>Mangler CPR</td></tr>`).join('')}</table>`,
      );
      await page.evaluate('document.body.getBoundingClientRect().height');
      plain.push(performance.now() - t0);
      await context.close();
    }
    const plainMs = median(plain);

    // The first page's JavaScript, gzip-compressed as a server would send it.
    const chunks = [...scripts.keys()].map((path) => {
      const bytes = readFileSync(join(WEB_DIST, path));
      return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const gzipTotal = chunks.reduce((sum, c) => sum + c.gzip, 0);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

    const lines = [
      '# Web front benchmarks',
      '',
      `Written by \`npm run bench:web\` (scripts/bench-web.ts) on ${todayInDenmark()}, ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)} at the end: other work shares them), Chromium ${browser.version()}, loopback.`,
      '',
      `## First render of the working list (${COURSES} open courses, ${rows} running clocks)`,
      '',
      `Median of ${RUNS} cold loads (new browser context each), from navigation start until the page shows the ${Math.min(rows, FIRST_PAGE)} most urgent of the ${rows} rows (more on request) with the counts and filter chips of all ${rows}.`,
      '',
      '| what | time | ratio to the floor |',
      '|---|---|---|',
      `| the working list page, first render | ${fmt(frontMs)} | ${ratio(frontMs, apiMs + plainMs)} × (API + plain table of all rows) |`,
      `| floor: GET /api/v1/worklist from Node | ${fmt(apiMs)} | |`,
      `| floor: Chromium drawing ${rows} rows as a plain HTML table | ${fmt(plainMs)} | |`,
      '',
      `Aim: under 1 s — ${frontMs < 1000 ? 'met' : 'NOT met'}.`,
      '',
      '## JavaScript the first page loads',
      '',
      '| chunk | size | gzip |',
      '|---|---|---|',
      ...chunks
        .sort((a, b) => b.gzip - a.gzip)
        .map((c) => `| \`${c.path.replace(/-[A-Za-z0-9_-]{8}\.js$/, '-….js')}\` | ${kb(c.raw)} | ${kb(c.gzip)} |`),
      `| **total** | ${kb(chunks.reduce((s, c) => s + c.raw, 0))} | **${kb(gzipTotal)}** |`,
      '',
      `Aim: under 300 KB gzip — ${gzipTotal < 300 * 1024 ? 'met' : 'NOT met'}. Every page is its own chunk (web/src/routes/router.tsx), so a page's libraries (the charts, later) load only with it.`,
      '',
    ];
    writeFileSync('docs/benchmarks-web.md', lines.join('\n'));
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await browser.close();
    await service.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-web: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
