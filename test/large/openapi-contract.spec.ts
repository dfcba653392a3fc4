/**
 * The API answers as docs/openapi.json says: every route's happy path, and the errors a client
 * meets most, are called through the real application and each response is checked against the
 * schema the document declares for its status and media type (test/support/openapi-contract.ts).
 * A response DTO that drifts from the real body (a field added, renamed, null where the document
 * says never) fails here, and so does a status the document does not declare. The last test
 * fails when an operation of the document was not called with success.
 *
 * The service's "today" is pinned to 2026-03-14.
 */
import type { Test } from 'supertest';
import type { Response } from 'supertest';
import { cprFor } from '../support/fixtures.js';
import { awaitExtract } from '../support/extracts.js';
import { loadContract, type Contract } from '../support/openapi-contract.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-03-14T10:00:00Z');
const RECIPIENT = 'sst-evaluation-2026';
const POPULATION = [
  'municipality_code;year;sex;age;population',
  '751;2026;total;total;380000',
  '751;2026;total;5-9;21000',
  '751;2026;total;10-13;17000',
  '751;2026;total;14-17;15000',
  '751;2026;female;total;190500',
  '999;2026;total;total;10',
  '',
].join('\n');

/** Reads any body as text (JSON Lines and CSV are not parsed by supertest by default). */
const asText = (req: Test) =>
  req.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text));
  });

describe('the API answers as docs/openapi.json describes', () => {
  let sut: TestApp;
  let contract: Contract;
  let caseworker: string;
  let manager: string;
  let evaluator: string;
  let admin: string;
  const cpr = cprFor('2014-05-05', 'female');
  const ids: Record<string, string> = {};

  /** Sends, expects `status`, and checks the response against the document. */
  async function expectDocumented(req: Test, status: number): Promise<Response> {
    const res = await req;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body ?? res.text)}`);
    contract.check(res);
    return res;
  }

  const get = (path: string, auth: string) => sut.http.get(path).set('Authorization', auth);
  const post = (path: string, auth: string) => sut.http.post(path).set('Authorization', auth);
  const patch = (path: string, auth: string) => sut.http.patch(path).set('Authorization', auth);
  const put = (path: string, auth: string) => sut.http.put(path).set('Authorization', auth);
  const del = (path: string, auth: string) => sut.http.delete(path).set('Authorization', auth);

  beforeAll(async () => {
    contract = loadContract();
    sut = await startTestApp({ now: NOW });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
  });
  afterAll(() => sut.close());

  it('health checks', async () => {
    await expectDocumented(sut.http.get('/health/live'), 200);
    await expectDocumented(sut.http.get('/health/ready'), 200);
  });

  it('the caller and how the browser logs in', async () => {
    const me = await expectDocumented(get('/api/v1/me', manager), 200);
    expect(me.body).toMatchObject({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    await expectDocumented(sut.http.get('/api/v1/me'), 401);
    await expectDocumented(sut.http.get('/web-config.json'), 200);
  });

  it('municipalities', async () => {
    await expectDocumented(get('/api/v1/municipalities', caseworker), 200);
    await expectDocumented(get('/api/v1/municipalities/751', caseworker), 200);
    await expectDocumented(get('/api/v1/municipalities/75x', caseworker), 400);
    await expectDocumented(get('/api/v1/municipalities/999', caseworker), 404);
    await expectDocumented(sut.http.get('/api/v1/municipalities'), 401);
    await expectDocumented(get('/api/v1/municipalities', await sut.bearer({ roles: [] })), 403);
  });

  it('a course from first contact to closure, reopened, and one entered in error', async () => {
    const body = {
      municipalityCode: '751',
      firstContact: { date: '2026-03-02', time: '09:30', channel: 'phone', contactedBy: 'parent' },
      clearlyInTargetGroup: true,
      cpr,
      focusAreas: ['worry'],
    };
    const created = await expectDocumented(post('/api/v1/courses', caseworker).set('Idempotency-Key', 'contract-1').send(body), 201);
    ids.course = created.body.id;
    const replayed = await expectDocumented(post('/api/v1/courses', caseworker).set('Idempotency-Key', 'contract-1').send(body), 201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    await expectDocumented(
      post('/api/v1/courses', caseworker)
        .set('Idempotency-Key', 'contract-1')
        .send({ ...body, cpr: undefined }),
      422,
    );
    await expectDocumented(post('/api/v1/courses', caseworker).send(body), 409);
    await expectDocumented(post('/api/v1/courses', caseworker).send({ ...body, municipalityCode: '101' }), 403);
    await expectDocumented(
      post('/api/v1/courses', caseworker).send({ ...body, firstContact: { ...body.firstContact, date: '2026-02-30' } }),
      400,
    );
    await expectDocumented(
      post('/api/v1/courses', caseworker).send({ ...body, cpr: undefined, firstContact: { ...body.firstContact, date: '2026-03-20' } }),
      422,
    );
    await expectDocumented(
      post('/api/v1/courses', caseworker).set('Content-Type', 'application/json').send('{"municipalityCode": "751",'),
      400,
    );
    await expectDocumented(post('/api/v1/courses', caseworker).send({ padding: 'x'.repeat(300 * 1024) }), 413);

    const course = `/api/v1/courses/${ids.course}`;
    await expectDocumented(get(course, caseworker).set('X-Purpose', 'Opfølgning'), 200);
    const revealed = await expectDocumented(get(`${course}?reveal=cpr`, caseworker), 200);
    expect(revealed.body.child.cpr).toBe(cpr);
    await expectDocumented(get('/api/v1/courses/not-a-uuid', caseworker), 400);
    await expectDocumented(get('/api/v1/courses/00000000-0000-4000-8000-000000000000', caseworker), 404);

    const planned = await expectDocumented(
      post(`${course}/contacts`, caseworker).send({ type: 'pre_conversation', date: '2026-03-16', status: 'planned' }),
      201,
    );
    const contact = `${course}/contacts/${planned.body.id}`;
    await expectDocumented(patch(contact, caseworker).send({ status: 'held' }), 428);
    await expectDocumented(patch(contact, caseworker).set('If-Match', '"99"').send({ status: 'held' }), 412);
    await expectDocumented(
      patch(contact, caseworker).set('If-Match', '"1"').send({ status: 'held', date: '2026-03-12', outcome: 'proceed_to_screening' }),
      200,
    );
    await expectDocumented(patch(contact, caseworker).set('If-Match', '"2"').send({ status: 'planned' }), 409);
    await expectDocumented(post(`${course}/contacts`, caseworker).send({ type: 'screening', date: '2026-03-01', status: 'planned' }), 422);
    const referral = await expectDocumented(
      post(`${course}/referrals`, caseworker).send({ date: '2026-03-12', destination: 'gp', note: 'Egen læge' }),
      201,
    );
    const mistakenReferral = await expectDocumented(
      post(`${course}/referrals`, caseworker).send({ date: '2026-03-12', destination: 'other' }),
      201,
    );
    const referralError = `${course}/referrals/${mistakenReferral.body.id}/entered-in-error`;
    await expectDocumented(post(referralError, caseworker).send({}), 400);
    await expectDocumented(post(referralError, caseworker).set('If-Match', '"1"').send({ reason: 'Wrong destination' }), 412);
    await expectDocumented(
      post(`${course}/referrals/00000000-0000-4000-8000-000000000000/entered-in-error`, caseworker).send({ reason: 'x' }),
      404,
    );
    const withdrawnReferral = await expectDocumented(post(referralError, caseworker).send({ reason: 'Wrong destination' }), 200);
    expect(withdrawnReferral.body.referrals.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [referral.body.id, 'active'],
      [mistakenReferral.body.id, 'entered_in_error'],
    ]);
    await expectDocumented(post(referralError, caseworker).send({ reason: 'Again' }), 409);
    await expectDocumented(
      post(`${course}/consents`, caseworker).send({ date: '2026-03-12', givenBy: 'custodial_parent', scope: 'treatment' }),
      201,
    );

    const listed = await expectDocumented(get('/api/v1/courses?municipality=751', caseworker), 200);
    expect(listed.body.total).toBe(1);
    await expectDocumented(get('/api/v1/courses', caseworker).set('X-CPR', cpr), 200);
    await expectDocumented(get('/api/v1/courses', caseworker).set('X-CPR', '3102144002'), 422);
    await expectDocumented(get('/api/v1/courses?page=0', caseworker), 400);
    await expectDocumented(get('/api/v1/courses', evaluator), 403);

    const current = await expectDocumented(get(course, caseworker), 200);
    await expectDocumented(
      post(`${course}/referrals`, caseworker).set('If-Match', '"1"').send({ date: '2026-03-12', destination: 'gp' }),
      412,
    );
    const focused = await expectDocumented(
      patch(course, caseworker)
        .set('If-Match', current.headers.etag)
        .send({ focusAreas: ['worry', 'sadness'] }),
      200,
    );

    // The responsible worker: set, refused when stale or missing If-Match, cleared.
    const responsible = `${course}/responsible`;
    await expectDocumented(put(responsible, caseworker).send({ sub: 'cw-751', name: 'Sara Sagsbehandler' }), 428);
    await expectDocumented(put(responsible, caseworker).set('If-Match', focused.headers.etag).send({ sub: '' }), 400);
    const assigned = await expectDocumented(
      put(responsible, caseworker).set('If-Match', focused.headers.etag).send({ sub: 'cw-751', name: 'Sara Sagsbehandler' }),
      200,
    );
    expect(assigned.body.responsible).toMatchObject({ sub: 'cw-751', name: 'Sara Sagsbehandler' });
    await expectDocumented(get('/api/v1/courses?responsible=me', caseworker), 200);
    await expectDocumented(del(responsible, caseworker).set('If-Match', focused.headers.etag), 412);
    await expectDocumented(del(responsible, caseworker), 428);
    await expectDocumented(del(`/api/v1/courses/00000000-0000-4000-8000-000000000000/responsible`, caseworker).set('If-Match', '"1"'), 404);
    await expectDocumented(put(responsible, evaluator).set('If-Match', assigned.headers.etag).send({ sub: 'x', name: 'X' }), 403);
    const unassigned = await expectDocumented(del(responsible, caseworker).set('If-Match', assigned.headers.etag), 200);
    expect(unassigned.body.responsible).toBeNull();
    await expectDocumented(
      put(responsible, caseworker).set('If-Match', unassigned.headers.etag).send({ sub: 'cw-751', name: 'Sara' }),
      200,
    );
    const closed = await expectDocumented(post(`${course}/close`, caseworker).send({ date: '2026-03-13', reason: 'completed' }), 200);
    expect(closed.body.closure).toEqual({ date: '2026-03-13', time: null, reason: 'completed' });
    await expectDocumented(post(`${course}/contacts`, caseworker).send({ type: 'screening', date: '2026-03-20', status: 'planned' }), 409);
    await expectDocumented(post(`${course}/reopen`, caseworker).set('If-Match', '"1"').send({ reason: 'Closed by mistake' }), 412);
    await expectDocumented(post(`${course}/reopen`, caseworker).send({ reason: 'Closed by mistake' }), 200);

    const mistaken = await expectDocumented(
      post('/api/v1/courses', caseworker).send({
        ...body,
        cpr: undefined,
        firstContact: { date: '2026-03-10', channel: 'email', contactedBy: 'child' },
      }),
      201,
    );
    const withdrawn = await expectDocumented(
      post(`/api/v1/courses/${mistaken.body.id}/entered-in-error`, caseworker).send({ reason: 'Registered twice' }),
      200,
    );
    expect(withdrawn.body.enteredInError).toEqual({ reason: 'Registered twice' });
    await expectDocumented(post(`/api/v1/courses/${mistaken.body.id}/entered-in-error`, caseworker).send({ reason: 'Again' }), 409);
    await expectDocumented(
      put(`/api/v1/courses/${mistaken.body.id}/responsible`, caseworker)
        .set('If-Match', withdrawn.headers.etag)
        .send({ sub: 'cw-751', name: 'Sara' }),
      409,
    );
  });

  it('the working list', async () => {
    const list = await expectDocumented(get('/api/v1/worklist', caseworker), 200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const mine = await expectDocumented(get('/api/v1/worklist?responsible=me', caseworker), 200);
    expect(mine.body.items.every((i: { responsible: { sub: string } | null }) => i.responsible?.sub === 'cw-751')).toBe(true);
    await expectDocumented(get('/api/v1/worklist?municipality=101', caseworker), 403);
    await expectDocumented(get('/api/v1/worklist', await sut.bearer({ roles: ['caseworker'], municipalities: ['751', '101'] })), 400);
  });

  it('service targets', async () => {
    await expectDocumented(get('/api/v1/municipalities/751/service-targets', caseworker), 200);
    const targets = {
      targets: [{ name: 'treatment_start_28d', kind: 'treatment_start_after_screening', limitDays: 28, validFrom: '2026-01-01' }],
    };
    const put = await expectDocumented(
      sut.http.put('/api/v1/municipalities/751/service-targets').set('Authorization', manager).send(targets),
      200,
    );
    expect(put.body.municipal).toHaveLength(1);
    await expectDocumented(
      sut.http
        .put('/api/v1/municipalities/751/service-targets')
        .set('Authorization', manager)
        .send({ targets: [{ ...targets.targets[0], validTo: '2025-12-31' }] }),
      422,
    );
    await expectDocumented(get('/api/v1/municipalities/101/service-targets', manager), 403);
  });

  it('reports, as JSON and CSV, exact and suppressed', async () => {
    const range = 'from=2026-01-01&to=2026-03-31';
    await expectDocumented(get(`/api/v1/reports/compliance?${range}`, manager), 200);
    const csv = await expectDocumented(get(`/api/v1/reports/compliance?${range}`, manager).set('Accept', 'text/csv'), 200);
    expect(csv.text.split('\n')[0]).toMatch(/^target,group,met/);
    // Below national level an evaluator gets whole calendar half-years only (docs/metrics.md).
    const half = 'from=2026-01-01&to=2026-06-30';
    const suppressed = await expectDocumented(get(`/api/v1/reports/compliance?${half}&groupBy=municipality`, evaluator), 200);
    expect(JSON.stringify(suppressed.body)).toMatch(/"<5"|"\.\."/);
    await expectDocumented(get(`/api/v1/reports/compliance?${range}&municipality=751`, evaluator), 422);
    await expectDocumented(get(`/api/v1/reports/flow?${range}&groupBy=age_group`, manager), 200);
    await expectDocumented(get(`/api/v1/reports/flow?${half}&region=1082`, evaluator), 200);
    await expectDocumented(get('/api/v1/reports/comparison?target=pre_conversation_14d&period=2026H1', evaluator), 200);
    await expectDocumented(get('/api/v1/reports/comparison?target=pre_conversation_14d&period=2026H3', evaluator), 400);
    await expectDocumented(get('/api/v1/reports/flow?from=2026-03-31&to=2026-01-01', manager), 400);
    await expectDocumented(get(`/api/v1/reports/compliance?${range}&municipality=101`, manager), 403);
  });

  it('population, the baseline and the indicators', async () => {
    await expectDocumented(post('/api/v1/population?source=FOLK1A%202026', admin).set('Content-Type', 'text/csv').send(POPULATION), 200);
    await expectDocumented(post('/api/v1/population', admin).send({ rows: [] }), 415);
    await expectDocumented(post('/api/v1/population', admin).set('Content-Type', 'text/csv').send(''), 422);
    await expectDocumented(get('/api/v1/population?year=2026', manager), 200);
    await expectDocumented(get('/api/v1/population?year=1066', manager), 400);

    const none = await expectDocumented(get('/api/v1/indicators/baseline', manager), 200);
    expect(none.body).toEqual({ baseline: null });
    await expectDocumented(get('/api/v1/indicators?period=2026H1', manager), 200);
    await expectDocumented(
      sut.http.put('/api/v1/indicators/baseline').set('Authorization', admin).send({ from: '2024H2', to: '2025H2' }),
      200,
    );
    await expectDocumented(
      sut.http.put('/api/v1/indicators/baseline').set('Authorization', admin).send({ from: '2024H2', to: '2026H1' }),
      422,
    );
    await expectDocumented(
      sut.http.put('/api/v1/indicators/baseline').set('Authorization', admin).send({ from: '2024', to: '2025H1' }),
      400,
    );
    await expectDocumented(get('/api/v1/indicators/baseline', evaluator), 200);
    await expectDocumented(get('/api/v1/indicators?period=2026Q1', manager), 200);
    await expectDocumented(get('/api/v1/indicators?period=2026H1&level=municipality&region=1082', evaluator), 200);
    await expectDocumented(get('/api/v1/indicators?level=national', evaluator), 200);
    await expectDocumented(get('/api/v1/indicators?period=2027H1', manager), 422);
    await expectDocumented(get('/api/v1/indicators?level=region', manager), 403);
  });

  it('anonymised extracts', async () => {
    await expectDocumented(
      post('/api/v1/extract-recipients', admin).send({ id: RECIPIENT, name: 'Sundhedsstyrelsen, evaluering 2026' }),
      201,
    );
    await expectDocumented(post('/api/v1/extract-recipients', admin).send({ id: RECIPIENT, name: 'Again' }), 409);
    await expectDocumented(get('/api/v1/extract-recipients', evaluator), 200);
    const request = { recipient: RECIPIENT, from: '2026-01-01', to: '2026-03-14' };
    const csv = await expectDocumented(post('/api/v1/extracts', evaluator).send({ ...request, kind: 'courses', format: 'csv' }), 202);
    const jsonl = await expectDocumented(post('/api/v1/extracts', evaluator).send({ ...request, kind: 'contacts', format: 'jsonl' }), 202);
    const aggregates = await expectDocumented(
      post('/api/v1/extracts', evaluator).send({ ...request, kind: 'aggregates', format: 'csv-excel-da' }),
      202,
    );
    await expectDocumented(
      post('/api/v1/extracts', evaluator).send({ ...request, recipient: 'nobody-here', kind: 'courses', format: 'csv' }),
      422,
    );
    await expectDocumented(post('/api/v1/extracts', manager).send({ ...request, kind: 'courses', format: 'csv' }), 403);
    for (const made of [csv, jsonl, aggregates]) await awaitExtract(sut.http, evaluator, made.body.id);
    await expectDocumented(get('/api/v1/extracts', evaluator), 200);
    await expectDocumented(get(`/api/v1/extracts/${csv.body.id}`, evaluator), 200);
    await expectDocumented(asText(get(`/api/v1/extracts/${csv.body.id}/file`, evaluator)), 200);
    await expectDocumented(asText(get(`/api/v1/extracts/${jsonl.body.id}/file`, evaluator)), 200);
    await expectDocumented(post(`/api/v1/extracts/${csv.body.id}/cancel`, evaluator), 409);
    await expectDocumented(post('/api/v1/extracts/00000000-0000-4000-8000-000000000000/cancel', evaluator), 404);
    await expectDocumented(get('/api/v1/extracts/not-a-uuid', evaluator), 400);
    await expectDocumented(get('/api/v1/extracts/00000000-0000-4000-8000-000000000000/file', evaluator), 404);
  });

  it('an extract waiting for its job: its status, cancel, and no file (409)', async () => {
    // An instance that runs no jobs: the extract stays queued until it is cancelled.
    const idle = await startTestApp({ now: NOW, env: { JOB_WORKER: 'false' } });
    try {
      const ev = await idle.bearer({ sub: 'ev-sst', roles: ['evaluator'], municipalities: [] });
      const adm = await idle.bearer({ sub: 'adm-1', roles: ['admin'], municipalities: [] });
      await idle.http.post('/api/v1/extract-recipients').set('Authorization', adm).send({ id: RECIPIENT, name: 'SST' }).expect(201);
      const queued = await idle.http
        .post('/api/v1/extracts')
        .set('Authorization', ev)
        .send({ recipient: RECIPIENT, from: '2026-01-01', to: '2026-03-14', kind: 'courses', format: 'csv' });
      contract.check(queued);
      expect([queued.status, queued.body.status]).toEqual([202, 'queued']);
      const status = await idle.http.get(`/api/v1/extracts/${queued.body.id}`).set('Authorization', ev);
      contract.check(status);
      expect(status.body.status).toBe('queued');
      const notReady = await idle.http.get(`/api/v1/extracts/${queued.body.id}/file`).set('Authorization', ev);
      contract.check(notReady);
      expect(notReady.status).toBe(409);
      const cancelled = await idle.http.post(`/api/v1/extracts/${queued.body.id}/cancel`).set('Authorization', ev);
      contract.check(cancelled);
      expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    } finally {
      await idle.close();
    }
  });

  it('the audit trail', async () => {
    const page = await expectDocumented(get('/api/v1/audit?resourceType=course', manager), 200);
    expect(page.body.items.length).toBeGreaterThan(0);
    await expectDocumented(get('/api/v1/audit', admin), 200);
    await expectDocumented(get('/api/v1/audit?bogus=1', manager), 400);
    await expectDocumented(get('/api/v1/audit', caseworker), 403);
  });

  it('the KL delivery: reporting settings, the ledger, what is held back, re-delivery', async () => {
    const put = (path: string, auth: string) => sut.http.put(path).set('Authorization', auth);
    await expectDocumented(get('/api/v1/municipalities/751/reporting', manager), 200);
    await expectDocumented(put('/api/v1/municipalities/751/reporting', admin).send({ sorCode: '451000016003' }), 200);
    await expectDocumented(put('/api/v1/municipalities/751/reporting', admin).send({ sorCode: '4510000160' }), 400);
    await expectDocumented(put('/api/v1/municipalities/999/reporting', admin).send({ sorCode: '451000016003' }), 404);
    await expectDocumented(get('/api/v1/municipalities/101/reporting', manager), 403);
    // A change after the code is set: a report in the ledger.
    await expectDocumented(
      post('/api/v1/courses', caseworker).send({
        municipalityCode: '751',
        firstContact: { date: '2026-03-13', channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
        cpr: cprFor('2015-02-03', 'male'),
      }),
      201,
    );
    const ledger = await expectDocumented(get('/api/v1/kl/deliveries?municipality=751', manager), 200);
    expect(ledger.body.items.length).toBeGreaterThan(0);
    await expectDocumented(get('/api/v1/kl/deliveries?state=held_back', admin), 200);
    await expectDocumented(get('/api/v1/kl/deliveries?from=2026-03-10&to=2026-03-01', admin), 400);
    await expectDocumented(get('/api/v1/kl/deliveries?municipality=101', manager), 403);
    await expectDocumented(get('/api/v1/kl/held-back', manager), 200);
    await expectDocumented(
      post('/api/v1/kl/deliveries/redeliveries', manager).send({
        kind: 'period',
        from: '2026-03-01',
        to: '2026-03-14',
        reason: 'contract',
      }),
      200,
    );
    await expectDocumented(post('/api/v1/kl/deliveries/redeliveries', manager).send({ kind: 'period', reason: 'no period' }), 400);
    await expectDocumented(
      post('/api/v1/kl/deliveries/redeliveries', admin).send({ kind: 'rejected', municipality: '999', reason: 'x' }),
      404,
    );
  });

  it('rate limiting', async () => {
    const limited = await startTestApp({ env: { THROTTLE_LIMIT: '1' } });
    try {
      const auth = await limited.bearer();
      await limited.http.get('/api/v1/municipalities/751').set('Authorization', auth).expect(200);
      const res = await limited.http.get('/api/v1/municipalities/751').set('Authorization', auth);
      expect(res.status).toBe(429);
      contract.check(res);
    } finally {
      await limited.close();
    }
  });

  it('every operation of the document was called with success', () => {
    const missing = contract.operations().filter((op) => ![...(contract.seen.get(op) ?? [])].some((s) => s >= 200 && s < 300));
    expect(missing).toEqual([]);
  });
});
