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
import { dayOffset } from '../support/dates.js';
import { courseFactory, cprFor, pre, screening, treatment } from '../support/fixtures.js';

/**
 * A manager of Aarhus (751) sets the municipality's own service targets in the browser, in
 * versions, and reads the audit trail of it; every manager's screen has no serious
 * accessibility violation at 1280 and 768 px (screenshots saved as artefacts).
 */
describe('a manager’s own targets and audit trail in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  let manager: string;
  const SUB = 'dev-mona-leder';

  async function api(path: string, authorization = manager) {
    const res = await web.sut.http.get(path).set('Authorization', authorization);
    expect(res.status).toBe(200);
    return res.body;
  }
  const login = (page: Page) => devLogin(page, web.url, { name: 'Mona Leder', roles: ['manager'], municipalities: '751' });

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    manager = await web.sut.bearer({ sub: SUB, roles: ['manager'], municipalities: ['751'] });
    const courses = courseFactory(web.sut, await web.sut.bearer({ sub: 'cw', roles: ['caseworker'], municipalities: ['751'] }));
    await courses.newCourse({
      firstContact: dayOffset(-60),
      cpr: cprFor('2013-04-04', 'female'),
      contacts: [pre(dayOffset(-50)), screening(dayOffset(-40)), treatment(dayOffset(-20))],
    });
    // Another municipality's change, which a manager of 751 must not see in the trail.
    await web.sut.http
      .put('/api/v1/municipalities/101/service-targets')
      .set('Authorization', await web.sut.bearer({ sub: 'kbh-leder', roles: ['manager'], municipalities: ['101'] }))
      .send({ targets: [{ name: 'behandling_30d', kind: 'treatment_start_after_screening', limitDays: 30, validFrom: '2024-01-01' }] })
      .expect(200);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('sets a target, gives it a new version, removes the old one; bad input gets Danish messages and changes nothing', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page);
      await page.getByRole('link', { name: 'Kommunens servicemål', exact: true }).click();
      await page.getByRole('heading', { name: 'Kommunens servicemål', level: 1 }).waitFor();
      await page.getByTestId('national-targets').locator('tbody tr').first().waitFor();
      expect(await page.getByTestId('national-targets').locator('tbody tr').count()).toBe(
        (await api('/api/v1/municipalities/751/service-targets')).national.length,
      );
      await page.getByTestId('municipal-targets-none').waitFor();

      // Bad input: the service's rules by the fields, in Danish; nothing is stored.
      const form = page.getByTestId('target-form');
      await form.getByLabel('Navn', { exact: true }).fill('Behandling 21');
      await form.getByLabel('Grænse i dage').fill('ti');
      await page.getByTestId('save-targets').click();
      await page.getByTestId('error-summary').waitFor();
      expect(await page.locator('#f-name-error').textContent()).toBe(
        'Fejl: Brug 3–63 tegn: små bogstaver, tal og _, og begynd med et bogstav.',
      );
      expect(await page.locator('#f-kind-error').textContent()).toMatch(/^Fejl: /);
      expect(await page.locator('#f-limitDays-error').textContent()).toMatch(/^Fejl: /);
      expect(await page.locator('#f-validFrom-error').textContent()).toMatch(/^Fejl: /);
      expect((await api('/api/v1/municipalities/751/service-targets')).municipal).toEqual([]);

      // A target from the start of the offer.
      await form.getByLabel('Navn', { exact: true }).fill('behandling_21d');
      await form.getByLabel('Slags mål').selectOption('treatment_start_after_screening');
      await form.getByLabel('Grænse i dage').fill('21');
      await form.getByLabel('Gælder fra henvendelsesdato').fill('01.01.2024');
      await page.getByTestId('save-targets').click();
      const table = page.getByTestId('municipal-targets');
      await table.locator('tbody tr').first().waitFor();
      expect(await table.locator('tbody tr').count()).toBe(1);
      expect(await table.textContent()).toContain('21 dage');

      // A second version of it from 2026: the first one stays for the courses before.
      await form.getByLabel('Navn', { exact: true }).fill('behandling_21d');
      await form.getByLabel('Slags mål').selectOption('treatment_start_after_screening');
      await form.getByLabel('Grænse i dage').fill('14');
      await form.getByLabel('Gælder fra henvendelsesdato').fill('01.01.2026');
      await page.getByTestId('save-targets').click();
      await table.locator('tbody tr').nth(1).waitFor();
      const stored = (await api('/api/v1/municipalities/751/service-targets')).municipal;
      expect(stored.map((v: { name: string; limitDays: number; validFrom: string }) => [v.name, v.limitDays, v.validFrom])).toEqual([
        ['behandling_21d', 21, '2024-01-01'],
        ['behandling_21d', 14, '2026-01-01'],
      ]);
      expect(stored.every((v: { createdBy: string }) => v.createdBy === SUB)).toBe(true);

      // The same date again is the service's rule, shown by the start date.
      await form.getByLabel('Navn', { exact: true }).fill('behandling_21d');
      await form.getByLabel('Slags mål').selectOption('treatment_start_after_screening');
      await form.getByLabel('Grænse i dage').fill('10');
      await form.getByLabel('Gælder fra henvendelsesdato').fill('01.01.2026');
      await page.getByTestId('save-targets').click();
      await page.locator('#f-validFrom-error').filter({ hasText: 'Målet har allerede en version fra den dato.' }).waitFor();
      expect((await api('/api/v1/municipalities/751/service-targets')).municipal).toHaveLength(2);

      // Removing the first version leaves the second.
      await page.getByRole('button', { name: 'Fjern behandling_21d fra 01.01.2024' }).click();
      await table.locator('tbody tr').nth(1).waitFor({ state: 'detached' });
      expect(await table.locator('tbody tr').count()).toBe(1);
      const after = (await api('/api/v1/municipalities/751/service-targets')).municipal;
      expect(after.map((v: { limitDays: number; validFrom: string }) => [v.limitDays, v.validFrom])).toEqual([[14, '2026-01-01']]);

      // The target is reported on Servicemål beside the national ones.
      await page.getByRole('link', { name: 'Servicemål', exact: true }).click();
      await page.getByTestId('target-behandling_21d').waitFor();
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reads the audit trail of the municipality, filtered, as the API has it, and nothing of another municipality', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page);
      await page.getByRole('link', { name: 'Revisionsspor', exact: true }).click();
      await page.getByRole('heading', { name: 'Revisionsspor', level: 1 }).waitFor();
      await page.getByTestId('audit-total').waitFor();
      // A manager of one municipality has no municipality to choose.
      expect(await page.locator('#audit-municipality').count()).toBe(0);

      await page.getByLabel('Hvad', { exact: true }).selectOption('service_targets');
      await page.getByLabel('Bruger (subjekt)').fill(SUB);
      await page.getByRole('button', { name: 'Søg' }).click();
      await page.waitForURL(/resourceType=service_targets/);
      expect(new URL(page.url()).searchParams.get('actor')).toBe(SUB);
      const filtered = await api(`/api/v1/audit?resourceType=service_targets&actor=${SUB}`);
      // The three stored changes of the first test (a change refused by a rule is refused before it is made).
      expect(filtered.total).toBe(3);
      await page.getByTestId('audit-total').filter({ hasText: '3 hændelser' }).waitFor();
      const rows = await page.getByTestId('audit-table').locator('tbody tr').allTextContents();
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(row).toMatch(/dev-mona-leder.*Ændret.*Servicemål751.*Gennemført/);

      // Everything on service targets: Aarhus's, never Copenhagen's (which the administrator sees).
      await page.getByLabel('Bruger (subjekt)').fill('');
      await page.getByRole('button', { name: 'Søg' }).click();
      await page.waitForURL((url) => !url.searchParams.has('actor'));
      await page.getByTestId('audit-total').filter({ hasText: '3 hændelser' }).waitFor();
      expect(await page.getByTestId('audit-table').textContent()).not.toContain('kbh-leder');
      const admin = await web.sut.bearer({ sub: 'ada', roles: ['admin'], municipalities: [] });
      expect((await api('/api/v1/audit?resourceType=service_targets', admin)).total).toBe(4);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(Object.entries(WIDTHS))('has no serious accessibility violation on a manager’s screens at %s width', async (_name, width) => {
    const { context, page } = await newPage(browser, width);
    try {
      await login(page);
      const screens: [string, string, () => Promise<unknown>][] = [
        ['servicemaal', '/servicemaal', () => page.locator('[data-testid^="monthly-"] svg').first().waitFor()],
        ['flow', '/flow', () => page.locator('[data-testid="flow-funnel-chart"] svg').waitFor()],
        ['indikatorer-leder', '/indikatorer', () => page.locator('[data-testid="indicators-chart"] svg').waitFor()],
        ['kommunens-servicemaal', '/kommunens-servicemaal', () => page.getByTestId('national-targets').waitFor()],
        ['revisionsspor-leder', '/revisionsspor', () => page.getByTestId('audit-table').waitFor()],
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
  });
});
