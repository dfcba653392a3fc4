/**
 * npm run bench:targets — what a change of a municipality's own targets costs when it must judge
 * ten years of courses again (issue 11, defect 8): `PUT /api/v1/municipalities/101/service-targets`
 * on ten years of synthetic courses of København (the largest municipality), alone and while
 * caseworkers keep changing courses of the same municipality, against a floor measured in the same
 * run: the same courses' facts read in one query, the same pure functions, and every target row
 * replaced with COPY in one transaction (rolled back), without HTTP, batching or locks. Writes its
 * section of docs/benchmarks.md. Uses its own DATA_DIR (./.data-bench-targets unless
 * BENCH_DATA_DIR is set).
 *
 *   npm run bench:targets [-- --runs 5 --warmup 1 --writers 4 --no-floor]
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createApp } from '../src/app.factory.js';
import { signLocalToken } from '../src/auth/local-issuer.js';
import { prepareRuntime } from '../src/bootstrap.js';
import { loadOrCreateLocalSecrets } from '../src/config/local-secrets.js';
import { addDays, todayInDenmark } from '../src/kernel/local-date.js';
import { seedSynthetic } from '../src/synthetic/seed.js';
import type { TargetSource } from '../src/course-summary/course-summary.js';
import { NATIONAL_TARGETS, type TargetDefinition } from '../src/service-targets/target-definitions.js';
import { writeBenchmarkSection } from './bench-lib.js';

const MUNICIPALITY = '101';
const YEARS = 10;
const dataDir = process.env.BENCH_DATA_DIR ?? './.data-bench-targets';
const log = (line: string) => process.stderr.write(line + '\n');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * The figure before the change, to be measured once with this script (`--no-floor`) on commit
 * ed38973 (each course re-read with five queries and rewritten with 2 + one per target statements,
 * one by one) on the same data (seed 1, ten years of København) on this machine. Not measured yet
 * (at the ~6 ms a course issue 11 saw, one PUT there takes about 4.5 minutes): while `putMs` is 0
 * no "before" row is written.
 */
const BEFORE = { commit: 'ed38973', date: '', courses: 0, putMs: 0, besideWritesMs: 0 };

interface Figures {
  courses: number;
  contacts: number;
  targetRows: number;
  loadSeconds: number;
  put: number[];
  floor: number[];
  beside: { putMs: number; writes: number[]; baseline: number[] };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
/** One HTTP request with no client-side time limit (fetch gives up on headers after 300 s). */
function send(url: string, method: string, authorization: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { method, headers: { Authorization: authorization, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
}

const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      writers: { type: 'string', default: '4' },
      'no-floor': { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  const writers = Number(values.writers);
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', THROTTLE_LIMIT: '1000000' };
  delete env.DATABASE_URL;
  const runtime = await prepareRuntime(env, log);
  if (!runtime.embedded) throw new Error('bench:targets runs on its own embedded PostgreSQL');
  const secrets = await loadOrCreateLocalSecrets(resolve(dataDir));
  const today = todayInDenmark();
  const from = addDays(today, -Math.round(365.25 * YEARS) + 1);
  const token = async (roles: string[]) =>
    `Bearer ${await signLocalToken(secrets.signingKey, { sub: 'bench', roles, municipalities: [MUNICIPALITY], audience: runtime.config.env.OIDC_AUDIENCE, ttlSeconds: 3600 })}`;

  log(`== loading ${YEARS} years of synthetic courses of municipality ${MUNICIPALITY}`);
  const t0 = performance.now();
  const loaded = await seedSynthetic({
    ownerUrl: runtime.ownerUrl,
    config: runtime.config,
    scale: 'national-10y',
    seed: 1,
    today,
    reset: true,
    municipalities: [MUNICIPALITY],
  });
  const loadSeconds = (performance.now() - t0) / 1000;
  log(`   ${loaded.courses} courses, ${loaded.contacts} contacts in ${loadSeconds.toFixed(1)} s`);

  // Two sets of the municipality's own targets, both applying to every course: each PUT changes them.
  const targetSets = [28, 21].map((limit) => [
    { name: 'treatment_start', kind: 'treatment_start_after_screening', limitDays: limit, validFrom: from },
    { name: 'session_gap', kind: 'max_days_between_treatment_sessions', limitDays: limit - 7, validFrom: from },
  ]);
  const app = await createApp({ config: runtime.config, logSink: { write: () => undefined } });
  // Node's own limit on a request's time (300 s) would cut off a slow PUT of the code before.
  app.getHttpServer().requestTimeout = 0;
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const manager = await token(['manager']);
  const caseworker = await token(['caseworker']);
  const superuser = new pg.Client({ connectionString: runtime.embedded.superuserUrl.replace(/\/postgres$/, '/ltt') });
  await superuser.connect();
  let round = 0;
  const put = async () => {
    const t = performance.now();
    const res = await send(`${base}/api/v1/municipalities/${MUNICIPALITY}/service-targets`, 'PUT', manager, {
      targets: targetSets[round++ % 2],
    });
    if (res.status !== 200) throw new Error(`PUT answered ${res.status}: ${res.text}`);
    return performance.now() - t;
  };

  try {
    const { rows: counted } = await superuser.query(
      `SELECT count(*)::int AS n, (SELECT count(*)::int FROM contact WHERE municipality_code = $1) AS contacts
         FROM course WHERE municipality_code = $1 AND status <> 'entered_in_error' AND first_contact_date >= $2`,
      [MUNICIPALITY, from],
    );
    log(`== PUT of the targets, judging ${counted[0].n} courses again (${warmup} warm-up, ${runs} timed)`);
    for (let i = 0; i < warmup; i++) await put();
    const puts: number[] = [];
    for (let i = 0; i < runs; i++) {
      puts.push(await put());
      log(`   PUT ${i + 1}: ${seconds(puts.at(-1)!)}`);
    }
    const { rows: targetRows } = await superuser.query(`SELECT count(*)::int AS n FROM course_target WHERE municipality_code = $1`, [
      MUNICIPALITY,
    ]);

    log(`== floor: one query for the facts, the same functions, COPY of every target row (${runs} runs, rolled back)`);
    const floors: number[] = [];
    // --no-floor: for measuring a commit from before the summary module (the figure "before" below).
    if (!values['no-floor']) for (let i = 0; i < runs; i++) floors.push(await floor(superuser, from, targetSets[round % 2], today));
    log(`   floor median ${floors.length ? seconds(median(floors)) : 'not measured'}`);

    log(`== beside writes: ${writers} caseworkers adding referrals to open courses of ${MUNICIPALITY}`);
    const { rows: open } = await superuser.query(
      `SELECT id FROM course WHERE municipality_code = $1 AND status = 'open' ORDER BY id LIMIT 2000`,
      [MUNICIPALITY],
    );
    const write = async (i: number) => {
      const id = open[i % open.length].id;
      const t = performance.now();
      const res = await send(`${base}/api/v1/courses/${id}/referrals`, 'POST', caseworker, { date: today, destination: 'gp' });
      if (res.status !== 201) throw new Error(`POST referral answered ${res.status}: ${res.text}`);
      return performance.now() - t;
    };
    const load = async (stop: () => boolean) => {
      const latencies: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (!stop()) latencies.push(await write(next++));
        }),
      );
      return latencies;
    };
    const baselineEnd = performance.now() + 3000;
    const baseline = await load(() => performance.now() > baselineEnd);
    let putDone = false;
    const [besidePut, writes] = await Promise.all([
      put().finally(() => (putDone = true)),
      new Promise<number[]>((done) => setTimeout(() => void load(() => putDone).then(done), 200)),
    ]);
    log(
      `   PUT beside writes ${seconds(besidePut)}; ${writes.length} writes, p50 ${median(writes).toFixed(0)} ms, max ${Math.max(...writes).toFixed(0)} ms`,
    );
    log(
      `   the same writes alone: ${baseline.length} in 3 s, p50 ${median(baseline).toFixed(0)} ms, max ${Math.max(...baseline).toFixed(0)} ms`,
    );

    const figures: Figures = {
      courses: counted[0].n,
      contacts: counted[0].contacts,
      targetRows: targetRows[0].n,
      loadSeconds,
      put: puts,
      floor: floors,
      beside: { putMs: besidePut, writes, baseline },
    };
    const file = 'docs/benchmarks.md';
    writeBenchmarkSection('target change', render(figures, today, runs, warmup, writers).join('\n'), file);
    log(`\nWrote the target-change section of ${file}`);
  } finally {
    await superuser.end();
    await app.close();
    await runtime.embedded.stop();
  }
}

/**
 * The least the same work can cost here: the courses' facts in one query, the same functions, and
 * every target row of those courses deleted and written again with COPY; rolled back.
 */
async function floor(db: pg.Client, from: string, municipal: object[], today: string): Promise<number> {
  const { summarizeTargets } = await import('../src/course-summary/course-summary.js');
  const { TARGET_COLUMNS, targetValues } = await import('../src/course-summary/course-summary.columns.js');
  const { TARGET_SOURCES_SQL } = await import('../src/course-summary/course-summary.repository.js');
  const definitions: TargetDefinition[] = [
    ...NATIONAL_TARGETS,
    ...(municipal as Omit<TargetDefinition, 'national'>[]).map((t) => ({ ...t, validTo: null, national: false })),
  ];
  const t = performance.now();
  await db.query('BEGIN');
  try {
    const { rows: ids } = await db.query(
      `SELECT id FROM course WHERE municipality_code = $1 AND first_contact_date >= $2 AND status <> 'entered_in_error'`,
      [MUNICIPALITY, from],
    );
    const { rows: sources } = await db.query<TargetSource>(TARGET_SOURCES_SQL, [ids.map((r) => r.id)]);
    const targets = sources.flatMap((s) => summarizeTargets(s, definitions, today).map(targetValues));
    await db.query(`DELETE FROM course_target WHERE municipality_code = $1 AND course_id = ANY($2::uuid[])`, [
      MUNICIPALITY,
      ids.map((r) => r.id),
    ]);
    await copy(db, 'course_target', TARGET_COLUMNS, targets);
    return performance.now() - t;
  } finally {
    await db.query('ROLLBACK');
  }
}

/** PostgreSQL's CSV COPY form: arrays as {..}, NULL as unquoted empty. */
function cell(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return `{${v.map((x) => `"${String(x).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

async function copy(db: pg.Client, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const stream = db.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(rows.map((r) => r.map(cell))), stringify(), stream);
}

function render(f: Figures, today: string, runs: number, warmup: number, writers: number): string[] {
  const put = median(f.put);
  const fl = median(f.floor);
  const before = BEFORE.putMs
    ? [
        `| before (commit ${BEFORE.commit}, one course at a time, measured ${BEFORE.date}) | ${BEFORE.courses.toLocaleString('en')} | ${seconds(BEFORE.putMs)} | ${seconds(BEFORE.besideWritesMs)} | ${(BEFORE.putMs / fl).toFixed(1)} |`,
      ]
    : [];
  return [
    `## Changing a municipality's targets (issue 11, defect 8; target: set-based, serialised, measured)`,
    '',
    `Written by \`npm run bench:targets\` (scripts/bench-targets.ts) on ${today}. \`PUT /api/v1/municipalities/101/service-targets\``,
    `with two municipal targets valid from the first day of the data, so every course of København's ${YEARS} synthetic years`,
    `(seed 1: ${f.courses.toLocaleString('en')} courses, ${f.contacts.toLocaleString('en')} contacts, ${f.targetRows.toLocaleString('en')} target rows; loaded in ${f.loadSeconds.toFixed(1)} s)`,
    "is judged again in the request's transaction. Each PUT alternates between two limits, so every one changes the",
    `targets. "PUT" is the median of ${runs} timed requests after ${warmup} warm-up; "beside writes" is one PUT while ${writers} caseworkers`,
    'keep adding referrals to open courses of the same municipality (each waits while the PUT holds the targets).',
    '"Floor" is the same work without HTTP, batches or locks, measured in the same run: the facts of every course in one',
    'query, the same pure functions, and every target row of those courses deleted and written again with `COPY` in one',
    `transaction (rolled back), median of ${runs}.`,
    '',
    '| code | courses judged | PUT | PUT beside writes | PUT / floor |',
    '|---|---:|---:|---:|---:|',
    ...before,
    `| now (batches of 500: one query for their facts, one delete and one insert of their target rows) | ${f.courses.toLocaleString('en')} | ${seconds(put)} | ${seconds(f.beside.putMs)} | ${(put / fl).toFixed(2)} |`,
    `| floor | ${f.courses.toLocaleString('en')} | ${seconds(fl)} | | 1.00 |`,
    '',
    `The writes beside the PUT: ${f.beside.writes.length} referrals during it, p50 ${median(f.beside.writes).toFixed(0)} ms, p90 ${quantile(f.beside.writes, 0.9).toFixed(0)} ms,`,
    `max ${Math.max(...f.beside.writes).toFixed(0)} ms (the same writes without a PUT: ${f.beside.baseline.length} in 3 s, p50 ${median(f.beside.baseline).toFixed(0)} ms,`,
    `max ${Math.max(...f.beside.baseline).toFixed(0)} ms). A course change of the municipality waits for a target change under way (docs/architecture.md,`,
    '"Per-course summaries"), so its longest wait is about one PUT.',
  ];
}

main().catch((error: unknown) => {
  log(`bench:targets: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
