import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import {
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
import { courseFactory, cprFor, pre, screening, treatment } from '../support/fixtures.js';
import { findIdentifyingPatterns } from '../support/identifying-patterns.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * An evaluator (Sundhedsstyrelsen) in the browser: makes an anonymised extract and downloads
 * it, and no page ever shows a CPR number (docs/domain.md: "never a CPR, name or single
 * identifiable course"); the indicators and the flow show the API's figures, small numbers
 * suppressed below national level.
 */
describe('an evaluator in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  let db: TestDatabase;
  let evaluator: string;
  const cprs: string[] = [];
  const RECIPIENT = 'sst-evaluering-2026';

  /** The page's HTML (text, attributes, labels) and what it says, checked for anything CPR-shaped. */
  async function cprOnPage(page: Page): Promise<string[]> {
    const html = await page.content();
    return findIdentifyingPatterns(html, cprs).filter((f) => f.startsWith('known_cpr') || f.startsWith('cpr_like'));
  }

  async function api(path: string) {
    const res = await web.sut.http.get(path).set('Authorization', evaluator);
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    db = await createTestDatabase();
    web = await startWebApp({ database: db });
    evaluator = await web.sut.bearer({ sub: 'eva', roles: ['evaluator'], municipalities: [] });
    for (const [code, n] of [
      ['751', 7],
      ['101', 2],
    ] as const) {
      const courses = courseFactory(web.sut, await web.sut.bearer({ sub: `cw-${code}`, roles: ['caseworker'], municipalities: [code] }));
      for (let i = 0; i < n; i++) {
        const cpr = cprFor(i % 2 ? '2012-05-05' : '2015-11-30', i % 3 ? 'female' : 'male');
        cprs.push(cpr);
        await courses.newCourse({
          municipality: code,
          firstContact: dayOffset(-40 - i),
          cpr,
          focusAreas: ['worry'],
          contacts: i % 2 ? [pre(dayOffset(-30 - i)), screening(dayOffset(-20 - i)), treatment(dayOffset(-5))] : [pre(dayOffset(-35 + i))],
          referrals: i === 0 ? [{ date: dayOffset(-30), destination: 'gp' }] : [],
        });
      }
    }
    // Below national level an evaluator's figures come from the half-year's publication, built
    // once per cohort state and kept (src/statistics/disclosure/cohort-publisher.ts). Building it
    // takes seconds (tens of seconds on a loaded machine); build it here, so the tests below wait
    // for pages, not for it.
    const when = dayOffset(-40);
    const cohort = `${when.slice(0, 4)}H${Number(when.slice(5, 7)) <= 6 ? 1 : 2}`;
    await web.sut.http.get(`/api/v1/indicators?period=${cohort}&level=region`).set('Authorization', evaluator).expect(200);
    await web.sut.http
      .post('/api/v1/extract-recipients')
      .set('Authorization', await web.sut.bearer({ sub: 'adm', roles: ['admin'], municipalities: [] }))
      .send({ id: RECIPIENT, name: 'Sundhedsstyrelsen, evaluering 2026' })
      .expect(201);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await db?.drop();
  });

  it('makes an extract, sees its manifest, downloads it; neither the page nor the file holds a CPR', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url, { name: 'Eva Evaluator', roles: ['evaluator'], municipalities: '' });
      expect(await cprOnPage(page)).toEqual([]);
      await page.getByRole('link', { name: 'Udtræk', exact: true }).click();
      await page.getByRole('heading', { name: 'Udtræk', level: 1 }).waitFor();
      await page.getByTestId('recipients-table').filter({ hasText: RECIPIENT }).waitFor();
      // Administrators register recipients; an evaluator cannot.
      expect(await page.getByTestId('recipient-form').count()).toBe(0);

      // Bad input: Danish messages by the fields, nothing made.
      await page.getByTestId('create-extract').click();
      await page.getByTestId('error-summary').waitFor();
      expect(await page.locator('#f-recipient-error').textContent()).toBe('Fejl: Vælg en modtager.');
      expect(await page.locator('#f-kind-error').textContent()).toBe('Fejl: Vælg en af mulighederne.');
      expect(await page.locator('#f-from-error').textContent()).toBe('Fejl: Skriv en gyldig dato.');
      expect((await api('/api/v1/extracts')).items).toHaveLength(0);

      const [y, m, d] = dayOffset(-90).split('-');
      const [ty, tm, td] = dayOffset(0).split('-');
      await page.getByLabel('Modtager', { exact: true }).selectOption(RECIPIENT);
      await page.getByRole('radio', { name: 'Forløb (én række pr. forløb)' }).check();
      await page.getByLabel('Henvendelser fra').fill(`${d}.${m}.${y}`);
      await page.getByLabel('Henvendelser til').fill(`${td}.${tm}.${ty}`);
      await page.getByRole('radio', { name: 'CSV til dansk Excel (semikolon)' }).check();
      await page.getByTestId('create-extract').click();
      await page.waitForURL(/udtraek=[0-9a-f-]{36}/);
      const manifest = page.getByTestId('manifest');
      await manifest.waitFor();
      // Made in the background: the page follows it until it is ready, then offers the file.
      await page.getByTestId('extract-status').filter({ hasText: 'Klar' }).waitFor();
      const id = new URL(page.url()).searchParams.get('udtraek')!;
      const fromApi = await api(`/api/v1/extracts/${id}`);
      expect(fromApi.status).toBe('ready');
      expect(await page.getByTestId('extract-progress').textContent()).toBe(`${cprs.length} af ca. ${cprs.length} rækker`);
      expect(await page.getByTestId('cancel-extract').count()).toBe(0);
      expect(fromApi.rowCount).toBe(cprs.length);
      expect(await manifest.textContent()).toContain(fromApi.sha256);
      expect(await manifest.textContent()).toContain(`Rækker${cprs.length}`);
      await page.getByTestId('extracts-table').locator('tbody tr').filter({ hasText: 'Klar' }).waitFor();
      expect(await page.getByTestId('extracts-table').locator('tbody tr').count()).toBe(1);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-extract').click()]);
      const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(fromApi.sha256);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const text = bytes.toString('utf8');
      expect(text.split('\r\n').filter(Boolean)).toHaveLength(cprs.length + 1);
      expect(findIdentifyingPatterns(text, cprs)).toEqual([]);
      expect(await cprOnPage(page)).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('follows an extract being made, with its progress, and cancels it: no file is offered or kept', async () => {
    const { context, page } = await newPage(browser);
    // The job is held at its first chunk by a lock on the chunks (as another writer's would hold it), so it is seen running.
    const lock = new pg.Client({ connectionString: db.ownerUrl });
    await lock.connect();
    await lock.query('BEGIN; LOCK TABLE extract_chunk IN SHARE MODE');
    let locked = true;
    try {
      await devLogin(page, web.url, { name: 'Eva Evaluator', roles: ['evaluator'], municipalities: '' });
      await page.getByRole('link', { name: 'Udtræk', exact: true }).click();
      await page.getByRole('heading', { name: 'Udtræk', level: 1 }).waitFor();
      const [y, m, d] = dayOffset(-90).split('-');
      const [ty, tm, td] = dayOffset(0).split('-');
      await page.getByLabel('Modtager', { exact: true }).selectOption(RECIPIENT);
      await page.getByRole('radio', { name: 'Kontakter (én række pr. kontakt)' }).check();
      await page.getByLabel('Henvendelser fra').fill(`${d}.${m}.${y}`);
      await page.getByLabel('Henvendelser til').fill(`${td}.${tm}.${ty}`);
      await page.getByTestId('create-extract').click();
      await page.waitForURL(/udtraek=[0-9a-f-]{36}/);
      const id = new URL(page.url()).searchParams.get('udtraek')!;
      await page.getByTestId('extract-status').filter({ hasText: 'Laves' }).waitFor();
      const expected = (await api(`/api/v1/extracts/${id}`)).progress.rowsExpected as number;
      expect(expected).toBeGreaterThan(0);
      await page
        .getByTestId('extract-progress')
        .filter({ hasText: `0 af ca. ${expected} rækker` })
        .waitFor();
      expect(await page.locator('[data-testid="extract-progress"] progress').count()).toBe(1);
      expect(await page.getByTestId('download-extract').count()).toBe(0);
      await screenshot(page, 'evaluator-udtraek-laves');

      await page.getByTestId('cancel-extract').click();
      await page.getByTestId('extract-status').filter({ hasText: 'Annulleret' }).waitFor();
      await lock.query('ROLLBACK');
      locked = false;
      expect(await page.getByTestId('cancel-extract').count()).toBe(0);
      expect(await page.getByTestId('download-extract').count()).toBe(0);
      const row = page.getByTestId('extracts-table').locator('tbody tr').filter({ hasText: 'Annulleret' });
      await row.waitFor();
      expect(await row.getByRole('button', { name: /Hent filen/ }).count()).toBe(0);
      // The job stops and keeps nothing of the file.
      for (let i = 0; i < 200; i++) {
        const { rows } = await lock.query('SELECT count(*)::int AS n FROM extract_chunk WHERE extract_id = $1', [id]);
        if (rows[0].n === 0 && (await api(`/api/v1/extracts/${id}`)).status === 'cancelled') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const { rows } = await lock.query('SELECT count(*)::int AS n FROM extract_chunk WHERE extract_id = $1', [id]);
      expect(rows[0].n).toBe(0);
      expect((await web.sut.http.get(`/api/v1/extracts/${id}/file`).set('Authorization', evaluator)).status).toBe(409);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      if (locked) await lock.query('ROLLBACK');
      await lock.end();
      await context.close();
    }
  });

  it('shows the indicators and the flow as the API has them, small numbers suppressed below national level, and never a CPR', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url, { name: 'Eva Evaluator', roles: ['evaluator'], municipalities: '' });
      // The half-year of the cohort, nationally.
      const when = dayOffset(-40);
      const period = `${when.slice(0, 4)}H${Number(when.slice(5, 7)) <= 6 ? 1 : 2}`;
      await page.goto(`${web.url}/indikatorer?period=${period}&level=national&indicator=firstContacts`);
      await page.getByTestId('indicators-area-table').waitFor();
      const national = await api(`/api/v1/indicators?period=${period}&level=national`);
      await compareIndicators(page, national, 'all');
      expect(await page.getByTestId('suppression').count()).toBe(0);

      // By region: suppressed, and the page says so.
      await page.getByLabel('Niveau').selectOption('region');
      await page.getByRole('button', { name: 'Vis' }).click();
      await page.waitForURL(/level=region/);
      await page.getByTestId('suppression').waitFor();
      await page.getByTestId('indicators-area-table').waitFor();
      const regions = await api(`/api/v1/indicators?period=${period}&level=region`);
      await page.getByTestId('indicators-by-area-table').filter({ hasText: 'Region Midtjylland' }).waitFor();
      await compareIndicators(page, regions, 'all');
      expect(await cprOnPage(page)).toEqual([]);

      // The flow of one municipality, for the whole half-year (below national level figures are
      // published for whole half-years only): counts of 1–4 read <5, others rounded to 5.
      const [from, to] = period.endsWith('H1')
        ? [`${period.slice(0, 4)}-01-01`, `${period.slice(0, 4)}-06-30`]
        : [`${period.slice(0, 4)}-07-01`, `${period.slice(0, 4)}-12-31`];
      await page.goto(`${web.url}/flow?municipality=101&from=${from}&to=${to}`);
      await page.getByTestId('flow-waits-table').waitFor();
      await page.getByTestId('suppression').waitFor();
      expect(await page.locator('#flow-period').inputValue()).toBe(period);
      expect(await page.locator('#flow-from').count()).toBe(0);
      expect(await page.getByTestId('flow-cohort').textContent()).toContain(period.endsWith('H1') ? '30. juni' : '31. december');
      const flow = await api(`/api/v1/reports/flow?from=${from}&to=${to}&municipality=101`);
      expect(flow.groups[0].reached.firstContact).toBe('<5');
      const expected = new Map([...figureLeaves(flow.groups[0])].map(([path, value]) => [`flow|all|${path}`, value]));
      const shown = await page
        .locator('[data-figure]')
        .evaluateAll((els) => els.map((el) => [el.getAttribute('data-figure')!, el.textContent ?? ''] as [string, string]));
      for (const [figure, text] of shown) {
        const want = expected.has(figure) ? expected.get(figure) : 0;
        expect([figure, readDanishFigure(text)]).toEqual([figure, want]);
      }
      expect(await page.getByTestId('flow-funnel-table').textContent()).toContain('<5');
      expect(await cprOnPage(page)).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(Object.entries(WIDTHS))('has no serious accessibility violation on an evaluator’s screens at %s width', async (_name, width) => {
    const { context, page } = await newPage(browser, width);
    try {
      await devLogin(page, web.url, { name: 'Eva Evaluator', roles: ['evaluator'], municipalities: '' });
      const screens: [string, string, () => Promise<unknown>][] = [
        ['flow-evaluator', '/flow', () => page.locator('[data-testid="flow-funnel-chart"] svg').waitFor()],
        ['indikatorer-evaluator', '/indikatorer', () => page.locator('[data-testid="indicators-chart"] svg').waitFor()],
        ['udtraek', '/udtraek', () => page.getByTestId('extracts-table').waitFor()],
      ];
      const violations: string[] = [];
      for (const [name, path, ready] of screens) {
        await page.goto(web.url + path);
        await ready();
        await screenshot(page, `${name}-${width}`);
        violations.push(...(await seriousAxeViolations(page)).map((v) => `${name}: ${v}`));
        expect(await cprOnPage(page)).toEqual([]);
      }
      expect(violations).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  /** Every indicator figure on the page equals the API's (by area, cell, indicator and field). */
  async function compareIndicators(page: Page, report: { areas: Record<string, unknown>[] }, cell: string) {
    const expected = new Map<string, unknown>();
    for (const area of report.areas) {
      const all = area.all as { indicators: object; referralDestinations: object };
      for (const [path, value] of figureLeaves(all.indicators)) expected.set(`ind|${area.code}|${cell}|${path}`, value);
      for (const [path, value] of figureLeaves(all.referralDestinations)) expected.set(`ind|${area.code}|${cell}|referral.${path}`, value);
    }
    const shown = await page
      .locator('[data-figure]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-figure')!, el.textContent ?? ''] as [string, string]));
    expect(shown.length).toBeGreaterThan(20);
    const mismatches: string[] = [];
    for (const [id, text] of shown) {
      // The page's ids are area|cell|indicator|field; the API's leaves are indicator.field.
      const [, code, c, indicator, field] = id.split('|');
      const key = `ind|${code}|${c}|${indicator}.${field}`;
      if (!expected.has(key)) mismatches.push(`${id}: not in the API's answer`);
      const want = expected.get(key);
      const value = readDanishFigure(text);
      if (typeof want === 'number' && typeof value === 'number' ? Math.abs(want - value) > 1e-9 : want !== value) {
        mismatches.push(`${id}: shown ${JSON.stringify(text)}, API ${JSON.stringify(want)}`);
      }
    }
    expect(mismatches).toEqual([]);
  }
});
