import { RequestContext, type Principal } from '../../src/common/request-context.js';
import { Db } from '../../src/database/db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

/**
 * The tenant transaction begins with its row-level-security settings in one round trip, the
 * values quoted into the statement: they must arrive exactly as given, live only as long as the
 * transaction, and a failure must roll back everything it wrote.
 */
describe(`${Db.name}.tenantTransaction`, () => {
  let sut: TestApp;
  let db: Db;
  let context: RequestContext;
  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.app.get(Db);
    context = sut.app.get(RequestContext);
  });
  afterAll(() => sut.close());

  const settings = () =>
    db.tx.query(
      `SELECT current_setting('app.municipalities', true) AS municipalities, current_setting('app.sub', true) AS sub,
              current_setting('app.scope', true) AS scope`,
    ) as Promise<{ municipalities: string; sub: string; scope: string }[]>;

  it.each([
    ['a plain subject', 'cw-751'],
    ['quotes and a backslash', `o'brien\\'; SELECT set_config('app.scope', 'all', true); --`],
    ['unicode', 'søren-ærø-å'],
  ])('sets the caller and their municipalities inside the transaction (%s)', async (_name, sub) => {
    const principal: Principal = { sub, roles: ['caseworker'], municipalities: ['101', '751'] };
    const [inside] = await context.run({ requestId: 'tt', principal }, () => db.tenantTransaction(principal, settings));
    expect(inside).toMatchObject({ municipalities: '101,751', sub, scope: 'municipal' });
  });

  it('commits: its connection goes back to the pool idle, not idle in a transaction', async () => {
    const principal: Principal = { sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] };
    const pid = await context.run({ requestId: 'tt', principal }, () =>
      db.tenantTransaction(principal, async () => {
        const [row] = (await db.tx.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
        return row;
      }),
    );
    const after = await withClient(sut.db.superuserUrl, async (c) =>
      (await c.query(`SELECT state FROM pg_stat_activity WHERE pid = $1`, [pid.pid])).rows.map((r: { state: string }) => r.state),
    );
    expect(after).toEqual(['idle']); // not "idle in transaction": COMMIT was sent
  });

  it('rolls back what it wrote when the work fails', async () => {
    const principal: Principal = { sub: 'cw-rollback', roles: ['caseworker'], municipalities: ['751'] };
    await expect(
      context.run({ requestId: 'tt-rollback', principal }, () =>
        db.tenantTransaction(principal, async () => {
          await db.tx.query(
            `INSERT INTO audit_log (actor_sub, actor_role, municipality_code, action, resource_type, request_id)
             VALUES ('cw-rollback', 'caseworker', '751', 'read', 'course', 'tt-rollback')`,
          );
          throw new Error('the work failed');
        }),
      ),
    ).rejects.toThrow('the work failed');
    const rows = await withClient(
      sut.db.superuserUrl,
      async (c) => (await c.query(`SELECT 1 FROM audit_log WHERE request_id = 'tt-rollback'`)).rows,
    );
    expect(rows).toEqual([]);
  });

  it('joins the current transaction when there is one, with the new settings', async () => {
    const outer: Principal = { sub: 'outer', roles: ['caseworker'], municipalities: ['751'] };
    const inner: Principal = { sub: 'inner', roles: ['caseworker'], municipalities: ['101'] };
    const [a, b] = await context.run({ requestId: 'tt', principal: outer }, () =>
      db.tenantTransaction(outer, async () => {
        const [before] = (await db.tx.query(`SELECT txid_current() AS tx`)) as { tx: string }[];
        const [after] = (await db.tenantTransaction(inner, () =>
          db.tx.query(`SELECT txid_current() AS tx, current_setting('app.sub') AS sub`),
        )) as { tx: string; sub: string }[];
        return [before, after];
      }),
    );
    expect(b).toEqual({ tx: a.tx, sub: 'inner' });
  });
});
