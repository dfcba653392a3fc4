/**
 * Conflicting writes at the same instant (issue 11): requests released together on separate
 * connections against an application with a pool of 16 database connections.
 * - 50 updates of one course with the same If-Match: exactly one wins, the other 49 get 412,
 *   and the course holds the winner's change at version 2.
 * - 30 POSTs with the same Idempotency-Key: one course; every answer is that course.
 * - 20 first contacts for one CPR: one open course for the child, the other 19 get 409.
 */
import pg from 'pg';
import { cprFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { listen } from './support/app.js';
import { recordFigures } from './support/figures.js';
import { expectStatus, type HttpClient, type HttpReply } from './support/http.js';
import { OutputScan } from './support/output-scan.js';

const NOW = new Date('2026-03-16T11:00:00Z');
const FOCUS = [
  'behaviour',
  'worry',
  'body_and_food',
  'self_harm',
  'sadness',
  'obsessions_compulsions',
  'restlessness_inattention',
  'other',
];

describe('concurrent conflicting writes', () => {
  const scan = new OutputScan();
  let sut: TestApp;
  let http: HttpClient;
  let caseworker: string;
  const lines: string[] = [];

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW, poolSize: 16 });
    http = await listen(sut, [scan], 64);
    caseworker = `Bearer ${scan.token(await sut.token({ sub: 'race-cw', roles: ['caseworker'], municipalities: ['751'] }))}`;
  });
  afterAll(async () => {
    http?.close();
    await sut?.close();
  });

  async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: sut.db.superuserUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** Sends every request in the same tick, each on a connection of its own. */
  const together = (count: number, send: (i: number) => Promise<HttpReply>) =>
    Promise.all(Array.from({ length: count }, (_, i) => send(i)));

  const tally = (replies: HttpReply[]) =>
    replies.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

  const newCourse = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    http.json(
      'POST',
      '/api/v1/courses',
      caseworker,
      {
        municipalityCode: '751',
        firstContact: { date: '2026-03-09', channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
        ...body,
      },
      headers,
    );

  it('50 updates with the same If-Match: exactly one wins, 49 get 412', async () => {
    const course = expectStatus(await newCourse(), 201, 'course').json as { id: string; version: number };
    expect(course.version).toBe(1);
    const replies = await together(50, (i) =>
      http.json(
        'PATCH',
        `/api/v1/courses/${course.id}`,
        caseworker,
        { focusAreas: [FOCUS[i % 8], FOCUS[(i + 1) % 8]] },
        { 'if-match': '"1"' },
      ),
    );
    const statuses = tally(replies);
    expect(statuses).toEqual({ 200: 1, 412: 49 });
    for (const r of replies.filter((x) => x.status === 412)) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const winner = replies.findIndex((r) => r.status === 200);
    const [row] = await sql<{ version: number; focus_areas: string[] }>('SELECT version, focus_areas FROM course WHERE id = $1', [
      course.id,
    ]);
    expect(row).toEqual({ version: 2, focus_areas: [FOCUS[winner % 8], FOCUS[(winner + 1) % 8]] });
    // Failed attempts are audited too (as `failed`, where the log has an outcome): one update succeeded.
    const updates = await sql<{ outcome: string | null }>(
      `SELECT to_jsonb(a) ->> 'outcome' AS outcome FROM audit_log a WHERE resource_id = $1 AND action = 'update'`,
      [course.id],
    );
    expect(updates.filter((u) => u.outcome !== 'failed')).toHaveLength(1);
    lines.push(
      `50 PATCHes with If-Match "1" at once: ${JSON.stringify(statuses)}; version 2 holds the winner's focus areas; 1 update audited`,
    );
  });

  it('30 POSTs with the same Idempotency-Key: one course, every answer that course', async () => {
    const [{ n: before }] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM course');
    const replies = await together(30, () => newCourse({ focusAreas: ['worry'] }, { 'idempotency-key': 'race-same-key' }));
    const statuses = tally(replies);
    const ids = new Set(replies.filter((r) => r.status === 201).map((r) => (r.json as { id: string }).id));
    const [{ n: after }] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM course');
    expect(statuses).toEqual({ 201: 30 });
    expect(ids.size).toBe(1);
    expect(after - before).toBe(1);
    const replayed = replies.filter((r) => r.headers['idempotent-replayed'] === 'true').length;
    expect(replayed).toBe(29);
    lines.push(`30 POSTs with one Idempotency-Key at once: ${JSON.stringify(statuses)}, one course id, 29 replayed, 1 course made`);
  });

  it('20 first contacts for one CPR at once: one open course, the other 19 get 409', async () => {
    const cpr = scan.cpr(cprFor('2012-06-18', 'male'));
    const replies = await together(20, (i) => newCourse({ cpr, focusAreas: [FOCUS[i % 8]] }));
    const statuses = tally(replies);
    expect(statuses).toEqual({ 201: 1, 409: 19 });
    for (const r of replies.filter((x) => x.status === 409)) {
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.text).not.toContain(cpr);
    }
    const open = await sql(
      `SELECT c.id FROM course c JOIN child ch ON ch.id = c.child_id
        WHERE c.status = 'open' AND ch.birth_date = '2012-06-18' AND c.municipality_code = '751'`,
    );
    expect(open).toHaveLength(1);
    const children = await sql(`SELECT id FROM child WHERE birth_date = '2012-06-18'`);
    expect(children).toHaveLength(1);
    lines.push(`20 first contacts for one CPR at once: ${JSON.stringify(statuses)}; 1 child row, 1 open course`);
  });

  it('leaves no CPR, token or query string in its logs, responses or audit rows', async () => {
    scan.lines('log', sut.logs, 'concurrency log');
    await scan.auditRows(sut.db.superuserUrl, 'concurrency');
    recordFigures('concurrency', 'Concurrent conflicting writes (in-process service, pool of 16 connections)', lines);
    recordFigures('concurrency-scan', 'Concurrency: log and output scan', [scan.summary()]);
    expect(scan.findings.slice(0, 20)).toEqual([]);
  });
});
