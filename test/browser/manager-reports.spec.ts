import type { Browser, Page } from 'playwright-core';
import { devLogin, launchBrowser, newPage, pageErrors, screenshot, startWebApp, type WebApp } from '../support/browser.js';
import { figureLeaves, readDanishFigure } from '../support/danish-figures.js';
import { dayOffset } from '../support/dates.js';
import { closing, courseFactory, cprFor, pre, screening, treatment } from '../support/fixtures.js';

/**
 * A manager of Aarhus (751) reads the reports in the browser: every figure the Servicemål
 * screen shows equals the API's compliance report for the same filter (read both, compare
 * each), and every figure of the report is on the screen.
 */
describe('a manager’s reports in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  let manager: string;

  /** What the page shows: each tagged figure's id and text. */
  async function shownFigures(page: Page): Promise<[string, string][]> {
    return page.locator('[data-figure]').evaluateAll((els) => els.map((el) => [el.getAttribute('data-figure')!, el.textContent ?? '']));
  }

  async function api(path: string) {
    const res = await web.sut.http.get(path).set('Authorization', manager);
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    manager = await web.sut.bearer({ sub: 'mona', roles: ['manager'], municipalities: ['751'] });
    const courses = courseFactory(web.sut, await web.sut.bearer({ sub: 'cw', roles: ['caseworker'], municipalities: ['751'] }));
    // The municipality's own target, so the screen shows one beside the national ones.
    await web.sut.http
      .put('/api/v1/municipalities/751/service-targets')
      .set('Authorization', manager)
      .send({ targets: [{ name: 'behandling_21d', kind: 'treatment_start_after_screening', limitDays: 21, validFrom: '2024-01-01' }] })
      .expect(200);
    // A spread of states over several months: met, breached (and met once the family's days are
    // taken out), overdue, pending, not applicable; with and without CPR, three age groups.
    await courses.newCourse({
      firstContact: dayOffset(-150),
      cpr: cprFor('2014-03-01', 'female'),
      focusAreas: ['worry'],
      contacts: [
        pre(dayOffset(-140)),
        screening(dayOffset(-125)),
        treatment(dayOffset(-110)),
        treatment(dayOffset(-96)),
        closing(dayOffset(-80)),
      ],
      close: { date: dayOffset(-80), reason: 'completed' },
    });
    await courses.newCourse({
      firstContact: dayOffset(-120),
      cpr: cprFor('2010-06-15', 'male'),
      contactedBy: 'child',
      focusAreas: ['sadness', 'self_harm'],
      contacts: [pre(dayOffset(-100)), screening(dayOffset(-95)), treatment(dayOffset(-60))],
      referrals: [{ date: dayOffset(-90), destination: 'gp' }],
    });
    await courses.newCourse({
      firstContact: dayOffset(-95),
      cpr: cprFor('2018-01-20', 'female'),
      contacts: [pre(dayOffset(-90), 'cancelled_by_family'), pre(dayOffset(-75))],
    });
    await courses.newCourse({
      firstContact: dayOffset(-60),
      referrals: [{ date: dayOffset(-55), destination: 'civil_society' }],
      close: { date: dayOffset(-50), reason: 'dropped_out' },
    });
    await courses.newCourse({ firstContact: dayOffset(-30), contactedBy: 'other' });
    await courses.newCourse({ firstContact: dayOffset(-3), clearlyInTargetGroup: false });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows on Servicemål exactly the figures of the API’s compliance report for the same filter', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url, { name: 'Mona Leder', roles: ['manager'], municipalities: '751' });
      await page.getByRole('link', { name: 'Servicemål', exact: true }).click();
      await page.getByRole('heading', { name: 'Servicemål', level: 1 }).waitFor();
      await page.getByLabel('Opdel efter').selectOption('age_group');
      await page.getByRole('button', { name: 'Vis' }).click();
      await page.waitForURL(/groupBy=age_group/);
      for (const target of ['pre_conversation_14d', 'screening_30d', 'behandling_21d']) {
        await page.getByTestId(`grouped-${target}`).waitFor();
      }
      await page.locator('[data-testid^="monthly-"] svg').first().waitFor();

      // The same filter, asked of the API.
      const from = await page.locator('#compliance-from').inputValue();
      const to = await page.locator('#compliance-to').inputValue();
      const query = `from=${from}&to=${to}`;
      const reports = {
        all: await api(`/api/v1/reports/compliance?${query}`),
        grouped: await api(`/api/v1/reports/compliance?${query}&groupBy=age_group`),
        month: await api(`/api/v1/reports/compliance?${query}&groupBy=month`),
      };
      type Group = { key: string };
      type Report = { targets: { target: string; groups: Group[] }[] };
      const expected = new Map<string, number | string | null>();
      for (const [kind, report] of Object.entries(reports) as [string, Report][]) {
        for (const target of report.targets) {
          for (const group of target.groups) {
            for (const [path, value] of figureLeaves(group)) expected.set(`${kind}|${target.target}|${group.key}|${path}`, value);
          }
        }
      }
      expect(reports.all.targets.map((t: { target: string }) => t.target)).toEqual([
        'pre_conversation_14d',
        'screening_30d',
        'behandling_21d',
      ]);

      const shown = await shownFigures(page);
      expect(shown.length).toBeGreaterThan(100);
      const mismatches: string[] = [];
      for (const [id, text] of shown) {
        const value = readDanishFigure(text);
        let want: number | string | null;
        if (expected.has(id)) want = expected.get(id)!;
        // A month without courses is absent from the API's answer: no waits (0) and no figures (–).
        else if (id.startsWith('month|')) want = id.endsWith('|completed.n') ? 0 : null;
        else {
          mismatches.push(`${id}: shown ${JSON.stringify(text)}, not in the API's answer`);
          continue;
        }
        if (typeof want === 'number' && typeof value === 'number' ? Math.abs(want - value) > 1e-9 : want !== value) {
          mismatches.push(`${id}: shown ${JSON.stringify(text)}, API ${JSON.stringify(want)}`);
        }
      }
      expect(mismatches).toEqual([]);

      // Every figure of the ungrouped and the grouped report is on the screen; the monthly
      // table shows the rate, the adjusted rate and the completed waits of every month with courses.
      const shownIds = new Set(shown.map(([id]) => id));
      const missing = [...expected.keys()].filter(
        (id) => !shownIds.has(id) && (!id.startsWith('month|') || /\|(rate|adjusted\.rate|completed\.(n|median|p90))$/.test(id)),
      );
      expect(missing).toEqual([]);
      // The figures are real: something met, something breached, something overdue.
      expect(expected.get('all|pre_conversation_14d|all|met')).toBeGreaterThan(0);
      expect(expected.get('all|pre_conversation_14d|all|breached')).toBeGreaterThan(0);
      expect(expected.get('all|pre_conversation_14d|all|overdue')).toBeGreaterThan(0);

      // The CSV is the service's own, for the same filter.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent som CSV' }).click()]);
      const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
      const fromApi = await web.sut.http
        .get(`/api/v1/reports/compliance?${query}&groupBy=age_group`)
        .set('Authorization', manager)
        .set('Accept', 'text/csv');
      expect(download.suggestedFilename()).toBe(`compliance-${from}-${to}.csv`);
      expect(csv).toBe(fromApi.text);

      // The filter lives in the URL: a reload shows the same.
      await page.reload();
      await page.getByTestId('grouped-pre_conversation_14d').waitFor();
      expect(await page.getByLabel('Opdel efter').inputValue()).toBe('age_group');
      await screenshot(page, 'servicemaal-opdelt-1280');
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows on Flow exactly the figures of the API’s flow report for the same filter', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url, { name: 'Mona Leder', roles: ['manager'], municipalities: '751' });
      await page.getByRole('link', { name: 'Flow', exact: true }).click();
      await page.getByRole('heading', { name: 'Flow', level: 1 }).waitFor();
      await page.getByTestId('flow-waits-table').waitFor();
      await page.locator('[data-testid="flow-funnel-chart"] svg').waitFor();

      const from = await page.locator('#flow-from').inputValue();
      const to = await page.locator('#flow-to').inputValue();
      const report = await api(`/api/v1/reports/flow?from=${from}&to=${to}`);
      expect(report.groups).toHaveLength(1);
      const group = report.groups[0];
      const expected = new Map([...figureLeaves(group)].map(([path, value]) => [`flow|all|${path}`, value]));
      const shown = await shownFigures(page);
      const mismatches: string[] = [];
      for (const [id, text] of shown) {
        // A closure reason or referral destination no course has is absent: the page shows 0.
        const want = expected.has(id) ? expected.get(id) : /\|(closureReasons|referralDestinations)\./.test(id) ? 0 : undefined;
        if (want === undefined) mismatches.push(`${id}: shown ${JSON.stringify(text)}, not in the API's answer`);
        else if (readDanishFigure(text) !== want) mismatches.push(`${id}: shown ${JSON.stringify(text)}, API ${JSON.stringify(want)}`);
      }
      expect(mismatches).toEqual([]);
      const shownIds = new Set(shown.map(([id]) => id));
      expect([...expected.keys()].filter((id) => !shownIds.has(id))).toEqual([]);
      // Real figures: six courses, two referrals, two closures, waits from screening to first treatment.
      expect(group.reached.firstContact).toBe(6);
      expect(group.referralDestinations).toEqual({ gp: 1, civil_society: 1 });
      expect(group.closed).toBe(2);
      expect(group.waits.screeningToFirstTreatment.n).toBe(2);
      expect(group.waits.betweenTreatmentSessions.n).toBe(1);
      // Each chart is an image with a Danish description for assistive technology.
      const label = await page.getByTestId('flow-funnel-chart').locator('[role="img"]').getAttribute('aria-label');
      expect(label).toContain('Antal forløb, der nåede hvert trin');
      await page.locator('main').screenshot({ path: '/tmp/flow.png' });
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
