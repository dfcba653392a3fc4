/**
 * The evaluation extracts in `npm run bench` (national-10y; alone: `npm run bench -- --only extracts`):
 * throughput of a full `courses` extract through the API (POST /api/v1/extracts, 202, its job
 * polled until ready, then GET its file streamed to nowhere by a client process) against the floor
 * (the extract's own SQL through the job's COPY statement into a null sink), for both pseudonym schemes (a recipient
 * registered now, `cpr_index`: HMAC of the blind index; one registered before, `cpr`: each CPR
 * decrypted), and the memory the service needs for a small and for the full extract (targets:
 * API ≥ 0.8 × the floor's rows per second for the `cpr_index` scheme; peak memory of the two
 * within 50 MB of each other, i.e. flat in the extract's size).
 *
 * The service runs in this process (scripts/bench.ts), job runner included, so the RSS measured
 * is the service's and its job's; the download's client is a process of its own, which counts and
 * hashes the file as it streams.
 *
 * RSS also holds garbage V8 has not collected yet, and V8 lets the heap grow further the longer
 * it allocates, so a longer extract shows a higher RSS peak without holding more. The extracts
 * are therefore run a second time, untimed, with a forced collection every 250 ms, and the live
 * heap after each collection is reported beside the RSS: that is what the extract holds.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { loadavg } from 'node:os';
import { coursesExtractSql } from '../src/extracts/extract-sql.js';
import { copySql } from '../src/extracts/extracts.repository.js';
import type { PseudonymScheme } from '../src/extracts/pseudonym.js';

export interface ExtractFigures {
  markdown: string[];
}

export interface ExtractBenchOptions {
  /** The service's base URL, e.g. http://127.0.0.1:41234 */
  get: string;
  /** Authorization header values. */
  admin: string;
  evaluator: string;
  /** The schema owner's connection (the floor runs there, as the other floors do). */
  ownerUrl: string;
  log: (line: string) => void;
  /** First-contact dates of the full extract. */
  from: string;
  to: string;
  /** The machine, as the report names it. */
  machine: string;
}

/** A recipient of each scheme: one registered now (cpr_index), one standing for a recipient registered before (cpr). */
const RECIPIENTS: Record<PseudonymScheme, string> = { cpr_index: 'bench-extracts', cpr: 'bench-extracts-cpr' };
const POLL_MS = 25;
const SMALL_ROWS = 10_000;
const SAMPLE_MS = 20;
const FLOOR_RUNS = 3;
const MB = 1024 * 1024;

const LIVE_SAMPLE_MS = 250;

interface ApiRun {
  rows: number;
  bytes: number;
  createSeconds: number;
  downloadSeconds: number;
  /** The peak during the request minus the value just before it, in bytes: RSS, or the live heap. */
  peak: number;
  /** The same until the extract was ready (the job alone, before the download). */
  madePeak: number;
}

type Sampling = 'rss' | 'live_heap';

let gc: (() => void) | undefined;

/** A full garbage collection on demand, without starting Node with --expose-gc. */
function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Runs `fn` while sampling memory; returns the peak above the value at the start (after a full
 * collection). `rss`: process.memoryUsage().rss every 20 ms. `live_heap`: heapUsed right after a
 * forced collection every 250 ms (slows `fn` down; never timed).
 */
async function peakDuring<T>(sampling: Sampling, fn: (peakSoFar: () => number) => Promise<T>): Promise<{ result: T; peak: number }> {
  collectGarbage();
  const read = () => (sampling === 'rss' ? process.memoryUsage().rss : process.memoryUsage().heapUsed);
  const before = read();
  let peak = before;
  const timer = setInterval(
    () => {
      if (sampling === 'live_heap') collectGarbage();
      peak = Math.max(peak, read());
    },
    sampling === 'rss' ? SAMPLE_MS : LIVE_SAMPLE_MS,
  );
  try {
    const result = await fn(() => Math.max(peak, read()) - before);
    if (sampling === 'live_heap') collectGarbage();
    peak = Math.max(peak, read());
    return { result, peak: peak - before };
  } finally {
    clearInterval(timer);
  }
}

async function registerRecipients(o: ExtractBenchOptions, owner: pg.Client): Promise<void> {
  for (const id of Object.values(RECIPIENTS)) {
    const res = await fetch(`${o.get}/api/v1/extract-recipients`, {
      method: 'POST',
      headers: { Authorization: o.admin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, name: 'Benchmark of the evaluation extracts' }),
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`register recipient: HTTP ${res.status} ${await res.text()}`);
  }
  // As the migration left every recipient registered before the blind-index scheme.
  await owner.query(`UPDATE extract_recipient SET pseudonym_scheme = 'cpr' WHERE id = $1`, [RECIPIENTS.cpr]);
}

/**
 * The file downloaded by a client process of its own (Node's fetch, the body hashed as it
 * streams), so the memory measured is the service's, not the client's buffers.
 */
const DOWNLOAD_CLIENT = `
  const { createHash } = await import('node:crypto');
  const res = await fetch(process.env.EXTRACT_URL, { headers: { Authorization: process.env.EXTRACT_AUTH } });
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res.body) { hash.update(chunk); bytes += chunk.length; }
  process.stdout.write(JSON.stringify({ status: res.status, bytes, sha256: hash.digest('hex') }));`;

async function download(url: string, auth: string): Promise<{ bytes: number; sha256: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', DOWNLOAD_CLIENT], {
    env: { ...process.env, EXTRACT_URL: url, EXTRACT_AUTH: auth },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (data: Buffer) => (out += data.toString('utf8')));
  const [code] = (await once(child, 'close')) as [number];
  const result = JSON.parse(out || '{}') as { status?: number; bytes: number; sha256: string };
  if (code !== 0 || result.status !== 200) throw new Error(`download extract: exit ${code}, HTTP ${result.status}`);
  return result;
}

/** One extract through the API: ask for it (202), poll until its job is done, then stream the file to nowhere, checking its SHA-256. */
async function apiExtract(
  o: ExtractBenchOptions,
  from: string,
  to: string,
  scheme: PseudonymScheme = 'cpr_index',
  sampling: Sampling = 'rss',
): Promise<ApiRun> {
  const { result, peak } = await peakDuring(sampling, async (peakSoFar) => {
    const t0 = performance.now();
    const created = await fetch(`${o.get}/api/v1/extracts`, {
      method: 'POST',
      headers: { Authorization: o.evaluator, 'Content-Type': 'application/json' },
      body: JSON.stringify({ recipient: RECIPIENTS[scheme], from, to, kind: 'courses', format: 'csv' }),
    });
    if (created.status !== 202) throw new Error(`create extract: HTTP ${created.status} ${await created.text()}`);
    type Status = { id: string; status: string; error: string | null; rowCount: number; byteCount: number; sha256: string };
    let manifest = (await created.json()) as Status;
    while (manifest.status === 'queued' || manifest.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const polled = await fetch(`${o.get}/api/v1/extracts/${manifest.id}`, { headers: { Authorization: o.evaluator } });
      manifest = (await polled.json()) as Status;
    }
    if (manifest.status !== 'ready') throw new Error(`extract ${manifest.id} ended ${manifest.status} (${manifest.error})`);
    const t1 = performance.now();
    const madePeak = peakSoFar();
    const { bytes, sha256 } = await download(`${o.get}/api/v1/extracts/${manifest.id}/file`, o.evaluator);
    const t2 = performance.now();
    if (bytes !== manifest.byteCount || sha256 !== manifest.sha256) throw new Error('the downloaded file does not match its manifest');
    return { rows: manifest.rowCount, bytes, createSeconds: (t1 - t0) / 1000, downloadSeconds: (t2 - t1) / 1000, madePeak };
  });
  return { ...result, peak };
}

/**
 * The floor: the extract's SQL through the job's own COPY statement into a sink that drops it, in
 * a transaction set as the job's is (read only, REPEATABLE READ, work_mem 64 MB: the sort of the
 * cohort stays in memory). Returns rows and seconds.
 */
async function floorRun(client: pg.Client, scheme: PseudonymScheme, o: ExtractBenchOptions): Promise<{ rows: number; seconds: number }> {
  const sql = copySql(coursesExtractSql(scheme), [o.from, o.to, o.to, null]);
  let rows = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      done();
    },
  });
  const t0 = performance.now();
  await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
  await client.query(`SELECT set_config('work_mem', '64MB', true)`);
  await pipeline(client.query(copyTo(sql)), sink);
  await client.query('COMMIT');
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The first-contact date from which the cohort up to `to` holds about SMALL_ROWS rows of the
 * courses extract (courses with a CPR, not entered in error), counted on the owner connection.
 */
async function smallFrom(client: pg.Client, from: string, to: string): Promise<string> {
  const { rows } = await client.query<{ day: string }>(
    `SELECT to_char(first_contact_date, 'YYYY-MM-DD') AS day
       FROM (SELECT first_contact_date, sum(count(*)) OVER (ORDER BY first_contact_date DESC) AS upto
               FROM course_summary
              WHERE child_id IS NOT NULL AND status <> 'entered_in_error' AND first_contact_date BETWEEN $1::date AND $2::date
              GROUP BY first_contact_date) d
      WHERE upto >= $3 ORDER BY first_contact_date DESC LIMIT 1`,
    [from, to, SMALL_ROWS],
  );
  return rows[0]?.day ?? from;
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const perSecond = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString('en');
const int = (n: number) => n.toLocaleString('en');

export async function extractBench(o: ExtractBenchOptions): Promise<ExtractFigures> {
  o.log('\n== evaluation extracts');
  const floorDb = new pg.Client({ connectionString: o.ownerUrl });
  await floorDb.connect();
  try {
    await floorDb.query(`SET app.scope = 'all'`);
    await registerRecipients(o, floorDb);
    const from10k = await smallFrom(floorDb, o.from, o.to);
    // One untimed COPY of the whole extract first, so that whatever is timed first does not also
    // pay for reading the ten years into the database's and the system's caches.
    await floorRun(floorDb, 'cpr_index', o);
    const loadBefore = loadavg();

    // The small extract first: it also warms the service up before the full one is timed.
    const small = await apiExtract(o, from10k, o.to);
    o.log(`   courses ${from10k}..${o.to}: ${int(small.rows)} rows, peak RSS +${mb(small.peak)}`);
    const timed: Record<PseudonymScheme, ApiRun> = {} as Record<PseudonymScheme, ApiRun>;
    for (const scheme of ['cpr_index', 'cpr'] as const) {
      const run = await apiExtract(o, o.from, o.to, scheme);
      timed[scheme] = run;
      o.log(
        `   [${scheme}] courses ${o.from}..${o.to}: ${int(run.rows)} rows, ${mb(run.bytes)} in ${(run.createSeconds + run.downloadSeconds).toFixed(1)} s ` +
          `(made ${run.createSeconds.toFixed(1)} s, download ${run.downloadSeconds.toFixed(1)} s), peak RSS +${mb(run.peak)} (until ready +${mb(run.madePeak)})`,
      );
    }
    const full = timed.cpr_index;
    const smallLive = await apiExtract(o, from10k, o.to, 'cpr_index', 'live_heap');
    const fullLive = await apiExtract(o, o.from, o.to, 'cpr_index', 'live_heap');
    o.log(`   live heap after forced collections: +${mb(smallLive.peak)} (~10,000 rows), +${mb(fullLive.peak)} (full)`);

    // The reference date the API used is today, as `to` is here.
    const floors = {} as Record<PseudonymScheme, { rows: number; seconds: number }>;
    for (const scheme of ['cpr_index', 'cpr'] as const) {
      const runs: { rows: number; seconds: number }[] = [];
      for (let i = 0; i < FLOOR_RUNS; i++) runs.push(await floorRun(floorDb, scheme, o));
      runs.sort((a, b) => a.seconds - b.seconds);
      floors[scheme] = runs[Math.floor(runs.length / 2)];
      if (floors[scheme].rows !== full.rows) throw new Error(`the floor gave ${floors[scheme].rows} rows, the API ${full.rows}`);
      o.log(`   [${scheme}] floor (COPY, median of ${FLOOR_RUNS}): ${floors[scheme].seconds.toFixed(1)} s`);
    }
    const loadAfter = loadavg();

    const rate = (run: ApiRun) => run.rows / (run.createSeconds + run.downloadSeconds);
    const madeRate = (run: ApiRun) => run.rows / run.createSeconds;
    const floorRate = (scheme: PseudonymScheme) => floors[scheme].rows / floors[scheme].seconds;
    const throughput = rate(full) / floorRate('cpr_index');
    // The target is the making of the extract (its background job); the download is shown beside it.
    const spread = Math.abs(full.madePeak - small.madePeak);
    const downloadSpread = Math.abs(full.peak - small.peak);
    const liveSpread = Math.abs(fullLive.peak - smallLive.peak);
    o.log(
      `   API/floor throughput ${throughput.toFixed(2)} (target ≥ 0.8); memory difference while made ${mb(spread)} (target ≤ 50 MB), made and downloaded ${mb(downloadSpread)}`,
    );
    const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

    return {
      markdown: [
        '## Evaluation extracts (targets: API ≥ 0.8 × floor throughput; memory of a ~10,000-row and the full extract within 50 MB)',
        '',
        `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (alone: \`npm run bench -- --only extracts\`; scripts/bench-extracts.ts), load average`,
        `(1 / 5 / 15 min) ${load(loadBefore)} before and ${load(loadAfter)} after, on this machine's ${o.machine}.`,
        '',
        'A full `courses` extract of the national-10y data in CSV. "API" is `POST /api/v1/extracts` (202), its background job',
        "(COPY of the extract SQL, which writes each row's values as text → pseudonymous child key → check against the allow-list →",
        `SHA-256 → 1 MiB chunks stored in PostgreSQL) polled every ${POLL_MS} ms until ready, then \`GET /api/v1/extracts/{id}/file\``,
        'streamed to nowhere by a client process of its own. "Floor" is the extract\'s own SQL (`coursesExtractSql(scheme)`)',
        'through the same `COPY ... TO STDOUT` statement on the owner connection into a sink that drops it (median of',
        `${FLOOR_RUNS} runs), after one untimed COPY that fills the caches. The target is for recipients registered now (\`cpr_index\`: the child key is HMAC-SHA-256 of the blind`,
        'index); a recipient registered before keeps `cpr` (each CPR decrypted, then HMAC-SHA-256), measured beside it.',
        `Memory is the peak RSS of the process, sampled every ${SAMPLE_MS} ms, minus the RSS just before the POST (after a full collection),`,
        'until the extract is ready (its job: the target) and until its download has ended; the service and its job runner run in the',
        "bench's process, the download's client in a process of its own. Serving the file allocates a buffer for every MiB read from",
        'PostgreSQL and written to the socket, with little else for V8 to collect with; it frees them when their external memory has',
        "grown by its allowance (about 64 MB), so the download shows that allowance, not the file's size.",
        'RSS also counts garbage not yet collected, and V8 lets the heap grow the longer it allocates; so each extract is run once',
        `more, untimed, with a forced collection every ${LIVE_SAMPLE_MS} ms, and the peak live heap after those collections is shown too.`,
        '',
        '| measure | value | target |',
        '|---|---:|---|',
        `| rows (courses with a CPR, first contact ${o.from} to ${o.to}) | ${int(full.rows)} | |`,
        `| file size | ${mb(full.bytes)} | |`,
        `| API, cpr_index: made (POST until ready) | ${full.createSeconds.toFixed(1)} s | |`,
        `| API, cpr_index: download (GET) | ${full.downloadSeconds.toFixed(1)} s | |`,
        `| API, cpr_index: rows per second, made + download (made alone) | ${perSecond(full.rows, full.createSeconds + full.downloadSeconds)} (${Math.round(madeRate(full)).toLocaleString('en')}) | |`,
        `| floor, cpr_index: rows per second, COPY of the extract SQL | ${perSecond(floors.cpr_index.rows, floors.cpr_index.seconds)} | |`,
        `| **API / floor throughput, cpr_index** | ${throughput.toFixed(2)} | ≥ 0.8: ${verdict(throughput >= 0.8)} |`,
        `| API, cpr (earlier recipients): rows per second, made + download | ${perSecond(timed.cpr.rows, timed.cpr.createSeconds + timed.cpr.downloadSeconds)} | |`,
        `| floor, cpr: rows per second | ${perSecond(floors.cpr.rows, floors.cpr.seconds)} | |`,
        `| API / floor throughput, cpr | ${(rate(timed.cpr) / floorRate('cpr')).toFixed(2)} | (not a target: earlier recipients only) |`,
        `| peak RSS above start until ready (the job), ~10,000-row extract (${int(small.rows)} rows, first contact from ${from10k}) | ${mb(small.madePeak)} | |`,
        `| peak RSS above start until ready (the job), full extract | ${mb(full.madePeak)} | |`,
        `| **difference while made** | ${mb(spread)} | ≤ 50 MB: ${verdict(spread <= 50 * MB)} |`,
        `| peak RSS above start, made and downloaded, ~10,000-row / full extract | ${mb(small.peak)} / ${mb(full.peak)} | (difference ${mb(downloadSpread)}) |`,
        `| peak live heap after forced collections, ~10,000-row / full extract | ${mb(smallLive.peak)} / ${mb(fullLive.peak)} | (difference ${mb(liveSpread)}) |`,
      ],
    };
  } finally {
    await floorDb.end();
  }
}
