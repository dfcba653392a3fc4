import type { Browser } from 'playwright-core';
import { devLogin, launchBrowser, newPage, startWebApp, type WebApp } from '../support/browser.js';

/**
 * "Session udløber": the front warns before the token runs out, a renewal keeps the user where
 * they are, and when it has run out what they typed is still there after logging in again.
 * The page's clock is driven by Playwright; the token itself is real (8 hours, as minted).
 */
describe('session expiry in the browser', () => {
  let browser: Browser;
  let web: WebApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('warns two minutes before the end, renews on request, and keeps unsaved input across an expiry', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.clock.install();
      await devLogin(page, web.url);
      await page.getByRole('link', { name: 'Ny henvendelse' }).click();
      await page.getByLabel('Dato for henvendelsen').fill('02.03.2026');
      await page.getByRole('radio', { name: 'E-mail' }).check();
      await page.getByLabel('Barnets CPR-nummer').fill('0505149996');

      // 8 hours minus 3 minutes: no warning yet; at minus 2 minutes, the warning.
      await page.clock.fastForward('07:57:00');
      expect(await page.getByTestId('session-expiry').count()).toBe(0);
      await page.clock.fastForward('01:05');
      const dialog = page.getByRole('dialog', { name: 'Din session udløber snart' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Du bliver logget af om 2 minutter');

      // Renewing: a new token, the dialog goes, the form is untouched.
      await dialog.getByRole('button', { name: 'Forlæng session' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await page.getByLabel('Dato for henvendelsen').inputValue()).toBe('02.03.2026');

      // Let the renewed session run out: the login page says so.
      await page.clock.fastForward('08:00:30');
      await page.getByRole('heading', { name: 'Din session er udløbet' }).waitFor();

      // Logging in again brings back what was typed, except the CPR number, which is never stored in the browser.
      await page.getByRole('button', { name: 'Log ind' }).click();
      await page.getByRole('button', { name: 'Log ind som udvikler' }).click();
      await page.waitForURL(/\/ny-henvendelse/);
      await page.getByText('Det, du havde skrevet før, er hentet frem igen.').waitFor();
      expect(await page.getByLabel('Dato for henvendelsen').inputValue()).toBe('02.03.2026');
      expect(await page.getByRole('radio', { name: 'E-mail' }).isChecked()).toBe(true);
      expect(await page.getByLabel('Barnets CPR-nummer').inputValue()).toBe('');
      expect(JSON.stringify(await page.evaluate('Object.entries(sessionStorage)'))).not.toContain('0505149996');

      // An explicit log-out forgets the draft.
      await page.getByRole('button', { name: 'Log af' }).click();
      await page.getByRole('heading', { name: 'Du er logget af' }).waitFor();
      expect(JSON.stringify(await page.evaluate('Object.entries(sessionStorage)'))).not.toContain('02.03.2026');
    } finally {
      await context.close();
    }
  });
});
