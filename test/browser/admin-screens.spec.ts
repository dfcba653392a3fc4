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

/**
 * An administrator in the browser: registers an extract recipient, loads population files
 * (the canonical CSV in UTF-8 and FOLK1A in Windows-1252) and sees what was loaded and which
 * lines were not, sets the indicators' baseline, and reads the audit trail; every screen has no
 * serious accessibility violation at 1280 and 768 px.
 */
describe('an administrator in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  let admin: string;

  async function api(path: string) {
    const res = await web.sut.http.get(path).set('Authorization', admin);
    expect(res.status).toBe(200);
    return res.body;
  }

  const login = (page: Page) => devLogin(page, web.url, { name: 'Ada Administrator', roles: ['admin'], municipalities: '' });

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    admin = await web.sut.bearer({ sub: 'ada', roles: ['admin'], municipalities: [] });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('registers an extract recipient, with the service’s rule on the id shown in Danish', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page);
      await page.getByRole('link', { name: 'Udtræk', exact: true }).click();
      await page.getByRole('heading', { name: 'Udtræk', level: 1 }).waitFor();
      await page.getByText('Der er ingen modtagere endnu').waitFor();
      const form = page.getByTestId('recipient-form');
      await form.getByLabel('Id').fill('SST 2026');
      await form.getByLabel('Navn').fill('Sundhedsstyrelsen');
      await form.getByRole('button', { name: 'Opret modtager' }).click();
      await page.locator('#f-id-error').filter({ hasText: 'Brug 3–63 tegn: små bogstaver, tal og bindestreg.' }).waitFor();
      expect((await api('/api/v1/extract-recipients')).items).toEqual([]);

      await form.getByLabel('Id').fill('sst-evaluering-2026');
      await form.getByRole('button', { name: 'Opret modtager' }).click();
      await page.getByTestId('recipients-table').filter({ hasText: 'sst-evaluering-2026' }).waitFor();
      expect((await api('/api/v1/extract-recipients')).items.map((r: { id: string }) => r.id)).toEqual(['sst-evaluering-2026']);
      // An administrator makes no extracts: that is the evaluator's.
      expect(await page.getByTestId('extract-form').count()).toBe(0);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loads population files and shows what was loaded, and each line that was not with its number', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page);
      await page.getByRole('link', { name: 'Befolkning', exact: true }).click();
      await page.getByRole('heading', { name: 'Befolkning', level: 1 }).waitFor();

      // Nothing chosen: the form says so, nothing is sent.
      await page.getByTestId('population-submit').click();
      await page.locator('#f-file-error').filter({ hasText: 'Vælg en fil.' }).waitFor();

      const canonical = [
        'municipality_code;year;sex;age;population',
        '751;2026;total;total;367095',
        '751;2026;female;5-9;9000',
        '101;2026;total;total;667099',
        '999;2026;total;total;100',
        '751;2026;male;abc;5',
      ].join('\n');
      await page
        .getByLabel('Fil', { exact: true })
        .setInputFiles({ name: 'befolkning.csv', mimeType: 'text/csv', buffer: Buffer.from(canonical, 'utf8') });
      await page.getByLabel('Kilde').fill('Testfil');
      await page.getByTestId('population-submit').click();
      const result = page.getByTestId('population-result');
      await result.waitFor();
      expect(await page.getByTestId('population-rows').textContent()).toMatch(/Nye3.*Ændrede0.*Uændrede0/);
      expect(await page.getByTestId('population-rejected-count').textContent()).toBe('2 linjer blev ikke indlæst.');
      const rejected = await page.getByTestId('population-rejected').locator('tbody tr').allTextContents();
      expect(rejected).toHaveLength(2);
      expect(rejected[0]).toMatch(/^5.*999/);
      expect(rejected[1]).toMatch(/^6.*abc/);
      expect(await result.textContent()).toContain('CSV i kanonisk form');

      // What is loaded, as the API has it, shown per municipality.
      const summary = await api('/api/v1/population?year=2026');
      const aarhus = summary.items.find((m: { code: string }) => m.code === '751');
      expect(aarhus).toMatchObject({ citizens: 367095, citizensSource: 'loaded', sources: ['Testfil'] });
      const table = page.getByTestId('population-table');
      expect(await table.locator('tbody tr').count()).toBe(98);
      expect(await table.locator('tbody tr', { hasText: 'Aarhus' }).textContent()).toContain('367.095');

      // FOLK1A as Statistikbanken's older downloads have it: Windows-1252, a name with ø.
      const folk1a = Buffer.from('OMRÅDE;KØN;ALDER;TID;INDHOLD\r\nKøbenhavn;I alt;I alt;2025K1;660000\r\n', 'latin1');
      await page.getByLabel('Fil', { exact: true }).setInputFiles({ name: 'folk1a.csv', mimeType: 'text/csv', buffer: folk1a });
      await page.getByLabel('Kilde').fill('');
      await page.getByTestId('population-submit').click();
      await result.filter({ hasText: 'FOLK1A' }).waitFor();
      expect(await page.getByTestId('population-municipalities').textContent()).toBe('1');
      expect(await result.textContent()).toContain('Alle linjer blev indlæst.');
      const year2025 = await api('/api/v1/population?year=2025');
      expect(year2025.items.find((m: { code: string }) => m.code === '101')).toMatchObject({ citizens: 660000, citizensSource: 'loaded' });

      // The year to summarise lives in the URL.
      await page.getByLabel('År', { exact: true }).selectOption('2025');
      await page.waitForURL(/year=2025/);
      await page.getByTestId('population-table').locator('tbody tr', { hasText: 'København' }).filter({ hasText: '660.000' }).waitFor();
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('sets the baseline, with the service’s rules shown by the fields', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page);
      await page.getByRole('link', { name: 'Baseline', exact: true }).click();
      await page.getByRole('heading', { name: 'Baseline', level: 1 }).waitFor();
      await page.getByTestId('baseline-current').filter({ hasText: 'Der er ikke sat en baseline endnu.' }).waitFor();

      await page.getByLabel('Fra halvår').selectOption('2024H2');
      await page.getByLabel('Til og med halvår').selectOption('2024H1');
      await page.getByRole('button', { name: 'Gem baseline' }).click();
      await page.locator('#f-to-error').filter({ hasText: 'Slutdatoen kan ikke ligge før startdatoen.' }).waitFor();
      expect((await api('/api/v1/indicators/baseline')).baseline).toBeNull();

      await page.getByLabel('Til og med halvår').selectOption('2025H1');
      await page.getByRole('button', { name: 'Gem baseline' }).click();
      await page.getByTestId('baseline-current').filter({ hasText: '2. halvår 2024, 1. halvår 2025' }).waitFor();
      expect((await api('/api/v1/indicators/baseline')).baseline).toMatchObject({
        from: '2024H2',
        to: '2025H1',
        setBy: expect.any(String),
      });
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(Object.entries(WIDTHS))(
    'has no serious accessibility violation on an administrator’s screens at %s width',
    async (_name, width) => {
      const { context, page } = await newPage(browser, width);
      try {
        await login(page);
        const screens: [string, string, () => Promise<unknown>][] = [
          ['udtraek-admin', '/udtraek', () => page.getByTestId('recipient-form').waitFor()],
          ['befolkning', '/befolkning', () => page.getByTestId('population-table').waitFor()],
          ['baseline', '/baseline', () => page.getByTestId('baseline-current').waitFor()],
          ['revisionsspor-admin', '/revisionsspor', () => page.getByTestId('audit-total').waitFor()],
        ];
        const violations: string[] = [];
        for (const [name, path, ready] of screens) {
          await page.goto(web.url + path);
          await ready();
          await screenshot(page, `${name}-${width}`);
          violations.push(...(await seriousAxeViolations(page)).map((v) => `${name}: ${v}`));
        }
        expect(violations).toEqual([]);
        expect(pageErrors(page)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
