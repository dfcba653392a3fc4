/**
 * kill -9 of the service in the middle of the KL delivery: the service runs as a real child
 * process (`npm start`'s command, test/reliability/support/service-process.ts) on a test database,
 * sending to a fake FK Gateway that answers 500 at random, resets connections, times out and
 * accepts reports but loses the answer. It is killed with SIGKILL while reports are in flight and
 * course changes are being made, and started again: the new process frees the dead one's jobs (its
 * heartbeat stopped), and in the end every report is accepted exactly once, each child's in order,
 * and nothing committed is missing — or sent when it was not committed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cprFor } from '../support/fixtures.js';
import { gatewayEnv, startFakeGateway, type FakeGateway } from '../support/fake-kl-gateway.js';
import { expectDeliveredInOrder, outbox, ownerQuery, waitFor } from '../support/kl-delivery.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ServiceProcess } from '../reliability/support/service-process.js';

describe('kill -9 during the KL delivery', () => {
  let gateway: FakeGateway;
  let db: TestDatabase;
  let dataDir: string;
  let service: ServiceProcess;

  beforeAll(async () => {
    gateway = await startFakeGateway({
      chaos: { error500: 0.1, reset: 0.05, timeout: 0.03, acceptThenReset: 0.1, acceptThenHang: 0.05, seed: 3 },
    });
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'ltt-kl-kill-'));
    service = new ServiceProcess({
      databaseUrl: db.appUrl,
      migrationDatabaseUrl: db.ownerUrl,
      dataDir,
      env: gatewayEnv(gateway, {
        LOG_LEVEL: 'warn',
        KL_REQUEST_TIMEOUT_MS: '300',
        JOB_WORKER_HEARTBEAT_SECONDS: '1',
        JOB_WORKER_STALE_SECONDS: '3',
        KL_DELIVERY_CONCURRENCY: '4',
      }),
    });
    await service.start();
  });
  afterAll(async () => {
    await service?.stop();
    await gateway?.close();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${service.port}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as { id: string } | null };
  };

  /** A course and a few changes of it, each a request of its own; requests cut off by the kill are simply lost. */
  async function changes(token: string, child: number, from: string): Promise<void> {
    const created = await call(token, 'POST', '/api/v1/courses', {
      municipalityCode: '751',
      firstContact: { date: from, time: '09:00', channel: 'phone', contactedBy: 'parent' },
      clearlyInTargetGroup: true,
      cpr: cprFor(`2013-0${1 + (child % 9)}-1${child % 10}`, child % 2 ? 'female' : 'male'),
    }).catch(() => undefined);
    if (created?.status !== 201) return;
    const id = created.body!.id;
    const steps = [
      { type: 'pre_conversation', date: from, status: 'held', outcome: 'proceed_to_screening' },
      { type: 'screening', date: from, status: 'held', outcome: 'offer_treatment', programme: 'Cool Kids', delivery: 'group' },
      { type: 'treatment', date: from, status: 'held', participants: 'child_present', delivery: 'group', programme: 'Cool Kids' },
      { type: 'treatment', date: from, status: 'held', participants: 'carers_only', delivery: 'individual', programme: 'Cool Kids' },
    ];
    for (const step of steps) {
      const res = await call(token, 'POST', `/api/v1/courses/${id}/contacts`, step).catch(() => undefined);
      if (!res || res.status >= 500) return;
    }
  }

  it('loses nothing, sends nothing twice and keeps each child’s order', async () => {
    const admin = await service.token({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    const caseworker = await service.token({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    expect((await call(admin, 'PUT', '/api/v1/municipalities/751/reporting', { sorCode: '451000016003' })).status).toBe(200);

    // Changes of 10 children at once, and the kill once the gateway has some of their reports and more are in flight.
    const before = Promise.all(Array.from({ length: 10 }, (_, i) => changes(caseworker, i, '2026-01-05')));
    await waitFor('some reports accepted', async () => gateway.accepted.length >= 8, 120_000);
    const locked = await ownerQuery<{ n: number }>(
      db.ownerUrl,
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_at IS NOT NULL`,
    );
    await service.kill9();
    await before;
    const atKill = await outbox(db.ownerUrl);
    expect(atKill.some((r) => r.state !== 'accepted')).toBe(true);

    // Started again: more changes, of new children, while the new process finishes what the killed one left.
    await service.start();
    await Promise.all(Array.from({ length: 6 }, (_, i) => changes(caseworker, 10 + i, '2026-01-12')));
    await waitFor(
      'every report accepted',
      async () => {
        const rows = await outbox(db.ownerUrl);
        return rows.length > 0 && rows.every((r) => r.state === 'accepted');
      },
      180_000,
    );
    const { reports, children } = await expectDeliveredInOrder(db.ownerUrl, gateway);
    expect(children).toBeGreaterThanOrEqual(12);
    expect(reports).toBeGreaterThan(atKill.length);
    // The kill did cut deliveries off: jobs were locked by the killed process, and answers it never got were sent again.
    expect(locked[0].n + gateway.repeats).toBeGreaterThan(0);
    expect(gateway.invalid).toEqual([]);
  });
});
