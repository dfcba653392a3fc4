import type { Browser, Locator, Page } from 'playwright-core';
import { dayOffset, todayDk } from '../support/dates.js';
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
  WIDTHS,
  type WebApp,
} from '../support/browser.js';

/** dd.mm.åååå, as dates are typed and shown in compact form. */
const dk = (iso: string) => iso.split('-').reverse().join('.');

/**
 * Forløbsside in the browser: a course logged from first contact to closure with the clocks and
 * the working list following; two sessions on one course (the second is told, and loses
 * nothing); the audited CPR reveal; recording a contact by keyboard alone; axe and screenshots.
 */
describe('the course page in the browser', () => {
  let browser: Browser;
  let web: WebApp;
  const today = todayDk();

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const caseworker = () => web.sut.bearer({ sub: 'api-caseworker', roles: ['caseworker'], municipalities: ['751'] });

  /** A course of 751 made through the API, `daysAgo` days after its first contact. */
  async function newCourse(options: { daysAgo?: number; cpr?: string; clearly?: boolean } = {}): Promise<string> {
    const res = await web.sut.http
      .post('/api/v1/courses')
      .set('Authorization', await caseworker())
      .send({
        municipalityCode: '751',
        firstContact: { date: dayOffset(-(options.daysAgo ?? 0)), channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: options.clearly ?? true,
        ...(options.cpr ? { cpr: options.cpr } : {}),
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function apiCourse(id: string) {
    const res = await web.sut.http.get(`/api/v1/courses/${id}`).set('Authorization', await caseworker());
    expect(res.status).toBe(200);
    return res.body;
  }

  const clock = (page: Page, target: string) => page.getByTestId('clocks').locator(`tr[data-target="${target}"]`);
  const timeline = (page: Page) => page.getByTestId('timeline');

  async function openCourse(page: Page, id: string) {
    await page.goto(`${web.url}/forloeb/${id}`);
    await page.getByTestId('course-title').waitFor();
  }

  /** Fills the open contact form (new or recording a planned one). */
  async function fillContact(
    panel: Locator,
    c: { type?: string; status: string; date?: string; outcome?: string; participants?: string; delivery?: string; programme?: string },
  ) {
    if (c.type) await panel.getByLabel('Samtaletype').selectOption({ label: c.type });
    await panel.getByRole('group', { name: 'Status' }).getByRole('radio', { name: c.status, exact: true }).check();
    if (c.date) await panel.getByLabel('Dato', { exact: true }).fill(c.date);
    if (c.outcome) await panel.getByRole('group', { name: 'Udfald' }).getByRole('radio', { name: c.outcome }).check();
    if (c.participants) await panel.getByRole('radio', { name: c.participants }).check();
    if (c.delivery) await panel.getByRole('radio', { name: c.delivery }).check();
    if (c.programme) await panel.getByLabel(/Program|Anbefalet program/).fill(c.programme);
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

  it('logs a course from first contact through pre-conversation, screening and treatment to closure, with the clocks and the working list following', async () => {
    const { context, page } = await newPage(browser);
    const violations: string[] = [];
    try {
      // First contact 12 days ago: two days left to hold the pre-conversation, 18 for the screening.
      const id = await newCourse({ daysAgo: 12 });
      await devLogin(page, web.url);
      const worklist = page.getByTestId('worklist-table');
      await worklist.waitFor();
      const rowsOf = () => worklist.locator('tbody tr').filter({ hasText: id.slice(0, 8) });
      expect(await rowsOf().count()).toBe(2);
      expect(await rowsOf().first().textContent()).toContain('Frist snart');

      // From the working list to the course page.
      await rowsOf()
        .first()
        .getByRole('link', { name: id.slice(0, 8) })
        .click();
      await page.waitForURL(new RegExp(`/forloeb/${id}$`));
      await page.getByRole('heading', { name: `Forløb ${id.slice(0, 8)}`, level: 1 }).waitFor();
      expect(await clock(page, 'pre_conversation_14d').textContent()).toContain('Inden for fristen');
      expect(await clock(page, 'pre_conversation_14d').textContent()).toContain('12 dage ventet · 2 dage tilbage');
      expect(await clock(page, 'pre_conversation_14d').textContent()).toContain(dk(dayOffset(2)));
      expect(await clock(page, 'screening_30d').textContent()).toContain('12 dage ventet · 18 dage tilbage');
      // Raw and adjusted side by side, each state in words.
      expect(await clock(page, 'pre_conversation_14d').locator('[data-side="adjusted"]').textContent()).toContain('Ingen udsættelse');
      expect(await page.getByText('Mangler CPR').count()).toBeGreaterThan(0);
      await axe(page, 'forloebsside-1280', violations);

      // A pre-conversation booked for today: planned, on the timeline, and on the working list.
      await page.getByRole('button', { name: 'Samtale', exact: true }).click();
      let panel = page.getByTestId('form-contact');
      await fillContact(panel, { type: 'Forsamtale', status: 'Planlagt', date: dk(today) });
      await save(page, panel, 'Samtalen er registreret.');
      const planned = timeline(page).locator('li[data-status="planned"]');
      await planned.waitFor();
      expect(await planned.textContent()).toContain('Forsamtale');
      expect(await planned.textContent()).toContain('Planlagt');

      // Held today, proceeding to screening: the first clock stops, met after 12 days.
      await planned.getByRole('button', { name: 'Registrér forsamtale' }).click();
      panel = page.getByTestId(/^form-record-/);
      await fillContact(panel, { status: 'Afholdt', outcome: 'Videre til screening' });
      await axe(page, 'forloebsside-registrer-samtale-1280', violations);
      await save(page, panel, 'Samtalen er registreret.');
      await clock(page, 'pre_conversation_14d').filter({ hasText: 'Overholdt' }).waitFor();
      expect(await clock(page, 'pre_conversation_14d').textContent()).toContain(`Afholdt ${dk(today)}, efter 12 dage`);
      expect(await timeline(page).locator('li[data-status="held"]').textContent()).toContain('Videre til screening');

      // The CPR number, added on the page: born 5 May 2014, a child below 15, so a custodial parent consents.
      await page.getByRole('button', { name: 'Tilføj CPR-nummer' }).click();
      panel = page.getByTestId('form-cpr');
      await panel.getByLabel('Barnets CPR-nummer').fill('050514-9996');
      await save(page, panel, 'CPR-nummeret er tilføjet.');
      await page.getByTestId('cpr').filter({ hasText: '050514-xxxx' }).waitFor();

      // A screening held today offering treatment: the second clock stops too.
      await page.getByRole('button', { name: 'Samtale', exact: true }).click();
      panel = page.getByTestId('form-contact');
      await fillContact(panel, {
        type: 'Screeningssamtale',
        status: 'Afholdt',
        date: dk(today),
        outcome: 'Tilbydes behandling',
        delivery: 'Individuelt',
        programme: 'Cool Kids',
      });
      await save(page, panel, 'Samtalen er registreret.');
      await clock(page, 'screening_30d').filter({ hasText: 'Overholdt' }).waitFor();

      // The working list has nothing left to chase for this course.
      await page.getByRole('link', { name: 'Arbejdsliste' }).click();
      await page.getByTestId('worklist-count').waitFor();
      // (The list read before may show for a moment while it is read again.)
      await page.getByRole('link', { name: id.slice(0, 8) }).waitFor({ state: 'detached' });
      expect(await page.locator('main').textContent()).not.toContain(id.slice(0, 8));
      await page.goBack();
      await page.getByTestId('course-title').waitFor();

      // Consent from a custodial parent (the child is 11), then a treatment session.
      await page.getByRole('button', { name: 'Samtykke', exact: true }).click();
      panel = page.getByTestId('form-consent');
      expect(await panel.textContent()).toContain('Forældremyndighedsindehaveren giver samtykke');
      await panel.getByRole('radio', { name: 'En forælder med forældremyndighed' }).check();
      await panel.getByRole('radio', { name: 'Behandling' }).check();
      await save(page, panel, 'Samtykket er registreret.');

      await page.getByRole('button', { name: 'Samtale', exact: true }).click();
      panel = page.getByTestId('form-contact');
      await fillContact(panel, {
        type: 'Behandling',
        status: 'Afholdt',
        date: dk(today),
        participants: 'Barnet deltog',
        delivery: 'Individuelt',
        programme: 'Cool Kids',
      });
      await save(page, panel, 'Samtalen er registreret.');
      expect(await timeline(page).textContent()).toContain('Behandling');
      expect(await page.locator('main').textContent()).not.toContain('Mangler samtykke til behandling');

      // Closed as completed.
      await page.getByRole('button', { name: 'Afslut forløb' }).click();
      panel = page.getByTestId('form-close');
      await panel.getByRole('radio', { name: 'Gennemført' }).check();
      await save(page, panel, 'Forløbet er afsluttet.');
      await page.getByTestId('course-status').filter({ hasText: 'Afsluttet' }).waitFor();
      expect(await timeline(page).locator('li[data-kind="closure"]').textContent()).toContain('Gennemført');
      expect(await page.getByRole('button', { name: 'Genåbn forløb' }).count()).toBe(1);
      await axe(page, 'forloebsside-afsluttet-1280', violations);

      const course = await apiCourse(id);
      expect(course.status).toBe('closed');
      expect(course.closure).toEqual({ date: today, time: null, reason: 'completed' });
      expect(course.contacts.map((c: { type: string; status: string }) => `${c.type}:${c.status}`)).toEqual([
        'first_contact:held',
        'pre_conversation:held',
        'screening:held',
        'treatment:held',
      ]);
      expect(course.consents).toHaveLength(1);
      expect(course.child.cprKnown).toBe(true);
      expect(course.targets.map((t: { state: string }) => t.state)).toEqual(['met', 'met']);
      expect(violations).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  /** A contact booked through the API for today (planned), as another caseworker would. */
  async function plannedContact(id: string, type = 'pre_conversation'): Promise<string> {
    const res = await web.sut.http
      .post(`/api/v1/courses/${id}/contacts`)
      .set('Authorization', await caseworker())
      .send({ type, date: today, status: 'planned' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('shows the service’s validation in Danish next to each field and in the summary, and saves nothing', async () => {
    const { context, page } = await newPage(browser);
    try {
      const id = await newCourse({ daysAgo: 1 });
      await devLogin(page, web.url);
      await openCourse(page, id);
      await page.getByRole('button', { name: 'Samtale', exact: true }).click();
      const panel = page.getByTestId('form-contact');
      await panel.getByRole('button', { name: 'Gem' }).click();
      const summary = panel.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Der er problemer med det, du har indtastet');
      expect(await panel.locator('#f-type-error').textContent()).toBe('Fejl: Vælg en af mulighederne.');
      expect(await panel.locator('#f-status-error').textContent()).toBe('Fejl: Vælg en af mulighederne.');
      expect(await panel.locator('#f-date-error').textContent()).toBe('Fejl: Skriv en gyldig dato.');
      expect(await panel.getByLabel('Samtaletype').getAttribute('aria-invalid')).toBe('true');
      // The summary links to the field.
      await summary.getByRole('link', { name: /Dato/ }).click();
      expect(await isFocused(panel.getByLabel('Dato', { exact: true }))).toBe(true);
      await screenshot(page, 'forloebsside-samtale-fejl-1280');

      // The service's own rules, by the field they concern: a booking cannot be made for yesterday.
      await fillContact(panel, { type: 'Forsamtale', status: 'Planlagt', date: dk(dayOffset(-1)) });
      await panel.getByRole('button', { name: 'Gem' }).click();
      await panel.locator('#f-date-error').filter({ hasText: 'En planlagt samtale kan ikke bookes før i dag.' }).waitFor();
      // A held treatment without participants, and without a screening that offered it.
      await fillContact(panel, { type: 'Behandling', status: 'Afholdt', date: dk(today) });
      await panel.getByRole('button', { name: 'Gem' }).click();
      await panel.locator('#f-participants-error').filter({ hasText: 'Vælg, hvem der deltog.' }).waitFor();
      expect(await page.locator('main').textContent()).not.toMatch(/must|cannot|KL requires/);
      expect((await apiCourse(id)).contacts).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('tells the second of two sessions that someone else changed the course, keeps what it typed, and saves it after a reload', async () => {
    const a = await newPage(browser);
    const b = await newPage(browser);
    try {
      const id = await newCourse({ daysAgo: 3 });
      const contactId = await plannedContact(id);
      await devLogin(a.page, web.url, { name: 'Anne Andersen' });
      await devLogin(b.page, web.url, { name: 'Bo Berg' });
      await openCourse(a.page, id);
      await openCourse(b.page, id);
      const etagRead = (await apiCourse(id)).etag as string;

      // B starts closing the course; meanwhile A records a referral.
      await b.page.getByRole('button', { name: 'Afslut forløb' }).click();
      const closing = b.page.getByTestId('form-close');
      await closing.getByRole('radio', { name: 'Familien takkede nej' }).check();
      await a.page.getByRole('button', { name: 'Henvisning', exact: true }).click();
      const referral = a.page.getByTestId('form-referral');
      await referral.getByRole('radio', { name: 'Egen læge' }).check();
      await save(a.page, referral, 'Henvisningen er registreret.');

      // B saves against what B read: the conflict message, and nothing lost.
      const sent: (string | null)[] = [];
      b.page.on('request', async (r) => r.url().endsWith('/close') && sent.push(await r.headerValue('if-match')));
      await closing.getByRole('button', { name: 'Gem' }).click();
      const conflict = closing.getByTestId('conflict');
      await conflict.waitFor();
      expect(sent).toEqual([etagRead]);
      expect(await conflict.textContent()).toContain('Nogen anden har ændret forløbet');
      expect(await isFocused(conflict)).toBe(true);
      expect(await closing.getByRole('radio', { name: 'Familien takkede nej' }).isChecked()).toBe(true);
      expect(await closing.getByLabel('Dato', { exact: true }).inputValue()).toBe(dk(today));
      expect((await apiCourse(id)).status).toBe('open');
      await screenshot(b.page, 'forloebsside-konflikt-1280');

      // B reloads the course: A's referral shows, B's input is still there, and B's save goes through.
      await conflict.getByRole('button', { name: 'Hent forløbet igen' }).click();
      await closing.getByTestId('reloaded').waitFor();
      expect(await timeline(b.page).textContent()).toContain('Egen læge');
      expect(await closing.getByRole('radio', { name: 'Familien takkede nej' }).isChecked()).toBe(true);
      await save(b.page, closing, 'Forløbet er afsluttet.');
      const closed = await apiCourse(id);
      expect(closed.status).toBe('closed');
      expect(closed.closure.reason).toBe('family_declined');
      expect(closed.referrals).toHaveLength(1);

      // The same for a contact: both record the booked pre-conversation; the second is told.
      await b.page.getByRole('button', { name: 'Genåbn forløb' }).click();
      await b.page.getByTestId('form-reopen').getByLabel('Hvorfor genåbnes forløbet?').fill('Lukket ved en fejl');
      await save(b.page, b.page.getByTestId('form-reopen'), 'Forløbet er genåbnet.');
      await a.page.reload();
      await a.page.getByTestId('course-title').waitFor();
      const aPlanned = timeline(a.page).locator('li[data-status="planned"]');
      const bPlanned = timeline(b.page).locator('li[data-status="planned"]');
      await aPlanned.getByRole('button', { name: 'Registrér forsamtale' }).click();
      await bPlanned.getByRole('button', { name: 'Registrér forsamtale' }).click();
      const bRecord = b.page.getByTestId(`form-record-${contactId}`);
      await fillContact(bRecord, { status: 'Udeblevet' });
      const aRecord = a.page.getByTestId(`form-record-${contactId}`);
      await fillContact(aRecord, { status: 'Afholdt', outcome: 'Videre til screening' });
      await save(a.page, aRecord, 'Samtalen er registreret.');
      await bRecord.getByRole('button', { name: 'Gem' }).click();
      await bRecord.getByTestId('conflict').waitFor();
      await bRecord.getByRole('button', { name: 'Hent forløbet igen' }).click();
      await bRecord.getByTestId('reloaded').waitFor();
      // Reloaded, B sees it was held; B's choice is still in the form, and the service says why it cannot be saved.
      expect(await timeline(b.page).locator(`li[data-status="held"]`).last().textContent()).toContain('Videre til screening');
      expect(await bRecord.getByRole('radio', { name: 'Udeblevet' }).isChecked()).toBe(true);
      await bRecord.getByRole('button', { name: 'Gem' }).click();
      await bRecord.getByTestId('error-summary').filter({ hasText: 'Samtalen kan ikke skifte til den status.' }).waitFor();
      const contact = (await apiCourse(id)).contacts.find((c: { id: string }) => c.id === contactId);
      expect(contact.status).toBe('held');
      expect(pageErrors(a.page)).toEqual([]);
      expect(pageErrors(b.page)).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('shows the CPR masked until an audited reveal with a purpose, and never puts it in a URL or the browser’s storage', async () => {
    const { context, page } = await newPage(browser);
    try {
      const id = await newCourse({ cpr: '1203154321' });
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      page.on('framenavigated', (f) => urls.push(f.url()));
      await devLogin(page, web.url);
      await openCourse(page, id);
      const cpr = page.getByTestId('cpr');
      expect(await cpr.textContent()).toContain('120315-xxxx');
      expect(await page.locator('body').textContent()).not.toContain('4321');

      await cpr.getByRole('button', { name: 'Vis CPR-nummer' }).click();
      const form = page.getByTestId('reveal-form');
      // The purpose is asked for before anything is sent.
      await form.getByRole('button', { name: 'Vis nummeret' }).click();
      await form.locator('#f-purpose-error').filter({ hasText: 'Skriv formålet med at se CPR-nummeret.' }).waitFor();
      expect(urls.some((u) => u.includes('reveal=cpr'))).toBe(false);

      const reveal = page.waitForRequest((r) => r.url().includes('reveal=cpr'));
      await form.getByLabel('Formål med at se CPR-nummeret').fill('Opringning fra forælder: kontrol af identitet');
      await form.getByRole('button', { name: 'Vis nummeret' }).click();
      expect(await (await reveal).headerValue('x-purpose')).toBe('Opringning fra forælder: kontrol af identitet');
      await cpr.filter({ hasText: '120315-4321' }).waitFor();
      await screenshot(page, 'forloebsside-cpr-vist-1280');

      // Never in a URL the browser saw, nor in its storage.
      for (const u of [...urls, page.url()]) expect(u).not.toMatch(/120315-?4321/);
      const storage = JSON.stringify(await page.evaluate('[Object.entries(sessionStorage), Object.entries(localStorage)]'));
      expect(storage).not.toMatch(/120315-?4321/);

      // Audited as reveal_cpr, with the purpose and by the user who asked.
      const audit = await web.sut.http
        .get(`/api/v1/audit?resourceId=${id}`)
        .set('Authorization', await web.sut.bearer({ roles: ['manager'], municipalities: ['751'] }));
      expect(audit.status).toBe(200);
      const reveals = audit.body.items.filter((e: { action: string }) => e.action === 'reveal_cpr');
      expect(reveals).toHaveLength(1);
      expect(reveals[0]).toMatchObject({
        actorSub: 'dev-sara-sagsbehandler',
        purpose: 'Opringning fra forælder: kontrol af identitet',
        outcome: 'succeeded',
      });
      expect(JSON.stringify(audit.body)).not.toContain('4321');

      // Hidden again on request.
      await cpr.getByRole('button', { name: 'Skjul CPR-nummer' }).click();
      await cpr.filter({ hasText: '120315-xxxx' }).waitFor();
      expect(await page.locator('body').textContent()).not.toContain('4321');
    } finally {
      await context.close();
    }
  });

  it('withdraws a referral made in error: it stays on the timeline as such, with the reason, and offers nothing more', async () => {
    const { context, page } = await newPage(browser);
    try {
      const id = await newCourse({ daysAgo: 4 });
      const made = await web.sut.http
        .post(`/api/v1/courses/${id}/referrals`)
        .set('Authorization', await caseworker())
        .send({ date: dayOffset(-1), destination: 'civil_society' });
      expect(made.status).toBe(201);
      await devLogin(page, web.url);
      await openCourse(page, id);
      const item = timeline(page).locator('li[data-kind="referral"]');
      expect(await item.getAttribute('data-status')).toBe('active');
      await item.getByRole('button', { name: 'Oprettet ved en fejl' }).click();
      const panel = page.getByTestId(`form-referral-error-${made.body.id}`);
      // Without a reason the service's rule shows in Danish, and nothing is withdrawn.
      await panel.getByRole('button', { name: 'Gem' }).click();
      await panel.getByTestId('error-summary').waitFor();
      expect((await apiCourse(id)).referrals[0].status).toBe('active');
      await panel.getByLabel('Hvorfor er henvisningen oprettet ved en fejl?').fill('Registreret på det forkerte forløb');
      await save(page, panel, 'Henvisningen er markeret som oprettet ved en fejl.');
      const withdrawn = timeline(page).locator('li[data-kind="referral"][data-status="entered_in_error"]');
      await withdrawn.waitFor();
      expect(await withdrawn.textContent()).toContain('Oprettet ved en fejl');
      expect(await withdrawn.textContent()).toContain('Registreret på det forkerte forløb');
      expect(await withdrawn.getByRole('button').count()).toBe(0);
      const referral = (await apiCourse(id)).referrals[0];
      expect(referral).toMatchObject({ status: 'entered_in_error', enteredInErrorReason: 'Registreret på det forkerte forløb' });
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('records a contact with the keyboard alone', async () => {
    const { context, page } = await newPage(browser);
    try {
      const id = await newCourse({ daysAgo: 2 });
      const contactId = await plannedContact(id);
      await devLogin(page, web.url);
      await openCourse(page, id);
      const record = page.getByRole('button', { name: 'Registrér forsamtale' });
      await tabTo(page, record);
      await page.keyboard.press('Enter');
      const panel = page.getByTestId(`form-record-${contactId}`);
      // The form's heading takes the focus, so a screen reader says where the user is.
      expect(await isFocused(panel.getByRole('heading', { name: /Forsamtale/ }))).toBe(true);
      await tabTo(page, panel.getByRole('radio', { name: 'Afholdt' }));
      await page.keyboard.press('Space');
      await tabTo(page, panel.getByRole('radio', { name: 'Videre til screening' }));
      await page.keyboard.press('Space');
      // Within a radio group the arrow keys choose: Tab reaches the first, ArrowDown moves on and checks.
      await tabTo(page, panel.getByRole('radio', { name: 'Fremmøde' }));
      await page.keyboard.press('ArrowDown');
      expect(await panel.getByRole('radio', { name: 'Video' }).isChecked()).toBe(true);
      await tabTo(page, panel.getByLabel('Varighed i minutter'));
      await page.keyboard.type('45');
      await tabTo(page, panel.getByRole('button', { name: 'Gem' }));
      await page.keyboard.press('Enter');
      await page.getByTestId('toast').filter({ hasText: 'Samtalen er registreret.' }).waitFor();
      // Done: the focus is back on the page's heading, and the clock has stopped.
      expect(await isFocused(page.getByTestId('course-title'))).toBe(true);
      await clock(page, 'pre_conversation_14d').filter({ hasText: 'Overholdt' }).waitFor();
      const contact = (await apiCourse(id)).contacts.find((c: { id: string }) => c.id === contactId);
      expect(contact).toMatchObject({ status: 'held', outcome: 'proceed_to_screening', mode: 'video', durationMinutes: 45, date: today });
    } finally {
      await context.close();
    }
  });

  it.each(Object.entries(WIDTHS))(
    'has no serious accessibility violation in any state of the course page, at %s width, and saves screenshots',
    async (_name, width) => {
      const { context, page } = await newPage(browser, width);
      const violations: string[] = [];
      try {
        const id = await newCourse({ daysAgo: 5, cpr: width === WIDTHS.desktop ? '0101104005' : '0202104006' });
        await plannedContact(id);
        await devLogin(page, web.url);
        await openCourse(page, id);
        await axe(page, `forloebsside-${width}`, violations);

        await page.getByRole('button', { name: 'Samtale', exact: true }).click();
        await page.getByTestId('form-contact').getByRole('button', { name: 'Gem' }).click();
        await page.getByTestId('error-summary').waitFor();
        await axe(page, `forloebsside-samtale-fejl-${width}`, violations);
        await page.getByRole('button', { name: 'Annullér' }).click();

        await page.getByRole('button', { name: 'Registrér forsamtale' }).click();
        await page
          .getByTestId(/^form-record-/)
          .getByRole('radio', { name: 'Afholdt' })
          .check();
        await axe(page, `forloebsside-registrer-samtale-${width}`, violations);
        await page.getByRole('button', { name: 'Annullér' }).click();

        await page.getByTestId('cpr').getByRole('button', { name: 'Vis CPR-nummer' }).click();
        await axe(page, `forloebsside-cpr-formaal-${width}`, violations);
        await page.getByLabel('Formål med at se CPR-nummeret').fill('Tilgængelighedstest');
        await page.getByRole('button', { name: 'Vis nummeret' }).click();
        await page.getByTestId('cpr').getByRole('button', { name: 'Skjul CPR-nummer' }).waitFor();
        await axe(page, `forloebsside-cpr-vist-${width}`, violations);

        // A change made elsewhere while this page is open: the conflict message.
        await page.getByRole('button', { name: 'Temaer', exact: true }).click();
        const focus = page.getByTestId('form-focus-areas');
        await focus.getByRole('checkbox', { name: 'Tristhed' }).check();
        await plannedContact(id, 'screening');
        await focus.getByRole('button', { name: 'Gem' }).click();
        await focus.getByTestId('conflict').waitFor();
        await axe(page, `forloebsside-konflikt-${width}`, violations);
        await focus.getByRole('button', { name: 'Hent forløbet igen' }).click();
        await focus.getByTestId('reloaded').waitFor();
        await axe(page, `forloebsside-hentet-igen-${width}`, violations);
        await save(page, focus, 'Temaerne er gemt.');
        expect(await page.getByTestId('focus-areas').textContent()).toBe('Tristhed');

        for (const form of ['Henvisning', 'Afslut forløb', 'Samtykke', 'Oprettet ved en fejl']) {
          await page.getByRole('group', { name: 'Registrér' }).getByRole('button', { name: form, exact: true }).click();
          await axe(page, `forloebsside-${form.toLowerCase().replace(/ /g, '-').replace('ø', 'oe')}-${width}`, violations);
        }
        await page.getByRole('group', { name: 'Registrér' }).getByRole('button', { name: 'Afslut forløb' }).click();
        await page.getByTestId('form-close').getByRole('radio', { name: 'Gennemført' }).check();
        await save(page, page.getByTestId('form-close'), 'Forløbet er afsluttet.');
        await axe(page, `forloebsside-afsluttet-${width}`, violations);
        expect(violations).toEqual([]);
        expect(pageErrors(page)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
