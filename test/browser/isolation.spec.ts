import type { Browser } from 'playwright-core';
import { danishToday, devLogin, launchBrowser, newPage, startWebApp, type WebApp } from '../support/browser.js';

/** A caseworker of Copenhagen (101) sees nothing of Aarhus (751) anywhere in the front. */
describe('tenant isolation in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  const today = danishToday();
  const CPR_751 = '0505149996';

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    // Aarhus has two courses, one with a CPR number; Copenhagen has one.
    const create = async (municipalityCode: string, cpr?: string) => {
      const res = await web.sut.http
        .post('/api/v1/courses')
        .set('Authorization', await web.sut.bearer({ roles: ['caseworker'], municipalities: [municipalityCode] }))
        .send({
          municipalityCode,
          firstContact: { date: today.iso, channel: 'phone', contactedBy: 'parent' },
          clearlyInTargetGroup: true,
          ...(cpr ? { cpr } : {}),
        });
      expect(res.status).toBe(201);
    };
    await create('751', CPR_751);
    await create('751');
    await create('101');
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows a caseworker of 101 only 101 in the working list, the course list, a CPR search and a direct URL', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url, { name: 'Kasper København', municipalities: '101' });
      await page.getByTestId('authority').filter({ hasText: 'København' }).waitFor();
      expect(await page.getByTestId('authority').textContent()).not.toContain('Aarhus');

      // Working list: the one course of 101 (two clocks).
      await page.getByTestId('worklist-table').waitFor();
      expect(await page.getByTestId('worklist-table').locator('tbody tr').count()).toBe(2);

      // A direct URL naming 751 shows 101's list, not 751's.
      await page.goto(web.url + '/arbejdsliste?municipality=751');
      await page.getByTestId('worklist-table').waitFor();
      expect(await page.getByTestId('worklist-table').locator('tbody tr').count()).toBe(2);
      expect(await page.locator('main').textContent()).not.toContain('Aarhus');

      // Course list: 101's one course.
      await page.goto(web.url + '/forloeb');
      await page.getByTestId('courses-total').filter({ hasText: '1 forløb' }).waitFor();
      expect(await page.getByTestId('courses-table').textContent()).toContain('København');
      expect(await page.getByTestId('courses-table').textContent()).not.toContain('Aarhus');

      // A direct URL filtering on 751 finds nothing.
      await page.goto(web.url + '/forloeb?municipality=751');
      await page.getByTestId('courses-total').filter({ hasText: '0 forløb' }).waitFor();

      // Searching by the CPR of a child of 751 finds nothing, and the CPR never reaches the URL.
      await page.goto(web.url + '/forloeb');
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.getByRole('textbox', { name: /^CPR-nummer/ }).fill('050514-9996');
      await page.getByLabel('Formål med opslaget').fill('Test af adgang');
      await page.getByRole('button', { name: 'Søg' }).click();
      await page.getByTestId('courses-total').filter({ hasText: '0 forløb' }).waitFor();
      expect(page.url()).not.toMatch(/050514|0505149996/);
      expect(requests.some((u) => /050514|0505149996/.test(u))).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('finds the child of 751 by CPR for a caseworker of 751 (the search works; isolation is not emptiness)', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url, { name: 'Anne Aarhus', municipalities: '751' });
      await page.goto(web.url + '/forloeb');
      await page.getByTestId('courses-total').filter({ hasText: '2 forløb' }).waitFor();
      await page.getByRole('textbox', { name: /^CPR-nummer/ }).fill('050514-9996');
      await page.getByRole('button', { name: 'Søg' }).click();
      // A CPR search needs its purpose, asked for by the field before anything is sent.
      await page.locator('#f-purpose-error').filter({ hasText: 'Skriv formålet med opslaget.' }).waitFor();
      const sent: { cpr: string | null; purpose: string | null }[] = [];
      page.on('request', async (r) => {
        if (r.url().includes('/api/v1/courses'))
          sent.push({ cpr: await r.headerValue('x-cpr'), purpose: await r.headerValue('x-purpose') });
      });
      await page.getByLabel('Formål med opslaget').fill('Opfølgning på henvendelse');
      await page.getByRole('button', { name: 'Søg' }).click();
      await page.getByTestId('courses-total').filter({ hasText: '1 forløb' }).waitFor();
      expect(sent.at(-1)).toEqual({ cpr: '050514-9996', purpose: 'Opfølgning på henvendelse' });
      expect(page.url()).not.toMatch(/050514/);
      // A malformed CPR is the service's rule, shown by the field in Danish.
      await page.getByRole('textbox', { name: /^CPR-nummer/ }).fill('1234');
      await page.getByRole('button', { name: 'Søg' }).click();
      await page.locator('#f-cpr-error').filter({ hasText: 'Skriv et gyldigt CPR-nummer' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
