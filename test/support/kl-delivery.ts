/** Helpers of the KL delivery tests: waiting for the worker, and what the outbox and the gateway hold. */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import pg from 'pg';
import { contentHash, klIds } from '../../src/kl-reporting/kl-ids.js';
import type { KlReportedState } from '../../src/kl-reporting/kl-report.rules.js';
import type { FakeGateway } from './fake-kl-gateway.js';

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface OutboxRow {
  id: string;
  seq: number;
  courseId: string;
  childId: string;
  state: string;
  tries: number;
}

/** Reads as the schema owner across municipalities (`app.scope = 'all'`). */
export async function ownerQuery<T>(ownerUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`SET app.scope = 'all'`);
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export const outbox = (ownerUrl: string) =>
  ownerQuery<OutboxRow>(
    ownerUrl,
    `SELECT id, seq::int AS seq, course_id AS "courseId", child_id AS "childId", state, tries FROM kl_report ORDER BY seq`,
  );

/** Every course's planning state as stored, with the contents of what was reported. */
export const plannedStates = (ownerUrl: string) =>
  ownerQuery<{ courseId: string; reported: KlReportedState }>(
    ownerUrl,
    `SELECT s.course_id AS "courseId",
            coalesce(json_object_agg(p.resource_id, json_build_object('hash', p.hash, 'childId', p.child_id, 'resourceType', p.resource_type,
                                                                       'withdrawn', p.withdrawn, 'resource', p.resource))
                       FILTER (WHERE p.resource_id IS NOT NULL), '{}') AS reported
       FROM kl_course_state s LEFT JOIN kl_reported_resource p ON p.course_id = s.course_id
      GROUP BY s.course_id`,
  );

/**
 * The delivery's promises, checked against the outbox and what the gateway accepted:
 * - every report made (and not superseded by a re-delivery) was accepted, and the gateway has
 *   exactly those (by Bundle id: nothing rolled back or invented reached it, nothing is missing);
 * - a child's reports reached the gateway in the order they were made;
 * - what the gateway holds of each resource (its last version received) is what the planner last
 *   planned for it: KL's picture is the courses' as stored.
 */
export async function expectDeliveredInOrder(ownerUrl: string, gateway: FakeGateway): Promise<{ reports: number; children: number }> {
  const rows = (await outbox(ownerUrl)).filter((r) => r.state !== 'superseded');
  expect(rows.filter((r) => r.state !== 'accepted')).toEqual([]);
  expect([...gateway.acceptedIds].sort()).toEqual(rows.map((r) => r.id).sort());

  const firstAccepted = new Map(gateway.accepted.map((a) => [a.id, a]));
  const byChild = new Map<string, OutboxRow[]>();
  for (const row of rows) byChild.set(row.childId, [...(byChild.get(row.childId) ?? []), row]);
  for (const [childId, reports] of byChild) {
    const arrivals = reports.map((r) => firstAccepted.get(r.id)!);
    expect(new Set(arrivals.map((a) => a.citizenId))).toEqual(new Set([klIds.citizen(childId)]));
    const orders = arrivals.map((a) => a.order);
    if (orders.some((o, i) => i > 0 && o < orders[i - 1])) {
      // What the gateway saw of this child's reports (by their place in the line), to tell how the order broke.
      const seen = gateway.log
        .filter((l) => reports.some((r) => r.id === l.id))
        .map((l) => `${reports.findIndex((r) => r.id === l.id)}:${l.outcome}`);
      throw new Error(
        `Child ${childId}: reports (seq ${reports.map((r) => r.seq).join(', ')}) first accepted in the order ${orders.join(', ')}; ` +
          `the gateway saw ${seen.join(' ')}`,
      );
    }
  }

  const held = new Map<string, Resource>();
  for (const accepted of gateway.accepted) for (const entry of accepted.bundle.entry ?? []) held.set(entry.resource!.id!, entry.resource!);
  for (const { reported } of await plannedStates(ownerUrl)) {
    for (const [id, planned] of Object.entries(reported)) {
      expect([id, contentHash(held.get(id))]).toEqual([id, planned.hash]);
      expect([id, contentHash(planned.resource)]).toEqual([id, planned.hash]);
    }
  }
  return { reports: rows.length, children: byChild.size };
}

export const resourcesOf = (bundle: Bundle) => (bundle.entry ?? []).map((e) => e.resource!);
