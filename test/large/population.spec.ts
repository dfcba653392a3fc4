import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

function expectProblem(res: Response, status: number, type?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: type ? PROBLEM_BASE + type : expect.stringContaining(PROBLEM_BASE),
      status,
      detail: expect.any(String),
      requestId: expect.any(String),
    }),
  );
}

// The canonical form: Aarhus with a total and the child ages in bands, Frederiksberg with single
// years 5–9 only (not enough for 5–17), and four bad lines.
const CANONICAL = [
  'municipality_code;year;sex;age;population',
  '751;2026;total;total;380000',
  '751;2026;total;5-9;21000',
  '751;2026;total;10-13;17000',
  '751;2026;total;14-17;15000',
  '751;2026;female;total;190500',
  '147;2026;total;5;1000',
  '147;2026;total;6;1010',
  '999;2026;total;total;10',
  '147;2026;total;7;1020',
  '147;2026;unknown;8;1030',
  '147;2026;total;9;-1',
  '147;2026;total;10',
  '',
].join('\n');

const REJECTED = [
  { line: 9, reason: 'unknown municipality "999"' },
  { line: 11, reason: 'unknown sex "unknown"' },
  { line: 12, reason: 'population "-1" is not a whole number' },
  { line: 13, reason: '4 fields where the header has 5' },
];

describe('population reference data', () => {
  let sut: TestApp;
  let admin: string;

  const upload = (text: string, auth = admin, type = 'text/csv') =>
    sut.http.post('/api/v1/population').set('Authorization', auth).set('Content-Type', type).send(text);
  const table = () =>
    withClient(
      sut.db.ownerUrl,
      async (c) =>
        (
          await c.query(
            `SELECT municipality_code, year, sex, age_from, age_to, population, source, loaded_at FROM population ORDER BY 1, 2, 3, 4 NULLS FIRST, 5`,
          )
        ).rows,
    );

  beforeAll(async () => {
    sut = await startTestApp({ now: new Date('2026-02-15T10:00:00Z') });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
  });
  afterAll(() => sut.close());

  it('defaults to the foundation’s 2026 totals when nothing is loaded', async () => {
    const res = await sut.http.get('/api/v1/population?year=2026').set('Authorization', admin).expect(200);
    expect(res.body).toMatchObject({
      year: 2026,
      citizens: 6_025_511,
      municipalities: { total: 98, loadedTotal: 0, defaultTotal: 98, withoutTotal: 0, childAgesLoaded: 0 },
      rowsLoaded: 0,
      yearsLoaded: [],
    });
    expect(res.body.items.find((i: { code: string }) => i.code === '751')).toEqual({
      code: '751',
      name: 'Aarhus',
      regionCode: '1082',
      rowsLoaded: 0,
      lastLoadedAt: null,
      sources: [],
      citizens: 378_361,
      citizensSource: 'default',
      defaultFrom: { year: 2026, source: 'Danmarks Statistik, folketal 2026' },
      children5to17: null,
    });
  });

  it('loads the good lines of a canonical file and reports each bad line with its number and reason', async () => {
    const res = await upload(CANONICAL).expect(200);
    expect(res.body).toEqual({
      format: 'canonical',
      source: 'CSV upload (canonical form)',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      rowsLoaded: 8,
      inserted: 8,
      updated: 0,
      unchanged: 0,
      years: [2026],
      municipalities: 2,
      rejectedCount: 4,
      rejected: REJECTED.map((r) => ({ line: r.line, reason: expect.stringContaining(r.reason) })),
    });
    expect(await table()).toHaveLength(8);
  });

  it('summarises what is loaded: Aarhus’s loaded total and children 5–17, the default elsewhere', async () => {
    const res = await sut.http.get('/api/v1/population?year=2026').set('Authorization', admin).expect(200);
    expect(res.body).toMatchObject({
      citizens: 6_025_511 - 378_361 + 380_000,
      municipalities: { total: 98, loadedTotal: 1, defaultTotal: 97, withoutTotal: 0, childAgesLoaded: 1 },
      rowsLoaded: 8,
      yearsLoaded: [{ year: 2026, rows: 8, municipalities: 2, lastLoadedAt: expect.any(String) }],
    });
    const byCode = new Map(res.body.items.map((i: { code: string }) => [i.code, i]));
    expect(byCode.get('751')).toMatchObject({
      rowsLoaded: 5,
      citizens: 380_000,
      citizensSource: 'loaded',
      children5to17: 53_000,
      sources: ['CSV upload (canonical form)'],
    });
    expect(byCode.get('147')).toMatchObject({ rowsLoaded: 3, citizens: 106_150, citizensSource: 'default', children5to17: null });
  });

  it('is idempotent: the same file again changes nothing, not even the load time', async () => {
    const before = await table();
    const res = await upload(CANONICAL).expect(200);
    expect(res.body).toMatchObject({ rowsLoaded: 8, inserted: 0, updated: 0, unchanged: 8, rejectedCount: 4 });
    expect(await table()).toEqual(before);
  });

  it('updates a figure that changed, by municipality, year, sex and age band', async () => {
    const res = await upload(
      'municipality_code,year,sex,age,population\n751,2026,total,total,381000\n751,2025,total,total,370000\n',
    ).expect(200);
    expect(res.body).toMatchObject({ rowsLoaded: 2, inserted: 1, updated: 1, unchanged: 0, years: [2025, 2026] });
    const rows = await table();
    expect(
      rows.filter((r) => r.municipality_code === '751' && r.age_from === null && r.sex === 'total').map((r) => [r.year, r.population]),
    ).toEqual([
      [2025, 370000],
      [2026, 381000],
    ]);
  });

  it('reads Danmarks Statistik’s FOLK1A export, with the source the administrator names', async () => {
    const folk1a = [
      'OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD',
      'Aarhus;Kvinder;5 år;I alt;2026K1;2100',
      'Hele landet;I alt;Alder i alt;I alt;2026K1;6025511',
      '',
    ].join('\r\n');
    const res = await sut.http
      .post('/api/v1/population?source=FOLK1A%202026K1')
      .set('Authorization', admin)
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(folk1a)
      .expect(200);
    expect(res.body).toMatchObject({
      format: 'folk1a',
      source: 'FOLK1A 2026K1',
      rowsLoaded: 1,
      inserted: 1,
      rejected: [{ line: 3, reason: expect.stringContaining('not a municipality') }],
    });
  });

  it('records every load in the audit log', async () => {
    const rows = await withClient(
      sut.db.superuserUrl,
      async (c) =>
        (
          await c.query(
            `SELECT actor_sub, action, details FROM audit_log WHERE resource_type = 'population' AND action = 'update' ORDER BY id`,
          )
        ).rows,
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      actor_sub: 'admin-1',
      action: 'update',
      details: expect.objectContaining({
        format: 'canonical',
        rowsLoaded: 8,
        inserted: 8,
        updated: 0,
        rejected: 4,
        years: [2026],
        sha256: expect.any(String),
      }),
    });
  });

  it('lets the application role read population freely, but write it only when widened for reference administration', async () => {
    const insert = `INSERT INTO population (municipality_code, year, sex, age_from, age_to, population, source) VALUES ('751', 2030, 'total', NULL, NULL, 1, 'x')`;
    await expect(withClient(sut.db.appUrl, (c) => c.query(insert))).rejects.toThrow(/row-level security/);
    await expect(
      withClient(sut.db.appUrl, (c) => c.query(`BEGIN; SELECT set_config('app.municipalities', '751', true); ${insert}; ROLLBACK`)),
    ).rejects.toThrow(/row-level security/);
    const count = await withClient(sut.db.appUrl, async (c) => (await c.query('SELECT count(*)::int AS n FROM population')).rows[0].n);
    expect(count).toBe(10);
  });

  it.each([
    ['a manager', { roles: ['manager'], municipalities: ['751'] }],
    ['an evaluator', { roles: ['evaluator'], municipalities: [] }],
    ['a caseworker', { roles: ['caseworker'], municipalities: ['751'] }],
  ])('refuses a load by %s (403)', async (_name, claims) => {
    expectProblem(await upload(CANONICAL, await sut.bearer(claims)), 403, 'forbidden');
  });

  it('lets managers and evaluators read the summary, not caseworkers', async () => {
    await sut.http
      .get('/api/v1/population?year=2026')
      .set('Authorization', await sut.bearer({ roles: ['manager'], municipalities: ['751'] }))
      .expect(200);
    await sut.http
      .get('/api/v1/population')
      .set('Authorization', await sut.bearer({ roles: ['evaluator'], municipalities: [] }))
      .expect(200);
    expectProblem(
      await sut.http.get('/api/v1/population').set('Authorization', await sut.bearer({ roles: ['caseworker'], municipalities: ['751'] })),
      403,
    );
  });

  it('refuses a file it cannot read at all (422), loading nothing', async () => {
    const before = await table();
    const res = await upload('kommune;antal\nAarhus;367095\n');
    expectProblem(res, 422, 'population_file_unreadable');
    expect(res.body.detail).toContain('unrecognised header');
    expectProblem(await upload(''), 422, 'population_file_unreadable');
    expect(await table()).toEqual(before);
  });

  it('refuses a body that is not CSV (415)', async () => {
    expectProblem(await upload(JSON.stringify({ rows: [] }), admin, 'application/json'), 415, 'unsupported_media_type');
  });

  it('refuses a file over 5 MB (413)', async () => {
    const big = 'municipality_code;year;sex;age;population\n' + '751;2026;total;total;380000\n'.repeat(200_000);
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    expectProblem(await upload(big), 413, 'entity_too_large');
  });

  it('refuses bad query parameters (400)', async () => {
    expectProblem(await sut.http.get('/api/v1/population?year=20x6').set('Authorization', admin), 400, 'validation');
    expectProblem(await upload(CANONICAL).query({ bogus: '1' }), 400, 'validation');
  });

  it('needs a token (401)', async () => {
    expectProblem(await sut.http.post('/api/v1/population').set('Content-Type', 'text/csv').send(CANONICAL), 401);
  });
});
