import { dayOffset } from '../support/dates.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const COURSES = '/api/v1/courses';

/**
 * A realistic day's work through the API, with several children's CPR numbers in bodies, headers
 * and (against advice) query strings, valid and invalid; then nothing the service logged may
 * carry a CPR number or a bearer token.
 */
describe('courses: what the service logs', () => {
  let sut: TestApp;
  let caseworker: string;
  let manager: string;
  let otherMunicipality: string;
  const tokens: string[] = [];

  // Valid: a 10-year-old girl, an 8-year-old boy, a 16-year-old, a child born 2000-02-29.
  const valid = ['0505164996', '120318-4123', '1709094781', '290200-4002'];
  // Invalid, each a 422 from the service: 31 February; day 45 and month 20 (shapes a naive
  // CPR-looking pattern does not catch); 29 February 2013.
  const invalidDate = ['310214-4001', '4505149996', '0520149996', '290213-4002'];
  // Malformed, a 400 from validation.
  const malformed = ['05051A9996', '050514999', '05051-49996'];
  const all = [...valid, ...invalidDate, ...malformed];
  /** Every way a number may be written: with and without the hyphen. */
  const forms = all.flatMap((cpr) => {
    const digits = cpr.replace('-', '');
    return digits.length === 10 ? [digits, `${digits.slice(0, 6)}-${digits.slice(6)}`] : [cpr];
  });

  beforeAll(async () => {
    sut = await startTestApp();
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] });
    otherMunicipality = await sut.bearer({ sub: 'cw-101', roles: ['caseworker'], municipalities: ['101'] });
    tokens.push(caseworker, manager, otherMunicipality);
  });
  afterAll(() => sut.close());

  const course = (cpr?: string, date = dayOffset(-20)) => ({
    municipalityCode: '751',
    firstContact: { date, time: '08:15', channel: 'phone', contactedBy: 'parent' },
    clearlyInTargetGroup: true,
    focusAreas: ['worry'],
    ...(cpr ? { cpr } : {}),
  });

  it('logs no CPR number and no bearer token, whatever the flow', async () => {
    const http = sut.http;
    const ids: string[] = [];

    // First contacts with CPR, in both spellings, one retried with an Idempotency-Key.
    for (const [i, cpr] of valid.slice(0, 3).entries()) {
      const res = await http
        .post(COURSES)
        .set('Authorization', caseworker)
        .set('Idempotency-Key', `log-${i}`)
        .send(course(cpr))
        .expect(201);
      await http.post(COURSES).set('Authorization', caseworker).set('Idempotency-Key', `log-${i}`).send(course(cpr)).expect(201);
      ids.push(res.body.id);
    }
    // The same child again: 409.
    await http.post(COURSES).set('Authorization', caseworker).send(course(valid[0])).expect(409);
    // A worried parent on the phone: no CPR yet; added later, then corrected.
    const unknown = await http.post(COURSES).set('Authorization', caseworker).send(course()).expect(201);
    const added = await http
      .patch(`${COURSES}/${unknown.body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', unknown.headers.etag)
      .send({ cpr: valid[3] })
      .expect(200);
    await http
      .patch(`${COURSES}/${unknown.body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', added.headers.etag)
      .send({ cpr: invalidDate[1] })
      .expect(422);
    // A stale If-Match with a CPR in the body: 412.
    await http
      .patch(`${COURSES}/${unknown.body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', '"1"')
      .send({ cpr: valid[3] })
      .expect(412);

    // Invalid CPRs at registration: 422 for dates that do not exist, 400 for malformed input.
    for (const cpr of invalidDate) await http.post(COURSES).set('Authorization', caseworker).send(course(cpr)).expect(422);
    for (const cpr of malformed) await http.post(COURSES).set('Authorization', caseworker).send(course(cpr)).expect(400);

    // Searches: by header, and by query string in both spellings; invalid ones too.
    for (const cpr of valid) {
      await http.get(COURSES).set('Authorization', caseworker).set('X-CPR', cpr).expect(200);
      await http.get(`${COURSES}?cpr=${cpr}&status=open`).set('Authorization', caseworker).expect(200);
      await http
        .get(`${COURSES}?cpr=${cpr.replace('-', '')}`)
        .set('Authorization', manager)
        .expect(200);
    }
    for (const cpr of invalidDate) {
      await http.get(`${COURSES}?cpr=${cpr}`).set('Authorization', caseworker).expect(422);
      await http.get(COURSES).set('Authorization', caseworker).set('X-CPR', cpr).expect(422);
    }
    for (const cpr of malformed) await http.get(`${COURSES}?cpr=${cpr}`).set('Authorization', caseworker).expect(400);
    // A CPR pasted where a course id belongs: 400 from the id check, and the path is logged.
    await http.get(`${COURSES}/${valid[2]}`).set('Authorization', caseworker).expect(400);
    // Another municipality searching for our child finds nothing.
    await http.get(`${COURSES}?cpr=${valid[0]}`).set('Authorization', otherMunicipality).expect(200);

    // Work on a course: reveal the CPR, contacts, a consent, a rule broken, close.
    const [first] = ids;
    await http.get(`${COURSES}/${first}?reveal=cpr`).set('Authorization', caseworker).set('X-Purpose', 'letter to family').expect(200);
    await http
      .post(`${COURSES}/${first}/contacts`)
      .set('Authorization', caseworker)
      .send({ type: 'pre_conversation', date: dayOffset(-15), status: 'held', outcome: 'proceed_to_screening' })
      .expect(201);
    await http
      .post(`${COURSES}/${first}/contacts`)
      .set('Authorization', caseworker)
      .send({
        type: 'treatment',
        date: dayOffset(-10),
        status: 'held',
        participants: 'child_present',
        delivery: 'group',
        programme: 'Cool Kids',
      })
      .expect(422);
    await http
      .post(`${COURSES}/${first}/consents`)
      .set('Authorization', caseworker)
      .send({ date: dayOffset(-15), givenBy: 'young_person', scope: 'treatment' })
      .expect(422);
    await http
      .post(`${COURSES}/${first}/close`)
      .set('Authorization', caseworker)
      .send({ date: dayOffset(0), reason: 'completed' })
      .expect(200);
    await http.get(`${COURSES}/${first}`).set('Authorization', otherMunicipality).expect(404);
    await http.get('/api/v1/audit').set('Authorization', manager).expect(200);

    // Rejected tokens: a tampered one and one for no audience.
    const tampered = `${caseworker.slice(0, -4)}AAAA`;
    tokens.push(tampered);
    await http.get(COURSES).set('Authorization', tampered).set('X-CPR', valid[0]).expect(401);
    const foreign = `Bearer ${await sut.token({ sub: 'cw-751' }, { audience: 'another-service' })}`;
    tokens.push(foreign);
    await http.post(COURSES).set('Authorization', foreign).send(course(valid[1])).expect(401);

    // The logs exist (the flow was logged) ...
    const logs = sut.logs;
    expect(logs.length).toBeGreaterThan(40);
    expect(logs.some((line) => line.includes('/api/v1/courses'))).toBe(true);
    // ... and carry no CPR, in either spelling, and no token.
    const leaks = logs.flatMap((line) => [
      ...forms.filter((form) => line.includes(form)).map((form) => `CPR ${form} in: ${line}`),
      ...tokens
        .map((t) => t.replace(/^Bearer /, ''))
        .filter((jwt) => line.includes(jwt) || line.includes(jwt.split('.')[2]))
        .map(() => `token in: ${line}`),
      ...(/bearer\s+ey/i.test(line) ? [`bearer in: ${line}`] : []),
    ]);
    expect(leaks).toEqual([]);
    // Not even the query string of a search.
    expect(logs.filter((line) => line.includes('cpr='))).toEqual([]);
  });
});
