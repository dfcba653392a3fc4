import { AuditService } from '../../src/audit/audit.service.js';
import { MAX_AUDIT_PURPOSE } from '../../src/audit/audit.service.js';
import { RequestContext } from '../../src/common/request-context.js';
import { Db } from '../../src/database/db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

/** The append-only audit log keeps whatever it is given for ever: what it stores is bounded. */
describe(AuditService.name, () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  const purposeOf = (requestId: string) =>
    withClient(
      sut.db.superuserUrl,
      async (db) => (await db.query(`SELECT purpose FROM audit_log WHERE request_id = $1`, [requestId])).rows,
    );

  it(`stores at most ${MAX_AUDIT_PURPOSE} characters of a purpose, from an event or from X-Purpose`, async () => {
    const audit = sut.app.get(AuditService);
    const db = sut.app.get(Db);
    const context = sut.app.get(RequestContext);
    const principal = { sub: 'cw-751', roles: ['caseworker' as const], municipalities: ['751'] };
    await context.run({ requestId: 'long-purpose', principal, purpose: 'h'.repeat(50_000) }, () =>
      db.tenantTransaction(principal, () =>
        audit.record(
          { action: 'read', resourceType: 'course', municipalityCode: '751', purpose: 'p'.repeat(200_000) },
          { action: 'read', resourceType: 'course', municipalityCode: '751' },
        ),
      ),
    );
    const rows = await purposeOf('long-purpose');
    expect(rows.map((r: { purpose: string }) => r.purpose)).toEqual(['p'.repeat(MAX_AUDIT_PURPOSE), 'h'.repeat(MAX_AUDIT_PURPOSE)]);
  });

  it('is bounded by the database too', async () => {
    await expect(
      withClient(sut.db.ownerUrl, (db) =>
        db.query(`INSERT INTO audit_log (actor_sub, actor_role, action, resource_type, purpose) VALUES ('x', 'x', 'read', 'course', $1)`, [
          'p'.repeat(MAX_AUDIT_PURPOSE + 1),
        ]),
      ),
    ).rejects.toThrow(/audit_log_purpose_length/);
  });
});
