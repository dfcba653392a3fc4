/**
 * Backup and restore (issue 11): pg_dump of a database holding a synthetic national sample (about
 * 2,000 courses in 98 municipalities) and what the API added to it, restored with pg_restore into
 * a fresh database, must give the same row count in every table, the same report figures
 * (compliance and flow, national and one municipality's) and the same extract files (SHA-256 of
 * the same extract, same recipient and parameters, made on each). What is compared is first shown
 * to be deterministic: made twice on the original, it is the same.
 *
 * The restored database must also keep its protection: row-level security enabled and forced
 * with the same policies, the same owners and grants, the audit log's append-only triggers.
 *
 * pg_dump refuses a server newer than itself. The embedded server is PostgreSQL 18 and its
 * package ships no pg_dump; this machine's (Debian bookworm) newest client is 15. So this part
 * runs its own cluster of the PostgreSQL whose pg_dump it has: the embedded one when a pg_dump of
 * its version is beside it, else Debian's newest server with its own client tools.
 */
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { AppConfig, type CryptoSettings } from '../../src/config/app-config.js';
import { validateEnv } from '../../src/config/env.js';
import { prepareSchema } from '../../src/bootstrap.js';
import { seedSynthetic } from '../../src/synthetic/seed.js';
import { cprFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import type { TestDatabase } from '../support/test-database.js';
import { listen } from './support/app.js';
import { recordFigures, n, seconds } from './support/figures.js';
import { Fixtures } from './support/fixtures.js';
import { expectStatus, type HttpClient } from './support/http.js';
import { OutputScan } from './support/output-scan.js';
import { debianBinDir, EMBEDDED_BIN, PostgresCluster, RELIABILITY_DATA } from './support/postgres-cluster.js';

const run = promisify(execFile);
const NOW = new Date('2026-03-16T11:00:00Z');
const TODAY = '2026-03-16';
const FROM = '2025-03-17';
const HALF_YEAR = { from: '2025-07-01', to: '2025-12-31' };

/** The server binaries and the pg_dump of the same major version. */
function toolchain(): { binDir: string; dumpDir: string } {
  if (existsSync(join(EMBEDDED_BIN, 'pg_dump'))) return { binDir: EMBEDDED_BIN, dumpDir: EMBEDDED_BIN };
  const debian = debianBinDir();
  if (!debian) throw new Error('No pg_dump for any installed PostgreSQL server: apt-get install postgresql-15 (see .ci/run)');
  return { binDir: debian, dumpDir: debian };
}

interface Measure {
  reports: Record<string, unknown>;
  extracts: Record<string, { sha256: string; rowCount: number; fileSha256: string; bytes: number }>;
}

describe('backup and restore', () => {
  const scan = new OutputScan();
  const tools = toolchain();
  const crypto: CryptoSettings = {
    cprKeys: new Map([['k1', randomBytes(32)]]),
    currentKeyId: 'k1',
    cprIndexKey: randomBytes(32),
    extractKeyEncryptionKey: randomBytes(32),
  };
  let cluster: PostgresCluster;
  const apps: TestApp[] = [];
  const clients: HttpClient[] = [];
  const lines: string[] = [];

  const database = (name: string): TestDatabase => ({
    name,
    appUrl: cluster.appUrl(name),
    ownerUrl: cluster.ownerUrl(name),
    superuserUrl: cluster.superuserUrl(name),
    drop: async () => undefined,
  });

  async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  /** Row count of every table, as the superuser (row-level security does not apply). */
  async function counts(name: string): Promise<Record<string, number>> {
    const tables = await sql<{ table: string }>(
      cluster.superuserUrl(name),
      `SELECT table_name AS table FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const union = tables.map(({ table }) => `SELECT '${table}' AS t, count(*)::int AS n FROM "${table}"`).join(' UNION ALL ');
    return Object.fromEntries((await sql<{ t: string; n: number }>(cluster.superuserUrl(name), union)).map((r) => [r.t, r.n]));
  }

  /** What keeps the data safe, as the catalogue says: RLS and policies, owners, grants, triggers. */
  async function protection(name: string): Promise<unknown> {
    const url = cluster.superuserUrl(name);
    return {
      tables: await sql(
        url,
        `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) AS owner,
                (SELECT string_agg(p.polname || ':' || p.polcmd::text || ':' || coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ':' ||
                                   coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''), ' | ' ORDER BY p.polname)
                   FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
           FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
          WHERE ns.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
      ),
      grants: await sql(
        url,
        `SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = 'ltt_app' ORDER BY 1, 2`,
      ),
      triggers: await sql(
        url,
        `SELECT tgname, tgrelid::regclass::text AS tbl, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`,
      ),
      functions: await sql(
        url,
        `SELECT proname, pg_get_userbyid(proowner) AS owner, md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`,
      ),
    };
  }

  async function measure(http: HttpClient, evaluator: string, manager: string): Promise<Measure> {
    const reports: Record<string, unknown> = {};
    for (const report of ['compliance', 'flow']) {
      // Below national level an evaluator reads whole calendar half-years only (docs/metrics.md).
      for (const [who, token, query] of [
        ['national', evaluator, `from=${FROM}&to=${TODAY}`],
        ['by region', evaluator, `from=${HALF_YEAR.from}&to=${HALF_YEAR.to}&groupBy=region`],
        ['751', manager, `from=${FROM}&to=${TODAY}&municipality=751`],
      ] as const) {
        const reply = expectStatus(await http.json('GET', `/api/v1/reports/${report}?${query}`, token), 200, report);
        const { requestId: _r, ...figures } = reply.json as Record<string, unknown>;
        reports[`${report} ${who}`] = figures;
      }
    }
    const extracts: Measure['extracts'] = {};
    const fixtures = new Fixtures(http);
    for (const [kind, format] of [
      ['courses', 'csv'],
      ['contacts', 'jsonl'],
      ['aggregates', 'csv'],
    ] as const) {
      const made = await fixtures.extract(evaluator, { recipient: 'backup-recipient', from: FROM, to: TODAY, kind, format });
      const file = expectStatus(
        await http.request({ method: 'GET', path: `/api/v1/extracts/${made.id}/file`, headers: { authorization: evaluator } }),
        200,
        'file',
      );
      scan.scan('extract', file.text, `${kind} extract`);
      extracts[`${kind} ${format}`] = {
        sha256: made.sha256,
        rowCount: made.rowCount,
        fileSha256: createHash('sha256').update(file.text).digest('hex'),
        bytes: Buffer.byteLength(file.text),
      };
    }
    return { reports, extracts };
  }

  async function appOn(name: string) {
    const sut = await startTestApp({ database: database(name), crypto, now: NOW });
    const http = await listen(sut, [scan]);
    apps.push(sut);
    clients.push(http);
    const evaluator = `Bearer ${scan.token(await sut.token({ sub: 'backup-ev', roles: ['evaluator'], municipalities: [] }))}`;
    const manager = `Bearer ${scan.token(await sut.token({ sub: 'backup-mgr', roles: ['manager'], municipalities: ['751'] }))}`;
    const admin = `Bearer ${scan.token(await sut.token({ sub: 'backup-adm', roles: ['admin'], municipalities: [] }))}`;
    const caseworker = `Bearer ${scan.token(await sut.token({ sub: 'backup-cw', roles: ['caseworker'], municipalities: ['751'] }))}`;
    return { sut, http, evaluator, manager, admin, caseworker };
  }

  beforeAll(async () => {
    cluster = await new PostgresCluster({ name: 'backup', binDir: tools.binDir }).init();
    // As the service's start-up prepares its database (the migrations and the KL delivery queue's schema).
    await prepareSchema(cluster.ownerUrl());
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const a of apps) await a.close();
    await cluster?.destroy();
  });

  it('pg_dump and pg_restore into a fresh database give the same counts, report figures, extract hashes and protection', async () => {
    const config = new AppConfig(
      validateEnv({ NODE_ENV: 'test' }),
      { appUrl: cluster.appUrl(), poolSize: 1 },
      {
        mode: 'local',
        issuer: 'x',
        audience: 'x',
        algorithms: ['ES256'],
        clockToleranceSeconds: 0,
        claims: { roles: 'roles', municipalities: 'municipalities', name: 'name' },
      },
      crypto,
    );
    const seedStarted = performance.now();
    const seeded = await seedSynthetic({ ownerUrl: cluster.ownerUrl(), config, scale: 'small', seed: 11, today: TODAY, reset: false });
    const seedTime = performance.now() - seedStarted;

    const original = await appOn('ltt');
    expectStatus(
      await original.http.json('POST', '/api/v1/extract-recipients', original.admin, { id: 'backup-recipient', name: 'Backup' }),
      201,
      'recipient',
    );
    // Through the API too: an encrypted CPR, an audit trail, a stored idempotent response.
    const cpr = scan.cpr(cprFor('2014-02-14', 'female'));
    expectStatus(
      await original.http.json(
        'POST',
        '/api/v1/courses',
        original.caseworker,
        {
          municipalityCode: '751',
          firstContact: { date: '2026-03-10', channel: 'phone', contactedBy: 'parent' },
          clearlyInTargetGroup: true,
          cpr,
        },
        { 'idempotency-key': 'backup-course' },
      ),
      201,
      'course',
    );
    const first = await measure(original.http, original.evaluator, original.manager);
    const again = await measure(original.http, original.evaluator, original.manager);
    // Deterministic: the same extract made twice on the same data is the same file.
    expect(again).toEqual(first);
    const before = await counts('ltt');
    const protectedBefore = await protection('ltt');

    const dump = join(RELIABILITY_DATA, `backup-${process.pid}.dump`);
    const env = { ...process.env, PGPASSWORD: cluster.passwords.postgres };
    const target = ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres'];
    const dumpStarted = performance.now();
    await run(join(tools.dumpDir, 'pg_dump'), [...target, '-d', 'ltt', '-Fc', '-f', dump], { env });
    const dumpTime = performance.now() - dumpStarted;
    await sql(cluster.superuserUrl(), `CREATE DATABASE ltt_restored OWNER ltt_owner`);
    const restoreStarted = performance.now();
    await run(join(tools.dumpDir, 'pg_restore'), [...target, '-d', 'ltt_restored', '--exit-on-error', dump], { env });
    const restoreTime = performance.now() - restoreStarted;

    const after = await counts('ltt_restored');
    expect(after).toEqual(before);
    expect(await protection('ltt_restored')).toEqual(protectedBefore);
    // The audit log stays append-only in the copy, for its owner too.
    await expect(sql(cluster.ownerUrl('ltt_restored'), `TRUNCATE audit_log`)).rejects.toThrow(/append-only/);

    const restored = await appOn('ltt_restored');
    const measured = await measure(restored.http, restored.evaluator, restored.manager);
    expect(measured.reports).toEqual(first.reports);
    expect(measured.extracts).toEqual(first.extracts);
    // The CPR was encrypted with the service's key and is found again by its blind index.
    const found = expectStatus(
      await restored.http.json('GET', '/api/v1/courses', restored.caseworker, undefined, { 'x-cpr': cpr }),
      200,
      'search',
    );
    expect((found.json as { total: number }).total).toBe(1);

    const version = (await run(join(tools.dumpDir, 'pg_dump'), ['--version'])).stdout.trim();
    const rows = Object.values(before).reduce((s, v) => s + v, 0);
    lines.push(
      `${cluster.version()}, ${version}; ${n(seeded.courses)} synthetic courses and ${n(seeded.contacts)} contacts seeded in ${seconds(seedTime)}, plus API writes`,
      `pg_dump -Fc (as the superuser) ${seconds(dumpTime)}, pg_restore into a fresh database ${seconds(restoreTime)}`,
      `${Object.keys(before).length} tables, ${n(rows)} rows: every count the same; row-level security, policies, owners, grants and triggers the same`,
      `${Object.keys(first.reports).length} report answers (compliance and flow: national, by region, municipality 751) identical`,
      `${Object.keys(first.extracts).length} extracts identical (SHA-256, rows, bytes), each first made twice on the original to show it is deterministic: ` +
        Object.entries(first.extracts)
          .map(([k, e]) => `${k} ${n(e.rowCount)} rows ${e.sha256.slice(0, 12)}…`)
          .join('; '),
    );
  });

  it('refuses a backup by the schema owner instead of writing one without rows (row-level security is forced on the owner)', async () => {
    const env = { ...process.env, PGPASSWORD: cluster.passwords.owner };
    const failed = await run(
      join(tools.dumpDir, 'pg_dump'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(cluster.port),
        '-U',
        'ltt_owner',
        '-d',
        'ltt',
        '-Fc',
        '-f',
        join(RELIABILITY_DATA, `owner-${process.pid}.dump`),
      ],
      { env },
    ).then(
      () => '',
      (error: { stderr?: string }) => error.stderr ?? String(error),
    );
    expect(failed).toMatch(/row-level security/);
    lines.push(
      'pg_dump as the schema owner fails ("query would be affected by row-level security policy"): backups need a superuser or a BYPASSRLS role',
    );
  });

  it('leaves no CPR, token or query string in its logs, responses, extracts or audit rows', async () => {
    scan.lines('log', apps[0].logs, 'backup log');
    const databases = await sql<{ datname: string }>(cluster.superuserUrl(), `SELECT datname FROM pg_database WHERE datname LIKE 'ltt%'`);
    for (const { datname } of databases) await scan.auditRows(cluster.superuserUrl(datname), datname);
    recordFigures('backup', 'Backup and restore (pg_dump → pg_restore into a fresh database)', lines);
    recordFigures('backup-scan', 'Backup and restore: log and output scan', [scan.summary()]);
    expect(scan.findings.slice(0, 20)).toEqual([]);
  });
});
