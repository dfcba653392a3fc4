/**
 * Behind PgBouncer in transaction mode (issue 11; docs/architecture.md, "PgBouncer (transaction
 * mode) and Citus", claims the tenant settings cannot leak from one transaction to the next).
 * Debian's pgbouncer is started by the suite with a configuration of its own: transaction
 * pooling, 2 server connections for the application, 1 for the direct checks.
 *
 * Directly: a server connection PgBouncer hands from one client to the next (the same backend
 * pid) carries none of `app.municipalities`, `app.sub`, `app.scope` after a transaction that set
 * them, whether it committed, rolled back or failed; and a tenant table reads empty. A
 * session-level setting, made on purpose, does carry over: the check can see a leak.
 *
 * Through the application: many concurrent requests from tokens of different municipalities
 * (and an evaluator's, whose transactions widen the scope to every municipality), multiplexed on
 * 2 server connections, each checking that it sees only its own municipality's data.
 */
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listen } from './support/app.js';
import { recordFigures, n, seconds } from './support/figures.js';
import { Fixtures } from './support/fixtures.js';
import type { HttpClient } from './support/http.js';
import { OutputScan } from './support/output-scan.js';
import { PgBouncer } from './support/pgbouncer.js';

const NOW = new Date('2026-03-16T11:00:00Z');
const MUNICIPALITIES = ['101', '147', '151', '153', '157', '751'];
const COURSES_EACH = 3;
const REQUESTS = 1_200;
const CONCURRENCY = 32;

describe('behind PgBouncer in transaction mode', () => {
  const scan = new OutputScan();
  let db: TestDatabase;
  let bouncer: PgBouncer;
  let sut: TestApp;
  let http: HttpClient;
  const caseworkers: Record<string, string> = {};
  const managers: Record<string, string> = {};
  let evaluator = '';
  const courses: Record<string, string[]> = {};
  const lines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const server = new URL(process.env.LTT_TEST_SUPERUSER_URL!);
    bouncer = await new PgBouncer({ host: '127.0.0.1', port: Number(server.port) }, { ltt_app: process.env.LTT_TEST_APP_PASSWORD! }, [
      { alias: 'app', database: db.name, size: 2 },
      { alias: 'one', database: db.name, size: 1 },
    ]).start();
    // Debian's PgBouncer does not carry prepared statements between server connections.
    sut = await startTestApp({
      database: db,
      appUrl: () => bouncer.url('ltt_app', 'app'),
      poolSize: 16,
      now: NOW,
      env: { DATABASE_PREPARED_STATEMENTS: 'false' },
    });
    http = await listen(sut, [scan], CONCURRENCY + 4);
    for (const m of MUNICIPALITIES) {
      caseworkers[m] = `Bearer ${scan.token(await sut.token({ sub: `pgb-cw-${m}`, roles: ['caseworker'], municipalities: [m] }))}`;
      managers[m] = `Bearer ${scan.token(await sut.token({ sub: `pgb-mgr-${m}`, roles: ['manager'], municipalities: [m] }))}`;
    }
    evaluator = `Bearer ${scan.token(await sut.token({ sub: 'pgb-ev', roles: ['evaluator'], municipalities: [] }))}`;
    const fixtures = new Fixtures(http);
    for (const m of MUNICIPALITIES) {
      courses[m] = [];
      for (let i = 0; i < COURSES_EACH; i++) {
        courses[m].push((await fixtures.course(caseworkers[m], { municipality: m, firstContact: `2026-03-0${2 + i}` })).id);
      }
      await http.json('GET', '/api/v1/audit', managers[m]);
    }
  });

  afterAll(async () => {
    http?.close();
    await sut?.close();
    await bouncer?.stop();
    await db?.drop();
  });

  it('hands a server connection to the next client with no tenant setting on it, whatever the last transaction did', async () => {
    const first = new pg.Client({ connectionString: bouncer.url('ltt_app', 'one') });
    const second = new pg.Client({ connectionString: bouncer.url('ltt_app', 'one') });
    await first.connect();
    await second.connect();
    const carried: unknown[] = [];
    let handovers = 0;
    try {
      for (let i = 0; i < 60; i++) {
        const m = MUNICIPALITIES[i % MUNICIPALITIES.length];
        const end = ['COMMIT', 'ROLLBACK', 'error'][i % 3];
        await first.query('BEGIN');
        await first.query(
          `SELECT set_config('app.municipalities', $1, true), set_config('app.sub', $2, true), set_config('app.scope', $3, true)`,
          [m, `direct-${i}`, i % 4 === 0 ? 'all' : 'municipal'],
        );
        const inside = await first.query<{ pid: number; n: number }>(
          `SELECT pg_backend_pid() AS pid, (SELECT count(*)::int FROM course) AS n`,
        );
        expect(inside.rows[0].n).toBeGreaterThan(0);
        if (end === 'error') {
          await expect(first.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
          await first.query('ROLLBACK');
        } else await first.query(end);
        const after = await second.query<{
          pid: number;
          municipalities: string | null;
          sub: string | null;
          scope: string | null;
          n: number;
        }>(
          `SELECT pg_backend_pid() AS pid, current_setting('app.municipalities', true) AS municipalities,
                  current_setting('app.sub', true) AS sub, current_setting('app.scope', true) AS scope,
                  (SELECT count(*)::int FROM course) AS n`,
        );
        const row = after.rows[0];
        // One server connection in this pool: the second client got the very backend the first used.
        expect(row.pid).toBe(inside.rows[0].pid);
        handovers++;
        if (row.municipalities || row.sub || row.scope || row.n) carried.push({ i, end, ...row });
      }
      expect(carried).toEqual([]);

      // The control: a session-level setting (is_local false) is not undone at the end of a
      // transaction, and the next client of the same server connection sees it.
      await first.query(`SELECT set_config('app.municipalities', '101', false)`);
      const leaked = await second.query<{ municipalities: string; n: number }>(
        `SELECT current_setting('app.municipalities', true) AS municipalities, (SELECT count(*)::int FROM course) AS n`,
      );
      expect(leaked.rows[0]).toEqual({ municipalities: '101', n: COURSES_EACH });
      await second.query(`SELECT set_config('app.municipalities', '', false)`);
    } finally {
      await first.end();
      await second.end();
    }
    lines.push(
      `direct: ${handovers} hand-overs of one server connection (same backend pid) after transactions that set app.municipalities, ` +
        `app.sub and app.scope (committed, rolled back, failed): 0 carried a setting, 0 tenant rows visible`,
      `control: a session-level set_config(..., false) does carry over to the next client (seen: app.municipalities = 101, ${COURSES_EACH} courses)`,
    );
  });

  it('keeps every request to its own municipality under concurrent requests of six municipalities on two server connections', async () => {
    const [before] = await bouncer
      .admin<{ database: string; total_xact_count: string }>('SHOW STATS')
      .then((rows) => rows.filter((r) => r.database === 'app'));
    const violations: string[] = [];
    const kinds: Record<string, number> = {};
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const m = MUNICIPALITIES[i % MUNICIPALITIES.length];
        const other = MUNICIPALITIES[(i + 1 + (i % 5)) % MUNICIPALITIES.length];
        const kind = ['list', 'own', 'foreign', 'audit', 'report', 'write'][Math.floor(i / MUNICIPALITIES.length) % 6];
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        if (kind === 'list') {
          const r = await http.json('GET', '/api/v1/courses?pageSize=200', caseworkers[m]);
          const items = (r.json as { items?: { municipalityCode: string }[] }).items ?? [];
          if (r.status !== 200 || items.some((c) => c.municipalityCode !== m) || items.length !== COURSES_EACH) {
            violations.push(`${m} list: ${r.status} ${items.map((c) => c.municipalityCode).join(',')}`);
          }
        } else if (kind === 'own' || kind === 'foreign') {
          const id = courses[kind === 'own' ? m : other][i % COURSES_EACH];
          const r = await http.json('GET', `/api/v1/courses/${id}`, caseworkers[m]);
          const expected = kind === 'own' || other === m ? 200 : 404;
          if (r.status !== expected) violations.push(`${m} reads a course of ${kind === 'own' ? m : other}: ${r.status}`);
        } else if (kind === 'audit') {
          const r = await http.json('GET', '/api/v1/audit?pageSize=200', managers[m]);
          const items = (r.json as { items?: { municipalityCode: string | null }[] }).items ?? [];
          if (r.status !== 200 || items.some((row) => row.municipalityCode !== m)) {
            violations.push(`${m} audit: ${r.status} ${[...new Set(items.map((row) => row.municipalityCode))].join(',')}`);
          }
        } else if (kind === 'report') {
          const r = await http.json('GET', '/api/v1/reports/flow?from=2026-01-01&to=2026-03-16', evaluator);
          if (r.status !== 200) violations.push(`evaluator report: ${r.status}`);
        } else {
          const r = await http.json('POST', `/api/v1/courses/${courses[m][i % COURSES_EACH]}/referrals`, caseworkers[m], {
            date: '2026-03-16',
            destination: 'gp',
          });
          if (r.status !== 201) violations.push(`${m} referral: ${r.status} ${r.text.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = performance.now() - started;
    expect(violations.slice(0, 20)).toEqual([]);

    const [after] = (await bouncer.admin<{ database: string; total_xact_count: string }>('SHOW STATS')).filter((r) => r.database === 'app');
    const servers = (await bouncer.admin<{ database: string }>('SHOW SERVERS')).filter((r) => r.database === 'app');
    const transactions = Number(after.total_xact_count) - Number(before?.total_xact_count ?? 0);
    expect(servers.length).toBeLessThanOrEqual(2);
    expect(transactions).toBeGreaterThanOrEqual(REQUESTS);
    lines.push(
      `through the application: ${n(REQUESTS)} requests, ${CONCURRENCY} at a time, from caseworkers and managers of ${MUNICIPALITIES.length} municipalities ` +
        `and an evaluator (scope widened to all), in ${seconds(elapsed)}: ${Object.entries(kinds)
          .map(([k, c]) => `${c} ${k}`)
          .join(', ')}`,
      `PgBouncer ran ${n(transactions)} transactions on ${servers.length} server connections (pool_size 2, application pool 16): ` +
        `0 requests saw another municipality's data`,
    );
  });

  it('leaves no CPR, token or query string in its logs, responses or audit rows', async () => {
    scan.lines('log', sut.logs, 'pgbouncer application log');
    scan.lines('log', bouncer.log().split('\n').filter(Boolean), 'pgbouncer log');
    await scan.auditRows(db.superuserUrl, 'pgbouncer');
    recordFigures('pgbouncer', `Behind PgBouncer in transaction mode (${bouncer.version()})`, lines);
    recordFigures('pgbouncer-scan', 'PgBouncer: log and output scan', [scan.summary()]);
    expect(scan.findings.slice(0, 20)).toEqual([]);
  });
});
