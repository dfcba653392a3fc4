import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { WEB_DIST } from '../../src/web/web.module.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

/**
 * Browser tests drive Debian's Chromium with playwright-core against the real service on a free
 * loopback port, its own database, and the built front (web/dist, built by the project's
 * global set-up). A missing browser is a failure, never a skip.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
export const WIDTHS = { desktop: 1280, tablet: 768 } as const;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=da-DK',
    ],
  });
}

export interface WebApp {
  sut: TestApp;
  url: string;
  close(): Promise<void>;
}

/** The whole service with the built front, listening on a free port of 127.0.0.1. */
export async function startWebApp(options: TestAppOptions = {}): Promise<WebApp> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is not built (the browser project’s global set-up builds it)');
  const sut = await startTestApp({ webRoot: WEB_DIST, ...options });
  await sut.app.listen(0, '127.0.0.1');
  const url = (await sut.app.getUrl()).replace('[::1]', '127.0.0.1');
  return { sut, url, close: () => sut.close() };
}

/** A fresh context (own storage) in Danish, in Danish time, at a given width. */
export async function newPage(browser: Browser, width: number = WIDTHS.desktop): Promise<{ context: BrowserContext; page: Page }> {
  // axe needs a context of its own (browser.newContext), not the default one.
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  uncaught.set(page, errors);
  return { context, page };
}

const uncaught = new WeakMap<Page, string[]>();

/** Uncaught errors of the page's scripts since it opened. */
export const pageErrors = (page: Page) => uncaught.get(page) ?? [];

/** Whether the element has the keyboard focus. */
export const isFocused = (target: Locator) => target.evaluate((el) => el === el.ownerDocument.activeElement);

/** Logs in through the development login page (the app redirects there from any page). */
export async function devLogin(page: Page, url: string, who: { name?: string; roles?: string[]; municipalities?: string } = {}) {
  await page.goto(url + '/');
  await page.getByRole('heading', { name: 'Udviklingslogin' }).waitFor();
  await page.getByLabel('Navn').fill(who.name ?? 'Sara Sagsbehandler');
  const roles = who.roles ?? ['caseworker'];
  for (const [role, label] of Object.entries({
    caseworker: 'Sagsbehandler',
    manager: 'Leder',
    evaluator: 'Evaluator',
    admin: 'Administrator',
  })) {
    await page.getByRole('checkbox', { name: label, exact: true }).setChecked(roles.includes(role));
  }
  await page.getByLabel('Kommune').fill(who.municipalities ?? '751');
  await page.getByRole('button', { name: 'Log ind som udvikler' }).click();
  await page.getByTestId('user').waitFor();
}

/** Saves a screenshot as a test artefact (test-results/screenshots/<name>.png); not a pixel baseline. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe with WCAG 2.0/2.1 A and AA rules: the serious and critical violations, as readable lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab until `target` has the focus, proving it is reachable by keyboard. */
export async function tabTo(page: Page, target: Locator, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reached by ${maxPresses} presses of Tab: ${target}`);
}

/** Today's Danish local date, as the service counts it. */
export function danishToday(): { iso: string; day: string; month: string; year: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return { iso: `${parts.year}-${parts.month}-${parts.day}`, day: parts.day, month: parts.month, year: parts.year };
}
