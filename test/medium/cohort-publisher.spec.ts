/**
 * CohortPublisher against the real database (the two-region fixture): one build serves every
 * request that asks while it runs and afterwards, until a summary of its cohort changes; its
 * figures are the same as when published in this thread.
 */
import { jest } from '@jest/globals';
import { exactOfCells, NATIONAL_AREA, publishCohort } from '../../src/statistics/disclosure/cohort-publication.js';
import { CohortPublisher } from '../../src/statistics/disclosure/cohort-publisher.js';
import type { PublicationThread } from '../../src/statistics/disclosure/publication-thread.js';
import { AggregatesRepository } from '../../src/statistics/aggregates.repository.js';
import { PopulationFiguresRepository } from '../../src/statistics/population-figures.repository.js';
import { load, openDatabase, type MediumDatabase } from '../support/medium.js';
import { publicationLines } from '../support/publication-lines.js';
import { COURSES, FROM, TO, TODAY } from './fixture-two-regions.js';

describe(CohortPublisher.name, () => {
  let database: MediumDatabase;
  let sut: CohortPublisher;
  let builds: ReturnType<typeof jest.spyOn>;
  beforeAll(async () => {
    database = await openDatabase();
    await load(database, COURSES, TODAY);
    sut = new CohortPublisher(new AggregatesRepository(database.db), new PopulationFiguresRepository(database.db));
    builds = jest.spyOn(sut as unknown as { build: () => Promise<unknown> }, 'build');
  });
  afterAll(async () => {
    await sut.onModuleDestroy();
    await database.close();
  });

  it('builds a cohort once for requests that ask at the same time, and gives the same publication again until a summary changes', async () => {
    const period = { from: FROM, to: TO };
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => database.asNational(() => sut.publish(period, TODAY))));
    expect(builds).toHaveBeenCalledTimes(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await database.asNational(() => sut.publish(period, TODAY))).toBe(a);
    expect(builds).toHaveBeenCalledTimes(1);

    await database.asNational(() =>
      database.db.tx.query(`UPDATE course_summary SET age_years = age_years WHERE municipality_code = '751'`),
    );
    const after = await database.asNational(() => sut.publish(period, TODAY));
    expect(after).not.toBe(a);
    expect(builds).toHaveBeenCalledTimes(2);
  });

  it("builds a cohort again only when a summary of that cohort changes, not another half-year's", async () => {
    const earlier = { from: '2025-07-01', to: '2025-12-31' };
    const cohort = { from: FROM, to: TO };
    const [before, cohortBefore] = await database.asNational(async () => [
      await sut.publish(earlier, TODAY),
      await sut.publish(cohort, TODAY),
    ]);
    builds.mockClear();

    await database.asNational(() =>
      database.db.tx.query(`UPDATE course_target SET limit_days = limit_days WHERE first_contact_date BETWEEN $1 AND $2`, [FROM, TO]),
    );
    const [after, cohortAfter] = await database.asNational(async () => [
      await sut.publish(earlier, TODAY),
      await sut.publish(cohort, TODAY),
    ]);
    expect(after).toBe(before);
    expect(cohortAfter).not.toBe(cohortBefore);
    expect(builds).toHaveBeenCalledTimes(1);
  });

  it('publishes, from its worker thread, the figures the publication made in this thread gives', async () => {
    const thread = (sut as unknown as { thread: PublicationThread }).thread;
    const send = thread.figures.bind(thread);
    let sent: Int32Array | undefined;
    jest.spyOn(thread, 'figures').mockImplementation((cells, geography) => {
      sent = cells.slice(); // handed over to the thread: kept here as a copy
      return send(cells, geography);
    });
    // A day not published yet: a build of its own.
    const publication = await database.asNational(() => sut.publish({ from: FROM, to: TO }, '2026-06-16'));
    expect(sent).toBeDefined();
    const here = publishCohort(exactOfCells(sent!, publication.geography), publication.geography);
    expect(publicationLines(publication)).toEqual(publicationLines(here));
    // The fixture's courses, but the one entered in error.
    expect(publication.count('first_contact', NATIONAL_AREA)).toBe(COURSES.length - 1);
  });
});
