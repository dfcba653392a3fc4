/**
 * CohortPublisher against the real database (the two-region fixture): one build serves every
 * request that asks while it runs and afterwards, until a summary changes.
 */
import { jest } from '@jest/globals';
import { CohortPublisher } from '../../src/statistics/disclosure/cohort-publisher.js';
import { AggregatesRepository } from '../../src/statistics/aggregates.repository.js';
import { PopulationFiguresRepository } from '../../src/statistics/population-figures.repository.js';
import { load, openDatabase, type MediumDatabase } from '../support/medium.js';
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
  afterAll(() => database.close());

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
});
