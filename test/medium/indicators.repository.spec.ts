/**
 * IndicatorsRepository.cohortFigures against the real database: the two-region fixture's
 * counts per municipality and per region (the sums over its municipalities, written out), by
 * cell (everyone, age group at first contact, sex), for the half-year 2026H1.
 */
import { IndicatorsRepository, type CohortRow } from '../../src/statistics/indicators.repository.js';
import { load, openDatabase, type MediumDatabase } from '../support/medium.js';
import { COURSES, FROM, TO, TODAY } from './fixture-two-regions.js';

const BUCKETS = [{ label: '2026H1', from: FROM, to: TO }];
// [first contacts, pre-conversation, screening, treatment, completed, dropped out]
const figures = (r: CohortRow) => [r.firstContacts, r.preConversation, r.screening, r.treatment, r.completed, r.droppedOut];
const cell = (rows: CohortRow[], area: string, dimension: CohortRow['dimension'], key: string) =>
  rows.find((r) => r.area === area && r.dimension === dimension && r.key === key);

describe(IndicatorsRepository.name, () => {
  let database: MediumDatabase;
  let sut: IndicatorsRepository;
  beforeAll(async () => {
    database = await openDatabase();
    await load(database, COURSES, TODAY);
    sut = new IndicatorsRepository(database.db);
  });
  afterAll(() => database.close());

  it('counts every municipality', async () => {
    const rows = await database.asNational(() => sut.cohortFigures(BUCKETS, TODAY, { national: true }, 'municipality'));
    expect(figures(cell(rows, '751', 'all', 'all')!)).toEqual([3, 2, 1, 0, 0, 0]);
    expect(figures(cell(rows, '727', 'all', 'all')!)).toEqual([2, 2, 1, 0, 1, 0]);
    expect(figures(cell(rows, '101', 'all', 'all')!)).toEqual([3, 1, 1, 1, 1, 0]);
    expect(figures(cell(rows, '147', 'all', 'all')!)).toEqual([1, 1, 0, 0, 0, 1]);
    // T1 states as of today: 751 met a1, breached a2; 101 met c3, overdue c1.
    expect(cell(rows, '751', 'all', 'all')!.targets.pre_conversation_14d).toEqual({ met: 1, breached: 1, overdue: 0 });
    expect(cell(rows, '101', 'all', 'all')!.targets.pre_conversation_14d).toEqual({ met: 1, breached: 0, overdue: 1 });
  });

  it('gives each region the sums over its municipalities, cell by cell', async () => {
    const rows = await database.asNational(() => sut.cohortFigures(BUCKETS, TODAY, { national: true }, 'region'));
    expect([...new Set(rows.map((r) => r.area))].sort()).toEqual(['1082', '1084']);
    expect(figures(cell(rows, '1082', 'all', 'all')!)).toEqual([5, 4, 2, 0, 1, 0]);
    expect(figures(cell(rows, '1084', 'all', 'all')!)).toEqual([4, 2, 1, 1, 1, 1]);
    // Ages at first contact: 1082 a1 11 (10-13), a2 15 (14-17), a3 unknown, b1 9 (5-9), b2 13 (10-13);
    // 1084 c1 10 (10-13), c2 16 (14-17), c3 12 (10-13), d1 15 (14-17).
    const ages = (area: string) =>
      Object.fromEntries(
        ['5-9', '10-13', '14-17', 'outside_range', 'unknown'].map((g) => [g, cell(rows, area, 'age_group', g)?.firstContacts ?? 0]),
      );
    expect(ages('1082')).toEqual({ '5-9': 1, '10-13': 2, '14-17': 1, outside_range: 0, unknown: 1 });
    expect(ages('1084')).toEqual({ '5-9': 0, '10-13': 2, '14-17': 2, outside_range: 0, unknown: 0 });
    // Sex: 1082 a1 f, a2 m, a3 unknown, b1 m, b2 f; 1084 c1 f, c2 m, c3 f, d1 m.
    const sexes = (area: string) =>
      Object.fromEntries(['female', 'male', 'unknown'].map((s) => [s, cell(rows, area, 'sex', s)?.firstContacts ?? 0]));
    expect(sexes('1082')).toEqual({ female: 2, male: 2, unknown: 1 });
    expect(sexes('1084')).toEqual({ female: 2, male: 2, unknown: 0 });
    // The first-contact → pre-conversation wait: 1082 [8, 17, 7, 14] median 11; 1084 [14, 21] median 17.5.
    expect(cell(rows, '1082', 'all', 'all')!.waits.firstContactToPreConversation).toEqual({ n: 4, median: 11 });
    expect(cell(rows, '1084', 'all', 'all')!.waits.firstContactToPreConversation).toEqual({ n: 2, median: 17.5 });
  });

  it('reads one region, or named municipalities, when asked', async () => {
    const region = await database.asNational(() => sut.cohortFigures(BUCKETS, TODAY, { region: '1084' }, 'municipality'));
    expect([...new Set(region.map((r) => r.area))].sort()).toEqual(['101', '147']);
    const named = await database.asMunicipalities(['751'], () =>
      sut.cohortFigures(BUCKETS, TODAY, { municipalities: ['751'] }, 'municipality'),
    );
    expect([...new Set(named.map((r) => r.area))]).toEqual(['751']);
  });
});
