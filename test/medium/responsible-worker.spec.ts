/** The responsible worker in CoursesRepository and WorklistRepository, against the real database (two-region fixture, today 2026-06-15). */
import pg from 'pg';
import { CoursesRepository } from '../../src/courses/courses.repository.js';
import { WorklistRepository } from '../../src/worklist/worklist.repository.js';
import { load, openDatabase, type MediumDatabase } from '../support/medium.js';
import { COURSES, TODAY } from './fixture-two-regions.js';

describe('the responsible worker in the repositories', () => {
  let database: MediumDatabase;
  let courses: CoursesRepository;
  let worklist: WorklistRepository;
  // København's two open courses (first contact 05-04 and 06-10), each with two running clocks.
  const [first, second] = COURSES.filter((c) => c.municipalityCode === '101' && !c.closureDate && c.firstContactDate >= '2026-05-01');
  const inCopenhagen = <T>(fn: () => Promise<T>) => database.asMunicipalities(['101'], fn);

  beforeAll(async () => {
    database = await openDatabase();
    await load(database, COURSES, TODAY);
    courses = new CoursesRepository(database.db);
    worklist = new WorklistRepository(database.db);
  });
  afterAll(() => database.close());

  const course = (id: string) => inCopenhagen(() => courses.findCourse(id));

  it('assigns a worker as a new version, keeps "since" for the same worker, restarts it for another, and clears all three', async () => {
    const before = (await course(first.id))!;
    expect([before.responsibleSub, before.responsibleName, before.responsibleSince]).toEqual([null, null, null]);
    await inCopenhagen(() => courses.assignResponsible(first.id, { sub: 'kim', name: 'Kim' }));
    const assigned = (await course(first.id))!;
    expect(assigned).toMatchObject({ responsibleSub: 'kim', responsibleName: 'Kim', version: before.version + 1 });
    expect(assigned.responsibleSince).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    await inCopenhagen(() => courses.assignResponsible(first.id, { sub: 'kim', name: 'Kim Kristensen' }));
    const renamed = (await course(first.id))!;
    expect(renamed).toMatchObject({
      responsibleName: 'Kim Kristensen',
      responsibleSince: assigned.responsibleSince,
      version: before.version + 2,
    });

    await inCopenhagen(() => courses.assignResponsible(first.id, { sub: 'sara', name: 'Sara' }));
    expect((await course(first.id))!.responsibleSince).not.toBe(assigned.responsibleSince);

    await inCopenhagen(() => courses.clearResponsible(first.id));
    const cleared = (await course(first.id))!;
    expect([cleared.responsibleSub, cleared.responsibleName, cleared.responsibleSince, cleared.version]).toEqual([
      null,
      null,
      null,
      before.version + 4,
    ]);
  });

  it('filters the working list and the course list by the worker, or by none', async () => {
    await inCopenhagen(() => courses.assignResponsible(first.id, { sub: 'kim', name: 'Kim' }));
    const clocks = (sub?: string | null) => inCopenhagen(() => worklist.findRunningClocks('101', TODAY, undefined, sub));
    expect((await clocks('kim')).map((r) => [r.courseId, r.responsibleName])).toEqual([
      [first.id, 'Kim'],
      [first.id, 'Kim'],
    ]);
    expect((await clocks(null)).map((r) => r.courseId)).toEqual([second.id, second.id]);
    expect(await clocks('sara')).toEqual([]);
    expect((await clocks()).map((r) => r.courseId)).toEqual([first.id, first.id, second.id, second.id]);

    const list = (responsibleSub?: string | null) =>
      inCopenhagen(() => courses.listCourses({ municipalities: ['101'], responsibleSub, limit: 50, offset: 0 }));
    expect((await list('kim')).items.map((c) => [c.id, c.responsibleSub, c.responsibleName])).toEqual([[first.id, 'kim', 'Kim']]);
    const unassigned = (await list(null)).items.map((c) => c.id);
    expect(unassigned).toContain(second.id);
    expect(unassigned).not.toContain(first.id);
  });

  it('changes nothing in another municipality (row-level security), and the filter never reaches across', async () => {
    const before = (await course(second.id))!;
    await database.asMunicipalities(['751'], () => courses.assignResponsible(second.id, { sub: 'kim', name: 'Kim' }));
    expect(await course(second.id)).toMatchObject({ responsibleSub: null, version: before.version });
    expect(await database.asMunicipalities(['751'], () => worklist.findRunningClocks('101', TODAY, undefined, 'kim'))).toEqual([]);
    const aarhus = await database.asMunicipalities(['751'], () => courses.listCourses({ responsibleSub: 'kim', limit: 50, offset: 0 }));
    expect(aarhus.items).toEqual([]);
  });

  it('refuses half a responsible worker and over-long values in the database itself', async () => {
    const owner = new pg.Client({ connectionString: database.test.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`SET app.scope = 'all'`);
      await expect(owner.query(`UPDATE course SET responsible_sub = 'kim' WHERE id = $1`, [second.id])).rejects.toThrow(
        /course_responsible_whole/,
      );
      await expect(
        owner.query(`UPDATE course SET responsible_sub = $2, responsible_name = 'X', responsible_since = now() WHERE id = $1`, [
          second.id,
          's'.repeat(256),
        ]),
      ).rejects.toThrow(/course_responsible_sub_length/);
    } finally {
      await owner.end();
    }
  });
});
