import type { Browser, Page } from 'playwright-core';
import {
  danishToday,
  devLogin,
  launchBrowser,
  newPage,
  pageErrors,
  screenshot,
  seriousAxeViolations,
  startWebApp,
  WIDTHS,
  type WebApp,
} from '../support/browser.js';
import { figureLeaves, readDanishFigure } from '../support/danish-figures.js';
import { dayOffset } from '../support/dates.js';
import { courseFactory, cprFor, pre } from '../support/fixtures.js';
import { findIdentifyingPatterns } from '../support/identifying-patterns.js';

/**
 * Sammenligning in the browser: the funnel plot of municipalities for a national target and
 * half-year. Every figure the page shows (each municipality's published courses judged and
 * rate, its 95 % and 99.8 % limits, the national rate) equals the API's comparison for the same
 * filter; an evaluator sees every municipality, a manager those of their region; no CPR on the
 * page; axe and screenshots at 1280 and 768 px.
 *
 * The cohort: the last half-year that has ended, pre-conversations held on day 7 (met) or day
 * 20 (breached) of the first contact.
 *
 * | municipality (region) | met | breached |
 * |---|---|---|
 * | 101 København (1084) | 16 | 4 |
 * | 751 Aarhus (1082) | 6 | 6 |
 * | 727 Odder (1082) | 6 | 0 |
 * | 147 Frederiksberg (1084) | 2 | 0 |
 */
describe('the comparison of municipalities in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  let evaluator: string;
  let manager: string;
  const cprs: string[] = [];
  const today = danishToday().iso;
  const year = Number(today.slice(0, 4));
  const [period, start] = Number(today.slice(5, 7)) <= 6 ? [`${year - 1}H2`, `${year - 1}-07-01`] : [`${year}H1`, `${year}-01-01`];
  const COHORT: [string, number, number][] = [
    ['101', 16, 4],
    ['751', 6, 6],
    ['727', 6, 0],
    ['147', 2, 0],
  ];

  async function api(path: string, authorization: string) {
    const res = await web.sut.http.get(path).set('Authorization', authorization);
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    evaluator = await web.sut.bearer({ sub: 'eva', roles: ['evaluator'], municipalities: [] });
    manager = await web.sut.bearer({ sub: 'mona', roles: ['manager'], municipalities: ['751'] });
    for (const [code, met, breached] of COHORT) {
      const courses = courseFactory(web.sut, await web.sut.bearer({ sub: `cw-${code}`, roles: ['caseworker'], municipalities: [code] }));
      for (let i = 0; i < met + breached; i++) {
        const first = dayOffset(i * 3, start);
        const cpr = cprFor(i % 2 ? '2012-04-04' : '2014-09-09', i % 2 ? 'male' : 'female');
        cprs.push(cpr);
        await courses.newCourse({ municipality: code, firstContact: first, cpr, contacts: [pre(dayOffset(i < met ? 7 : 20, first))] });
      }
    }
    // The half-year's publication is built once per cohort state and kept; build it here, so
    // the tests wait for pages, not for it (it takes seconds, more on a loaded machine).
    await api(`/api/v1/reports/comparison?period=${period}`, evaluator);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** Every tagged figure on the page against the API's answer; shares to the page's precision (0,1 percentage point). */
  async function compareFigures(page: Page, report: { national: object; municipalities: { code: string }[] }) {
    const expected = new Map<string, unknown>();
    for (const [path, value] of figureLeaves(report.national)) expected.set(`cmp|national|${path}`, value);
    for (const m of report.municipalities) {
      for (const [path, value] of figureLeaves(m)) expected.set(`cmp|${m.code}|${path}`, value);
    }
    const shown = await page
      .locator('[data-figure]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-figure')!, el.textContent ?? ''] as [string, string]));
    const mismatches: string[] = [];
    for (const [id, text] of shown) {
      if (!expected.has(id)) {
        mismatches.push(`${id}: shown ${JSON.stringify(text)}, not in the API's answer`);
        continue;
      }
      const want = expected.get(id);
      const value = readDanishFigure(text);
      const share = /\|(rate|limits\.)/.test(id);
      const equal =
        typeof want === 'number' && typeof value === 'number' ? Math.abs(want - value) <= (share ? 0.0005 + 1e-9 : 0) : want === value;
      if (!equal) mismatches.push(`${id}: shown ${JSON.stringify(text)}, API ${JSON.stringify(want)}`);
    }
    expect(mismatches).toEqual([]);
    // Every municipality's courses and rate, and the national figures, are on the page.
    const shownIds = new Set(shown.map(([id]) => id));
    const missing = [...expected.keys()].filter((id) => /\|(judged|rate)$/.test(id) && !shownIds.has(id));
    expect(missing).toEqual([]);
    return shown;
  }

  it('shows an evaluator every municipality’s published figures and limits as the API has them, and never a CPR', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url, { name: 'Eva Evaluator', roles: ['evaluator'], municipalities: '' });
      await page.getByRole('link', { name: 'Sammenligning', exact: true }).click();
      await page.getByRole('heading', { name: 'Sammenligning', level: 1 }).waitFor();
      await page.locator('[data-testid="comparison-chart"] svg').waitFor();
      expect(await page.locator('#comparison-period').inputValue()).toBe(period);

      const report = await api(`/api/v1/reports/comparison?target=pre_conversation_14d&period=${period}`, evaluator);
      // The figures are real: an exact national rate of 30 met of 40 judged; København published and placed.
      expect(report.national).toEqual({ rate: 0.75, judged: 40 });
      const kbh = report.municipalities.find((m: { code: string }) => m.code === '101');
      // 16 met publish as 15: the rate is the quotient of the published counts.
      expect(kbh).toMatchObject({ judged: 20, rate: 0.75, position: 'within' });
      expect(report.municipalities).toHaveLength(98);
      await compareFigures(page, report);
      expect(await page.getByTestId('comparison-table').locator('tbody tr').count()).toBe(98);

      // The place in words beside each figure, as the API says it.
      const row = page.getByTestId('comparison-table').locator('tbody tr', { hasText: 'København' });
      expect(await row.locator('[data-position]').getAttribute('data-position')).toBe('within');
      expect(await row.textContent()).toContain('Inden for grænserne');
      const hidden = report.municipalities.find((m: { code: string; position: string | null }) => m.code === '147');
      expect(hidden.position).toBeNull();
      expect(await page.getByTestId('comparison-table').locator('tbody tr', { hasText: 'Frederiksberg' }).textContent()).toContain(
        'Ikke placeret',
      );

      // The chart is an image described in Danish; the figures are in the table under it.
      const label = await page.getByTestId('comparison-chart').locator('[role="img"]').getAttribute('aria-label');
      expect(label).toContain('Tragtdiagram');
      expect(label).toContain('Forsamtale inden for 14 dage');

      // The other national target, by the filter in the URL.
      await page.getByLabel('Servicemål', { exact: true }).selectOption('screening_30d');
      await page.getByRole('button', { name: 'Vis' }).click();
      await page.waitForURL(/target=screening_30d/);
      await page.getByTestId('comparison-chart').locator('[role="img"][aria-label*="Screening inden for 30 dage"]').waitFor();
      await compareFigures(page, await api(`/api/v1/reports/comparison?target=screening_30d&period=${period}`, evaluator));

      const html = await page.content();
      expect(findIdentifyingPatterns(html, cprs).filter((f) => f.startsWith('known_cpr') || f.startsWith('cpr_like'))).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a manager the municipalities of their region, their own marked, as the API has them', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url, { name: 'Mona Leder', roles: ['manager'], municipalities: '751' });
      await page.getByRole('link', { name: 'Sammenligning', exact: true }).click();
      await page.locator('[data-testid="comparison-chart"] svg').waitFor();
      const report = await api(`/api/v1/reports/comparison?period=${period}`, manager);
      expect(new Set(report.municipalities.map((m: { regionCode: string }) => m.regionCode))).toEqual(new Set(['1082']));
      await compareFigures(page, report);
      const rows = page.getByTestId('comparison-table').locator('tbody tr');
      expect(await rows.count()).toBe(report.municipalities.length);
      expect(await rows.filter({ hasText: 'København' }).count()).toBe(0);
      expect(await rows.filter({ hasText: 'Aarhus (din kommune)' }).count()).toBe(1);
      expect(await page.getByTestId('comparison-period').textContent()).toContain('Kommunerne i Region Midtjylland.');
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(Object.entries(WIDTHS))('has no serious accessibility violation at %s width', async (_name, width) => {
    const violations: string[] = [];
    for (const [who, login] of [
      ['evaluator', { name: 'Eva Evaluator', roles: ['evaluator'], municipalities: '' }],
      ['leder', { name: 'Mona Leder', roles: ['manager'], municipalities: '751' }],
    ] as const) {
      const { context, page } = await newPage(browser, width);
      try {
        await devLogin(page, web.url, { ...login, roles: [...login.roles] });
        await page.goto(`${web.url}/sammenligning`);
        await page.locator('[data-testid="comparison-chart"] svg').waitFor();
        await screenshot(page, `sammenligning-${who}-${width}`);
        violations.push(...(await seriousAxeViolations(page)).map((v) => `${who}: ${v}`));
        expect(pageErrors(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
    expect(violations).toEqual([]);
  });
});
