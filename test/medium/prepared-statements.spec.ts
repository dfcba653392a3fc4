import { RequestContext, type Principal } from '../../src/common/request-context.js';
import { Db, preparedName } from '../../src/database/db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A statement asked for `prepared` is kept prepared on its connection under the name of its text
 * (planned once per connection), and gives the same answer as unprepared; with
 * DATABASE_PREPARED_STATEMENTS=false (behind a pooler that does not carry them) nothing is prepared.
 */
describe('prepared statements', () => {
  const principal: Principal = { sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] };
  const SQL = `SELECT $1::int + 1 AS next, current_setting('app.municipalities', true) AS municipalities`;

  async function run(sut: TestApp) {
    const db = sut.app.get(Db);
    return sut.app.get(RequestContext).run({ requestId: 'prepared', principal }, () =>
      db.tenantTransaction(principal, async () => ({
        prepared: await db.tx.query(SQL, [41], { prepared: true }),
        plain: await db.tx.query(SQL, [41]),
        held: (await db.tx.query(`SELECT name FROM pg_prepared_statements WHERE statement = $1`, [SQL])) as { name: string }[],
      })),
    );
  }

  it.each([
    ['true', [preparedName(SQL)]],
    ['false', []],
  ])('with DATABASE_PREPARED_STATEMENTS=%s the connection holds %j, and the answer is the same', async (flag, held) => {
    const sut = await startTestApp({ env: { DATABASE_PREPARED_STATEMENTS: flag, JOB_WORKER: 'false' }, poolSize: 1 });
    try {
      const result = await run(sut);
      expect(result.prepared).toEqual([{ next: 42, municipalities: '751' }]);
      expect(result.plain).toEqual(result.prepared);
      expect(result.held.map((h) => h.name)).toEqual(held);
    } finally {
      await sut.close();
    }
  });

  it('names two texts apart, and one text the same each time', () => {
    expect(preparedName(SQL)).toBe(preparedName(`${SQL}`));
    expect(preparedName(SQL)).not.toBe(preparedName(`${SQL} `));
    expect(preparedName(SQL)).toMatch(/^s_[0-9a-f]{24}$/);
  });
});
