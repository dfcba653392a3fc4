/**
 * npm run bench:kl-delivery — the KL delivery's speed, measured in one run on this machine against
 * floors measured in the same run, on a national year of synthetic courses in its own DATA_DIR
 * (./.data-bench-kl, or BENCH_DATA_DIR), and written to docs/benchmarks.md (its "KL delivery"
 * section):
 *
 * 1. the outbox's cost on a course change: `POST /courses/{id}/contacts` (a held treatment, so every
 *    request makes a report) with the outbox and with it switched off in the same process, requests
 *    interleaved so both see the same machine;
 * 2. the backfill of the national year (about 40,000 courses): read, planned, validated with KL's
 *    profiles in worker threads, written; against the floor of reading the same courses;
 * 3. a day's changes for the nation (40,000 / 365 courses × 7 changes) sent by the delivery worker
 *    to a local receiver, from the moment their jobs are due; against the floor of the same PUTs
 *    sent straight from here through the worker's own HTTP client (KlGateway) at the same concurrency.
 *
 *   npm run bench:kl-delivery [-- --reseed] [--parts backfill,outbox,delivery]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { signLocalToken } from '../src/auth/local-issuer.js';
import { prepareRuntime } from '../src/bootstrap.js';
import { loadOrCreateLocalSecrets } from '../src/config/local-secrets.js';
import { CprVault } from '../src/children/cpr-vault.js';
import { Db } from '../src/database/db.js';
import { NationalScope } from '../src/database/tenant-transaction.interceptor.js';
import { addDays, todayInDenmark } from '../src/kernel/local-date.js';
import { KlDeliveryRepository } from '../src/kl-delivery/kl-delivery.repository.js';
import { KlGateway } from '../src/kl-delivery/kl-gateway.js';
import { KlPlanner } from '../src/kl-delivery/kl-planner.js';
import { KlReplanner } from '../src/kl-delivery/kl-replanner.js';
import { seedSynthetic } from '../src/synthetic/seed.js';
import { writeBenchmarkSection } from './bench-lib.js';

const dataDir = process.env.BENCH_DATA_DIR ?? './.data-bench-kl';
const log = (line: string) => process.stderr.write(line + '\n');
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

interface Context {
  runtime: Awaited<ReturnType<typeof prepareRuntime>>;
  owner: pg.Client;
  today: string;
  token: string;
}

/** An app of the service on the bench's database, listening on a free port; `worker`: with the delivery worker. */
async function serve(ctx: Context, extra: Record<string, string> = {}) {
  const config = ctx.runtime.config;
  const saved = { ...config.env };
  Object.assign(config.env, extra);
  const app = await createApp({ config, logSink: { write: () => undefined } });
  await app.listen(0, '127.0.0.1');
  // The app keeps the configuration object: the next one gets the bench's own back.
  const restore = () => Object.assign(config.env, saved);
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const db = app.get(Db);
  const scope = app.get(NationalScope);
  const widened = <T>(fn: () => Promise<T>) =>
    db.transaction(async () => {
      await scope.widen('kl_delivery');
      return fn();
    });
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { Authorization: ctx.token, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ id: string }>;
  };
  // A child born 2012–2015 (of the offer's ages), new to the municipality: another CPR when it already has an open course.
  const randomCpr = () => {
    const two = (n: number) => String(n).padStart(2, '0');
    const digits = `${two(1 + Math.floor(Math.random() * 28))}${two(1 + Math.floor(Math.random() * 12))}${two(12 + Math.floor(Math.random() * 4))}4`;
    return digits + String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  };
  const newCourse = async (): Promise<{ id: string }> => {
    for (;;) {
      try {
        return await call('POST', '/api/v1/courses', {
          municipalityCode: '751',
          firstContact: { date: addDays(ctx.today, -30), time: '09:30', channel: 'phone', contactedBy: 'parent' },
          clearlyInTargetGroup: true,
          cpr: randomCpr(),
        });
      } catch (error) {
        if (!String(error).includes('HTTP 409')) throw error;
      }
    }
  };
  return { app, widened, call, newCourse, restore };
}

const TREATMENT = {
  type: 'treatment',
  status: 'held',
  time: '14:00',
  participants: 'child_present',
  delivery: 'individual',
  programme: 'Cool Kids',
};

/** 1. The outbox's cost on a change: the same requests with and without it, interleaved. */
async function outboxPart(ctx: Context): Promise<string[]> {
  const { app, call, newCourse } = await serve(ctx);
  try {
    const planner = app.get(KlPlanner);
    const outbox = planner.courseChanged.bind(planner);
    const off = async () => ({ courses: 0, reports: 0, invalid: 0, heldBack: 0, reportIds: new Map<string, string[]>() });
    const courseIds: string[] = [];
    for (let i = 0; i < 40; i++) courseIds.push((await newCourse()).id);
    const timings = { with: [] as number[], without: [] as number[] };
    // The service runs in this process: its CPU time per request, which the machine's load does not stretch.
    const cpuTimings = { with: [] as number[], without: [] as number[] };
    const treatment = { ...TREATMENT, date: addDays(ctx.today, -1), reason: 'bench' };
    for (let round = 0; round < 12; round++) {
      for (const [i, id] of courseIds.entries()) {
        const withOutbox = (i + round) % 2 === 0;
        planner.courseChanged = withOutbox ? outbox : off;
        const t0 = performance.now();
        const c0 = cpuMs();
        await call('POST', `/api/v1/courses/${id}/contacts`, treatment);
        if (round >= 2) {
          timings[withOutbox ? 'with' : 'without'].push(performance.now() - t0);
          cpuTimings[withOutbox ? 'with' : 'without'].push(cpuMs() - c0);
        }
      }
    }
    planner.courseChanged = outbox;
    const med = { with: quantile(timings.with, 0.5), without: quantile(timings.without, 0.5) };
    const p90 = { with: quantile(timings.with, 0.9), without: quantile(timings.without, 0.9) };
    const cpu = { with: quantile(cpuTimings.with, 0.5), without: quantile(cpuTimings.without, 0.5) };
    log(
      `  POST contacts: median ${ms(med.with)} with the outbox, ${ms(med.without)} without; CPU ${ms(cpu.with)} and ${ms(cpu.without)} (load average ${loadavg()[0].toFixed(1)})`,
    );
    return [
      `| outbox on \`POST /courses/{id}/contacts\` (a held treatment: one report each; ${timings.with.length} requests each way), median | ${ms(med.with)} with, ${ms(med.without)} without: **+${ms(med.with - med.without)}** | ${ms(med.without)} | ${(med.with / med.without).toFixed(2)} | a few ms |`,
      `| the same, 90th percentile | ${ms(p90.with)} with, ${ms(p90.without)} without | | | |`,
      `| the same, the service's CPU time per request (Node.js; PostgreSQL's not counted), median | ${ms(cpu.with)} with, ${ms(cpu.without)} without: **+${ms(cpu.with - cpu.without)}** | ${ms(cpu.without)} | ${(cpu.with / cpu.without).toFixed(2)} | |`,
    ];
  } finally {
    await app.close();
  }
}

/** 2. The backfill of the national year, against reading the same courses. */
async function backfillPart(ctx: Context): Promise<string[]> {
  const { owner } = ctx;
  await owner.query(`TRUNCATE kl_report, kl_reported_resource, kl_course_state`);
  await owner.query(`DELETE FROM graphile_worker._private_jobs`);
  const courses = (await owner.query(`SELECT count(*)::int AS n FROM course`)).rows[0].n as number;
  const { app, widened } = await serve(ctx);
  try {
    log(`Backfill of ${courses} courses (load average ${loadavg()[0].toFixed(1)}) ...`);
    let t = performance.now();
    let c = cpuMs();
    const backfill = await app.get(KlReplanner).backfill();
    const backfillMs = performance.now() - t;
    const backfillCpu = cpuMs() - c;
    const reports = (await owner.query(`SELECT count(*)::int AS n, sum(length(bundle::text))::bigint AS bytes FROM kl_report`)).rows[0];
    // Floor: read the same courses in the same batches (the same query) and open every CPR.
    const repository = app.get(KlDeliveryRepository);
    const vault = app.get(CprVault);
    t = performance.now();
    c = cpuMs();
    let after: string | null = null;
    let read = 0;
    for (;;) {
      const ids: string[] = (
        await owner.query(`SELECT id FROM course WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT 250`, [after])
      ).rows.map((r: { id: string }) => r.id);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      const rows = await widened(() => repository.loadForPlanning(ids));
      for (const row of rows) if (row.child) vault.open(row.child.cprCiphertext, row.child.cprKeyId);
      read += rows.length;
    }
    const floorMs = performance.now() - t;
    const floorCpu = cpuMs() - c;
    log(`  backfill ${s(backfillMs)} (CPU ${s(backfillCpu)}), floor (read) ${s(floorMs)} (load average ${loadavg()[0].toFixed(1)})`);
    const threads = ctx.runtime.config.env.KL_PLAN_THREADS || Math.min(availableParallelism(), 8);
    return [
      `| backfill, national year: ${backfill.courses.toLocaleString('en')} courses → ${reports.n.toLocaleString('en')} reports (${(Number(reports.bytes) / 1e6).toFixed(0)} MB), ${backfill.heldBack.toLocaleString('en')} held back (no CPR), ${backfill.invalid} invalid; ${threads} planning threads | **${s(backfillMs)}** (this process's CPU ${s(backfillCpu)}) | ${s(floorMs)} reading the ${read.toLocaleString('en')} courses with the same query (CPU ${s(floorCpu)}) | ${(backfillMs / floorMs).toFixed(1)} | under 60 s |`,
    ];
  } finally {
    await app.close();
  }
}

/** 3. A day's changes for the nation sent by the worker to a local receiver, against the same PUTs sent straight. */
async function deliveryPart(ctx: Context): Promise<string[]> {
  const { owner, today } = ctx;
  // The national year counts as planned (else the worker's start would backfill it), and nothing is waiting.
  await owner.query(`TRUNCATE kl_report`);
  await owner.query(
    `INSERT INTO kl_course_state (course_id, municipality_code) SELECT id, municipality_code FROM course ON CONFLICT DO NOTHING`,
  );
  await owner.query(`DELETE FROM graphile_worker._private_jobs`);
  const dayCourses = Math.round(40_000 / 365);
  const { app, call, newCourse } = await serve(ctx);
  try {
    for (let i = 0; i < dayCourses; i++) {
      const { id } = await newCourse();
      await call('POST', `/api/v1/courses/${id}/contacts`, {
        type: 'pre_conversation',
        date: addDays(today, -20),
        status: 'held',
        outcome: 'proceed_to_screening',
      });
      await call('POST', `/api/v1/courses/${id}/contacts`, {
        type: 'screening',
        date: addDays(today, -10),
        status: 'held',
        outcome: 'offer_treatment',
        programme: 'Cool Kids',
        delivery: 'individual',
      });
      await call('POST', `/api/v1/courses/${id}/contacts`, { ...TREATMENT, date: addDays(today, -1) });
      await call('POST', `/api/v1/courses/${id}/referrals`, { date: addDays(today, -1), destination: 'gp' });
      await call('POST', `/api/v1/courses/${id}/contacts`, { type: 'closing_conversation', date: addDays(today, -1), status: 'held' });
      await call('POST', `/api/v1/courses/${id}/close`, { date: today, reason: 'completed' });
    }
  } finally {
    await app.close();
  }
  const day = (await owner.query(`SELECT count(*)::int AS n FROM kl_report WHERE state = 'pending'`)).rows[0].n as number;
  // Their jobs wait until released, so the worker below starts idle.
  await owner.query(`UPDATE graphile_worker._private_jobs SET run_at = now() + interval '1 day'`);

  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/token') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ access_token: 'bench-token', token_type: 'Bearer', expires_in: 3600 }));
      }
      received++;
      res.writeHead(201, { 'Content-Type': 'application/fhir+json' });
      res.end('{"resourceType":"Bundle"}');
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const worker = await serve(ctx, {
    KL_DELIVERY_WORKER: 'true',
    KL_GATEWAY_URL: `${receiverUrl}/fhir`,
    KL_TOKEN_URL: `${receiverUrl}/token`,
    KL_CLIENT_ID: 'bench',
    KL_CLIENT_SECRET: 'bench',
  });
  worker.restore();
  const concurrency = ctx.runtime.config.env.KL_DELIVERY_CONCURRENCY;
  let deliveryMs: number;
  let sentByWorker: number;
  let putFloorMs: number;
  try {
    const t = performance.now();
    // Due now, and the worker told so as graphile-worker's own insert trigger tells it (the number of jobs).
    const released = (await owner.query(`UPDATE graphile_worker._private_jobs SET run_at = now()`)).rowCount ?? 0;
    await owner.query(`SELECT pg_notify('jobs:insert', $1)`, [JSON.stringify({ count: released })]);
    // Until every report has reached the receiver (counted in this process: no query competes with
    // the worker meanwhile), then until the worker has recorded every one accepted.
    for (;;) {
      if (received < day) await new Promise((r) => setTimeout(r, 5));
      else {
        const left = (await owner.query(`SELECT count(*)::int AS n FROM kl_report WHERE state <> 'accepted'`)).rows[0].n as number;
        if (left === 0) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      if (performance.now() - t > 120_000) throw new Error(`${received} of ${day} reports received after 2 minutes`);
    }
    deliveryMs = performance.now() - t;
    // The worker's PUTs only: the floor below sends to the same receiver.
    sentByWorker = received;
    // Floor: the same PUTs, straight to the receiver through the worker's own HTTP client (its
    // KlGateway, the token already fetched), at the worker's concurrency: the transport alone, no
    // queue or database. The worker has nothing left to do meanwhile.
    const bodies = (await owner.query(`SELECT id, bundle::text AS bundle FROM kl_report ORDER BY seq`)).rows as {
      id: string;
      bundle: string;
    }[];
    const gateway = worker.app.get(KlGateway);
    const f = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const { id, bundle } = bodies[next++];
          const verdict = await gateway.put(id, bundle);
          if (verdict.kind !== 'accepted') throw new Error(`floor: ${id} not accepted (${verdict.kind})`);
        }
      }),
    );
    putFloorMs = performance.now() - f;
  } finally {
    await worker.app.close();
  }
  receiver.close();
  log(`  a day's ${day} reports sent in ${s(deliveryMs)} (floor ${s(putFloorMs)}; load average ${loadavg()[0].toFixed(1)})`);
  return [
    `| a day's changes for the nation: ${dayCourses} courses × 7 changes = ${day} reports to a local receiver, from due to all accepted | **${s(deliveryMs)}** (${sentByWorker} PUTs) | ${s(putFloorMs)}: the same PUTs straight from the bench through the worker's HTTP client, ${concurrency} at a time | ${(deliveryMs / putFloorMs).toFixed(1)} | under 1 s |`,
  ];
}

async function main() {
  const reseed = process.argv.includes('--reseed');
  const partsArg = process.argv.indexOf('--parts');
  const parts = partsArg >= 0 ? process.argv[partsArg + 1].split(',') : ['outbox', 'backfill', 'delivery'];
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', THROTTLE_LIMIT: '1000000', KL_DELIVERY_WORKER: 'false' };
  delete (env as Record<string, unknown>).DATABASE_URL;
  delete (env as Record<string, unknown>).KL_GATEWAY_URL;
  const runtime = await prepareRuntime(env, log);
  const owner = new pg.Client({ connectionString: runtime.ownerUrl });
  owner.on('error', (error) => log(`bench: the owner's connection failed: ${error.message}`));
  await owner.connect();
  await owner.query(`SET app.scope = 'all'`);
  const today = todayInDenmark();
  const rows: string[] = [];
  const load0 = loadavg()[0];
  try {
    const { rows: count } = await owner.query(`SELECT count(*)::int AS n FROM course`);
    if (reseed || count[0].n < 30_000) {
      log('Loading a national year of synthetic courses ...');
      await seedSynthetic({ ownerUrl: runtime.ownerUrl, config: runtime.config, scale: 'national-1y', seed: 42, today, reset: true });
    }
    // Every municipality reports (a SOR code each).
    await owner.query(`INSERT INTO municipality_reporting (municipality_code, sor_code, updated_by)
                       SELECT code, '4510000' || code || '03', 'bench' FROM municipality ON CONFLICT DO NOTHING`);
    const secrets = await loadOrCreateLocalSecrets(resolve(dataDir));
    const token = `Bearer ${await signLocalToken(secrets.signingKey, {
      sub: 'bench-cw',
      roles: ['caseworker'],
      municipalities: ['751'],
      audience: runtime.config.env.OIDC_AUDIENCE,
      ttlSeconds: 7200,
    })}`;
    const ctx: Context = { runtime, owner, today, token };
    const run = { outbox: outboxPart, backfill: backfillPart, delivery: deliveryPart } as const;
    for (const part of parts) rows.push(...(await run[part as keyof typeof run](ctx)));
  } finally {
    await owner.end();
    await runtime.embedded?.stop();
  }
  if (parts.length < 3) return log('Not every part ran: docs/benchmarks.md left as it is');
  const cpu = cpus();
  writeBenchmarkSection(
    'KL delivery',
    [
      '## KL delivery',
      '',
      'Written by `npm run bench:kl-delivery` (scripts/bench-kl-delivery.ts) on a national year of synthetic courses (seed 42); do not edit',
      'by hand. Floors are measured in the same run. The machine is shared with other work: its load average is given, since on 2 cores',
      'every figure grows with it.',
      '',
      `- Date: ${today}; machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'} (${availableParallelism()} usable), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node.js ${process.version}; load average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
      '',
      '| what | measured | floor | ratio | target |',
      '|---|---:|---:|---:|---|',
      ...rows,
      '',
      "The backfill plans and validates in worker threads with KL's profiles (references and the guide's rules included); medplum's",
      'base-specification pass is left to the day-to-day reports, which the outbox row above includes (docs/kl-reporting.md, "Speed").',
    ].join('\n'),
  );
  log('Wrote the KL delivery section of docs/benchmarks.md');
}
main().catch((error: unknown) => {
  log(`bench:kl-delivery: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
