/**
 * The delivery worker against a fake FK Gateway on loopback (test/support/fake-kl-gateway.ts),
 * which validates every report with KL's profiles and decides by Bundle id: the client-credentials
 * token, retries with the same id, rejections stopping a child's line and re-delivery after the
 * fix, nothing sent without a gateway, and — under concurrent course changes while the gateway
 * answers 500 at random, times out, resets connections and accepts reports but loses the answer —
 * every report accepted exactly once, each child's in order, nothing lost.
 */
import { cprFor, courseFactory, pre, screening, treatment } from '../support/fixtures.js';
import { gatewayEnv, startFakeGateway, type FakeGateway } from '../support/fake-kl-gateway.js';
import { expectDeliveredInOrder, outbox, ownerQuery, resourcesOf, waitFor } from '../support/kl-delivery.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { klIds } from '../../src/kl-reporting/kl-ids.js';

const NOW = new Date('2026-03-14T10:00:00Z');
const SOR = '451000016003';

async function reportingFor(sut: TestApp, ...municipalities: string[]) {
  const admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
  for (const m of municipalities) {
    await sut.http.put(`/api/v1/municipalities/${m}/reporting`).set('Authorization', admin).send({ sorCode: SOR }).expect(200);
  }
  return admin;
}

const allAccepted = (sut: TestApp) => async () => {
  const rows = await outbox(sut.db.ownerUrl);
  return rows.length > 0 && rows.every((r) => r.state === 'accepted' || r.state === 'superseded') && rows;
};

describe('the KL delivery worker', () => {
  describe('with a well-behaved gateway', () => {
    let gateway: FakeGateway;
    let sut: TestApp;
    let caseworker: string;
    let admin: string;

    beforeAll(async () => {
      gateway = await startFakeGateway({ validateBase: true });
      sut = await startTestApp({ now: NOW, env: gatewayEnv(gateway, { KL_DELIVERY_WORKER: 'true' }) });
      admin = await reportingFor(sut, '751');
      caseworker = await sut.bearer({ sub: 'cw', roles: ['caseworker'], municipalities: ['751'] });
    });
    afterAll(async () => {
      await sut?.close();
      await gateway?.close();
    });

    it('sends each report once, in order, with one token for all, and the ledger shows them accepted', async () => {
      await courseFactory(sut, caseworker).newCourse({
        firstContact: '2026-02-02',
        cpr: cprFor('2014-05-05', 'female'),
        focusAreas: ['worry'],
        contacts: [pre('2026-02-09'), screening('2026-02-20'), treatment('2026-03-02')],
        referrals: [{ date: '2026-03-02', destination: 'gp' }],
      });
      const rows = await waitFor('every report accepted', allAccepted(sut));
      // One report per change: the course, three contacts, the referral.
      expect(rows).toHaveLength(5);
      await expectDeliveredInOrder(sut.db.ownerUrl, gateway);
      expect(gateway.invalid).toEqual([]);
      expect(gateway.repeats).toBe(0);
      expect(gateway.tokensIssued).toBe(1);
      const ledger = await sut.http.get('/api/v1/kl/deliveries?state=accepted').set('Authorization', admin).expect(200);
      expect(ledger.body.counts).toMatchObject({ accepted: 5, pending: 0, sent: 0, rejected: 0 });
      expect(ledger.body.items[0]).toMatchObject({ state: 'accepted', tries: 1, lastStatus: 201, lastError: null });
      expect(ledger.body.items[0].acceptedAt).toEqual(expect.any(String));
    });

    it('retries after 500s, timeouts and reset connections with the same Bundle id, listing the report as sent meanwhile', async () => {
      gateway.chaos = { error500: 0.5, timeout: 0.25, reset: 0.25, seed: 7 };
      const course = await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-01', cpr: cprFor('2013-04-04', 'male') });
      const id = (await outbox(sut.db.ownerUrl)).find((r) => r.courseId === course.id)!.id;
      const retrying = await waitFor('a few tries', async () => {
        const res = await sut.http.get(`/api/v1/kl/deliveries?course=${course.id}`).set('Authorization', admin);
        return res.body.items[0]?.tries >= 3 && res.body.items[0];
      });
      expect(retrying).toMatchObject({ id, state: 'sent' });
      expect(retrying.lastError).toMatch(/^(HTTP 500|timeout|connection failed)/);
      expect(retrying.nextTryAt).toEqual(expect.any(String));
      gateway.chaos = {};
      await waitFor('the report accepted', allAccepted(sut));
      expect(gateway.accepted.filter((a) => a.id === id)).toHaveLength(1);
      await expectDeliveredInOrder(sut.db.ownerUrl, gateway);
    });

    it('fetches a new token when the gateway refuses the one it has (401), and tries again', async () => {
      gateway.revokeTokens();
      const before = gateway.tokensIssued;
      await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-03', cpr: cprFor('2012-02-02', 'female') });
      await waitFor('the report accepted', allAccepted(sut));
      expect(gateway.tokensIssued).toBe(before + 1);
    });
  });

  describe('a rejection', () => {
    let gateway: FakeGateway;
    let sut: TestApp;
    let caseworker: string;
    let admin: string;

    beforeAll(async () => {
      gateway = await startFakeGateway();
      sut = await startTestApp({ now: NOW, env: gatewayEnv(gateway, { KL_DELIVERY_WORKER: 'true' }) });
      admin = await reportingFor(sut, '751');
      caseworker = await sut.bearer({ sub: 'cw', roles: ['caseworker'], municipalities: ['751'] });
    });
    afterAll(async () => {
      await sut?.close();
      await gateway?.close();
    });

    it('keeps the gateway’s reasons, holds the child’s later reports back, lets other children through, and re-delivery after the fix sends the current picture', async () => {
      const courses = courseFactory(sut, caseworker);
      const refused = await courses.newCourse({ firstContact: '2026-03-02', cpr: cprFor('2014-01-01', 'male') });
      const [{ child_id: refusedChild }] = await ownerQuery<{ child_id: string }>(
        sut.db.ownerUrl,
        `SELECT child_id FROM course WHERE id = $1`,
        [refused.id],
      );
      // The course's first report goes through; from now on the gateway refuses this child's (say, a SOR code KL does not know yet).
      await waitFor('the first accepted', allAccepted(sut));
      gateway.reject = (bundle) => resourcesOf(bundle).some((r) => r.id === klIds.citizen(refusedChild));
      await sut.http.post(`/api/v1/courses/${refused.id}/contacts`).set('Authorization', caseworker).send(pre('2026-03-09')).expect(201);
      await sut.http
        .post(`/api/v1/courses/${refused.id}/contacts`)
        .set('Authorization', caseworker)
        .send(screening('2026-03-12'))
        .expect(201);
      const other = await courses.newCourse({
        firstContact: '2026-03-05',
        cpr: cprFor('2015-05-05', 'female'),
        contacts: [pre('2026-03-10')],
      });

      const rejected = await waitFor('the rejection', async () => {
        const res = await sut.http.get(`/api/v1/kl/deliveries?course=${refused.id}`).set('Authorization', admin);
        const items = res.body.items as { state: string }[];
        return items.some((i) => i.state === 'rejected') && items;
      });
      const [later, first] = rejected as {
        id: string;
        state: string;
        rejection: unknown;
        blockedBy: string | null;
        lastStatus: number;
      }[];
      expect(first).toMatchObject({
        state: 'rejected',
        lastStatus: 422,
        rejection: {
          source: 'gateway',
          status: 422,
          issues: [{ severity: 'error', code: 'business-rule', diagnostics: 'SOR code 451000016003 is not registered for this sender' }],
        },
      });
      // The later report waits behind it, never sent: the child's reports go in order.
      expect(later).toMatchObject({ state: 'pending', blockedBy: first.id, rejection: null });
      expect(gateway.acceptedIds.has(later.id)).toBe(false);
      // Another child's reports are not held up.
      await waitFor('the other child’s reports', async () => {
        const rows = await outbox(sut.db.ownerUrl);
        return rows.filter((r) => r.courseId === other.id).every((r) => r.state === 'accepted');
      });

      // The fix (KL registers the SOR code), then re-delivery of what was rejected.
      gateway.reject = () => false;
      const redelivery = await sut.http
        .post('/api/v1/kl/deliveries/redeliveries')
        .set('Authorization', admin)
        .send({ kind: 'rejected', reason: 'KL registered the SOR code' })
        .expect(200);
      expect(redelivery.body).toEqual({ kind: 'rejected', courses: 1, reports: 1, superseded: 2 });
      await waitFor('the current picture accepted', allAccepted(sut));
      const rows = await outbox(sut.db.ownerUrl);
      const mine = rows.filter((r) => r.courseId === refused.id);
      expect(mine.map((r) => r.state)).toEqual(['accepted', 'superseded', 'superseded', 'accepted']);
      // The re-delivered report carries everything KL should hold now: both contacts among them.
      const resent = gateway.accepted.find((a) => a.id === mine[3].id)!;
      expect(resent.bundle.entry!.map((e) => e.resource!.resourceType)).toEqual([
        'Patient',
        'CarePlan',
        'Encounter',
        'Encounter',
        'Encounter',
      ]);
      await expectDeliveredInOrder(sut.db.ownerUrl, gateway);
    });
  });

  describe('without a gateway', () => {
    it('sends nothing and fails nothing: reports wait, pending', async () => {
      const sut = await startTestApp({ now: NOW, env: { KL_DELIVERY_WORKER: 'true' } });
      try {
        await reportingFor(sut, '751');
        const caseworker = await sut.bearer({ sub: 'cw', roles: ['caseworker'], municipalities: ['751'] });
        await courseFactory(sut, caseworker).newCourse({
          firstContact: '2026-03-02',
          cpr: cprFor('2014-01-01', 'male'),
          contacts: [pre('2026-03-09')],
        });
        // The jobs ran (and found nothing to do without a gateway): nothing is left to run, and nothing was tried.
        await waitFor('the jobs done', async () => {
          const jobs = await ownerQuery<{ n: number }>(sut.db.ownerUrl, `SELECT count(*)::int AS n FROM graphile_worker._private_jobs`);
          return jobs[0].n === 0;
        });
        expect((await outbox(sut.db.ownerUrl)).map((r) => [r.state, r.tries])).toEqual([
          ['pending', 0],
          ['pending', 0],
        ]);
        expect(sut.logs.filter((l) => /"level":50/.test(l))).toEqual([]);
      } finally {
        await sut.close();
      }
    });
  });

  describe('under concurrent course changes and an unreliable gateway', () => {
    let gateway: FakeGateway;
    let sut: TestApp;

    beforeAll(async () => {
      gateway = await startFakeGateway({
        chaos: { error500: 0.15, timeout: 0.05, reset: 0.1, acceptThenReset: 0.1, acceptThenHang: 0.05, seed: 11 },
      });
      // The production default pool (DATABASE_POOL_SIZE 10): 16 requests at once share it with the worker's short transactions.
      sut = await startTestApp({
        now: NOW,
        poolSize: 10,
        env: gatewayEnv(gateway, { KL_DELIVERY_WORKER: 'true', KL_REQUEST_TIMEOUT_MS: '300', KL_DELIVERY_CONCURRENCY: '6' }),
      });
      await reportingFor(sut, '751', '101');
    });
    afterAll(async () => {
      await sut?.close();
      await gateway?.close();
    });

    it('accepts every report exactly once, each child’s in order, and KL ends up holding what the courses say', async () => {
      const aarhus = courseFactory(sut, await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] }));
      const copenhagen = courseFactory(sut, await sut.bearer({ sub: 'cw-101', roles: ['caseworker'], municipalities: ['101'] }));
      // 16 children in two municipalities, each course built by its own sequence of requests, all at once.
      await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          (i % 2 ? aarhus : copenhagen).newCourse({
            municipality: i % 2 ? '751' : '101',
            firstContact: '2026-02-02',
            cpr: cprFor(`201${i % 5}-0${1 + (i % 9)}-1${i % 10}`, i % 3 ? 'female' : 'male'),
            focusAreas: i % 4 ? ['worry'] : [],
            contacts: [pre('2026-02-09'), screening('2026-02-20'), treatment('2026-03-02'), treatment('2026-03-09')],
            referrals: i % 3 ? [{ date: '2026-03-02', destination: 'civil_society' }] : [],
            ...(i % 4 === 0 ? { close: { date: '2026-03-12', reason: 'completed' } } : {}),
          }),
        ),
      );
      await waitFor('every report accepted', allAccepted(sut), 120_000);
      const { reports, children } = await expectDeliveredInOrder(sut.db.ownerUrl, gateway);
      expect(children).toBe(16);
      expect(reports).toBeGreaterThanOrEqual(16 * 5);
      // The gateway really misbehaved, and the answers it lost were sent again under the same id.
      expect(gateway.outcomes.error500 + gateway.outcomes.timeout + gateway.outcomes.reset).toBeGreaterThan(5);
      expect(gateway.outcomes.acceptThenReset + gateway.outcomes.acceptThenHang).toBeGreaterThan(2);
      expect(gateway.repeats).toBeGreaterThan(0);
      expect(gateway.invalid).toEqual([]);
    });
  });
});
