import type { Browser, Page, Request } from 'playwright-core';
import {
  danishToday,
  isFocused,
  devLogin,
  launchBrowser,
  newPage,
  pageErrors,
  screenshot,
  seriousAxeViolations,
  startWebApp,
  tabTo,
  WIDTHS,
  type WebApp,
} from '../support/browser.js';

/**
 * A caseworker of Aarhus (751) in the browser: logs in through the development login, lands on
 * the working list, registers a first contact and finds it there; bad input is shown in Danish
 * by the right field and saves nothing; a double click or a lost answer creates one course.
 */
describe('caseworker in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  const today = danishToday();

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** The courses of 751 as the API has them (a manager's view, not the page's). */
  async function coursesOf751(): Promise<number> {
    const res = await web.sut.http
      .get('/api/v1/courses?municipality=751')
      .set('Authorization', await web.sut.bearer({ roles: ['manager'], municipalities: ['751'] }));
    expect(res.status).toBe(200);
    return res.body.total as number;
  }

  async function fillValidForm(page: Page) {
    await page.getByLabel('Dato for henvendelsen').fill(`${today.day}.${today.month}.${today.year}`);
    await page.getByRole('radio', { name: 'Telefon' }).check();
    await page.getByRole('radio', { name: 'Forælder' }).check();
    await page
      .getByRole('group', { name: /tydeligt, at barnet er i målgruppen/ })
      .getByRole('radio', { name: 'Ja' })
      .check();
    await page.getByRole('checkbox', { name: 'Bekymring og angst' }).check();
  }

  it('logs in, lands on the working list, registers a first contact and sees it there', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url);
      await page.waitForURL(/\/arbejdsliste/);
      await page.getByRole('heading', { name: 'Arbejdsliste', level: 1 }).waitFor();
      expect(await page.getByTestId('user').textContent()).toContain('Sara Sagsbehandler');
      await page.getByTestId('authority').filter({ hasText: 'Aarhus' }).waitFor();
      await expect(page.getByText('Der er ingen forløb med en løbende frist')).toBeTruthy();

      await page.getByRole('link', { name: 'Ny henvendelse' }).click();
      await page.getByRole('heading', { name: 'Ny henvendelse', level: 1 }).waitFor();
      await fillValidForm(page);
      await page.getByRole('button', { name: 'Opret forløb' }).click();

      await page.waitForURL(/\/arbejdsliste\?municipality=751/);
      await page.getByTestId('toast').filter({ hasText: 'Henvendelsen er registreret' }).waitFor();
      const table = page.getByTestId('worklist-table');
      await table.waitFor();
      // One course, two running clocks: the pre-conversation within 14 days and the screening within 30.
      expect(await table.locator('tbody tr').count()).toBe(2);
      expect(await table.textContent()).toContain('Forsamtale inden for 14 dage');
      expect(await table.textContent()).toContain('Screening inden for 30 dage');
      expect(await table.textContent()).toContain('14 dage');
      expect(await page.getByTestId('flag-chips').textContent()).toContain('Mangler CPR (2)');
      expect(await coursesOf751()).toBe(1);

      // The filter lives in the URL.
      await page.getByRole('button', { name: 'Mangler CPR (2)' }).click();
      await page.waitForURL(/flag=missing_cpr/);
      await page.getByLabel('Servicemål').selectOption('screening_30d');
      await page.waitForURL(/target=screening_30d/);
      expect(await table.locator('tbody tr').count()).toBe(1);
      await page.reload();
      await page.getByTestId('worklist-table').waitFor();
      expect(await page.getByTestId('worklist-table').locator('tbody tr').count()).toBe(1);

      // CSV made in the browser from the same rows.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent som CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`arbejdsliste-751-${today.iso}.csv`);
      const text = await (await download.createReadStream()).toArray();
      const csv = Buffer.concat(text).toString('utf8');
      expect(csv.split('\r\n')[0]).toBe(
        '\uFEFFForløb;Servicemål;Frist;Dage tilbage;Henvendelse;Fristen regnes fra;Næste planlagte;Ansvarlig behandler;Markeringer',
      );
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
      expect(csv).toContain('Screening inden for 30 dage');
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the API’s validation in Danish next to each field and in the summary, and saves nothing', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url);
      const before = await coursesOf751();
      await page.goto(web.url + '/ny-henvendelse');
      await page.getByRole('radio', { name: 'Telefon' }).check();
      await page.getByLabel('Barnets CPR-nummer').fill('12345');
      await page.getByRole('button', { name: 'Opret forløb' }).click();

      const summary = page.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Der er problemer med det, du har indtastet');
      // Each message sits in its field's group, read out with the field (aria-describedby).
      const date = page.getByLabel('Dato for henvendelsen');
      expect(await date.getAttribute('aria-invalid')).toBe('true');
      const dateError = page.locator(`#${await date.getAttribute('id')}-error`);
      expect(await dateError.textContent()).toBe('Fejl: Skriv en gyldig dato.');
      expect(await page.locator('#f-firstContact-contactedBy-error').textContent()).toBe('Fejl: Vælg en af mulighederne.');
      expect(await page.locator('#f-cpr-error').textContent()).toBe('Fejl: Skriv et gyldigt CPR-nummer med 10 cifre (DDMMÅÅ-XXXX).');
      // The channel was given: no error there.
      expect(await page.locator('#f-firstContact-channel-error').count()).toBe(0);
      // Never the service's English message.
      expect(await page.locator('main').textContent()).not.toMatch(/must be|YYYY-MM-DD/);
      // The summary links to the field.
      await summary.getByRole('link', { name: /Dato for henvendelsen/ }).click();
      expect(await isFocused(date)).toBe(true);
      await screenshot(page, 'ny-henvendelse-fejl-1280');
      expect(await coursesOf751()).toBe(before);

      // A date after today is the service's own rule, shown by the date field too.
      const [y, m, d] = today.iso.split('-').map(Number);
      const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).split('-').reverse().join('.');
      await page.getByLabel('Barnets CPR-nummer').fill('');
      await fillValidForm(page);
      await date.fill(tomorrow);
      await page.getByRole('button', { name: 'Opret forløb' }).click();
      await page.locator('#f-firstContact-date-error').filter({ hasText: 'Henvendelsen kan ikke ligge efter i dag.' }).waitFor();
      expect(await coursesOf751()).toBe(before);
    } finally {
      await context.close();
    }
  });

  it('creates one course on a double click', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url);
      const before = await coursesOf751();
      await page.goto(web.url + '/ny-henvendelse');
      await fillValidForm(page);
      const posts: Request[] = [];
      page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/courses') && posts.push(r));
      await page.getByRole('button', { name: 'Opret forløb' }).dblclick();
      await page.waitForURL(/\/arbejdsliste/);
      await page.getByTestId('worklist-table').waitFor();
      expect(await coursesOf751()).toBe(before + 1);
      expect(posts.length).toBeGreaterThanOrEqual(1);
      const keys = new Set(await Promise.all(posts.map((p) => p.headerValue('idempotency-key'))));
      expect(keys.size).toBe(1);
      expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await context.close();
    }
  });

  it('creates one course when the answer is lost and the caseworker submits again (same Idempotency-Key)', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url);
      const before = await coursesOf751();
      await page.goto(web.url + '/ny-henvendelse');
      await fillValidForm(page);
      const keys: (string | null)[] = [];
      let lose = true;
      await page.route('**/api/v1/courses', async (route) => {
        keys.push(await route.request().headerValue('idempotency-key'));
        const response = await route.fetch(); // the service handles it ...
        if (lose) {
          lose = false;
          await route.abort('connectionreset'); // ... but the browser never hears back
        } else {
          await route.fulfill({ response });
        }
      });
      await page.getByRole('button', { name: 'Opret forløb' }).click();
      await page.getByTestId('error-summary').filter({ hasText: 'Tjenesten kunne ikke nås' }).waitFor();
      expect(await coursesOf751()).toBe(before + 1);
      await page.getByRole('button', { name: 'Opret forløb' }).click();
      await page.waitForURL(/\/arbejdsliste/);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBe(keys[1]);
      expect(await coursesOf751()).toBe(before + 1);
    } finally {
      await context.close();
    }
  });

  it('works with the keyboard alone: log in, register a first contact, reach the working list', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(web.url + '/');
      await page.getByRole('heading', { name: 'Udviklingslogin' }).waitFor();
      await tabTo(page, page.getByLabel('Navn'));
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('Kim Tastatur');
      await tabTo(page, page.getByRole('button', { name: 'Log ind som udvikler' }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Arbejdsliste', level: 1 }).waitFor();
      const before = await coursesOf751();

      // From the top of a page, the skip link comes first.
      await page.reload();
      await page.getByRole('heading', { name: 'Arbejdsliste', level: 1 }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Gå til sidens indhold');
      await tabTo(page, page.getByRole('link', { name: 'Ny henvendelse' }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Ny henvendelse', level: 1 }).waitFor();

      await tabTo(page, page.getByLabel('Dato for henvendelsen'));
      await page.keyboard.type(`${today.day}.${today.month}.${today.year}`);
      await tabTo(page, page.getByRole('radio', { name: 'Telefon' }));
      await page.keyboard.press('Space');
      await tabTo(page, page.getByRole('radio', { name: 'Barnet eller den unge selv' }));
      await page.keyboard.press('Space');
      // Within a radio group the arrow keys choose: Tab reaches "Ja", ArrowDown moves to "Nej".
      await tabTo(page, page.getByRole('radio', { name: 'Ja' }));
      await page.keyboard.press('ArrowDown');
      expect(await page.getByRole('radio', { name: 'Nej' }).isChecked()).toBe(true);
      await tabTo(page, page.getByRole('button', { name: 'Opret forløb' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/arbejdsliste/);
      await page.getByTestId('worklist-table').waitFor();
      expect(await coursesOf751()).toBe(before + 1);
    } finally {
      await context.close();
    }
  });

  it.each(Object.entries(WIDTHS))(
    'has no serious accessibility violation on any screen, at %s width, and saves screenshots',
    async (name, width) => {
      const { context, page } = await newPage(browser, width);
      try {
        const screens: [string, () => Promise<void>][] = [
          [
            'udviklingslogin',
            async () =>
              void (await page.goto(web.url + '/udviklingslogin'), await page.getByRole('heading', { name: 'Udviklingslogin' }).waitFor()),
          ],
          [
            'tilgaengelighed',
            async () =>
              void (
                await page.goto(web.url + '/tilgaengelighed'),
                await page.getByRole('heading', { name: 'Tilgængelighedserklæring', level: 1 }).waitFor()
              ),
          ],
          [
            'arbejdsliste',
            async () => {
              await devLogin(page, web.url);
              await page.getByTestId('worklist-count').waitFor();
            },
          ],
          [
            'ny-henvendelse',
            async () =>
              void (
                await page.getByRole('link', { name: 'Ny henvendelse' }).click(),
                await page.getByRole('heading', { name: 'Ny henvendelse', level: 1 }).waitFor()
              ),
          ],
          [
            'ny-henvendelse-fejl',
            async () =>
              void (await page.getByRole('button', { name: 'Opret forløb' }).click(), await page.getByTestId('error-summary').waitFor()),
          ],
          [
            'forloeb',
            async () =>
              void (
                await page.getByRole('link', { name: 'Forløb', exact: true }).click(),
                await page.getByTestId('courses-total').waitFor()
              ),
          ],
          [
            'logget-af',
            async () =>
              void (
                await page.getByRole('button', { name: 'Log af' }).first().click(),
                await page.getByRole('heading', { name: 'Du er logget af' }).waitFor()
              ),
          ],
        ];
        const violations: string[] = [];
        for (const [screen, open] of screens) {
          await open();
          await screenshot(page, `${screen}-${width}`);
          violations.push(...(await seriousAxeViolations(page)).map((v) => `${screen}: ${v}`));
        }
        expect(violations).toEqual([]);
        expect(pageErrors(page)).toEqual([]);
        expect(name).toBeTruthy();
      } finally {
        await context.close();
      }
    },
  );

  it('keeps the Swagger UI at /docs working under its own Content-Security-Policy', async () => {
    const { context, page } = await newPage(browser);
    try {
      const refused: string[] = [];
      page.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && refused.push(m.text()));
      await page.goto(web.url + '/docs');
      await page.locator('.swagger-ui .opblock').first().waitFor();
      expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(20);
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
