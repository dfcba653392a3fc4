import type { Browser } from 'playwright-core';
import { danishToday, devLogin, launchBrowser, newPage, startWebApp, type WebApp } from '../support/browser.js';

/** A long working list draws its 100 most urgent rows first; the counts, chips and CSV cover all of them. */
describe('a long working list in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  const COURSES = 55; // clearly in the target group: two running clocks each, 110 rows

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const authorization = await web.sut.bearer({ roles: ['caseworker'], municipalities: ['751'] });
    const today = danishToday().iso;
    for (let n = 0; n < COURSES; n++) {
      await web.sut.http
        .post('/api/v1/courses')
        .set('Authorization', authorization)
        .send({
          municipalityCode: '751',
          firstContact: { date: today, channel: 'phone', contactedBy: 'parent' },
          clearlyInTargetGroup: true,
        })
        .expect(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows 100 rows, then the rest on request, with counts and CSV of all', async () => {
    const { context, page } = await newPage(browser);
    try {
      await devLogin(page, web.url);
      const rows = page.getByTestId('worklist-table').locator('tbody tr');
      await page.getByTestId('worklist-shown').filter({ hasText: 'Viser de 100 første af 110.' }).waitFor();
      expect(await rows.count()).toBe(100);
      expect(await page.getByTestId('worklist-count').textContent()).toContain('110 frister');
      expect(await page.getByTestId('flag-chips').textContent()).toContain('Mangler CPR (110)');
      // The rows shown are the soonest deadlines: every pre-conversation (14 days) before any screening (30 days).
      expect(await rows.nth(54).textContent()).toContain('Forsamtale inden for 14 dage');
      expect(await rows.nth(55).textContent()).toContain('Screening inden for 30 dage');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent som CSV' }).click()]);
      const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(111);

      await page.getByRole('button', { name: 'Vis 10 mere' }).click();
      expect(await rows.count()).toBe(110);
      expect(await page.getByTestId('worklist-shown').count()).toBe(0);

      // A new filter starts from the top again.
      await page.getByLabel('Servicemål').selectOption('screening_30d');
      await page.waitForURL(/target=screening_30d/);
      expect(await rows.count()).toBe(55);
    } finally {
      await context.close();
    }
  });
});
