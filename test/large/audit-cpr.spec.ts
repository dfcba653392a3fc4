import pg from 'pg';
import { courseFactory } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The append-only audit log never keeps a CPR number, whoever passes one: a purpose (X-Purpose)
 * or a reason is free text, and a caller may type a child's CPR into it. Found by the reliability
 * suite's output scan (docs/reliability.md).
 */
describe('audit purposes hold no CPR', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ now: new Date('2026-03-16T11:00:00Z') });
  });
  afterAll(() => sut.close());

  it('keeps the purpose and reason with anything shaped like a CPR number taken out', async () => {
    const caseworker = await sut.bearer({ roles: ['caseworker'], municipalities: ['751'] });
    const course = await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-02' });
    await sut.http
      .get(`/api/v1/courses/${course.id}`)
      .set('Authorization', caseworker)
      .set('X-Purpose', 'Opfølgning 010101-1234')
      .expect(200);
    await sut.http
      .post(`/api/v1/courses/${course.id}/entered-in-error`)
      .set('Authorization', caseworker)
      .send({ reason: 'Oprettet på 3112999999 ved en fejl' })
      .expect(200);
    const client = new pg.Client({ connectionString: sut.db.superuserUrl });
    await client.connect();
    const { rows } = await client.query<{ purpose: string | null }>(`SELECT purpose FROM audit_log WHERE resource_id = $1`, [course.id]);
    await client.end();
    const purposes = rows.map((r) => r.purpose).filter(Boolean);
    expect(purposes).toEqual(expect.arrayContaining(['Opfølgning [redacted]', 'Oprettet på [redacted] ved en fejl']));
    expect(JSON.stringify(rows)).not.toMatch(/010101-1234|3112999999/);
  });
});
