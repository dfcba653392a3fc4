/**
 * AggregatesRepository against the real database: the compliance and flow figures of the
 * two-region fixture (fixture-two-regions.ts has every course and its states) per municipality,
 * per region and for the nation, computed by hand. Each region's figures are the sums over its
 * two municipalities, written out.
 */
import { AggregatesRepository, type ComplianceRow, type FlowRow } from '../../src/statistics/aggregates.repository.js';
import { load, openDatabase, type MediumDatabase } from '../support/medium.js';
import { COURSES, FROM, TO, TODAY } from './fixture-two-regions.js';

const counts = (r: ComplianceRow) => [r.met, r.breached, r.overdue, r.pending, r.notApplicable, r.completedN, r.openN];
const byKey = <T extends { key: string }>(rows: T[], target?: string) =>
  Object.fromEntries(rows.filter((r) => !target || (r as unknown as ComplianceRow).target === target).map((r) => [r.key, r]));

describe(AggregatesRepository.name, () => {
  let database: MediumDatabase;
  let sut: AggregatesRepository;
  beforeAll(async () => {
    database = await openDatabase();
    await load(database, COURSES, TODAY);
    sut = new AggregatesRepository(database.db);
  });
  afterAll(() => database.close());

  describe('compliance', () => {
    // [met, breached, overdue, pending, not applicable, completed n, open n]
    const T1 = {
      '751': [1, 1, 0, 0, 1, 2, 0], // a1 met, a2 breached, a3 n/a
      '727': [2, 0, 0, 0, 0, 2, 0], // b1, b2 met
      '101': [1, 0, 1, 1, 0, 1, 2], // c3 met, c1 overdue, c2 pending (c4 entered in error: absent)
      '147': [0, 1, 0, 0, 0, 1, 0], // d1 breached
      '1082': [3, 1, 0, 0, 1, 4, 0], // 751 + 727
      '1084': [1, 1, 1, 1, 0, 2, 2], // 101 + 147
      national: [4, 2, 1, 1, 1, 6, 2],
    };
    const T2 = {
      '751': [1, 0, 1, 0, 1, 1, 1], // a1 met, a2 overdue, a3 n/a
      '727': [0, 1, 0, 0, 1, 1, 0], // b1 breached, b2 n/a
      '101': [1, 0, 1, 1, 0, 1, 2], // c3 met, c1 overdue, c2 pending
      '147': [0, 0, 0, 0, 1, 0, 0], // d1 n/a
      '1082': [1, 1, 1, 0, 2, 2, 1],
      '1084': [1, 0, 1, 1, 1, 1, 2],
      national: [2, 1, 2, 1, 3, 3, 3],
    };

    it('gives each municipality its own figures', async () => {
      const rows = await database.asNational(() => sut.compliance(FROM, TO, TODAY, { level: 'national' }, 'municipality'));
      for (const [target, expected] of [
        ['pre_conversation_14d', T1],
        ['screening_30d', T2],
      ] as const) {
        const got = byKey(rows, target);
        expect(Object.keys(got).sort()).toEqual(['101', '147', '727', '751']);
        for (const m of ['751', '727', '101', '147'] as const) expect(counts(got[m])).toEqual(expected[m]);
      }
    });

    it('gives each region the sums over its two municipalities', async () => {
      const rows = await database.asNational(() => sut.compliance(FROM, TO, TODAY, { level: 'national' }, 'region'));
      for (const [target, expected] of [
        ['pre_conversation_14d', T1],
        ['screening_30d', T2],
      ] as const) {
        const got = byKey(rows, target);
        expect(Object.keys(got).sort()).toEqual(['1082', '1084']);
        expect(counts(got['1082'])).toEqual(expected['1082']);
        expect(counts(got['1084'])).toEqual(expected['1084']);
      }
      // Medians over the region's completed waits: 1082 T1 [7, 8, 14, 17] → 11; 1084 T1 [14, 21] → 17.5.
      expect(byKey(rows, 'pre_conversation_14d')['1082'].completedMedian).toBe(11);
      expect(byKey(rows, 'pre_conversation_14d')['1084'].completedMedian).toBe(17.5);
    });

    it('gives the same region figures when asked for the region as a scope, and the nation its totals', async () => {
      for (const region of ['1082', '1084'] as const) {
        const rows = await database.asNational(() => sut.compliance(FROM, TO, TODAY, { level: 'region', region }));
        expect(counts(byKey(rows, 'pre_conversation_14d').all)).toEqual(T1[region]);
        expect(counts(byKey(rows, 'screening_30d').all)).toEqual(T2[region]);
      }
      const national = await database.asNational(() => sut.compliance(FROM, TO, TODAY, { level: 'national' }));
      expect(counts(byKey(national, 'pre_conversation_14d').all)).toEqual(T1.national);
      expect(counts(byKey(national, 'screening_30d').all)).toEqual(T2.national);
    });

    it("sees only the tenant's municipalities without a widened scope (row-level security)", async () => {
      const rows = await database.asMunicipalities(['727'], () => sut.compliance(FROM, TO, TODAY, { level: 'national' }, 'municipality'));
      expect(Object.keys(byKey(rows, 'pre_conversation_14d'))).toEqual(['727']);
    });
  });

  describe('flow', () => {
    // [first contact, pre-conversation, screening, treatment, completed, closed]
    const steps = (r: FlowRow) => [r.firstContact, r.preConversation, r.screening, r.treatment, r.completed, r.closed];
    const FLOW = {
      '751': [3, 2, 1, 0, 0, 1],
      '727': [2, 2, 1, 0, 1, 1],
      '101': [3, 1, 1, 1, 1, 1],
      '147': [1, 1, 0, 0, 0, 1],
      '1082': [5, 4, 2, 0, 1, 2],
      '1084': [4, 2, 1, 1, 1, 2],
    };

    it('gives each municipality its steps and each region the sums over its municipalities', async () => {
      const municipalities = byKey(await database.asNational(() => sut.flow(FROM, TO, { level: 'national' }, 'municipality')));
      for (const m of ['751', '727', '101', '147'] as const) expect(steps(municipalities[m])).toEqual(FLOW[m]);
      const regions = byKey(await database.asNational(() => sut.flow(FROM, TO, { level: 'national' }, 'region')));
      expect(Object.keys(regions).sort()).toEqual(['1082', '1084']);
      expect(steps(regions['1082'])).toEqual(FLOW['1082']);
      expect(steps(regions['1084'])).toEqual(FLOW['1084']);
      expect(regions['1082'].closureReasons).toEqual({ family_declined: 1, completed: 1 });
      expect(regions['1084'].closureReasons).toEqual({ completed: 1, dropped_out: 1 });
      // First contact → pre-conversation: 1082 [8, 17, 7, 14] → n 4, median 11; 1084 [14, 21] → n 2, median 17.5.
      expect(regions['1082'].waits.firstContactToPreConversation).toEqual({ n: 4, median: 11, p90: 16.1 });
      expect(regions['1084'].waits.firstContactToPreConversation).toEqual({ n: 2, median: 17.5, p90: 20.3 });
    });
  });
});
