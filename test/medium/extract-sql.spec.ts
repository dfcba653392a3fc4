/**
 * The row extracts' SQL writes each list value as the extract's rules do (extract-columns.ts:
 * codeListValue, referralDestinationsValue, municipalTargetStatesValue), run on the real database
 * for generated inputs.
 */
import fc from 'fast-check';
import { DELIVERIES, FOCUS_AREAS, REFERRAL_DESTINATIONS } from '../../src/kernel/course.model.js';
import { codeListValue, municipalTargetStatesValue, referralDestinationsValue } from '../../src/extracts/extract-columns.js';
import { codeListSql, municipalTargetStatesSql, referralDestinationsSql } from '../../src/extracts/extract-sql.js';
import { TARGET_STATES } from '../../src/service-targets/clock.rules.js';
import { NATIONAL_TARGETS, TARGET_KINDS } from '../../src/service-targets/target-definitions.js';
import { openDatabase, type MediumDatabase } from '../support/medium.js';

describe('the row extracts SQL', () => {
  let database: MediumDatabase;
  beforeAll(async () => {
    database = await openDatabase();
  });
  afterAll(() => database.close());
  const value = async (sql: string, params: unknown[]): Promise<string | null> =>
    ((await database.db.dataSource.query(sql, params)) as { v: string | null }[])[0].v;
  const RUNS = { numRuns: 60 };

  it.each([
    ['focus_areas', FOCUS_AREAS],
    ['delivery', DELIVERIES],
  ] as const)('writes %s in code-list order whatever order they are held in', async (_column, order) => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray([...order]), async (codes) => {
        expect(await value(`SELECT ${codeListSql('$1::text[]', order)} AS v`, [codes])).toBe(codeListValue(codes, order));
      }),
      RUNS,
    );
  });

  it('writes referrals by days, then code-list order (nothing when there are none)', async () => {
    const referral = fc.record({ destination: fc.constantFrom(...REFERRAL_DESTINATIONS), days: fc.integer({ min: 0, max: 400 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(referral, { maxLength: 5 }), async (referrals) => {
        const got = await value(`SELECT ${referralDestinationsSql('$1::jsonb')} AS v`, [JSON.stringify(referrals)]);
        expect(got ?? '').toBe(referralDestinationsValue(referrals));
      }),
      RUNS,
    );
  });

  it("writes a course's municipal target states by kind, then limit (nothing when there are none)", async () => {
    const national = new Set(NATIONAL_TARGETS.map((t) => t.kind));
    const result = fc.record({
      kind: fc.constantFrom(...TARGET_KINDS.filter((k) => !national.has(k))),
      limitDays: fc.integer({ min: 1, max: 120 }),
      state: fc.constantFrom(...TARGET_STATES),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(result, { maxLength: 5, selector: (r) => `${r.kind}:${r.limitDays}` }), async (results) => {
        const rows = results.map((r, i) => ({ kind: r.kind, limit_days: r.limitDays, target: `t${i}`, state: r.state }));
        const got = await value(
          `SELECT ${municipalTargetStatesSql('ct.state')} AS v FROM jsonb_to_recordset($1::jsonb) ct(kind text, limit_days int, target text, state text)`,
          [JSON.stringify(rows)],
        );
        expect(got ?? '').toBe(municipalTargetStatesValue(results));
      }),
      RUNS,
    );
  });
});
