/**
 * GET /api/v1/reports/comparison: the funnel plot of municipalities (docs/metrics.md, "Comparison
 * of municipalities"). Today is 2026-08-17; the half-year 2026H1. National target 1 (pre-conversation
 * within 14 days), courses loaded directly:
 *
 * | municipality (region) | courses | met (held on day 7) | breached (day 20) |
 * |---|---|---|---|
 * | 101 København (1084)   | 20 | 16 | 4 |
 * | 751 Aarhus (1082)      | 12 |  6 | 6 |
 * | 727 Odder (1082)       |  6 |  6 | 0 |
 * | 147 Frederiksberg (1084) | 2 |  2 | 0 |
 *
 * National: 30 met of 40 judged, rate 0.75 (exact).
 */
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config.js';
import { validateEnv } from '../../src/config/env.js';
import { funnelLimits } from '../../src/statistics/funnel.rules.js';
import { contact, course, load, type MediumDatabase } from '../support/medium.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-08-17T10:00:00Z');
const plus = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

function courses(municipality: string, met: number, breached: number) {
  return Array.from({ length: met + breached }, (_x, i) => {
    const first = plus('2026-02-02', i);
    return course({
      municipality,
      firstContact: first,
      child: { birthDate: '2013-03-03', sex: i % 2 ? 'male' : 'female' },
      contacts: [contact('pre_conversation', plus(first, i < met ? 7 : 20), 'held', 'proceed_to_screening')],
    });
  });
}

describe('comparison of municipalities', () => {
  let sut: TestApp;
  let evaluator: string;
  const get = (auth: string, query = '?period=2026H1') => sut.http.get(`/api/v1/reports/comparison${query}`).set('Authorization', auth);

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    evaluator = await sut.bearer({ sub: 'ev', roles: ['evaluator'], municipalities: [] });
    const key = () => randomBytes(32);
    const config = new AppConfig(
      validateEnv({ NODE_ENV: 'test' }),
      { appUrl: sut.db.appUrl, poolSize: 1 },
      {
        mode: 'local',
        issuer: 'x',
        audience: 'x',
        algorithms: ['ES256'],
        clockToleranceSeconds: 0,
        claims: { roles: 'roles', municipalities: 'municipalities', name: 'name' },
      },
      { cprKeys: new Map([['k1', key()]]), currentKeyId: 'k1', cprIndexKey: key(), extractKeyEncryptionKey: key() },
    );
    const database = { test: sut.db, config } as unknown as MediumDatabase;
    await load(
      database,
      [...courses('101', 16, 4), ...courses('751', 6, 6), ...courses('727', 6, 0), ...courses('147', 2, 0)],
      '2026-08-17',
    );
  }, 120_000);
  afterAll(() => sut.close());

  it('gives an evaluator every municipality, the exact national rate and the control limits at each published denominator', async () => {
    const { body } = await get(evaluator).expect(200);
    expect(body).toMatchObject({
      target: 'pre_conversation_14d',
      period: { label: '2026H1', from: '2026-01-01', to: '2026-06-30' },
      today: '2026-08-17',
      national: { rate: 0.75, judged: 40 },
    });
    expect(body.municipalities).toHaveLength(98);
    const byCode = Object.fromEntries(body.municipalities.map((m: { code: string }) => [m.code, m]));
    // København: 20 judged, 16 met: published 20 and 15 (16 rounds to 15), the rate their quotient 0.75.
    expect(byCode['101']).toMatchObject({ name: 'København', regionCode: '1084', judged: 20, rate: 0.75, position: 'within' });
    expect(byCode['101'].limits).toEqual(funnelLimits(0.75, 20));
    // Frederiksberg: 2 courses: hidden, no point on the plot.
    expect(byCode['147']).toMatchObject({ rate: '..', limits: null, position: null });
    expect(['<5', '..']).toContain(byCode['147'].judged);
    // Every published denominator is rounded to 5 or hidden; a rate is shown only with its denominator.
    for (const m of body.municipalities) {
      expect(m.judged === '<5' || m.judged === '..' || (typeof m.judged === 'number' && m.judged % 5 === 0)).toBe(true);
      if (typeof m.rate === 'number') expect(typeof m.judged).toBe('number');
    }
    expect(body.funnel.length).toBeGreaterThan(10);
    expect(body.funnel[0]).toEqual({ n: 5, ...funnelLimits(0.75, 5) });
  });

  it("gives a manager the municipalities of their own municipality's region only", async () => {
    const manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    const { body } = await get(manager).expect(200);
    const codes = body.municipalities.map((m: { code: string }) => m.code);
    expect(codes).toHaveLength(19);
    expect(codes).toEqual(expect.arrayContaining(['727', '751']));
    expect(codes).not.toContain('101');
    expect(new Set(body.municipalities.map((m: { regionCode: string }) => m.regionCode))).toEqual(new Set(['1082']));
    expect(body.national).toEqual({ rate: 0.75, judged: 40 });
  });

  it('refuses caseworkers and administrators, and a period that is not a begun half-year', async () => {
    for (const claims of [
      { roles: ['caseworker'], municipalities: ['751'] },
      { roles: ['admin'], municipalities: [] },
    ]) {
      const res = await get(await sut.bearer(claims)).expect(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await get(evaluator, '?period=2026Q1').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'period' })]);
    expect((await get(evaluator, '?period=2027H1').expect(422)).body.errors).toEqual([expect.objectContaining({ field: 'period' })]);
    expect((await get(evaluator, '?period=2026H1&target=session_gap_14d').expect(400)).body.errors).toEqual([
      expect.objectContaining({ field: 'target' }),
    ]);
  });

  it('audits the read', async () => {
    const admin = await sut.bearer({ sub: 'adm', roles: ['admin'], municipalities: [] });
    const res = await sut.http.get('/api/v1/audit?resourceType=comparison_report').set('Authorization', admin).expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    expect(res.body.items[0]).toMatchObject({ action: 'read', details: { target: 'pre_conversation_14d', period: '2026H1' } });
  });
});
