/**
 * Faults under write load (issue 11): the service killed with SIGKILL, and the database stopped
 * under the service. The service runs as a real child process started as `npm start` starts it,
 * against a PostgreSQL the suite starts on its own (so killing the service leaves the database
 * up, and the database can be stopped while the service runs). 16 connections write at once.
 *
 * kill -9: after a restart every acknowledged write is there; every POST is retried with its
 * Idempotency-Key: an acknowledged one is replayed with the same resource, one that got no
 * answer is either replayed or done now, and no key has made two rows.
 *
 * Outage: PostgreSQL stopped for 10 s: within 5 s every request gets 503 problem+json with
 * Retry-After, /health/ready says 503, and once the database is back the same process answers
 * again without a restart; nothing acknowledged is lost, nothing is made twice.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { recordFigures, n, seconds } from './support/figures.js';
import type { HttpClient, HttpReply } from './support/http.js';
import { OutputScan } from './support/output-scan.js';
import { PostgresCluster, RELIABILITY_DATA } from './support/postgres-cluster.js';
import { ServiceProcess } from './support/service-process.js';
import { WriteLoad, type Attempt } from './support/write-load.js';

const MUNICIPALITY = '751';
const CONNECTIONS = 16;

describe('faults under write load', () => {
  const scan = new OutputScan();
  let cluster: PostgresCluster;
  let service: ServiceProcess;
  let http: HttpClient;
  let caseworker: string;
  /** Every attempt of both loads: what the last check looks for in the database. */
  const all: Attempt[] = [];

  beforeAll(async () => {
    cluster = await new PostgresCluster({ name: 'faults' }).init();
    const dataDir = join(RELIABILITY_DATA, `service-${process.pid}`);
    mkdirSync(dataDir, { recursive: true });
    service = new ServiceProcess({ databaseUrl: cluster.appUrl(), migrationDatabaseUrl: cluster.ownerUrl(), dataDir });
    await service.start();
    http = service.client([scan], CONNECTIONS + 2);
    caseworker = `Bearer ${scan.token(await service.token({ sub: 'load-cw', roles: ['caseworker'], municipalities: [MUNICIPALITY] }))}`;
  });

  afterAll(async () => {
    http?.close();
    await service?.stop();
    // Kept for whoever has to find out what a failure was: every line the service wrote.
    if (service) writeFileSync(resolve('.reliability', 'service.log'), service.lines.join('\n') + '\n');
    await cluster?.destroy();
  });

  async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: cluster.superuserUrl('ltt') });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** Every acknowledged write is in the database: its course or referral, and each course's focus areas as its last change left them. */
  async function lostWrites(attempts: Attempt[]): Promise<string[]> {
    const courses = new Map(
      (await query<{ id: string; version: number; focus_areas: string[] }>('SELECT id::text, version, focus_areas FROM course')).map(
        (r) => [r.id, r],
      ),
    );
    const referrals = new Set((await query<{ id: string }>('SELECT id::text FROM referral')).map((r) => r.id));
    const lost: string[] = [];
    for (const a of attempts.filter((x) => x.outcome === 'acknowledged')) {
      if (a.kind === 'course' && !courses.has(a.courseId!)) lost.push(`course ${a.courseId}`);
      if (a.kind === 'referral' && !referrals.has(a.resourceId!)) lost.push(`referral ${a.resourceId}`);
      if (a.kind === 'patch' && (courses.get(a.courseId!)?.version ?? 0) < a.version!)
        lost.push(`patch of ${a.courseId} to version ${a.version}`);
    }
    // The last change of a course's focus areas that was acknowledged, when no unanswered one came after it.
    const last = new Map<string, Attempt>();
    for (const a of attempts.filter((x) => x.kind === 'patch' && x.outcome !== 'refused')) last.set(a.courseId!, a);
    for (const [id, a] of last) {
      if (a.outcome === 'acknowledged' && JSON.stringify(courses.get(id)?.focus_areas) !== JSON.stringify(a.focusAreas)) {
        lost.push(`focus areas of ${id}: ${JSON.stringify(courses.get(id)?.focus_areas)} instead of ${JSON.stringify(a.focusAreas)}`);
      }
    }
    return lost;
  }

  /** Sends every POST again with its key: acknowledged ones must be replayed with the same resource. */
  async function retryAll(attempts: Attempt[]): Promise<{ replayed: number; doneNow: number; problems: string[] }> {
    let replayed = 0;
    let doneNow = 0;
    const problems: string[] = [];
    for (const a of attempts.filter((x) => x.request.method === 'POST' && x.outcome !== 'refused')) {
      const reply: HttpReply = await http.request(a.request);
      const id = (reply.json as { id?: string } | undefined)?.id;
      const replay = reply.headers['idempotent-replayed'] === 'true';
      if (reply.status >= 300) problems.push(`${a.request.path} ${a.outcome}: retry answered ${reply.status} ${reply.text.slice(0, 200)}`);
      else if (a.outcome === 'acknowledged') {
        const original = a.kind === 'course' ? a.courseId : a.resourceId;
        if (!replay || id !== original)
          problems.push(`${a.request.path}: acknowledged ${original}, retry gave ${id} (replayed: ${replay})`);
        else replayed++;
      } else {
        if (replay) replayed++;
        else doneNow++;
        if (a.kind === 'course') a.courseId = id;
        else a.resourceId = id;
        a.outcome = 'acknowledged';
      }
    }
    return { replayed, doneNow, problems };
  }

  /** Each key made exactly one row: the courses and referrals in the database are exactly those the keys answered with. */
  async function duplicates(attempts: Attempt[]): Promise<{ courses: number; referrals: number; extra: string[] }> {
    const keyed = attempts.filter((a) => a.request.method === 'POST' && a.outcome === 'acknowledged');
    const expectedCourses = new Set(keyed.filter((a) => a.kind === 'course').map((a) => a.courseId!));
    const expectedReferrals = new Set(keyed.filter((a) => a.kind === 'referral').map((a) => a.resourceId!));
    const courses = (await query<{ id: string }>('SELECT id::text FROM course')).map((r) => r.id);
    const referrals = (await query<{ id: string }>('SELECT id::text FROM referral')).map((r) => r.id);
    return {
      courses: courses.length,
      referrals: referrals.length,
      extra: [
        ...courses.filter((id) => !expectedCourses.has(id)).map((id) => `course ${id} made by no key`),
        ...referrals.filter((id) => !expectedReferrals.has(id)).map((id) => `referral ${id} made by no key`),
      ],
    };
  }

  it('kill -9 under 16-connection write load: every acknowledged write survives, every retry is replayed, 0 duplicates', async () => {
    const load = new WriteLoad(http, caseworker, MUNICIPALITY, CONNECTIONS).start();
    const deadline = performance.now() + 20_000;
    while (load.count('write', 'acknowledged') < 300 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const inFlight = load.attempts.filter((a) => a.answeredAt === 0).length;
    const pid = service.pid;
    const killedAt = performance.now();
    await service.kill9();
    await load.stop();
    all.push(...load.attempts);
    await service.start();
    const restart = performance.now() - killedAt;
    expect(service.pid).not.toBe(pid);

    expect(await lostWrites(load.attempts)).toEqual([]);
    const acknowledged = load.count('write', 'acknowledged');
    const unanswered = load.count('write', 'unknown');
    const kinds = `${load.count('course', 'acknowledged')} courses, ${load.count('referral', 'acknowledged')} referrals, ${load.count('patch', 'acknowledged')} focus-area changes`;
    const retries = await retryAll(load.attempts);
    expect(retries.problems).toEqual([]);
    const dup = await duplicates(all);
    expect(dup.extra).toEqual([]);
    recordFigures('crash', 'kill -9 of the service under write load (child process started as npm start; PostgreSQL left running)', [
      `${CONNECTIONS} connections, ${seconds(killedAt - load.started)} of load: ${n(acknowledged)} writes acknowledged ` +
        `(${kinds}), ${inFlight} requests in flight at the kill`,
      `${unanswered} writes without an answer; restarted and ready ${seconds(restart)} after the kill`,
      `acknowledged writes missing after the restart: 0; POSTs retried with their Idempotency-Key: ${retries.replayed} replayed, ${retries.doneNow} done by the retry`,
      `rows in the database: ${dup.courses} courses and ${dup.referrals} referrals, each made by exactly one key (0 duplicates)`,
    ]);
  });

  it('PostgreSQL stopped for 10 s under load: 503 with Retry-After within 5 s, /health/ready down, recovery without a restart, nothing lost', async () => {
    const pid = service.pid;
    const load = new WriteLoad(http, caseworker, MUNICIPALITY, CONNECTIONS, {
      readShare: 30,
      pauseAfterFailureMs: 100,
      timeoutMs: 20_000,
    }).start();
    const health: { at: number; status: number | string }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const at = performance.now();
        try {
          health.push({ at, status: (await http.request({ method: 'GET', path: '/health/ready', timeoutMs: 10_000 })).status });
        } catch (error) {
          health.push({ at, status: String(error) });
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    await new Promise((r) => setTimeout(r, 3_000));
    const stoppedAt = performance.now();
    await cluster.stop();
    const downFor = 10_000 - (performance.now() - stoppedAt);
    await new Promise((r) => setTimeout(r, Math.max(0, downFor)));
    const restartingAt = performance.now();
    await cluster.start();
    const upAt = performance.now();
    // Run on until a write has succeeded again and then a little longer.
    const until = performance.now() + 30_000;
    while (performance.now() < until && !load.attempts.some((a) => a.sentAt > upAt && a.kind !== 'read' && a.outcome === 'acknowledged')) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    await load.stop();
    polling = false;
    await poller;
    all.push(...load.attempts);

    const during = load.attempts.filter((a) => a.sentAt > stoppedAt && a.answeredAt < restartingAt);
    const settled = during.filter((a) => a.sentAt > stoppedAt + 5_000);
    const first503 = load.attempts.find((a) => a.sentAt >= stoppedAt && a.status === 503);
    const notA503 = settled.filter((a) => a.status !== 503).map((a) => `${a.request.method} ${a.request.path}: ${a.status ?? a.error}`);
    const badProblem = during
      .filter((a) => a.status === 503)
      .filter((a) => !/^application\/problem\+json/.test(a.reply!.headers['content-type'] ?? '') || !a.reply!.headers['retry-after'])
      .map((a) => `${a.request.path}: ${a.reply!.headers['content-type']} retry-after=${a.reply!.headers['retry-after']}`);
    const other5xx = load.attempts
      .filter((a) => (a.status ?? 0) >= 500 && a.status !== 503)
      .map((a) => `${a.request.path}: ${a.status} ${a.reply?.text.slice(0, 200)}`);
    const slowest = Math.max(0, ...during.map((a) => a.answeredAt - a.sentAt));
    const readyDown = health.filter((h) => h.at > stoppedAt + 5_000 && h.at < restartingAt);
    const firstSuccess = load.attempts.find((a) => a.sentAt > upAt && a.outcome === 'acknowledged');

    expect({ notA503: notA503.slice(0, 10), badProblem: badProblem.slice(0, 10), other5xx: other5xx.slice(0, 10) }).toEqual({
      notA503: [],
      badProblem: [],
      other5xx: [],
    });
    expect(first503).toBeDefined();
    expect(first503!.answeredAt - stoppedAt).toBeLessThanOrEqual(5_000);
    expect(readyDown.length).toBeGreaterThan(0);
    expect(readyDown.filter((h) => h.status !== 503)).toEqual([]);
    expect(firstSuccess).toBeDefined();
    expect(health.filter((h) => h.at > (firstSuccess?.answeredAt ?? Infinity)).every((h) => h.status === 200)).toBe(true);
    expect(service.pid).toBe(pid);

    expect(await lostWrites(all)).toEqual([]);
    const retries = await retryAll(load.attempts);
    expect(retries.problems).toEqual([]);
    const dup = await duplicates(all);
    expect(dup.extra).toEqual([]);
    recordFigures('outage', 'PostgreSQL stopped under the running service (pg_ctl stop -m fast, 10 s, start)', [
      `${CONNECTIONS} connections of writes and reads; ${n(during.length)} requests answered while the database was down, ` +
        `${n(during.filter((a) => a.status === 503).length)} of them 503 problem+json with Retry-After, slowest ${seconds(slowest)}`,
      `first 503 ${seconds(first503!.answeredAt - stoppedAt)} after the stop; /health/ready 503 in all ${readyDown.length} polls from 5 s into the outage until the restart`,
      `database back ${seconds(upAt - restartingAt)} after pg_ctl start; first acknowledged request ${seconds(firstSuccess!.answeredAt - upAt)} after that, same process (pid unchanged)`,
      `acknowledged writes missing: 0; non-acknowledged POSTs retried with their key: ${retries.replayed} replayed, ${retries.doneNow} done by the retry; duplicates: 0`,
    ]);
  });

  it('leaves no CPR, token or query string in its logs, responses or audit rows', async () => {
    scan.lines('log', service.lines, 'service output');
    await scan.auditRows(cluster.superuserUrl('ltt'), 'faults');
    recordFigures('outage-scan', 'Faults (kill -9 and outage): log and output scan', [scan.summary()]);
    expect(scan.findings.slice(0, 20)).toEqual([]);
  });
});
