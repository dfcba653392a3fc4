/**
 * A transaction widened to every municipality (NationalScope) leaves a trace: one log line with
 * the reason, the request id and the caller, for the request's transaction and for the extract
 * cursor's own connection alike; a manager's report, which is not widened, leaves none.
 */
import { makeExtract } from '../support/extracts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { dayOffset } from '../support/dates.js';

describe('NationalScope', () => {
  let sut: TestApp;
  let evaluator: string;
  let manager: string;
  beforeAll(async () => {
    sut = await startTestApp();
    evaluator = await sut.bearer({ sub: 'ev-sst', roles: ['evaluator'], municipalities: [] });
    manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    const admin = await sut.bearer({ sub: 'adm-1', roles: ['admin'], municipalities: [] });
    await sut.http.post('/api/v1/extract-recipients').set('Authorization', admin).send({ id: 'sst-1', name: 'SST' }).expect(201);
  });
  afterAll(() => sut.close());

  const widenings = (requestId: string) =>
    sut.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'transaction widened to every municipality' && entry.requestId === requestId);

  it("logs an evaluator's aggregate report with its reason, request id and caller", async () => {
    await sut.http
      .get(`/api/v1/reports/compliance?from=${dayOffset(-30)}&to=${dayOffset(0)}`)
      .set('Authorization', evaluator)
      .set('X-Request-Id', 'widen-report-1')
      .expect(200);
    expect(widenings('widen-report-1')).toEqual([expect.objectContaining({ reason: 'aggregate_report', sub: 'ev-sst' })]);
  });

  it("logs a manager's own report not at all: it is not widened", async () => {
    await sut.http
      .get(`/api/v1/reports/compliance?from=${dayOffset(-30)}&to=${dayOffset(0)}`)
      .set('Authorization', manager)
      .set('X-Request-Id', 'widen-report-2')
      .expect(200);
    expect(widenings('widen-report-2')).toEqual([]);
  });

  it("logs a row extract's transaction and its cursor's connection, both as anonymised_extract", async () => {
    // Made by its job, which carries the request's id: the count of its rows and its cursor each widen.
    await makeExtract(
      sut.http,
      evaluator,
      { recipient: 'sst-1', from: dayOffset(-30), to: dayOffset(0), kind: 'courses', format: 'csv' },
      { 'X-Request-Id': 'widen-extract-1' },
    );
    expect(widenings('widen-extract-1')).toEqual([
      expect.objectContaining({ reason: 'anonymised_extract', sub: 'ev-sst' }),
      expect.objectContaining({ reason: 'anonymised_extract', sub: 'ev-sst' }),
    ]);
  });
});
