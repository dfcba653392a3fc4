/**
 * docs/domain.md, "Who uses it": the evaluator (Sundhedsstyrelsen) gets anonymised extracts and
 * aggregate indicators, "never a CPR, name or single identifiable course". Proved by walking
 * every route the application serves (read from the Express router itself, and checked against
 * the OpenAPI document) with an evaluator's token. Every route must be classified below: a new
 * route fails this test until someone decides what an evaluator may do with it.
 */
import { buildOpenApi } from '../../src/app.factory.js';
import { courseFactory, cprFor, pre, screening } from '../support/fixtures.js';
import { ExtractsService } from '../../src/extracts/extracts.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** `personal`: touches courses, contacts, referrals, consents, children, worklist, audit or service-target configuration. */
type Verdict = 'personal' | 'not_for_evaluators' | 'allowed' | 'not_found_for_all';

interface RouteCase {
  verdict: Verdict;
  why: string;
  /** Query string for a request that would succeed for a role that may call the route. */
  query?: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const NOW = new Date('2026-03-16T11:00:00Z');
const CPR = cprFor('2014-05-05', 'female');

/** Every route of the application, `METHOD /path` with Express's `:param` names. */
const ROUTES: Record<string, RouteCase> = {
  // Courses and everything in them: personal data.
  'POST /api/v1/courses': {
    verdict: 'personal',
    why: 'registers a course for a child',
    body: {
      municipalityCode: '751',
      firstContact: { date: '2026-03-02', channel: 'phone', contactedBy: 'parent' },
      clearlyInTargetGroup: true,
      cpr: CPR,
    },
  },
  'GET /api/v1/courses': { verdict: 'personal', why: 'lists courses and searches by CPR', headers: { 'X-CPR': CPR } },
  'GET /api/v1/courses/:id': { verdict: 'personal', why: 'one course; reveal=cpr shows the CPR', query: 'reveal=cpr' },
  'PATCH /api/v1/courses/:id': {
    verdict: 'personal',
    why: 'changes the CPR or focus areas',
    body: { focusAreas: ['worry'] },
    headers: { 'If-Match': '"1"' },
  },
  'POST /api/v1/courses/:id/contacts': {
    verdict: 'personal',
    why: 'contacts of a course',
    body: { type: 'screening', date: '2026-03-10', status: 'held', outcome: 'other_help' },
  },
  'PATCH /api/v1/courses/:id/contacts/:contactId': {
    verdict: 'personal',
    why: 'contacts of a course',
    body: { status: 'entered_in_error', enteredInErrorReason: 'x' },
    headers: { 'If-Match': '"1"' },
  },
  'POST /api/v1/courses/:id/referrals': {
    verdict: 'personal',
    why: 'referrals of a course',
    body: { date: '2026-03-10', destination: 'gp' },
  },
  'POST /api/v1/courses/:id/referrals/:referralId/entered-in-error': {
    verdict: 'personal',
    why: 'withdraws a referral made in error',
    body: { reason: 'x' },
  },
  'POST /api/v1/courses/:id/consents': {
    verdict: 'personal',
    why: 'consents of a child',
    body: { date: '2026-03-10', givenBy: 'custodial_parent', scope: 'treatment' },
  },
  'POST /api/v1/courses/:id/close': { verdict: 'personal', why: 'closes a course', body: { date: '2026-03-10', reason: 'completed' } },
  'POST /api/v1/courses/:id/reopen': { verdict: 'personal', why: 'reopens a course', body: { reason: 'x' } },
  'POST /api/v1/courses/:id/entered-in-error': { verdict: 'personal', why: 'withdraws a course', body: { reason: 'x' } },
  'PUT /api/v1/courses/:id/responsible': {
    verdict: 'personal',
    why: 'who is responsible for a course',
    body: { sub: 'x', name: 'X' },
    headers: { 'If-Match': '"1"' },
  },
  'DELETE /api/v1/courses/:id/responsible': {
    verdict: 'personal',
    why: 'who is responsible for a course',
    headers: { 'If-Match': '"1"' },
  },
  'GET /api/v1/worklist': { verdict: 'personal', why: 'the working list names courses', query: 'municipality=751' },
  'GET /api/v1/audit': { verdict: 'personal', why: 'who read which course', query: 'resourceType=course' },
  'GET /api/v1/municipalities/:code/service-targets': { verdict: 'personal', why: 'service-target configuration' },
  'PUT /api/v1/municipalities/:code/service-targets': { verdict: 'personal', why: 'service-target configuration', body: { targets: [] } },

  // The KL delivery: its ledger and held-back list name courses; re-delivery sends children's data to KL.
  'GET /api/v1/kl/deliveries': { verdict: 'personal', why: 'the KL delivery ledger names courses' },
  'GET /api/v1/kl/held-back': { verdict: 'personal', why: 'the courses held back from KL' },
  'POST /api/v1/kl/deliveries/redeliveries': {
    verdict: 'personal',
    why: 're-delivers courses to KL',
    body: { kind: 'rejected', reason: 'x' },
  },

  // Administration that is not the evaluator's, though not personal data either.
  'GET /api/v1/municipalities/:code/reporting': { verdict: 'not_for_evaluators', why: 'the municipality’s KL reporting SOR code' },
  'PUT /api/v1/municipalities/:code/reporting': {
    verdict: 'not_for_evaluators',
    why: 'setting the KL reporting SOR code is the administrator’s',
    body: { sorCode: '451000016003' },
  },
  'POST /api/v1/extract-recipients': {
    verdict: 'not_for_evaluators',
    why: 'registering a recipient is the administrator’s',
    body: { id: 'evaluator-made', name: 'x' },
  },
  'POST /api/v1/population': { verdict: 'not_for_evaluators', why: 'loading reference data is the administrator’s' },
  'PUT /api/v1/indicators/baseline': {
    verdict: 'not_for_evaluators',
    why: 'setting the baseline is the administrator’s',
    body: { from: '2024H2', to: '2025H1' },
  },

  // The evaluator's own: reference data, aggregates and anonymised extracts.
  'GET /api/v1/municipalities': { verdict: 'allowed', why: 'municipalities reference' },
  'GET /api/v1/municipalities/:code': { verdict: 'allowed', why: 'municipalities reference' },
  'GET /api/v1/population': { verdict: 'allowed', why: 'population reference (totals per municipality)' },
  'GET /api/v1/reports/compliance': {
    verdict: 'allowed',
    why: 'aggregate report, small numbers suppressed',
    query: 'from=2025-07-01&to=2026-03-16',
  },
  'GET /api/v1/reports/flow': {
    verdict: 'allowed',
    why: 'aggregate report, small numbers suppressed',
    query: 'from=2025-07-01&to=2026-03-16',
  },
  'GET /api/v1/reports/comparison': {
    verdict: 'allowed',
    why: 'comparison of municipalities, from the half-year publication',
    query: 'period=2025H2',
  },
  'GET /api/v1/indicators': { verdict: 'allowed', why: 'monitoring indicators', query: 'period=2025H2&level=national' },
  'GET /api/v1/indicators/baseline': { verdict: 'allowed', why: 'monitoring indicators' },
  'GET /api/v1/extract-recipients': { verdict: 'allowed', why: 'extract recipients list (never their keys)' },
  'POST /api/v1/extracts': {
    verdict: 'allowed',
    why: 'anonymised extracts',
    body: { recipient: 'sst-evaluation-2026', from: '2025-07-01', to: '2026-03-16', kind: 'courses', format: 'csv' },
  },
  'GET /api/v1/extracts': { verdict: 'allowed', why: 'anonymised extracts' },
  'GET /api/v1/extracts/:id': { verdict: 'allowed', why: 'anonymised extracts' },
  'GET /api/v1/extracts/:id/file': { verdict: 'allowed', why: 'anonymised extracts' },
  'POST /api/v1/extracts/:id/cancel': { verdict: 'allowed', why: 'cancelling an anonymised extract (one still queued)' },
  'GET /api/v1/me': { verdict: 'allowed', why: 'the caller’s own roles and municipalities, from the token' },
  'GET /web-config.json': { verdict: 'allowed', why: 'how the web front logs in (public; no data)' },
  'POST /api/dev-login': {
    verdict: 'allowed',
    why: 'development login (public, never in production): a token for the roles asked for, no data',
    body: { roles: ['evaluator'], municipalities: [], name: 'Evaluator' },
  },
  'GET /health/live': { verdict: 'allowed', why: 'health (public)' },
  'GET /health/ready': { verdict: 'allowed', why: 'health (public)' },

  // The API documentation (public; swagger-ui), which describes routes and holds no data.
  'GET /docs': { verdict: 'allowed', why: 'API documentation (public)' },
  'GET /docs/': { verdict: 'allowed', why: 'API documentation (public)' },
  'GET /docs/index.html': { verdict: 'allowed', why: 'API documentation (public)' },
  'GET /docs/swagger-ui-init.js': { verdict: 'allowed', why: 'API documentation (public)' },
  'GET /docs/docs/swagger-ui-init.js': { verdict: 'allowed', why: 'API documentation (public)' },
  'GET /docs/LICENSE': { verdict: 'not_found_for_all', why: 'swagger-ui answers 404 here on purpose' },
  'GET /docs/openapi.json': { verdict: 'allowed', why: 'API documentation (public)' },
  'GET /docs-yaml': { verdict: 'allowed', why: 'API documentation (public)' },
};

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Nest's catch-all for unknown paths (404 for every method), which is not a route of the application. */
const NOT_FOUND_HANDLER = '{/*splat}';

describe('evaluator routes', () => {
  let sut: TestApp;
  let evaluator: string;
  let caseworker: string;
  const ids: Record<string, string> = {};

  /** The routes Express will dispatch to, as `METHOD /path`. */
  function servedRoutes(): string[] {
    const instance = sut.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
    return instance.router.stack
      .filter((layer) => layer.route && layer.route.path !== NOT_FOUND_HANDLER)
      .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`));
  }

  /** Path parameters filled with real ids, so that a 404 can never stand in for a 403. */
  const fill = (path: string) =>
    path
      .replace(':contactId', ids.contact)
      .replace(':referralId', ids.referral)
      .replace(':code', '751')
      .replace(/^\/api\/v1\/courses\/:id/, `/api/v1/courses/${ids.course}`)
      .replace(/^\/api\/v1\/extracts\/:id\/cancel$/, `/api/v1/extracts/${ids.queuedExtract}/cancel`)
      .replace(/^\/api\/v1\/extracts\/:id/, `/api/v1/extracts/${ids.extract}`);

  const call = (route: string, authorization: string | undefined) => {
    const [method, path] = route.split(' ');
    const spec = ROUTES[route];
    const url = fill(path) + (spec.query ? `?${spec.query}` : '');
    let req = sut.http[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    if (authorization) req = req.set('Authorization', authorization);
    for (const [name, value] of Object.entries(spec.headers ?? {})) req = req.set(name, value);
    return spec.body ? req.send(spec.body) : req;
  };

  beforeAll(async () => {
    // No job runner here: the extracts stay queued until this test makes one itself (as the command line does).
    sut = await startTestApp({ now: NOW, env: { JOB_WORKER: 'false' } });
    evaluator = await sut.bearer({ sub: 'ev-sst', roles: ['evaluator'], municipalities: [] });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    const admin = await sut.bearer({ sub: 'adm-1', roles: ['admin'], municipalities: [] });
    const course = await courseFactory(sut, caseworker).newCourse({
      firstContact: '2026-02-02',
      cpr: CPR,
      focusAreas: ['sadness'],
      contacts: [pre('2026-02-09'), screening('2026-02-20')],
      referrals: [{ date: '2026-02-20', destination: 'gp' }],
    });
    ids.course = course.id;
    ids.contact = (course.body.contacts as { id: string; type: string }[]).find((c) => c.type === 'pre_conversation')!.id;
    ids.referral = (course.body.referrals as { id: string }[])[0].id;
    await sut.http
      .post('/api/v1/extract-recipients')
      .set('Authorization', admin)
      .send({ id: 'sst-evaluation-2026', name: 'SST' })
      .expect(201);
    const extract = await sut.http
      .post('/api/v1/extracts')
      .set('Authorization', evaluator)
      .send(ROUTES['POST /api/v1/extracts'].body!)
      .expect(202);
    ids.extract = extract.body.id;
    await sut.app.get(ExtractsService).build(ids.extract);
    const queued = await sut.http
      .post('/api/v1/extracts')
      .set('Authorization', evaluator)
      .send(ROUTES['POST /api/v1/extracts'].body!)
      .expect(202);
    ids.queuedExtract = queued.body.id;
  });
  afterAll(() => sut?.close());

  it('has classified every route the application serves, and no route it does not serve', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(20);
    expect({ unclassified: served.filter((r) => !(r in ROUTES)), stale: Object.keys(ROUTES).filter((r) => !served.includes(r)) }).toEqual({
      unclassified: [],
      stale: [],
    });
  });

  it('finds every operation of the OpenAPI document among the routes it walks', () => {
    const documented = Object.entries(buildOpenApi(sut.app).paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((r) => !(r in ROUTES))).toEqual([]);
  });

  it('fills path parameters with ids that exist: a caseworker of the municipality reaches them', async () => {
    await sut.http.get(`/api/v1/courses/${ids.course}`).set('Authorization', caseworker).expect(200);
    await sut.http.get('/api/v1/municipalities/751/service-targets').set('Authorization', caseworker).expect(200);
    await sut.http.get(`/api/v1/extracts/${ids.extract}`).set('Authorization', evaluator).expect(200);
  });

  const byVerdict = (verdict: Verdict) =>
    Object.entries(ROUTES)
      .filter(([, spec]) => spec.verdict === verdict)
      .map(([route, spec]) => [route, spec.why] as const);

  it.each(byVerdict('personal'))('%s (%s) is refused to an evaluator with 403 and gives away nothing', async (route) => {
    const res = await call(route, evaluator);
    expect([route, res.status]).toEqual([route, 403]);
    expect(res.type).toBe('application/problem+json');
    for (const secret of [CPR, ids.course, ids.contact, 'sadness']) expect(res.text).not.toContain(secret);
  });

  it.each(byVerdict('not_for_evaluators'))('%s (%s) is refused to an evaluator with 403', async (route) => {
    const res = await call(route, evaluator);
    expect([route, res.status]).toEqual([route, 403]);
  });

  it.each(byVerdict('not_found_for_all'))('%s (%s) answers 404 to everyone', async (route) => {
    expect((await call(route, evaluator)).status).toBe(404);
    expect((await call(route, undefined)).status).toBe(404);
  });

  it.each(byVerdict('allowed'))('%s (%s) answers an evaluator with 2xx and no CPR, course or contact id', async (route) => {
    const res = await call(route, evaluator);
    expect([route, res.status >= 200 && res.status < 300]).toEqual([route, true]);
    const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : (res.text ?? JSON.stringify(res.body));
    for (const secret of [CPR, ids.course, ids.contact]) expect(text).not.toContain(secret);
  });

  it('left every course as it was: nothing the evaluator sent was applied', async () => {
    const res = await sut.http.get(`/api/v1/courses/${ids.course}`).set('Authorization', caseworker).expect(200);
    expect(res.body).toMatchObject({ status: 'open', focusAreas: ['sadness'] });
    expect(res.body.contacts.map((c: { type: string; status: string }) => `${c.type}:${c.status}`)).toEqual([
      'first_contact:held',
      'pre_conversation:held',
      'screening:held',
    ]);
    expect(res.body.referrals).toHaveLength(1);
    expect(res.body.consents).toEqual([]);
  });
});
