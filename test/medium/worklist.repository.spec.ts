/** WorklistRepository.findRunningClocks against the real database, on the two-region fixture (today 2026-06-15). */
import { WorklistRepository } from '../../src/worklist/worklist.repository.js';
import { load, openDatabase, type MediumDatabase } from '../support/medium.js';
import { COURSES, TODAY } from './fixture-two-regions.js';

describe(WorklistRepository.name, () => {
  let database: MediumDatabase;
  let sut: WorklistRepository;
  beforeAll(async () => {
    database = await openDatabase();
    await load(database, COURSES, TODAY);
    sut = new WorklistRepository(database.db);
  });
  afterAll(() => database.close());

  it("lists København's running clocks of open courses, soonest deadline first", async () => {
    const rows = await database.asMunicipalities(['101'], () => sut.findRunningClocks('101', TODAY));
    // c1 (first contact 05-04): T1 deadline 05-18, T2 06-03; c2 (06-10): T1 06-24, T2 07-10.
    // c3 is closed and c4 entered in error: neither has a running clock.
    expect(rows.map((r) => [r.firstContactDate, r.target, r.deadline, r.daysLeft])).toEqual([
      ['2026-05-04', 'pre_conversation_14d', '2026-05-18', -28],
      ['2026-05-04', 'screening_30d', '2026-06-03', -12],
      ['2026-06-10', 'pre_conversation_14d', '2026-06-24', 9],
      ['2026-06-10', 'screening_30d', '2026-07-10', 25],
    ]);
  });

  it('keeps to the clocks due within the horizon, overdue included', async () => {
    const rows = await database.asMunicipalities(['101'], () => sut.findRunningClocks('101', TODAY, 9));
    expect(rows.map((r) => r.daysLeft)).toEqual([-28, -12, 9]);
  });

  it("gives a caller of another municipality nothing, even when asked for København's list (row-level security)", async () => {
    expect(await database.asMunicipalities(['751'], () => sut.findRunningClocks('101', TODAY))).toEqual([]);
    // Aarhus's own: a2's T2 (first contact 02-03, deadline 03-05) is running and overdue.
    const aarhus = await database.asMunicipalities(['751'], () => sut.findRunningClocks('751', TODAY));
    expect(aarhus.map((r) => [r.target, r.deadline, r.daysLeft])).toEqual([['screening_30d', '2026-03-05', -102]]);
  });
});
