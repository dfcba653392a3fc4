/**
 * The per-course summaries written by the service's own SQL against the real database, compared
 * with what the synthetic loader wrote for the same courses with COPY from the same pure functions:
 * judging a municipality's courses again (one query for many courses' facts, set-based writes) and
 * summarising one course after a change must give the very same rows. Repositories are called
 * directly, in tenant transactions as a request would run them; no HTTP.
 */
import type pg from 'pg';
import { Clock } from '../../src/common/clock.js';
import { CourseSummaries } from '../../src/course-summary/course-summaries.service.js';
import { toSummarySource } from '../../src/course-summary/course-summary.js';
import { CourseSummaryRepository } from '../../src/course-summary/course-summary.repository.js';
import { CoursesRepository } from '../../src/courses/courses.repository.js';
import { MunicipalitiesRepository } from '../../src/municipalities/municipalities.repository.js';
import { MunicipalTargetsRepository } from '../../src/service-targets/municipal-targets.repository.js';
import { TargetDefinitionsProvider } from '../../src/service-targets/target-definitions.provider.js';
import { seedSynthetic } from '../../src/synthetic/seed.js';
import { openDatabase, type MediumDatabase } from '../support/medium.js';
import { withClient } from '../support/test-database.js';

const TODAY = '2026-06-30';

/** Every row of a table for a municipality, as JSON text per row, in key order. */
async function rowsOf(url: string, table: 'course_summary' | 'course_target', municipality: string): Promise<string[]> {
  return withClient(url, async (db) => {
    const order = table === 'course_target' ? 'course_id, target' : 'course_id';
    const { rows } = await db.query(`SELECT row_to_json(t)::text AS row FROM ${table} t WHERE municipality_code = $1 ORDER BY ${order}`, [
      municipality,
    ]);
    return rows.map((r) => r.row as string);
  });
}

describe(CourseSummaryRepository.name, () => {
  let database: MediumDatabase;
  let superuser: string;
  let sut: CourseSummaries;
  let repository: CourseSummaryRepository;
  let courses: CoursesRepository;
  /** What the loader wrote, before anything else touched it. */
  const loaded: Record<string, { summaries: string[]; targets: string[] }> = {};
  const asMunicipality = <T>(municipality: string, fn: () => Promise<T>) => database.asMunicipalities([municipality], fn);

  beforeAll(async () => {
    database = await openDatabase();
    superuser = database.test.superuserUrl;
    // Municipal targets of 101 for the loader (it reads them from the database) and for the service.
    await withClient(superuser, (c) =>
      c.query(
        `INSERT INTO service_target (municipality_code, name, kind, limit_days, valid_from, created_by)
         VALUES ('101', 'treatment_start', 'treatment_start_after_screening', 21, '2025-01-01', 'medium'),
                ('101', 'session_gap', 'max_days_between_treatment_sessions', 14, '2025-01-01', 'medium')`,
      ),
    );
    await seedSynthetic({
      ownerUrl: database.test.ownerUrl,
      config: database.config,
      scale: 'small',
      seed: 3,
      today: TODAY,
      reset: false,
      municipalities: ['101', '751'],
    });
    for (const m of ['101', '751']) {
      loaded[m] = { summaries: await rowsOf(superuser, 'course_summary', m), targets: await rowsOf(superuser, 'course_target', m) };
    }
    const db = database.db;
    const clock = new Clock();
    clock.now = () => new Date(`${TODAY}T10:00:00Z`);
    const targets = new MunicipalTargetsRepository(db);
    repository = new CourseSummaryRepository(db);
    courses = new CoursesRepository(db);
    sut = new CourseSummaries(repository, new TargetDefinitionsProvider(targets), targets, new MunicipalitiesRepository(db), clock);
  });
  afterAll(() => database?.close());

  it('has loaded enough courses of both municipalities to compare', () => {
    expect(loaded['101'].summaries.length).toBeGreaterThan(150);
    expect(loaded['751'].summaries.length).toBeGreaterThan(50);
    expect(loaded['101'].targets.some((row) => row.includes('"session_gap"'))).toBe(true);
  });

  it('reads the same facts of many courses in one query as the courses repository gives of each', async () => {
    const { ids, read, one } = await asMunicipality('101', async () => {
      const ids = (await repository.courseIdsFrom('101', '2000-01-01')).slice(0, 120);
      const read = await repository.targetSourcesOf(ids);
      const one = [];
      for (const id of ids) one.push(toSummarySource((await courses.findCourse(id))!, '1084'));
      return { ids, read, one };
    });
    expect(read.map((s) => s.id)).toEqual(ids);
    const factsOf = (s: (typeof one)[number]) => ({
      id: s.id,
      municipalityCode: s.municipalityCode,
      regionCode: s.regionCode,
      status: s.status,
      firstContactDate: s.firstContactDate,
      clearlyInTargetGroup: s.clearlyInTargetGroup,
      closureDate: s.closureDate,
      contacts: s.contacts.map(({ id, type, date, status, outcome, createdAt }) => ({ id, type, date, status, outcome, createdAt })),
    });
    expect(read).toEqual(one.map(factsOf));
  });

  it('judges a municipality’s courses again into exactly the target rows the loader wrote, and leaves other municipalities alone', async () => {
    // Spoil what is stored, so only a real rewrite can give the loader's rows back.
    await withClient(superuser, (c) =>
      c.query(`UPDATE course_target SET limit_days = 999, days_waited = -1 WHERE municipality_code = '101'`),
    );
    const judged = await asMunicipality('101', () => sut.refreshMunicipality('101', '2000-01-01'));
    expect(judged).toBeGreaterThan(150);
    expect(await rowsOf(superuser, 'course_target', '101')).toEqual(loaded['101'].targets);
    expect(await rowsOf(superuser, 'course_summary', '101')).toEqual(loaded['101'].summaries);
    expect(await rowsOf(superuser, 'course_target', '751')).toEqual(loaded['751'].targets);
  });

  it('summarises one course again into exactly the rows the loader wrote', async () => {
    await withClient(superuser, (c) =>
      c.query(`UPDATE course_summary SET data_flags = '{spoilt}', referrals = '[]', treatment_gaps = '{-1}' WHERE municipality_code = '751';
               DELETE FROM course_target WHERE municipality_code = '751'`),
    );
    await asMunicipality('751', async () => {
      const ids = await withClient(superuser, async (c) =>
        (await c.query(`SELECT id FROM course WHERE municipality_code = '751'`)).rows.map((r) => r.id as string),
      );
      for (const id of ids) await sut.refresh((await courses.findCourse(id))!);
    });
    expect(await rowsOf(superuser, 'course_summary', '751')).toEqual(loaded['751'].summaries);
    expect(await rowsOf(superuser, 'course_target', '751')).toEqual(loaded['751'].targets);
  });

  it('summarising a course replaces its target rows: a row it no longer has goes, a spoilt one is rewritten whole, other courses stay', async () => {
    const [first, second] = await withClient(superuser, async (c) =>
      (await c.query(`SELECT id FROM course WHERE municipality_code = '101' ORDER BY id LIMIT 2`)).rows.map((r) => r.id as string),
    );
    const targetsOf = (id: string) =>
      withClient(superuser, async (c) =>
        (await c.query(`SELECT row_to_json(t)::text AS row FROM course_target t WHERE course_id = $1 ORDER BY target`, [id])).rows.map(
          (r) => r.row as string,
        ),
      );
    const [wanted, untouched] = [await targetsOf(first), await targetsOf(second)];
    expect(wanted.length).toBeGreaterThan(0);
    // A target the course no longer has (as after a municipal target was withdrawn), and a row spoilt in every column it may change.
    await withClient(superuser, (c) =>
      c.query(
        `INSERT INTO course_target (municipality_code, course_id, region_code, target, kind, national, limit_days, first_contact_date, course_status)
         SELECT municipality_code, course_id, region_code, 'withdrawn_target', kind, false, 5, first_contact_date, course_status
           FROM course_target WHERE course_id = '${first}' LIMIT 1;
         UPDATE course_target SET limit_days = 999, days_waited = -1, planned_dates = '{2099-01-01}', delay_from = '{2000-01-01}',
                                  delay_to = '{2000-01-02}', held_on = '2000-01-01', settled_state = NULL
          WHERE course_id = $1 AND target <> 'withdrawn_target'`
          .replace('$1', `'${first}'`)
          .replaceAll('$1', `'${first}'`),
      ),
    );
    await asMunicipality('101', async () => sut.refresh((await courses.findCourse(first))!));
    expect(await targetsOf(first)).toEqual(wanted);
    expect(await targetsOf(second)).toEqual(untouched);
  });

  it('sees only the caller’s municipality: another municipality’s courses are not read or written', async () => {
    const { read, judged } = await asMunicipality('751', async () => {
      const ids = await withClient(superuser, async (c: pg.Client) =>
        (await c.query(`SELECT id FROM course WHERE municipality_code = '101' LIMIT 5`)).rows.map((r) => r.id as string),
      );
      return { read: await repository.targetSourcesOf(ids), judged: await repository.courseIdsFrom('101', '2000-01-01') };
    });
    expect(read).toEqual([]);
    expect(judged).toEqual([]);
  });
});
