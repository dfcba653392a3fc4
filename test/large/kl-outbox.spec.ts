/**
 * The KL outbox end to end, without a gateway (docs/kl-reporting.md, "The outbox", "Export",
 * "Backfill"): a change's report is written in the change's own transaction (rolled back, neither
 * report nor job is left; committed, both are there); `kl:export` writes the pending reports as
 * files in upload order and marks them exported; the backfill gives every course loaded by the
 * synthetic loader its report — run directly with its progress, and as the job the service starts
 * with when it finds courses never planned.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { runKlExport } from '../../src/bin/kl-export.js';
import { RequestContext, type Principal } from '../../src/common/request-context.js';
import { AppConfig, type CryptoSettings } from '../../src/config/app-config.js';
import type { CreateContactDto } from '../../src/courses/dto/contact.dto.js';
import { CoursesService } from '../../src/courses/courses.service.js';
import { Db } from '../../src/database/db.js';
import { CoursesRepository } from '../../src/courses/courses.repository.js';
import { KlDeliveryRepository } from '../../src/kl-delivery/kl-delivery.repository.js';
import { KlReplanner } from '../../src/kl-delivery/kl-replanner.js';
import { klCourseRowFromRecord } from '../../src/kl-reporting/kl-course.js';
import { validateReport } from '../../src/kl-reporting/validation/kl-validation.js';
import { seedSynthetic } from '../../src/synthetic/seed.js';
import { courseFactory, cprFor, pre, screening, treatment } from '../support/fixtures.js';
import { outbox, ownerQuery, waitFor } from '../support/kl-delivery.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const NOW = new Date('2026-03-14T10:00:00Z');
const SOR = '451000016003';

const jobsOf = (ownerUrl: string) =>
  ownerQuery<{ key: string }>(
    ownerUrl,
    `SELECT key FROM graphile_worker._private_jobs WHERE task_id IN
     (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'kl_deliver') ORDER BY key`,
  );

describe('the KL outbox', () => {
  let sut: TestApp;
  let admin: string;
  let caseworker: string;
  const principal: Principal = { sub: 'cw-751', name: 'cw-751', roles: ['caseworker'], municipalities: ['751'] };

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    caseworker = await sut.bearer({ sub: principal.sub, roles: principal.roles, municipalities: principal.municipalities });
    await sut.http.put('/api/v1/municipalities/751/reporting').set('Authorization', admin).send({ sorCode: SOR }).expect(200);
  });
  afterAll(() => sut?.close());

  it('writes a change’s report in the change’s transaction: rolled back, neither report nor job is left; committed, both are', async () => {
    const course = await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-02', cpr: cprFor('2014-05-05', 'female') });
    const before = await outbox(sut.db.ownerUrl);
    expect(before).toHaveLength(1);
    const [{ child_id: childId }] = await ownerQuery<{ child_id: string }>(sut.db.ownerUrl, `SELECT child_id FROM course WHERE id = $1`, [
      course.id,
    ]);
    await ownerQuery(sut.db.ownerUrl, `DELETE FROM graphile_worker._private_jobs`);

    // The use case of POST /courses/{id}/contacts, in a transaction that fails after it.
    const db = sut.app.get(Db);
    let inside: number | undefined;
    await expect(
      sut.app.get(RequestContext).run({ requestId: 'test-rollback', principal }, () =>
        db.tenantTransaction(principal, async () => {
          await sut.app.get(CoursesService).addContact(course.id, pre('2026-03-09') as unknown as CreateContactDto);
          inside = (await db.tx.query(`SELECT count(*)::int AS n FROM kl_report WHERE course_id = $1`, [course.id]))[0].n;
          throw new Error('the change fails after the outbox was written');
        }),
      ),
    ).rejects.toThrow('the change fails after the outbox was written');
    // The report was written inside the transaction, and went with it.
    expect(inside).toBe(2);
    expect(await outbox(sut.db.ownerUrl)).toEqual(before);
    expect(await jobsOf(sut.db.ownerUrl)).toEqual([]);
    expect(
      await ownerQuery(sut.db.ownerUrl, `SELECT 1 FROM contact WHERE course_id = $1 AND type = 'pre_conversation'`, [course.id]),
    ).toEqual([]);

    // The same change committed: its report, and the child's delivery job, with it.
    await sut.http.post(`/api/v1/courses/${course.id}/contacts`).set('Authorization', caseworker).send(pre('2026-03-09')).expect(201);
    const after = await outbox(sut.db.ownerUrl);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ courseId: course.id, childId, state: 'pending', tries: 0 });
    expect(await jobsOf(sut.db.ownerUrl)).toEqual([{ key: `kl:${childId}` }]);
  });

  it('reads a changed course from the course the change has read: the same row as its own query gives', async () => {
    const courses = courseFactory(sut, caseworker);
    const cpr = cprFor('2013-04-04', 'male');
    const shapes = [
      await courses.newCourse({
        firstContact: '2026-01-05',
        time: '08:15',
        cpr,
        focusAreas: ['worry', 'sadness'],
        contacts: [
          pre('2026-01-07', 'held', { time: '09:45' }),
          screening('2026-01-09'),
          treatment('2026-01-12', 'cancelled_by_family'),
          treatment('2026-01-12', 'held', { time: '13:00' }),
          treatment('2026-01-12'),
        ],
        referrals: [
          { date: '2026-01-20', destination: 'child_psychiatry' },
          { date: '2026-01-20', destination: 'gp' },
        ],
        close: { date: '2026-02-02', reason: 'completed' },
      }),
      // The same child again: its first course is another course of the child's.
      await courses.newCourse({ firstContact: '2026-02-10', cpr, contacts: [pre('2026-02-12')] }),
      await courses.newCourse({ firstContact: '2026-02-11', contacts: [pre('2026-02-13', 'no_show')] }),
      await courses.newCourse({ firstContact: '2026-02-12', cpr: cprFor('2012-02-02', 'female'), enteredInError: 'registered twice' }),
    ];
    const db = sut.app.get(Db);
    await sut.app.get(RequestContext).run({ requestId: 'test-rows', principal }, () =>
      db.tenantTransaction(principal, async () => {
        for (const { id } of shapes) {
          const [{ reported: _r, reportsMade: _n, sorCode: _s, ...row }] = await sut.app.get(KlDeliveryRepository).loadForPlanning([id]);
          const record = (await sut.app.get(CoursesRepository).findCourse(id))!;
          expect(klCourseRowFromRecord(record, row.child?.hasOtherCourses ?? false)).toEqual(row);
        }
      }),
    );
    // The shapes are what they say: times, several contacts and referrals on one date, a course of a child with another, none without CPR.
    const [first] = await sut.app
      .get(RequestContext)
      .run({ requestId: 'test-rows-2', principal }, () =>
        db.tenantTransaction(principal, () => sut.app.get(KlDeliveryRepository).loadForPlanning([shapes[0].id])),
      );
    expect(first.contacts.map((c) => c.time)).toEqual(['09:45', null, null, '13:00', null]);
    expect(first.referrals.map((r) => r.date)).toEqual(['2026-01-20', '2026-01-20']);
    expect(first.child?.hasOtherCourses).toBe(true);
    expect(first.closureDate).toBe('2026-02-02');
  });

  it('stores a report that failed KL’s profiles as rejected, with the validator’s issues, and one that passed as pending, each Bundle byte for byte', async () => {
    const course = await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-04', cpr: cprFor('2013-06-06', 'female') });
    const [{ child_id: childId }] = await ownerQuery<{ child_id: string }>(sut.db.ownerUrl, `SELECT child_id FROM course WHERE id = $1`, [
      course.id,
    ]);
    const bundle = (id: string) =>
      `{"resourceType":"Bundle","id":"${id}",  "type":"collection","entry":[{"resource":{"note":"æø\\u00e5 \\"x\\""}}]}`;
    const [failed, passed] = [randomUUID(), randomUUID()];
    const rejection = {
      source: 'validator' as const,
      issues: [{ severity: 'error', code: 'cardinality', diagnostics: 'min 1', expression: ['Bundle.entry[0]'] }],
    };
    const report = (id: string, r: typeof rejection | null) => ({
      id,
      municipalityCode: '751',
      courseId: course.id,
      childId,
      bundle: bundle(id),
      cause: 'change' as const,
      rejection: r,
    });
    await sut.app
      .get(RequestContext)
      .run({ requestId: 'test-rejected', principal }, () =>
        sut.app
          .get(Db)
          .tenantTransaction(principal, () =>
            sut.app.get(KlDeliveryRepository).writePlanned([report(failed, rejection), report(passed, null)], [], [], NOW),
          ),
      );
    const rows = await ownerQuery<{ id: string; state: string; rejection: unknown; bundle: string }>(
      sut.db.ownerUrl,
      `SELECT id, state, rejection, bundle::text AS bundle FROM kl_report WHERE id = ANY($1::uuid[]) ORDER BY seq`,
      [[failed, passed]],
    );
    expect(rows).toEqual([
      { id: failed, state: 'rejected', rejection, bundle: bundle(failed) },
      { id: passed, state: 'pending', rejection: null, bundle: bundle(passed) },
    ]);
    // Not real reports: gone again, so the export below sees only the courses' own.
    await ownerQuery(sut.db.ownerUrl, `DELETE FROM kl_report WHERE id = ANY($1::uuid[])`, [[failed, passed]]);
  });

  it('reports corrections from the contents of what was reported: a contact withdrawn, a closure undone, a CPR corrected', async () => {
    const [first, second] = [cprFor('2014-07-07', 'male'), cprFor('2014-08-08', 'female')];
    const course = await courseFactory(sut, caseworker).newCourse({
      firstContact: '2026-03-05',
      cpr: first,
      contacts: [pre('2026-03-06', 'held', { time: '10:00' })],
      close: { date: '2026-03-07', reason: 'completed' },
    });
    const reportsOf = async () =>
      (
        await ownerQuery<{ bundle: Bundle }>(sut.db.ownerUrl, `SELECT bundle FROM kl_report WHERE course_id = $1 ORDER BY seq`, [course.id])
      ).map((r) => r.bundle);
    const change = async (method: 'post' | 'patch', path: string, body: object) => {
      const { body: now } = await sut.http.get(`/api/v1/courses/${course.id}`).set('Authorization', caseworker).expect(200);
      const res = await sut.http[method](`/api/v1/courses/${course.id}${path}`)
        .set('Authorization', caseworker)
        .set('If-Match', `"${now.version}"`)
        .send(body);
      expect(res.status).toBeLessThan(300);
    };
    const before = await reportsOf();
    const resources = (bundle: Bundle) =>
      (bundle.entry ?? []).map((e) => e.resource as { resourceType: string; id: string; status?: string });
    const sentBefore = new Map(before.flatMap(resources).map((r) => [r.id, r]));

    // The closure undone: its Afslutning withdrawn, as it was sent, with status entered-in-error.
    await change('post', '/reopen', { reason: 'closed by mistake' });
    const reopened = (await reportsOf()).at(-1)!;
    const closure = resources(reopened).find((r) => r.status === 'entered-in-error')!;
    expect({ ...sentBefore.get(closure.id), status: 'entered-in-error' }).toEqual(closure);

    // The pre-conversation entered in error: its Encounter withdrawn the same way.
    const { body: now } = await sut.http.get(`/api/v1/courses/${course.id}`).set('Authorization', caseworker).expect(200);
    const contact = (now.contacts as { id: string; type: string; version: number }[]).find((c) => c.type === 'pre_conversation')!;
    await sut.http
      .patch(`/api/v1/courses/${course.id}/contacts/${contact.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', `"${contact.version}"`)
      .send({ status: 'entered_in_error', enteredInErrorReason: 'registered on the wrong child' })
      .expect(200);
    const withdrawnContact = resources((await reportsOf()).at(-1)!).find(
      (r) => r.resourceType === 'Encounter' && r.status === 'entered-in-error',
    )!;
    expect({ ...sentBefore.get(withdrawnContact.id), status: 'entered-in-error' }).toEqual(withdrawnContact);

    // The CPR corrected: under the former Citizen, every resource withdrawn; the course anew under the right one.
    const reportsBefore = (await reportsOf()).length;
    await change('patch', '', { cpr: second });
    const corrected = (await reportsOf()).slice(reportsBefore);
    expect(corrected).toHaveLength(2);
    const cprOf = (bundle: Bundle) =>
      (resources(bundle).find((r) => r.resourceType === 'Patient') as unknown as Patient).identifier![0].value;
    expect(corrected.map(cprOf)).toEqual([first, second]);
    expect(
      resources(corrected[0])
        .filter((r) => r.resourceType !== 'Patient')
        .every((r) => r.status === 'entered-in-error'),
    ).toBe(true);
    for (const bundle of [...(await reportsOf())]) expect(validateReport(bundle).issues).toEqual([]);
    // What is stored for the course: every resource under either child, withdrawn where it was.
    const stored = await ownerQuery<{ withdrawn: boolean; resource: { status?: string } }>(
      sut.db.ownerUrl,
      `SELECT withdrawn, resource FROM kl_reported_resource WHERE course_id = $1`,
      [course.id],
    );
    for (const row of stored) expect(row.withdrawn).toBe(row.resource.status === 'entered-in-error');
    expect(stored.filter((r) => r.withdrawn).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a change whose report cannot be written, and keeps nothing of it', async () => {
    const course = await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-03', cpr: cprFor('2013-03-03', 'male') });
    const before = await outbox(sut.db.ownerUrl);
    // The outbox made unwritable for a moment (as a full disk or a lost connection would): the change fails with it.
    await ownerQuery(
      sut.db.ownerUrl,
      `ALTER TABLE kl_report ADD CONSTRAINT kl_report_test_refuses CHECK (course_id <> '${course.id}') NOT VALID`,
    );
    try {
      const res = await sut.http.post(`/api/v1/courses/${course.id}/contacts`).set('Authorization', caseworker).send(pre('2026-03-10'));
      // Refused (the constraint's violation is answered as a rule broken), not recorded without its report.
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await ownerQuery(sut.db.ownerUrl, `ALTER TABLE kl_report DROP CONSTRAINT kl_report_test_refuses`);
    }
    expect(await outbox(sut.db.ownerUrl)).toEqual(before);
    expect(
      await ownerQuery(sut.db.ownerUrl, `SELECT 1 FROM contact WHERE course_id = $1 AND type = 'pre_conversation'`, [course.id]),
    ).toEqual([]);
  });

  describe('npm run kl:export', () => {
    let out: string;
    beforeEach(() => {
      out = mkdtempSync(join(tmpdir(), 'ltt-kl-export-'));
    });
    afterEach(() => rmSync(out, { recursive: true, force: true }));

    it('writes the pending reports as files in upload order with a manifest, byte for byte as validated, and marks them exported', async () => {
      const pending = (await outbox(sut.db.ownerUrl)).filter((r) => r.state === 'pending');
      expect(pending.length).toBeGreaterThanOrEqual(3);
      const manifest = await runKlExport(sut.app, { municipality: '751', out }, 'cli:test');
      expect(manifest).toMatchObject({ municipality: '751', from: null, to: null, exportedAt: NOW.toISOString() });
      expect(manifest.reports.map((r) => r.id)).toEqual(pending.map((r) => r.id));
      expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest);

      const stored = await ownerQuery<{ id: string; bundle: string }>(sut.db.ownerUrl, `SELECT id, bundle::text AS bundle FROM kl_report`);
      for (const [i, entry] of manifest.reports.entries()) {
        expect(entry.file).toBe(`${String(i + 1).padStart(6, '0')}-${entry.id}.json`);
        const text = readFileSync(join(out, entry.file), 'utf8');
        expect(text).toBe(stored.find((s) => s.id === entry.id)!.bundle);
        expect(createHash('sha256').update(text).digest('hex')).toBe(entry.sha256);
        const bundle = JSON.parse(text) as Bundle;
        expect(bundle.id).toBe(entry.id);
        expect(validateReport(bundle)).toEqual({ valid: true, issues: [] });
      }
      expect((await outbox(sut.db.ownerUrl)).filter((r) => r.state === 'pending')).toEqual([]);
      const ledger = await sut.http.get('/api/v1/kl/deliveries?state=exported').set('Authorization', admin).expect(200);
      expect(ledger.body.counts).toMatchObject({ exported: pending.length, pending: 0 });
      expect(ledger.body.items[0].exportedAt).toEqual(expect.any(String));
      const audit = await ownerQuery<{ actor: string; details: { reports: number } }>(
        sut.db.ownerUrl,
        `SELECT actor_sub AS actor, details FROM audit_log WHERE action = 'export' AND resource_type = 'kl_report'`,
      );
      expect(audit).toEqual([{ actor: 'cli:test', details: expect.objectContaining({ reports: pending.length }) }]);

      // A second run finds nothing new: each report is exported once.
      const again = await runKlExport(sut.app, { municipality: '751', out: join(out, 'again') }, 'cli:test');
      expect(again.reports).toEqual([]);
    });

    it('exports a period’s reports only, and none of another municipality', async () => {
      const course = await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-04', cpr: cprFor('2012-02-02', 'female') });
      await sut.http.post(`/api/v1/courses/${course.id}/contacts`).set('Authorization', caseworker).send(screening('2026-03-11'));
      // The reports are made on the service's day (14 March): a period before it has none of them.
      expect((await runKlExport(sut.app, { municipality: '751', from: '2026-03-01', to: '2026-03-13', out }, 'cli:test')).reports).toEqual(
        [],
      );
      expect((await runKlExport(sut.app, { municipality: '101', out }, 'cli:test')).reports).toEqual([]);
      const manifest = await runKlExport(sut.app, { municipality: '751', from: '2026-03-14', to: '2026-03-14', out }, 'cli:test');
      const mine = (await outbox(sut.db.ownerUrl)).filter((r) => r.courseId === course.id);
      expect(manifest.reports.map((r) => r.id)).toEqual(mine.map((r) => r.id));
      expect(mine.map((r) => r.state)).toEqual(mine.map(() => 'exported'));
    });

    it('keeps a child’s line in order: nothing behind a pending report from before the period, or behind a rejected one', async () => {
      const factory = courseFactory(sut, caseworker);
      const early = await factory.newCourse({ firstContact: '2026-03-05', cpr: cprFor('2013-06-06', 'male') });
      const stuck = await factory.newCourse({ firstContact: '2026-03-05', cpr: cprFor('2013-07-07', 'female') });
      const reportsOf = async (courseId: string) => (await outbox(sut.db.ownerUrl)).filter((r) => r.courseId === courseId);
      const [earlyFirst] = await reportsOf(early.id);
      const [stuckFirst] = await reportsOf(stuck.id);
      // The first report of one child was made before the period asked for (still pending); the other's was rejected.
      await ownerQuery(sut.db.ownerUrl, `UPDATE kl_report SET created_at = '2026-03-10T09:00:00Z' WHERE id = $1`, [earlyFirst.id]);
      await ownerQuery(
        sut.db.ownerUrl,
        `UPDATE kl_report SET state = 'rejected', rejection = '{"source":"gateway","issues":[]}' WHERE id = $1`,
        [stuckFirst.id],
      );
      await sut.http.post(`/api/v1/courses/${early.id}/contacts`).set('Authorization', caseworker).send(pre('2026-03-12')).expect(201);
      await sut.http.post(`/api/v1/courses/${stuck.id}/contacts`).set('Authorization', caseworker).send(pre('2026-03-12')).expect(201);
      const [, earlySecond] = await reportsOf(early.id);
      const [, stuckSecond] = await reportsOf(stuck.id);
      expect([earlySecond.state, stuckSecond.state]).toEqual(['pending', 'pending']);

      // The period of the later reports: neither may go, since each would overtake its child's earlier report.
      const period = await runKlExport(sut.app, { municipality: '751', from: '2026-03-14', to: '2026-03-14', out }, 'cli:test');
      expect(period.reports.map((r) => r.id)).not.toContain(earlySecond.id);
      expect(period.reports.map((r) => r.id)).not.toContain(stuckSecond.id);
      expect((await reportsOf(early.id)).map((r) => r.state)).toEqual(['pending', 'pending']);

      // Without a period the first child's line goes whole, in order; the second waits behind its rejected report.
      const all = await runKlExport(sut.app, { municipality: '751', out: join(out, 'all') }, 'cli:test');
      const ids = all.reports.map((r) => r.id);
      expect(ids.indexOf(earlyFirst.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(earlyFirst.id)).toBeLessThan(ids.indexOf(earlySecond.id));
      expect(ids).not.toContain(stuckSecond.id);
      expect((await reportsOf(stuck.id)).map((r) => r.state)).toEqual(['rejected', 'pending']);
    });
  });
});

describe('the KL backfill', () => {
  let db: TestDatabase;
  let sut: TestApp | undefined;
  const crypto: CryptoSettings = {
    cprKeys: new Map([['k1', randomBytes(32)]]),
    currentKeyId: 'k1',
    cprIndexKey: randomBytes(32),
    extractKeyEncryptionKey: randomBytes(32),
  };
  const counts = () =>
    ownerQuery<{ courses: number; planned: number; reports: number; heldBack: Record<string, number> }>(
      db.ownerUrl,
      `SELECT (SELECT count(*) FROM course)::int AS courses, (SELECT count(*) FROM kl_course_state)::int AS planned,
              (SELECT count(*) FROM kl_report)::int AS reports,
              (SELECT coalesce(json_object_agg(h, n), '{}') FROM (SELECT coalesce(held_back, 'none') AS h, count(*)::int AS n
                 FROM kl_course_state GROUP BY 1) x) AS "heldBack"`,
    ).then((rows) => rows[0]);

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await startTestApp({ now: NOW, database: db, crypto });
    const admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    for (const code of ['751', '101', '461']) {
      await sut.http.put(`/api/v1/municipalities/${code}/reporting`).set('Authorization', admin).send({ sorCode: SOR }).expect(200);
    }
    // The synthetic loader writes courses with COPY, past the outbox: courses the delivery has never planned.
    await seedSynthetic({
      ownerUrl: db.ownerUrl,
      config: sut.app.get(AppConfig),
      scale: 'small',
      seed: 9,
      today: '2026-03-13',
      reset: false,
    });
  });
  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('plans every course never planned, one report each with everything held so far, streamed with its progress; once', async () => {
    const { courses } = await counts();
    expect(courses).toBeGreaterThan(1_500);
    const progress: number[] = [];
    let total: number | undefined;
    const outcome = await sut!.app.get(KlReplanner).backfill({ start: (n) => (total = n), done: (n) => progress.push(n) });
    expect(total).toBe(courses);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(courses);

    const after = await counts();
    expect(after.planned).toBe(courses);
    // Reported: the courses of the three municipalities with a SOR code and a CPR; the rest held back, with the reason.
    const reported = await ownerQuery<{ n: number }>(
      db.ownerUrl,
      `SELECT count(*)::int AS n FROM course c JOIN kl_course_state s ON s.course_id = c.id WHERE s.held_back IS NULL`,
    );
    expect(after.reports).toBe(reported[0].n);
    expect(after.reports).toBe(outcome.reports);
    expect(outcome).toMatchObject({ courses, invalid: 0, heldBack: courses - after.reports });
    expect(after.heldBack.missing_sor).toBeGreaterThan(0);
    expect(after.heldBack.missing_cpr).toBeGreaterThan(0);
    const wrongMunicipality = await ownerQuery(
      db.ownerUrl,
      `SELECT 1 FROM kl_report WHERE municipality_code NOT IN ('751', '101', '461') OR cause <> 'backfill' OR state <> 'pending'`,
    );
    expect(wrongMunicipality).toEqual([]);
    // One report per course, valid against KL's profiles and the base specification.
    const bundles = await ownerQuery<{ course_id: string; bundle: Bundle }>(db.ownerUrl, `SELECT course_id, bundle FROM kl_report`);
    expect(new Set(bundles.map((b) => b.course_id)).size).toBe(bundles.length);
    const failing = bundles.map((b) => validateReport(b.bundle)).filter((v) => !v.valid);
    expect(failing).toEqual([]);

    // Again: nothing left to plan, nothing new made.
    const again = await sut!.app.get(KlReplanner).backfill();
    expect(again).toMatchObject({ courses: 0, reports: 0 });
    expect((await counts()).reports).toBe(after.reports);
  });

  it('runs by itself when the service starts and finds courses never planned', async () => {
    // Aarhus's courses as if they came from before the delivery module.
    const aarhus = await ownerQuery<{ n: number }>(db.ownerUrl, `SELECT count(*)::int AS n FROM kl_report WHERE municipality_code = '751'`);
    expect(aarhus[0].n).toBeGreaterThan(0);
    await ownerQuery(db.ownerUrl, `DELETE FROM kl_report WHERE municipality_code = '751'`);
    await ownerQuery(db.ownerUrl, `DELETE FROM kl_course_state WHERE municipality_code = '751'`);
    // The re-plans the SOR codes queued ran long ago (the first test planned everything): only the start finds work.
    await ownerQuery(db.ownerUrl, `DELETE FROM graphile_worker._private_jobs`);
    await sut!.close();
    sut = undefined;
    sut = await startTestApp({ now: NOW, database: db, crypto, env: { KL_DELIVERY_WORKER: 'true' } });
    await waitFor('the backfill on start', async () => {
      const { courses, planned } = await counts();
      return planned === courses;
    });
    const replanned = await ownerQuery<{ n: number; cause: string }>(
      db.ownerUrl,
      `SELECT count(*)::int AS n, min(cause) AS cause FROM kl_report WHERE municipality_code = '751'`,
    );
    expect(replanned).toEqual([{ n: aarhus[0].n, cause: 'backfill' }]);
  });
});
