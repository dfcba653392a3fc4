import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import type { AreaIndicators, CellIndicators } from '../../src/statistics/indicators.rules.js';
import { closing, courseFactory, cprFor, pre, screening, treatment } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

function expectProblem(res: Response, status: number, type?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ type: type ? PROBLEM_BASE + type : expect.stringContaining(PROBLEM_BASE), status }));
}

const change = (absolute: number | null, relative: number | null) => ({ absolute, relative });
const figure = (value: unknown, baseline: unknown, absolute: number | null = null, relative: number | null = null) => ({
  value,
  baseline,
  change: change(absolute, relative),
});

/**
 * Today is Sunday 15 February 2026, so the default period is 2025H2 (1 July – 31 December 2025).
 *
 * Aarhus (751), 2025H2: seven courses and one entered in error:
 *
 * | course | first contact | age/sex | pre (days) | screening (days) | treatment (days after screening) | end |
 * |---|---|---|---|---|---|---|
 * | A | 2025-09-01 | 8 F  | 09-08 (7)  | 09-22 (21) | 10-06 (14) | completed 11-03 |
 * | B | 2025-09-02 | 11 M | 09-20 (18) | 10-10 (38) | 10-20 (10) | open |
 * | C | 2025-09-03 | 15 F | 09-10 (7)  | 09-30 (27) | –          | dropped out 10-15 |
 * | D | 2025-10-01 | 16 M | 10-05 (4)  | –          | –          | referred to the GP 10-05, closed 10-06 |
 * | E | 2025-11-03 | 6 F  | –          | –          | –          | open (both targets overdue) |
 * | F | 2025-12-01 | no CPR, not clearly in the target group | 12-10 (9) | – | – | open |
 * | G | 2025-07-15 | 13 M | 07-20 (5)  | 08-01 (17) | 08-20 (19) | referred to BUP 09-01, completed 10-01 |
 *
 * Baseline 2024H2 + 2025H1, Aarhus, no CPR, not clearly in the target group, all open:
 * 2024H2 four courses, pre-conversations after 10 and 12 days; 2025H1 six, after 5, 7 and 9 days.
 * Copenhagen (101): two open courses in 2025H2 with nothing held.
 *
 * Population loaded: Aarhus 2025 350,000 (children 5–9 20,000, 10–13 16,000, 14–17 14,000),
 * Aarhus 2024 400,000; every other municipality falls back to the 2026 totals.
 */
describe('monitoring indicators', () => {
  let sut: TestApp;
  let manager: string;
  let evaluator: string;
  let admin: string;

  const get = (query: string, auth = manager) => sut.http.get(`/api/v1/indicators${query}`).set('Authorization', auth);

  beforeAll(async () => {
    sut = await startTestApp({ now: new Date('2026-02-15T10:00:00Z') });
    manager = await sut.bearer({ sub: 'manager-751', roles: ['manager'], municipalities: ['751'] });
    evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    const aarhus = courseFactory(sut, manager);
    const copenhagen = courseFactory(sut, await sut.bearer({ sub: 'manager-101', roles: ['manager'], municipalities: ['101'] }));

    await sut.http
      .post('/api/v1/population')
      .set('Authorization', admin)
      .set('Content-Type', 'text/csv')
      .send(
        [
          'municipality_code;year;sex;age;population',
          '751;2025;total;total;350000',
          '751;2025;total;5-9;20000',
          '751;2025;total;10-13;16000',
          '751;2025;total;14-17;14000',
          '751;2024;total;total;400000',
        ].join('\n'),
      )
      .expect(200);

    await aarhus.newCourse({
      firstContact: '2025-09-01',
      cpr: cprFor('2017-03-01', 'female'),
      contacts: [pre('2025-09-08'), screening('2025-09-22'), treatment('2025-10-06'), closing('2025-11-03')],
      close: { date: '2025-11-03', reason: 'completed' },
    });
    await aarhus.newCourse({
      firstContact: '2025-09-02',
      cpr: cprFor('2014-01-10', 'male'),
      contacts: [pre('2025-09-20'), screening('2025-10-10'), treatment('2025-10-20')],
    });
    await aarhus.newCourse({
      firstContact: '2025-09-03',
      cpr: cprFor('2010-05-05', 'female'),
      contacts: [pre('2025-09-10'), screening('2025-09-30')],
      close: { date: '2025-10-15', reason: 'dropped_out' },
    });
    await aarhus.newCourse({
      firstContact: '2025-10-01',
      cpr: cprFor('2009-06-15', 'male'),
      contacts: [pre('2025-10-05')],
      referrals: [{ date: '2025-10-05', destination: 'gp' }],
      close: { date: '2025-10-06', reason: 'referred_elsewhere' },
    });
    await aarhus.newCourse({ firstContact: '2025-11-03', cpr: cprFor('2019-04-20', 'female') });
    await aarhus.newCourse({ firstContact: '2025-12-01', clearlyInTargetGroup: false, contacts: [pre('2025-12-10')] });
    await aarhus.newCourse({
      firstContact: '2025-07-15',
      cpr: cprFor('2012-02-02', 'male'),
      contacts: [pre('2025-07-20'), screening('2025-08-01'), treatment('2025-08-20'), closing('2025-10-01')],
      referrals: [{ date: '2025-09-01', destination: 'child_psychiatry' }],
      close: { date: '2025-10-01', reason: 'completed' },
    });
    await aarhus.newCourse({ firstContact: '2025-08-01', contacts: [pre('2025-08-02')], enteredInError: 'registered twice' });

    const baseline: [string, string | null][] = [
      ['2024-08-01', '2024-08-11'],
      ['2024-09-01', '2024-09-13'],
      ['2024-10-01', null],
      ['2024-11-01', null],
      ['2025-02-03', '2025-02-08'],
      ['2025-03-03', '2025-03-10'],
      ['2025-04-01', '2025-04-10'],
      ['2025-05-01', null],
      ['2025-05-15', null],
      ['2025-06-02', null],
    ];
    for (const [firstContact, held] of baseline) {
      await aarhus.newCourse({ firstContact, clearlyInTargetGroup: false, contacts: held ? [pre(held)] : [] });
    }
    await copenhagen.newCourse({ municipality: '101', firstContact: '2025-10-01' });
    await copenhagen.newCourse({ municipality: '101', firstContact: '2025-11-01' });
  });
  afterAll(() => sut.close());

  describe('before a baseline is set', () => {
    it('has no baseline', async () => {
      expect((await sut.http.get('/api/v1/indicators/baseline').set('Authorization', admin).expect(200)).body).toEqual({ baseline: null });
    });

    it('gives a manager their municipality’s exact figures for the last complete half-year, without baseline', async () => {
      const res = await get('').expect(200);
      expect(res.body).toMatchObject({
        period: { label: '2025H2', kind: 'half_year', from: '2025-07-01', to: '2025-12-31', complete: true },
        level: 'municipality',
        today: '2026-02-15',
        baseline: null,
        suppression: null,
      });
      expect(res.body.areas).toHaveLength(1);
      expect(res.body.areas[0]).toMatchObject({
        level: 'municipality',
        code: '751',
        name: 'Aarhus',
        regionCode: '1082',
        population: { year: 2025, citizens: 350_000, citizensSource: 'loaded', children5to17: 50_000 },
      });
      expect(res.body.areas[0].all.indicators.firstContacts).toEqual(figure(7, null));
    });
  });

  describe('the baseline', () => {
    it.each([
      ['a manager', () => manager],
      ['an evaluator', () => evaluator],
    ])('may not be set by %s', async (_name, auth) => {
      expectProblem(
        await sut.http.put('/api/v1/indicators/baseline').set('Authorization', auth()).send({ from: '2024H2', to: '2025H1' }),
        403,
        'forbidden',
      );
    });

    it.each([
      [{ from: '2024-H2', to: '2025H1' }, 400, 'validation'],
      [{ from: '2024H2' }, 400, 'validation'],
      [{ from: '2025H2', to: '2025H1' }, 400, 'invalid_input'],
      [{ from: '2023H2', to: '2025H1' }, 422, 'baseline_before_offer'],
      [{ from: '2025H1', to: '2026H1' }, 422, 'baseline_not_complete'],
    ])('refuses %j (%i)', async (body, status, type) => {
      expectProblem(await sut.http.put('/api/v1/indicators/baseline').set('Authorization', admin).send(body), status, type);
    });

    it('is set by the administrator, in whole half-years, and audited', async () => {
      const res = await sut.http
        .put('/api/v1/indicators/baseline')
        .set('Authorization', admin)
        .send({ from: '2024H2', to: '2025H1' })
        .expect(200);
      expect(res.body).toEqual({
        baseline: { from: '2024H2', to: '2025H1', halfYears: ['2024H2', '2025H1'], setBy: 'admin-1', setAt: expect.any(String) },
      });
      const read = await sut.http.get('/api/v1/indicators/baseline').set('Authorization', evaluator).expect(200);
      expect(read.body).toEqual(res.body);
      const audit = await withClient(
        sut.db.superuserUrl,
        async (c) =>
          (await c.query(`SELECT actor_sub, details FROM audit_log WHERE resource_type = 'indicator_baseline' AND action = 'update'`)).rows,
      );
      expect(audit).toEqual([{ actor_sub: 'admin-1', details: { from: '2024H2', to: '2025H1', previous: null } }]);
    });
  });

  describe('for a manager (exact figures, own municipality)', () => {
    let aarhus: AreaIndicators;
    beforeAll(async () => {
      aarhus = (await get('?period=2025H2&level=municipality&municipality=751').expect(200)).body.areas[0];
    });

    it('sets each indicator against the baseline averaged per half-year', () => {
      expect(aarhus.all.indicators).toEqual({
        firstContacts: figure(7, 5, 2, 0.4),
        // 7 / 350,000; baseline (4 / 400,000 + 6 / 350,000) / 2 = 1.357
        firstContactsPer100kCitizens: figure(2, 1.4, 0.6, 0.474),
        // 7 / 50,000; children are loaded for 2025 only, so the baseline is 2025H1's 6 / 50,000
        firstContactsPer100kChildren: figure(14, 12, 2, 0.167),
        shareReachingPreConversation: figure(0.857, 0.5, 0.357, 0.714),
        shareReachingScreening: figure(0.571, 0, 0.571, null),
        shareReachingTreatment: figure(0.429, 0, 0.429, null),
        shareCompleted: figure(0.286, 0, 0.286, null),
        // 4, 5, 7, 7, 9, 18; baseline (11 + 7) / 2
        medianDaysFirstContactToPreConversation: figure(7, 9, -2, -0.222),
        medianDaysFirstContactToScreening: figure(24, null),
        medianDaysPreConversationToScreening: figure(17, null),
        medianDaysScreeningToFirstTreatment: figure(14, null),
        // met A C D F G, breached B, overdue E: 5 / 7; baseline 2/4 and 3/6
        compliancePreConversation14d: figure(0.714, 0.5, 0.214, 0.429),
        // met A C G, breached B, overdue E (D closed before screening, F not clearly in the target group): 3 / 5
        complianceScreening30d: figure(0.6, null),
        dropOutShare: figure(0.143, 0, 0.143, null),
      });
      expect(aarhus.all.referralDestinations).toEqual({
        home_municipality_offer: figure(0, 0, 0, null),
        other_municipality_126a: figure(0, 0, 0, null),
        gp: figure(1, 0, 1, null),
        child_psychiatry: figure(1, 0, 1, null),
        civil_society: figure(0, 0, 0, null),
        other: figure(0, 0, 0, null),
      });
    });

    it('breaks every indicator down by age group and sex', () => {
      const counts = (cells: Record<string, CellIndicators>) =>
        Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.indicators.firstContacts.value]));
      expect(counts(aarhus.byAgeGroup)).toEqual({ '5-9': 2, '10-13': 2, '14-17': 2, outside_range: 0, unknown: 1 });
      expect(counts(aarhus.bySex)).toEqual({ female: 3, male: 3, unknown: 1 });
      // A and E: 2 per 20,000 children aged 5–9; none in the baseline (no CPR), so no relative change.
      expect(aarhus.byAgeGroup['5-9'].indicators).toMatchObject({
        firstContacts: figure(2, 0, 2, null),
        firstContactsPer100kCitizens: figure(null, null),
        firstContactsPer100kChildren: figure(10, 0, 10, null),
        shareReachingPreConversation: figure(0.5, null),
      });
      expect(aarhus.byAgeGroup['14-17'].indicators).toMatchObject({
        compliancePreConversation14d: figure(1, null),
        dropOutShare: figure(0.5, null),
      });
      expect(aarhus.byAgeGroup.unknown.indicators).toMatchObject({
        firstContacts: figure(1, 5, -4, -0.8),
        firstContactsPer100kChildren: figure(null, null),
      });
      // No population by sex is loaded.
      expect(aarhus.bySex.male.indicators).toMatchObject({
        firstContactsPer100kCitizens: figure(null, null),
        shareCompleted: figure(0.333, null),
      });
      expect(aarhus.bySex.male.referralDestinations.child_psychiatry.value).toBe(1);
    });

    it('compares a quarter with the half-year baseline scaled to its length', async () => {
      const res = await get('?period=2025Q3').expect(200);
      expect(res.body.period).toEqual({ label: '2025Q3', kind: 'quarter', from: '2025-07-01', to: '2025-09-30', complete: true });
      expect(res.body.baseline).toEqual({ from: '2024H2', to: '2025H1', halfYears: ['2024H2', '2025H1'], scale: 0.5 });
      expect(res.body.areas[0].all.indicators.firstContacts).toEqual(figure(4, 2.5, 1.5, 0.6));
      expect(res.body.areas[0].all.indicators.shareReachingPreConversation).toEqual(figure(1, 0.5, 0.5, 1));
    });

    it.each([
      ['another municipality', '?municipality=101'],
      ['a region', '?level=region&region=1082'],
      ['the nation', '?level=national'],
      ['their municipalities by region', '?region=1082'],
    ])('refuses %s (403)', async (_name, query) => {
      expectProblem(await get(query), 403, 'forbidden');
    });

    it('records the read in the audit log', async () => {
      const rows = await withClient(
        sut.db.superuserUrl,
        async (c) =>
          (
            await c.query(
              `SELECT actor_sub, municipality_code, details FROM audit_log WHERE resource_type = 'monitoring_indicators' AND actor_sub = 'manager-751' ORDER BY id`,
            )
          ).rows,
      );
      expect(rows[0]).toEqual({
        actor_sub: 'manager-751',
        municipality_code: '751',
        details: { period: '2025H2', level: 'municipality', scope: { municipalities: ['751'] } },
      });
    });
  });

  describe('for an evaluator', () => {
    it('gives exact national figures by default, over every municipality', async () => {
      const res = await get('', evaluator).expect(200);
      expect(res.body).toMatchObject({ level: 'national', suppression: null });
      expect(res.body.areas).toHaveLength(1);
      const dk = res.body.areas[0];
      expect(dk).toMatchObject({
        level: 'national',
        code: 'DK',
        population: { year: 2025, citizens: 6_025_511 - 378_361 + 350_000, citizensSource: 'mixed', children5to17: null },
      });
      expect(dk.all.indicators).toMatchObject({
        firstContacts: figure(9, 5, 4, 0.8),
        // 9 / 5,997,150; baseline (4 / 6,047,150 + 6 / 5,997,150) / 2 = 0.0831
        firstContactsPer100kCitizens: figure(0.2, 0.1, 0.1, 0.806),
        firstContactsPer100kChildren: figure(null, null),
        shareReachingPreConversation: figure(0.667, 0.5, 0.167, 0.333),
        compliancePreConversation14d: figure(0.556, 0.5, 0.056, 0.111),
      });
      expect(dk.byAgeGroup.unknown.indicators.firstContacts).toEqual(figure(3, 5, -2, -0.4));
    });

    it('suppresses small numbers below national level from the half-year publication, the same in every output', async () => {
      const res = await get('?level=municipality&municipality=751', evaluator).expect(200);
      expect(res.body.suppression).toEqual(expect.stringContaining('suppressed'));
      const aarhus = res.body.areas[0];
      // 7 first contacts: rounded to 5, or hidden where the publication needs it.
      expect(['5', '..']).toContain(String(aarhus.all.indicators.firstContacts.value));
      // 2024H2 had 4 first contacts: `<5`, so every baseline that averages it is hidden.
      expect(aarhus.all.indicators.firstContacts.baseline).toBe('..');
      for (const cells of [aarhus.byAgeGroup, aarhus.bySex]) {
        for (const c of Object.values(cells) as CellIndicators[]) {
          const n = c.indicators.firstContacts.value;
          expect(n === '<5' || n === '..' || (typeof n === 'number' && n % 5 === 0)).toBe(true);
          // A cell whose count is hidden shows nothing else.
          if (typeof n === 'string') expect(c.indicators.shareReachingPreConversation.value).toBe('..');
        }
      }
      // The same publication as the flow report of the half-year.
      const flow = (
        await sut.http
          .get('/api/v1/reports/flow?from=2025-07-01&to=2025-12-31&municipality=751')
          .set('Authorization', evaluator)
          .expect(200)
      ).body.groups[0];
      expect(aarhus.all.indicators.firstContacts.value).toEqual(flow.reached.firstContact);
    });

    it('gives below national level half-years only', async () => {
      const res = await get('?period=2025&level=municipality&municipality=751', evaluator).expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'period', code: 'half_year_below_national' })]);
      await get('?period=2025&level=national', evaluator).expect(200);
    });

    it('gives regions, suppressed, with their summed population', async () => {
      const res = await get('?level=region', evaluator).expect(200);
      expect(res.body.areas.map((a: { code: string }) => a.code)).toEqual(['1081', '1082', '1083', '1084', '1085']);
      const midt = res.body.areas[1];
      expect(midt).toMatchObject({
        name: 'Region Midtjylland',
        population: { citizens: 1_383_261 - 378_361 + 350_000, citizensSource: 'mixed' },
      });
      expect(['5', '..']).toContain(String(midt.all.indicators.firstContacts.value));
      // From the published count: 5 / 1,354,900.
      if (midt.all.indicators.firstContacts.value === 5) expect(midt.all.indicators.firstContactsPer100kCitizens.value).toBe(0.4);
      const hovedstaden = (await get('?region=1084', evaluator).expect(200)).body.areas;
      expect(hovedstaden).toHaveLength(1);
      expect(['<5', '..']).toContain(hovedstaden[0].all.indicators.firstContacts.value);
    });

    it('lists every municipality at municipality level, or those of one region', async () => {
      expect((await get('?level=municipality', evaluator).expect(200)).body.areas).toHaveLength(98);
      const midt = (await get('?level=municipality&region=1082', evaluator).expect(200)).body.areas;
      expect(midt).toHaveLength(19);
      expect(midt.find((a: { code: string }) => a.code === '101')).toBeUndefined();
      const named = (await get('?municipality=751,101', evaluator).expect(200)).body;
      expect([named.level, named.areas.map((a: { code: string }) => a.code)]).toEqual(['municipality', ['101', '751']]);
    });
  });

  describe('refusals', () => {
    it.each([
      ['a caseworker', { roles: ['caseworker'], municipalities: ['751'] }],
      ['an administrator', { roles: ['admin'], municipalities: [] }],
    ])('refuses %s (403)', async (_name, claims) => {
      expectProblem(await get('', await sut.bearer(claims)), 403, 'forbidden');
    });

    it.each([
      ['a malformed period', '?period=2025H3', 400, 'invalid_input'],
      ['a period in the future', '?period=2026H2', 422, 'period_in_future'],
      ['an unknown level', '?level=county', 400, 'validation'],
      ['an unknown municipality', '?level=municipality&municipality=999', 400, 'invalid_input'],
      ['a municipality at national level', '?level=national&municipality=751', 400, 'invalid_input'],
    ])('refuses %s', async (_name, query, status, type) => {
      expectProblem(await get(query, evaluator), status, type);
    });
  });
});
