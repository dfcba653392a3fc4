/**
 * npm run bench — measures, in one run and on this machine, the service's reports and working
 * list through the HTTP API against the best hand-written SQL run directly on the database (the
 * floor), on synthetic national data for one year and then ten years, and writes the figures
 * to docs/benchmarks.md. Uses its own DATA_DIR (./.data-bench) unless BENCH_DATA_DIR is set.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { signLocalToken } from '../src/auth/local-issuer.js';
import { prepareRuntime } from '../src/bootstrap.js';
import { addDays, todayInDenmark } from '../src/kernel/local-date.js';
import { loadOrCreateLocalSecrets } from '../src/config/local-secrets.js';
import { seedSynthetic, type Scale } from '../src/synthetic/seed.js';
import { ADJUSTED_TARGET_STATE_SQL, TARGET_STATE_SQL } from '../src/service-targets/target-state-sql.js';
import { fmt, keptSections, medianMs, ratio, writeBenchmarkSection } from './bench-lib.js';
import { extractBench, type ExtractFigures } from './bench-extracts.js';
import { loadBench } from './bench-load.js';
import { publicJwk } from '../src/config/local-secrets.js';
import { LOCAL_ISSUER } from '../src/config/local-secrets.js';

/**
 * `npm run bench` runs everything and writes docs/benchmarks.md. `-- --only load` runs only the
 * request path under load (on national-1y) and writes its section again; `--keep-data` then reuses
 * the data already loaded in the bench's data folder instead of loading it again.
 */
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const keepData = args.includes('--keep-data');
if (only !== undefined && only !== 'load' && only !== 'extracts') throw new Error('--only takes: load, extracts');

const LARGEST = '101'; // København: the largest municipality, so the longest working list
const dataDir = process.env.BENCH_DATA_DIR ?? './.data-bench';
const log = (line: string) => process.stderr.write(line + '\n');

/** The floor: the compliance figures in one hand-written query over the per-course summaries. */
const FLOOR_COMPLIANCE = (scopeSql: string) => `
  SELECT ct.target,
         count(*) FILTER (WHERE s = 'met') AS met, count(*) FILTER (WHERE s = 'breached') AS breached,
         count(*) FILTER (WHERE s = 'overdue') AS overdue, count(*) FILTER (WHERE s = 'pending') AS pending,
         count(*) FILTER (WHERE s = 'not_applicable') AS na,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ct.days_waited) FILTER (WHERE s IN ('met','breached')) AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ct.days_waited) FILTER (WHERE s IN ('met','breached')) AS p90,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY $3::date - ct.clock_start) FILTER (WHERE s IN ('pending','overdue')) AS open_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY $3::date - ct.clock_start) FILTER (WHERE s IN ('pending','overdue')) AS open_p90,
         count(*) FILTER (WHERE a = 'met') AS adj_met, count(*) FILTER (WHERE a = 'breached') AS adj_breached,
         count(*) FILTER (WHERE a = 'overdue') AS adj_overdue,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ct.adjusted_days) FILTER (WHERE a IN ('met','breached')) AS adj_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ct.adjusted_days) FILTER (WHERE a IN ('met','breached')) AS adj_p90
    FROM course_target ct
    CROSS JOIN LATERAL (SELECT ${TARGET_STATE_SQL('$3::date')} AS s, ${ADJUSTED_TARGET_STATE_SQL('$3::date')} AS a) st
   WHERE ct.first_contact_date BETWEEN $1 AND $2 AND ct.course_status <> 'entered_in_error' ${scopeSql}
   GROUP BY ct.target`;

const FLOOR_WORKLIST = `
  SELECT ct.course_id, ct.target, ct.deadline, ct.deadline - $2::date AS days_left, ct.planned_dates, cs.data_flags
    FROM course_target ct JOIN course_summary cs ON cs.municipality_code = ct.municipality_code AND cs.course_id = ct.course_id
   WHERE ct.municipality_code = $1 AND ct.settled_state IS NULL AND ct.course_status = 'open'
   ORDER BY ct.deadline, ct.course_id, ct.target`;

interface ScaleFigures {
  scale: Scale;
  courses: number;
  contacts: number;
  loadSeconds: number;
  rows: { name: string; api: number; floor: number }[];
  extracts?: ExtractFigures;
  load?: string[];
}

async function main() {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    THROTTLE_LIMIT: '1000000',
    KL_DELIVERY_WORKER: 'false',
  };
  delete env.DATABASE_URL;
  const runtime = await prepareRuntime(env, log);
  const secrets = await loadOrCreateLocalSecrets(resolve(dataDir));
  const today = todayInDenmark();
  const yearFrom = addDays(today, -364);
  const token = async (roles: string[], municipalities: string[]) =>
    `Bearer ${await signLocalToken(secrets.signingKey, { sub: 'bench', roles, municipalities, audience: runtime.config.env.OIDC_AUDIENCE, ttlSeconds: 3600 })}`;
  const manager = await token(['manager'], [LARGEST]);
  const evaluator = await token(['evaluator'], []);
  const admin = await token(['admin'], []);
  /** The full extract of the ten years up to today, through the service at `base` (national-10y). */
  const fullExtract = (base: string) =>
    extractBench({
      get: base,
      admin,
      evaluator,
      ownerUrl: runtime.ownerUrl,
      log,
      from: addDays(today, -3652),
      to: today,
      machine: machine(),
    });
  const floorDb = new pg.Client({ connectionString: runtime.ownerUrl });
  await floorDb.connect();
  await floorDb.query(`SET app.scope = 'all'`);
  const results: ScaleFigures[] = [];
  let loadFigures: string[] = [];
  try {
    const scales = only === 'load' ? ['national-1y'] : only === 'extracts' ? ['national-10y'] : ['national-1y', 'national-10y'];
    for (const scale of scales as Scale[]) {
      log(`\n== ${scale}: loading synthetic data`);
      const t0 = Date.now();
      const loaded = keepData
        ? await countCourses(floorDb)
        : await seedSynthetic({ ownerUrl: runtime.ownerUrl, config: runtime.config, scale, seed: 1, today, reset: true });
      const loadSeconds = (Date.now() - t0) / 1000;
      log(`   ${loaded.courses} courses, ${loaded.contacts} contacts in ${loadSeconds.toFixed(1)} s`);
      if (only === 'extracts') {
        const app = await createApp({ config: runtime.config, logSink: { write: () => undefined } });
        await app.listen(0, '127.0.0.1');
        const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
        const extracts = await fullExtract(base);
        writeBenchmarkSection('evaluation extracts', extracts.markdown.join('\n'));
        log('\nWrote the evaluation extracts section of docs/benchmarks.md');
        await app.close();
        break;
      }
      if (scale === 'national-1y') {
        // The request path under load runs first, on freshly loaded data: it adds courses (POST).
        const load = await loadBench({
          dataDir,
          appUrl: runtime.config.database.appUrl,
          ownerUrl: runtime.ownerUrl,
          publicJwk: publicJwk(secrets.signingKey),
          issuer: LOCAL_ISSUER,
          audience: runtime.config.env.OIDC_AUDIENCE,
          caseworker: await token(['caseworker'], [LARGEST]),
          municipality: LARGEST,
          writer: await token(['caseworker'], ['860']),
          writeMunicipality: '860',
          today,
          log,
          rounds: Number(process.env.BENCH_LOAD_ROUNDS ?? 3),
          seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 10),
          profile: process.env.BENCH_LOAD_PROFILE !== 'no',
        });
        if (only === 'load') {
          log('\n' + load.markdown.join('\n'));
          writeBenchmarkSection('request path under load', load.markdown.join('\n'));
          results.push({ scale, courses: loaded.courses, contacts: loaded.contacts, loadSeconds, rows: [], load: load.markdown });
          break;
        }
        loadFigures = load.markdown;
      }
      const app = await createApp({ config: runtime.config, logSink: { write: () => undefined } });
      await app.listen(0, '127.0.0.1');
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const get = async (path: string, auth: string) => {
        const res = await fetch(base + path, { headers: { Authorization: auth } });
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
        return res.text();
      };
      const rows: ScaleFigures['rows'] = [];
      const measure = async (name: string, api: () => Promise<unknown>, floor: () => Promise<unknown>) => {
        const a = await medianMs(api);
        const f = await medianMs(floor);
        rows.push({ name, api: a, floor: f });
        log(`   ${name.padEnd(44)} API ${fmt(a).padStart(10)}   floor ${fmt(f).padStart(10)}   ratio ${ratio(a, f)}`);
      };
      // The fixed cost of any authenticated request (token, transaction with the RLS settings,
      // JSON), against the same one-row lookup run directly: the baseline of every ratio below.
      await measure(
        `one municipality (fixed cost of a request)`,
        () => get(`/api/v1/municipalities/${LARGEST}`, manager),
        () => floorDb.query(`SELECT code, name, region_code, region_name FROM municipality WHERE code = $1`, [LARGEST]),
      );
      await measure(
        `compliance, municipality ${LARGEST}, one year`,
        () => get(`/api/v1/reports/compliance?from=${yearFrom}&to=${today}&municipality=${LARGEST}`, manager),
        () => floorDb.query(FLOOR_COMPLIANCE(`AND ct.municipality_code = '${LARGEST}'`), [yearFrom, today, today]),
      );
      await measure(
        'compliance, nation, one year',
        () => get(`/api/v1/reports/compliance?from=${yearFrom}&to=${today}&national`, evaluator),
        () => floorDb.query(FLOOR_COMPLIANCE(''), [yearFrom, today, today]),
      );
      await measure(
        `working list, municipality ${LARGEST}`,
        () => get(`/api/v1/worklist?municipality=${LARGEST}`, manager),
        () => floorDb.query(FLOOR_WORKLIST, [LARGEST, today]),
      );
      const figures: ScaleFigures = { scale, courses: loaded.courses, contacts: loaded.contacts, loadSeconds, rows };
      if (scale === 'national-10y') figures.extracts = await fullExtract(base);
      results.push(figures);
      await app.close();
    }
  } finally {
    await floorDb.end();
    await runtime.embedded?.stop();
  }
  if (only) return;
  const kept = keptSections();
  writeFileSync('docs/benchmarks.md', render(results, today) + (kept ? `\n${kept}` : ''));
  // Sections of their own, so that `--only load` and `--only extracts` can write them again alone.
  if (loadFigures.length) writeBenchmarkSection('request path under load', loadFigures.join('\n'));
  if (results[1]?.extracts) writeBenchmarkSection('evaluation extracts', results[1].extracts.markdown.join('\n'));
  log('\nWrote docs/benchmarks.md');
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory`;
}

function render(results: ScaleFigures[], today: string): string {
  const [one, ten] = results;
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (scripts/bench.ts); do not edit by hand. Each figure is the median of 25 timed runs after 3 warm-up runs,',
    'measured in one run on one machine. "API" is a full HTTP request (token check, row-level-security transaction, audit record,',
    'JSON); "floor" is the best single hand-written SQL query for the same figures, run directly on the database over the same',
    'per-course summaries, without HTTP.',
    '',
    `- Date: ${today}`,
    `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory; Node.js ${process.version}; embedded PostgreSQL 18`,
    '',
    '## Data',
    '',
    '| scale | courses | contacts | load time |',
    '|---|---:|---:|---:|',
    ...results.map(
      (r) => `| ${r.scale} | ${r.courses.toLocaleString('en')} | ${r.contacts.toLocaleString('en')} | ${r.loadSeconds.toFixed(1)} s |`,
    ),
    '',
    '## Reports and working list (targets: ratio ≤ 1.5; nation-year under 300 ms at national-10y; 10y within 2× of 1y)',
    '',
    '| query | API 1y | floor 1y | ratio 1y | API 10y | floor 10y | ratio 10y | API 10y / 1y |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...one.rows.map((r, i) => {
      const t = ten.rows[i];
      return `| ${r.name} | ${fmt(r.api)} | ${fmt(r.floor)} | ${ratio(r.api, r.floor)} | ${fmt(t.api)} | ${fmt(t.floor)} | ${ratio(t.api, t.floor)} | ${ratio(t.api, r.api)} |`;
    }),
    '',
    'Reading the ratios: the first row is a request that does almost nothing (one indexed row); its API time is the fixed cost of',
    'every request here (HTTP, token check, a transaction that sets the row-level-security settings, logging, JSON). The reports',
    'and the working list also write their audit record in that transaction. Where the floor is a few milliseconds, that fixed',
    "cost alone puts the ratio above 1.5; the time the API adds beyond it is the API time minus the first row's.",
    '',
  ];
  return lines.join('\n');
}

async function countCourses(db: pg.Client): Promise<{ courses: number; contacts: number }> {
  const { rows } = await db.query<{ courses: number; contacts: number }>(
    `SELECT (SELECT count(*)::int FROM course) AS courses, (SELECT count(*)::int FROM contact) AS contacts`,
  );
  return rows[0];
}

main().catch((error: unknown) => {
  log(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
