import type { Browser, Locator, Page } from 'playwright-core';
import { dayOffset } from '../support/dates.js';
import {
  devLogin,
  isFocused,
  launchBrowser,
  newPage,
  pageErrors,
  screenshot,
  seriousAxeViolations,
  startWebApp,
  tabTo,
  type WebApp,
} from '../support/browser.js';

/** The development login's subject for a name (src/dev-login/dev-login.service.ts). */
const devSub = (name: string) => `dev-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/**
 * Ansvarlig behandler in the browser: a caseworker takes a course on the course page, sees it
 * under "Mine" on the working list and the course list (the filter in the URL), gives it up
 * again; a second session that read the course before is told someone else changed it and
 * loses nothing; axe and screenshots of the changed screens.
 */
describe('the responsible worker in the browser', () => {
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

  const api = () => web.sut.bearer({ sub: 'api-caseworker', roles: ['caseworker'], municipalities: ['751'] });

  async function newCourse(daysAgo = 3): Promise<string> {
    const res = await web.sut.http
      .post('/api/v1/courses')
      .set('Authorization', await api())
      .send({
        municipalityCode: '751',
        firstContact: { date: dayOffset(-daysAgo), channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function apiCourse(id: string) {
    const res = await web.sut.http.get(`/api/v1/courses/${id}`).set('Authorization', await api());
    expect(res.status).toBe(200);
    return res.body;
  }

  async function openCourse(page: Page, id: string) {
    await page.goto(`${web.url}/forloeb/${id}`);
    await page.getByTestId('course-title').waitFor();
  }

  async function save(page: Page, panel: Locator, toast: string) {
    await panel.getByRole('button', { name: 'Gem' }).click();
    await page.getByTestId('toast').filter({ hasText: toast }).first().waitFor();
    await panel.waitFor({ state: 'detached' });
  }

  async function axe(page: Page, name: string, found: string[]) {
    await screenshot(page, name);
    found.push(...(await seriousAxeViolations(page)).map((v) => `${name}: ${v}`));
  }

  const ref = (id: string) => id.slice(0, 8);
  const today = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' }).format(
    new Date(),
  );

  it('takes a course on the course page, finds it under "Mine" on the working list and the course list, and gives it up again', async () => {
    const { context, page } = await newPage(browser);
    const violations: string[] = [];
    try {
      const mine = await newCourse();
      const other = await newCourse();
      await devLogin(page, web.url, { name: 'Sara Sagsbehandler' });
      await openCourse(page, mine);
      const shown = page.getByTestId('responsible');
      expect(await shown.textContent()).toBe('Forløbet har ingen ansvarlig behandler.');

      // Take it: the form starts at "me", and the page shows the caller with today's date.
      await page.getByRole('button', { name: 'Skift ansvarlig behandler' }).click();
      const panel = page.getByTestId('form-responsible');
      expect(await panel.getByRole('radio', { name: 'Mig selv (Sara Sagsbehandler)' }).isChecked()).toBe(true);
      await axe(page, 'ansvarlig-formular-1280', violations);
      const sent: (string | null)[] = [];
      page.on('request', async (r) => r.url().endsWith('/responsible') && sent.push(`${r.method()} ${await r.headerValue('if-match')}`));
      const etag = (await apiCourse(mine)).etag as string;
      await save(page, panel, 'Ansvarlig behandler er gemt.');
      expect(sent).toEqual([`PUT ${etag}`]);
      expect(await shown.textContent()).toBe(`Sara Sagsbehandler, siden ${today} (dig)`);
      expect((await apiCourse(mine)).responsible).toMatchObject({ sub: devSub('Sara Sagsbehandler'), name: 'Sara Sagsbehandler' });
      await axe(page, 'ansvarlig-forloebsside-1280', violations);

      // The working list names her on both of the course's clocks; "Mine" keeps only hers, in the URL.
      await page.getByRole('link', { name: 'Arbejdsliste' }).click();
      const worklist = page.getByTestId('worklist-table');
      await worklist.waitFor();
      const rowsOf = (table: Locator, id: string) => table.locator('tbody tr').filter({ hasText: ref(id) });
      await rowsOf(worklist, mine).first().waitFor();
      expect(await rowsOf(worklist, mine).count()).toBe(2);
      for (const row of await rowsOf(worklist, mine).all()) expect(await row.textContent()).toContain('Sara Sagsbehandler');
      expect(await rowsOf(worklist, other).first().textContent()).toContain('Ingen');
      const chips = page.getByTestId('responsible-chips');
      expect(await chips.getByRole('button', { name: 'Alle' }).getAttribute('aria-pressed')).toBe('true');
      await chips.getByRole('button', { name: 'Mine' }).click();
      await page.waitForURL(/[?&]responsible=me\b/);
      // The list is read again with the filter (the table is away while it loads).
      await rowsOf(worklist, other).first().waitFor({ state: 'detached' });
      await rowsOf(worklist, mine).first().waitFor();
      expect(await rowsOf(worklist, mine).count()).toBe(2);
      expect(await worklist.locator('tbody tr').count()).toBe(2);
      expect(await chips.getByRole('button', { name: 'Mine' }).getAttribute('aria-pressed')).toBe('true');
      await axe(page, 'arbejdsliste-mine-1280', violations);
      // The filter survives a reload: it lives in the URL.
      await page.reload();
      await rowsOf(worklist, mine).first().waitFor();
      expect(await worklist.locator('tbody tr').count()).toBe(2);
      await chips.getByRole('button', { name: 'Uden ansvarlig' }).click();
      await page.waitForURL(/[?&]responsible=none\b/);
      await rowsOf(worklist, mine).first().waitFor({ state: 'detached' });
      await rowsOf(worklist, other).first().waitFor();
      expect(await rowsOf(worklist, mine).count()).toBe(0);

      // The course list: the column, and the same chips.
      await page.getByRole('link', { name: 'Forløb', exact: true }).click();
      const courses = page.getByTestId('courses-table');
      await courses.waitFor();
      await rowsOf(courses, mine).first().waitFor();
      expect(await rowsOf(courses, mine).textContent()).toContain('Sara Sagsbehandler');
      await page.getByTestId('responsible-chips').getByRole('button', { name: 'Mine' }).click();
      await page.waitForURL(/[?&]responsible=me\b/);
      await page
        .getByTestId('courses-total')
        .filter({ hasText: /^1 forløb$/ })
        .waitFor();
      expect(await rowsOf(courses, mine).count()).toBe(1);
      expect(await rowsOf(courses, other).count()).toBe(0);
      await axe(page, 'forloeb-mine-1280', violations);

      // Give it up again from the course page, reached from the list.
      await rowsOf(courses, mine)
        .getByRole('link', { name: ref(mine) })
        .click();
      await page.getByTestId('course-title').waitFor();
      await page.getByRole('button', { name: 'Skift ansvarlig behandler' }).click();
      expect(await panel.getByRole('radio', { name: 'Ingen ansvarlig behandler' }).isChecked()).toBe(true);
      await save(page, panel, 'Ansvarlig behandler er gemt.');
      expect(await shown.textContent()).toBe('Forløbet har ingen ansvarlig behandler.');
      expect((await apiCourse(mine)).responsible).toBeNull();

      // Both changes are in the audit trail, by her.
      const manager = await web.sut.bearer({ roles: ['manager'], municipalities: ['751'] });
      const audit = await web.sut.http.get(`/api/v1/audit?resourceId=${mine}`).set('Authorization', manager);
      const changes = audit.body.items
        .filter((e: { details: { fields?: string[] } | null }) => e.details?.fields?.includes('responsible'))
        .map((e: { actorSub: string; details: { responsible: unknown } }) => [e.actorSub, e.details.responsible]);
      const sara = devSub('Sara Sagsbehandler');
      expect(changes).toEqual(
        expect.arrayContaining([
          [sara, { from: null, to: sara }],
          [sara, { from: sara, to: null }],
        ]),
      );
      expect(violations).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells a second session that read the course before that someone else changed it, and saves its choice after a reload', async () => {
    const a = await newPage(browser);
    const b = await newPage(browser);
    try {
      const id = await newCourse();
      await devLogin(a.page, web.url, { name: 'Anne Andersen' });
      await devLogin(b.page, web.url, { name: 'Bo Berg' });
      await openCourse(a.page, id);
      await openCourse(b.page, id);

      await b.page.getByRole('button', { name: 'Skift ansvarlig behandler' }).click();
      const bPanel = b.page.getByTestId('form-responsible');
      await a.page.getByRole('button', { name: 'Skift ansvarlig behandler' }).click();
      await save(a.page, a.page.getByTestId('form-responsible'), 'Ansvarlig behandler er gemt.');

      await bPanel.getByRole('button', { name: 'Gem' }).click();
      const conflict = bPanel.getByTestId('conflict');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('Nogen anden har ændret forløbet');
      expect(await isFocused(conflict)).toBe(true);
      expect(await bPanel.getByRole('radio', { name: 'Mig selv (Bo Berg)' }).isChecked()).toBe(true);
      expect((await apiCourse(id)).responsible.name).toBe('Anne Andersen');
      await screenshot(b.page, 'ansvarlig-konflikt-1280');

      await conflict.getByRole('button', { name: 'Hent forløbet igen' }).click();
      await bPanel.getByTestId('reloaded').waitFor();
      expect(await b.page.getByTestId('responsible').textContent()).toContain('Anne Andersen');
      expect(await bPanel.getByRole('radio', { name: 'Mig selv (Bo Berg)' }).isChecked()).toBe(true);
      await save(b.page, bPanel, 'Ansvarlig behandler er gemt.');
      expect(await b.page.getByTestId('responsible').textContent()).toContain('Bo Berg');
      expect((await apiCourse(id)).responsible).toMatchObject({ sub: devSub('Bo Berg'), name: 'Bo Berg' });
      expect(pageErrors(a.page)).toEqual([]);
      expect(pageErrors(b.page)).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('works with the keyboard alone, at tablet width too, and is not offered on a course entered in error', async () => {
    const { context, page } = await newPage(browser, 768);
    const violations: string[] = [];
    try {
      const id = await newCourse();
      await devLogin(page, web.url, { name: 'Karl Keyboard' });
      await openCourse(page, id);
      const open = page.getByRole('button', { name: 'Skift ansvarlig behandler' });
      await tabTo(page, open);
      await page.keyboard.press('Enter');
      const panel = page.getByTestId('form-responsible');
      await panel.waitFor();
      await tabTo(page, panel.getByRole('button', { name: 'Gem' }));
      await page.keyboard.press('Enter');
      await page.getByTestId('responsible').filter({ hasText: 'Karl Keyboard' }).waitFor();
      await axe(page, 'ansvarlig-forloebsside-768', violations);

      await page.getByRole('link', { name: 'Arbejdsliste' }).click();
      const mineChip = page.getByTestId('responsible-chips').getByRole('button', { name: 'Mine' });
      await tabTo(page, mineChip);
      await page.keyboard.press('Enter');
      await page.waitForURL(/[?&]responsible=me\b/);
      await page.getByTestId('worklist-table').locator('tbody tr').first().waitFor();
      expect(await page.getByTestId('worklist-table').locator('tbody tr').count()).toBe(2);
      await axe(page, 'arbejdsliste-mine-768', violations);

      const withdrawn = await web.sut.http
        .post(`/api/v1/courses/${id}/entered-in-error`)
        .set('Authorization', await api())
        .send({ reason: 'Registreret to gange' });
      expect(withdrawn.status).toBe(200);
      await openCourse(page, id);
      expect(await page.getByTestId('responsible').textContent()).toContain('Karl Keyboard');
      expect(await page.getByRole('button', { name: 'Skift ansvarlig behandler' }).count()).toBe(0);
      expect(violations).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
