/**
 * The request path under load, in `npm run bench`: the service and a floor (scripts/bench-floor.ts:
 * node:http + pg + jose doing the same work) each run as their own process on the same database,
 * and autocannon drives both with 16 connections, one route at a time, the two interleaved
 * (service then floor, then floor then service) and repeated; the figures are the medians of the
 * rounds. Targets: the service's throughput ≥ 0.6 × the floor's, its p99 ≤ 2 × the floor's.
 *
 * The machine may be shared with other work: the 1-minute load average is read before every
 * measurement and reported with the figures.
 *
 * After the timed rounds, both processes are run once more under `--cpu-prof` (untimed) and their
 * CPU time is split into where it went (HTTP and the kernel, the database driver, the token,
 * Nest and Express, logging, validation, dates, ...), per request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export interface LoadBenchOptions {
  dataDir: string;
  appUrl: string;
  ownerUrl: string;
  /** The local issuer's public key (JWK), issuer and audience: what the floor verifies with. */
  publicJwk: object;
  issuer: string;
  audience: string;
  /** A caseworker token for `municipality` ("Bearer ..."). */
  caseworker: string;
  municipality: string;
  /**
   * A caseworker token for `writeMunicipality`, where the POSTs open their courses: another
   * municipality, so that the courses they add do not lengthen the working list being read.
   */
  writer: string;
  writeMunicipality: string;
  today: string;
  log: (line: string) => void;
  rounds?: number;
  seconds?: number;
  connections?: number;
  /** Run the untimed profile pass (default true). */
  profile?: boolean;
}

interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  /** A path, or a function giving the next request's path. */
  path: string | (() => string);
  body?: string;
  status: number;
  auth: string;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  load: number;
}

interface Target {
  name: 'service' | 'floor';
  child: ChildProcess;
  base: string;
}

const NODE_ARGS = ['--no-warnings', '--import', '@swc-node/register/esm-register'];

/** Starts a child and waits for `pattern` on its stdout or stderr; resolves with the match. */
function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
  logFile: string,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((done, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')} did not start within 120 s:\n${seen.slice(-2000)}`)), 120_000);
    const look = (chunk: Buffer) => {
      if (seen.length < 100_000) seen += chunk.toString('utf8');
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        // From now on the child's output goes to its log file (the service's JSON lines, as a collector would take them).
        child.stdout!.removeAllListeners('data');
        child.stderr!.removeAllListeners('data');
        child.stdout!.on('data', (c: Buffer) => writeTo(out, c));
        child.stderr!.on('data', (c: Buffer) => writeTo(out, c));
        done({ child, match });
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${args.join(' ')} exited with ${code}:\n${seen.slice(-2000)}`));
    });
  });
}

function writeTo(fd: number, chunk: Buffer) {
  writeSync(fd, chunk);
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((done) => {
    child.removeAllListeners('exit');
    child.once('exit', () => done());
    child.kill(signal);
  });
}

async function startService(o: LoadBenchOptions, profileDir?: string): Promise<Target> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: o.dataDir,
    DATABASE_URL: o.appUrl,
    MIGRATION_DATABASE_URL: o.ownerUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The limiter stays in the path and counts every request; its limit is raised so that one
    // client address sending 16 connections' worth is measured rather than refused.
    THROTTLE_LIMIT: '100000000',
  };
  const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...NODE_ARGS, 'src/main.ts'];
  const { child, match } = await startChild(args, env, /running at http:\/\/localhost:(\d+)/, join(o.dataDir, 'bench-service.log'));
  return { name: 'service', child, base: `http://127.0.0.1:${match[1]}` };
}

async function startFloor(o: LoadBenchOptions, profileDir?: string): Promise<Target> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FLOOR_DATABASE_URL: o.appUrl,
    FLOOR_PUBLIC_JWK: JSON.stringify(o.publicJwk),
    FLOOR_ISSUER: o.issuer,
    FLOOR_AUDIENCE: o.audience,
    FLOOR_POOL_SIZE: '10', // DATABASE_POOL_SIZE's default: the service's pool
  };
  const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...NODE_ARGS, 'scripts/bench-floor.ts'];
  const { child, match } = await startChild(args, env, /listening (\d+)/, join(o.dataDir, 'bench-floor.log'));
  return { name: 'floor', child, base: `http://127.0.0.1:${match[1]}` };
}

async function drive(target: Target, s: Scenario, auth: string, seconds: number, connections: number): Promise<Run> {
  const load = loadavg()[0];
  const result = await autocannon({
    url: target.base,
    connections,
    duration: seconds,
    headers: { authorization: auth, 'content-type': 'application/json' },
    requests: [
      {
        method: s.method,
        body: s.body,
        setupRequest: (req) => ({ ...req, path: typeof s.path === 'string' ? s.path : s.path() }),
      },
    ],
  });
  const expected = result.statusCodeStats?.[String(s.status) as `${number}`]?.count ?? 0;
  const unexpected = result.requests.total - expected + result.errors + result.timeouts;
  // A figure is only worth something for requests that did the work: a route answering errors is a broken run.
  if (unexpected > 0.005 * result.requests.total) {
    throw new Error(`${target.name} ${s.method} ${s.name}: ${unexpected} of ${result.requests.total} requests did not answer ${s.status}`);
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + (result['2xx'] - expected),
    errors: result.errors + result.timeouts,
    load,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function scenarios(o: LoadBenchOptions): Promise<Scenario[]> {
  const db = new pg.Client({ connectionString: o.ownerUrl });
  await db.connect();
  let ids: string[];
  try {
    await db.query(`SET app.scope = 'all'`);
    ids = (
      await db.query<{ id: string }>(`SELECT id FROM course WHERE municipality_code = $1 AND status = 'open' ORDER BY id LIMIT 500`, [
        o.municipality,
      ])
    ).rows.map((r) => r.id);
  } finally {
    await db.end();
  }
  if (!ids.length) throw new Error(`no open course in ${o.municipality} to read`);
  let next = 0;
  return [
    {
      name: `GET /api/v1/municipalities/${o.municipality} (reference row, no audit)`,
      method: 'GET',
      path: `/api/v1/municipalities/${o.municipality}`,
      status: 200,
      auth: o.caseworker,
    },
    {
      name: 'GET /api/v1/courses/{id} (500 courses in turn)',
      method: 'GET',
      path: () => `/api/v1/courses/${ids[next++ % ids.length]}`,
      status: 200,
      auth: o.caseworker,
    },
    {
      name: `GET /api/v1/worklist?municipality=${o.municipality}`,
      method: 'GET',
      path: `/api/v1/worklist?municipality=${o.municipality}`,
      status: 200,
      auth: o.caseworker,
    },
    {
      name: `POST /api/v1/courses (first contact in ${o.writeMunicipality}, no CPR)`,
      method: 'POST',
      path: '/api/v1/courses',
      auth: o.writer,
      body: JSON.stringify({
        municipalityCode: o.writeMunicipality,
        firstContact: { date: o.today, time: '10:00', channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
        focusAreas: ['worry'],
      }),
      status: 201,
    },
  ];
}

// ---- the profile ----

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Where a frame's CPU time goes, by the file or package it runs in. */
function category(url: string, fn: string): string | undefined {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (!url) return undefined; // native: charged to its caller
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (/^(pino|pino-http|nestjs-pino|pino-std-serializers|sonic-boom|fast-redact|safe-stable-stringify|thread-stream)$/.test(pkg))
      return 'logging';
    if (/^(pg|pg-protocol|pg-pool|pg-types|postgres-\w+|typeorm)$/.test(pkg)) return 'database driver (pg, TypeORM)';
    if (pkg === 'jose') return 'token verification (jose, ECDSA)';
    if (/^(class-validator|class-transformer|validator|libphonenumber-js)$/.test(pkg))
      return 'validation (class-validator, class-transformer)';
    if (/^(helmet|express-rate-limit)$/.test(pkg)) return 'security middleware (helmet, rate limiter)';
    if (pkg === 'dayjs') return 'dates (dayjs)';
    if (
      /^(@nestjs\/.*|rxjs|reflect-metadata|express|router|body-parser|raw-body|iconv-lite|qs|finalhandler|send|serve-static|path-to-regexp|on-finished|type-is|content-type|mime-types|accepts|negotiator|cookie|vary|depd|statuses|http-errors|parseurl|encodeurl|etag|fresh|range-parser|proxy-addr|forwarded|ipaddr\.js|debug|ms|cors|media-typer)$/.test(
        pkg,
      )
    )
      return 'Nest, Express and their middleware';
    return `other packages`;
  }
  if (url.startsWith('node:internal/crypto') || url === 'node:crypto') return 'token verification (jose, ECDSA)';
  if (/^node:(_http|http|net|internal\/(stream|streams|http|net|dns)|stream|dns)/.test(url)) return 'HTTP, sockets and the kernel';
  if (/^node:(internal\/)?async_hooks/.test(url)) return 'async context (AsyncLocalStorage)';
  if (url.startsWith('node:internal/fs') || url === 'node:fs') return 'logging';
  if (url.startsWith('node:')) return 'Node.js internals (timers, events, microtasks)';
  if (/\/src\/common\/logging\.ts/.test(url)) return 'logging';
  if (/\/src\/common\/(validation|input-limits)\.ts/.test(url)) return 'validation (class-validator, class-transformer)';
  if (/\/src\/kernel\/local-date\.ts|\/src\/common\/clock\.ts/.test(url)) return 'dates (dayjs)';
  if (/\/src\//.test(url)) return 'application code (src/)';
  if (/\/scripts\//.test(url)) return 'application code (src/)';
  return 'other';
}

interface ProfileSplit {
  busyMs: number;
  byCategory: Map<string, number>;
}

/**
 * Busy CPU time of a .cpuprofile between two instants of the monotonic clock (microseconds, the
 * clock both V8's profiler and process.hrtime read), idle excluded, split by category.
 */
function splitProfile(file: string, fromUs: number, toUs: number): ProfileSplit {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  // A sample counts for the innermost frame's category, unless a frame further up the stack
  // belongs to one of these: then for that one (a log line's write to stdout is logging, a
  // query's write to its socket is the database driver's, however deep the system call).
  const claiming = [
    'logging',
    'token verification (jose, ECDSA)',
    'validation (class-validator, class-transformer)',
    'database driver (pg, TypeORM)',
    'dates (dayjs)',
    'security middleware (helmet, rate limiter)',
  ];
  const categoryOf = (id: number): string => {
    const cached = memo.get(id);
    if (cached) return cached;
    let innermost: string | undefined;
    let claimed = claiming.length;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const c = category(f.url, f.functionName);
      if (c === undefined) continue;
      innermost ??= c;
      const rank = claiming.indexOf(c);
      if (rank !== -1 && rank < claimed) claimed = rank;
    }
    const c = claimed < claiming.length ? claiming[claimed] : (innermost ?? 'other');
    memo.set(id, c);
    return c;
  };
  const byCategory = new Map<string, number>();
  let busy = 0;
  let clock = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    clock += p.timeDeltas[i] ?? 0;
    if (clock < fromUs || clock > toUs) continue;
    const fn = byId.get(p.samples[i])!.callFrame.functionName;
    if (fn === '(idle)' || fn === '(program)' || fn === '(root)') continue;
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    busy += dt;
    const c = categoryOf(p.samples[i]);
    byCategory.set(c, (byCategory.get(c) ?? 0) + dt);
  }
  return { busyMs: busy, byCategory };
}

interface ProfileFigures {
  scenario: string;
  service: ProfileSplit & { requests: number };
  floor: ProfileSplit & { requests: number };
}

/** One untimed pass of every scenario against a target started under --cpu-prof. */
async function profilePass(
  o: LoadBenchOptions,
  list: Scenario[],
  which: 'service' | 'floor',
  seconds: number,
  connections: number,
): Promise<(ProfileSplit & { requests: number })[]> {
  const out: (ProfileSplit & { requests: number })[] = [];
  for (const [i, s] of list.entries()) {
    const dir = resolve(o.dataDir, `profile-${which}-${i + 1}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const target = which === 'service' ? await startService(o, dir) : await startFloor(o, dir);
    await drive(target, s, s.auth, 2, connections); // warm up
    const from = Number(process.hrtime.bigint() / 1000n);
    const requests = await autocannonCount(target, s, s.auth, seconds, connections);
    const to = Number(process.hrtime.bigint() / 1000n);
    await stopChild(target.child, which === 'service' ? 'SIGINT' : 'SIGTERM');
    const file = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(dir, f))
      .sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
    out.push({ ...splitProfile(file, from, to), requests });
  }
  return out;
}

async function autocannonCount(target: Target, s: Scenario, auth: string, seconds: number, connections: number): Promise<number> {
  const result = await autocannon({
    url: target.base,
    connections,
    duration: seconds,
    headers: { authorization: auth, 'content-type': 'application/json' },
    requests: [
      { method: s.method, body: s.body, setupRequest: (req) => ({ ...req, path: typeof s.path === 'string' ? s.path : s.path() }) },
    ],
  });
  return result.requests.total;
}

// ---- the run ----

export async function loadBench(o: LoadBenchOptions): Promise<{ markdown: string[] }> {
  const rounds = o.rounds ?? 3;
  const seconds = o.seconds ?? 10;
  const connections = o.connections ?? 16;
  o.log(
    `\n== the request path under load (${connections} connections, ${seconds} s a run, ${rounds} rounds, service and floor interleaved)`,
  );
  const list = await scenarios(o);
  const service = await startService(o);
  const floor = await startFloor(o);
  const runs = new Map<string, { service: Run[]; floor: Run[] }>(list.map((s) => [s.name, { service: [], floor: [] }]));
  const loads: number[] = [];
  try {
    // Warm both up on every route (JIT, pools, caches) before anything is timed.
    for (const s of list) for (const t of [service, floor]) await drive(t, s, s.auth, 3, connections);
    for (let round = 0; round < rounds; round++) {
      for (const s of list) {
        const order = round % 2 === 0 ? [service, floor] : [floor, service];
        for (const t of order) {
          const run = await drive(t, s, s.auth, seconds, connections);
          loads.push(run.load);
          runs.get(s.name)![t.name].push(run);
          o.log(
            `   round ${round + 1} ${t.name.padEnd(7)} ${s.name.slice(0, 52).padEnd(52)} ${run.rps.toFixed(0).padStart(6)} req/s  p50 ${run.p50.toFixed(0).padStart(4)} ms  p99 ${run.p99.toFixed(0).padStart(4)} ms  load ${run.load.toFixed(1)}` +
              (run.non2xx || run.errors ? `  (${run.non2xx} unexpected status, ${run.errors} errors)` : ''),
          );
        }
      }
    }
  } finally {
    await stopChild(service.child, 'SIGINT');
    await stopChild(floor.child, 'SIGTERM');
  }

  let profiles: ProfileFigures[] = [];
  if (o.profile !== false) {
    o.log('   profile pass (untimed, under --cpu-prof)');
    const s = await profilePass(o, list, 'service', seconds, connections);
    const f = await profilePass(o, list, 'floor', seconds, connections);
    profiles = list.map((sc, i) => ({ scenario: sc.name, service: s[i], floor: f[i] }));
  }
  return { markdown: render(list, runs, loads, profiles, { rounds, seconds, connections }) };
}

function render(
  list: Scenario[],
  runs: Map<string, { service: Run[]; floor: Run[] }>,
  loads: number[],
  profiles: ProfileFigures[],
  p: { rounds: number; seconds: number; connections: number },
): string[] {
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const lines = [
    `## The request path under load (targets: service ≥ 0.6 × the floor's requests per second, p99 ≤ 2 × the floor's)`,
    '',
    `autocannon with ${p.connections} connections, ${p.seconds} s a run, against the service (\`src/main.ts\` as its own process: every`,
    'middleware, JSON log lines to a file, the rate limiter counting) and against the floor (`scripts/bench-floor.ts`: `node:http` +',
    '`pg` + `jose` as its own process, verifying the same token, one transaction with the same row-level-security settings, the',
    "service's own SQL imported from its repositories, the same audit row, for POST the course's summaries and its KL outbox",
    '(the same planning and writing statement) in the same transaction, the rows as JSON; no framework, log, or validation).',
    `Both use a pool of 10 connections to the same database. Each route is run ${p.rounds} times against each, interleaved (service`,
    'then floor, then floor then service), after a warm-up of both; the figures are the medians of the rounds. Data: national-1y,',
    `caseworker token for municipality 101. Machine load (1-minute load average, 2 cores, read before each run; other work was`,
    `running on the machine): median ${median(loads).toFixed(1)}, from ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}.`,
    '',
    '| route | service req/s | floor req/s | ratio | service p50 / p99 | floor p50 / p99 | p99 ratio | throughput | p99 |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const s of list) {
    const r = runs.get(s.name)!;
    const sv = {
      rps: median(r.service.map((x) => x.rps)),
      p50: median(r.service.map((x) => x.p50)),
      p99: median(r.service.map((x) => x.p99)),
    };
    const fl = { rps: median(r.floor.map((x) => x.rps)), p50: median(r.floor.map((x) => x.p50)), p99: median(r.floor.map((x) => x.p99)) };
    const tr = sv.rps / fl.rps;
    const pr = sv.p99 / fl.p99;
    lines.push(
      `| ${s.name} | ${sv.rps.toFixed(0)} | ${fl.rps.toFixed(0)} | ${tr.toFixed(2)} | ${sv.p50.toFixed(0)} / ${sv.p99.toFixed(0)} ms | ${fl.p50.toFixed(0)} / ${fl.p99.toFixed(0)} ms | ${pr.toFixed(2)} | ≥ 0.6: ${verdict(tr >= 0.6)} | ≤ 2: ${verdict(pr <= 2)} |`,
    );
  }
  const bad = [...runs.values()].flatMap((r) => [...r.service, ...r.floor]).reduce((n, x) => n + x.non2xx + x.errors, 0);
  lines.push('', `Every run answered every request with the route's success status${bad ? `, but for ${bad} answers` : ''}.`);
  if (profiles.length) {
    const categories = [...new Set(profiles.flatMap((x) => [...x.service.byCategory.keys(), ...x.floor.byCategory.keys()]))];
    const total = (c: string) => profiles.reduce((n, x) => n + (x.service.byCategory.get(c) ?? 0) / Math.max(1, x.service.requests), 0);
    categories.sort((a, b) => total(b) - total(a));
    lines.push(
      '',
      '### Where the CPU time goes (per request)',
      '',
      `One more run of each route, untimed, with each process under \`--cpu-prof\` (${p.seconds} s after a warm-up). The busy CPU time of`,
      "the Node.js process (idle excluded; PostgreSQL's own time is not in it) divided by the requests it answered, split by where",
      'it was spent: a sample counts for the file or package of its function; native frames (system calls, JSON, crypto) count for',
      'the JavaScript that called them.',
      '',
      `| where | ${profiles.map((x) => `${x.scenario.split(' (')[0]} service / floor`).join(' | ')} |`,
      `|---|${profiles.map(() => '---:').join('|')}|`,
      ...categories.map(
        (c) =>
          `| ${c} | ${profiles
            .map(
              (x) =>
                `${((x.service.byCategory.get(c) ?? 0) / Math.max(1, x.service.requests)).toFixed(2)} / ${((x.floor.byCategory.get(c) ?? 0) / Math.max(1, x.floor.requests)).toFixed(2)} ms`,
            )
            .join(' | ')} |`,
      ),
      `| **all** | ${profiles.map((x) => `**${(x.service.busyMs / Math.max(1, x.service.requests)).toFixed(2)} / ${(x.floor.busyMs / Math.max(1, x.floor.requests)).toFixed(2)} ms**`).join(' | ')} |`,
    );
  }
  lines.push(
    '',
    '### What the profile led to',
    '',
    'The first profile of this benchmark (service 2.0 / 6.6 / 8.4 / 6.0 ms of CPU per request for the four routes, floor 0.4 /',
    '1.0 / 4.7 / 1.3 ms) put the time in, first, the database driver: a request paid more for its round trips (a system call',
    'each way, on a loaded machine) than for the SQL in them; then the time-zone conversion of "today"; then the token check.',
    "Changed, each in its own commit, nothing taken out of the path (row-level security, audit rows, validation, the log's",
    'CPR scrubbing all stay):',
    '',
    '- a course is read in one statement (its child, contacts, referrals and consents as JSON) instead of five;',
    '- the tenant transaction begins with its row-level-security settings in one round trip instead of two (the floor does the same);',
    "- a course's summary and target rows are written in one statement instead of three (the floor uses the same statement);",
    '- the Copenhagen date of an instant is converted once per UTC hour (0.75 ms of every course read, 1 ms of every POST);',
    "- the request's statements go straight to the pg client, without TypeORM's per-query events and result objects;",
    "- a verified token's principal is kept for at most a minute and never past its `exp` (the floor checks the signature every",
    '  time, so it does more here than the service);',
    "- a change's KL reports are checked against KL's profiles in the request, and medplum's base pass (two thirds of that",
    "  validation's CPU) is left to the conformance tests; a change's hook does not lock the course a second time;",
    '- Express no longer hashes every response body into an ETag of its own (the ETags the API promises are versions, set by',
    '  the routes that have one).',
    '',
    'What is left is mostly the framework (Nest, Express, their middleware), the request log line, async context and the',
    "garbage they make; the service also reads the course back after POST to answer with what was stored, which the floor's",
    'hand-written route does not.',
  );
  return lines;
}
