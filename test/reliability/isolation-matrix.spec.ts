/**
 * The isolation matrix (issue 11): every route the running application serves × a token of
 * another municipality × each role, and the same matrix with the application's own municipality
 * checks taken away, so that row-level security alone must hold.
 *
 * Method: two worlds. World 1 holds municipality A (751) and B (101), with courses, contacts,
 * referrals, consents, service targets, audit rows and stored idempotent responses made through
 * the API. World 2 is a copy of world 1 with everything of A removed, as if A had never used the
 * service. Every request of the matrix is sent, with B's tokens, to both worlds, addressing A's
 * resources (its course and contact ids, its municipality code, its child's CPR, the same
 * Idempotency-Key and subject A's caseworker used): in world 1 they exist in another
 * municipality, in world 2 they do not exist. The answers must be the same (status, media type,
 * ETag, Location and the whole body, request ids, new ids and timestamps aside): B cannot tell
 * whether A exists, which is the strongest form of "0 leaks". In world 1 the same request with
 * ids that never existed must get that same answer too. And no answer to B may hold A's CPRs,
 * birth dates, free text or ids it did not send itself.
 *
 * B's tokens use the same `sub` as A's (as development tokens do: `dev-<role>`), so anything
 * keyed by the subject alone (issue 11, item 1) shows up as a difference.
 *
 * Routes whose purpose is national (an evaluator's aggregates and anonymised extracts, an
 * administrator's whole audit trail) differ between the worlds by design; they are listed in
 * NATIONAL_BY_DESIGN with the reason, and for them only the no-personal-data check applies. A new
 * route is in the strict matrix until someone decides otherwise.
 *
 * The second pass runs the matrix with the hook of support/bypass.ts: the application sees a
 * caller who works for every municipality, the database the real token. The third pass also
 * widens the database scope and must find leaks: it shows the matrix can see one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { cprFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import type { CryptoSettings } from '../../src/config/app-config.js';
import { listen } from './support/app.js';
import { setBypass } from './support/bypass.js';
import { recordFigures, n } from './support/figures.js';
import { expectStatus, type HttpClient, type HttpReply, type HttpRequest } from './support/http.js';
import { exampleValue, operations, readOpenApi, WRITE_METHODS, type Operation } from './support/openapi.js';
import { OutputScan } from './support/output-scan.js';
import { servedRoutes, toOpenApiForm } from './support/routes.js';
import { copyWithout } from './support/worlds.js';

const NOW = new Date('2026-03-16T11:00:00Z');
const A = '751';
const B = '101';
const ROLES = ['caseworker', 'manager', 'evaluator', 'admin'] as const;
type Role = (typeof ROLES)[number];
/** The Idempotency-Key A's caseworker used, and every POST of the matrix uses. */
const KEY = 'iso-a-course';

/** Cells whose answer depends on every municipality's data by design: role → why. */
const AGGREGATES = 'national aggregates with small numbers suppressed (docs/domain.md, "Who uses it")';
const EXTRACTS = 'anonymised national extracts (docs/extract-dictionary.md)';
const NATIONAL_BY_DESIGN: Record<string, Partial<Record<Role, string>>> = {
  'GET /api/v1/audit': { admin: 'the administrator reads the whole audit trail (docs/architecture.md, "Roles")' },
  'GET /api/v1/kl/deliveries': { admin: 'the administrator operates the KL delivery of every municipality (docs/kl-reporting.md)' },
  'GET /api/v1/kl/held-back': { admin: 'the administrator operates the KL delivery of every municipality (docs/kl-reporting.md)' },
  'GET /api/v1/reports/compliance': { evaluator: AGGREGATES },
  'GET /api/v1/reports/flow': { evaluator: AGGREGATES },
  'GET /api/v1/indicators': { evaluator: AGGREGATES },
  'POST /api/v1/extracts': { evaluator: EXTRACTS },
  'GET /api/v1/extracts': { evaluator: EXTRACTS },
  'GET /api/v1/extracts/:id': { evaluator: EXTRACTS },
  'GET /api/v1/extracts/:id/file': { evaluator: EXTRACTS },
  'POST /api/v1/extracts/:id/cancel': { evaluator: EXTRACTS },
};

interface World {
  name: string;
  sut: TestApp;
  http: HttpClient;
  /** B's token for each role. */
  tokens: Record<Role, string>;
  extractId: string;
}

interface Mismatch {
  pass: string;
  cell: string;
  compared: string;
  left: string;
  right: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g;

describe('isolation matrix', () => {
  const doc = readOpenApi();
  const documented = new Map(operations(doc).map((op) => [op.id, op]));
  const scan = new OutputScan();
  const crypto: CryptoSettings = {
    cprKeys: new Map([['k1', randomBytes(32)]]),
    currentKeyId: 'k1',
    cprIndexKey: randomBytes(32),
    extractKeyEncryptionKey: randomBytes(32),
  };
  let db1: TestDatabase;
  let db2: TestDatabase;
  const worlds: World[] = [];
  let routes: string[] = [];
  let everyMunicipality: string[] = [];
  let logs: string[] = [];
  /** A's resources, and what of A no answer to B may hold. */
  const a = {
    course: '',
    contact: '',
    referral: '',
    /** Ids of A the matrix never sends: they must never appear in an answer to B. */
    unsent: [] as string[],
    cprs: [] as string[],
    birthDates: [] as string[],
    note: `a-note-${randomBytes(4).toString('hex')}`,
  };
  /** Ids that never existed, of the same shape. */
  const absent = {
    course: '6f1c1a52-0000-4000-8000-00000000c0de',
    contact: '6f1c1a52-0000-4000-8000-0000000c0a7c',
    referral: '6f1c1a52-0000-4000-8000-0000000e4e44',
  };
  const figures = {
    cells: 0,
    requests: 0,
    national: 0,
    fiveHundreds: [] as string[],
    statuses: {} as Record<string, Record<number, number>>,
  };

  const claims = (role: Role, municipality: string) => ({ sub: `dev-${role}`, roles: [role], municipalities: [municipality] });

  beforeAll(async () => {
    db1 = await createTestDatabase();
    const builder = await startTestApp({ database: db1, crypto, now: NOW });
    const http = await listen(builder, [scan]);
    const aToken = async (role: Role) => `Bearer ${scan.token(await builder.token(claims(role, A)))}`;
    const bToken = async (role: Role) => `Bearer ${scan.token(await builder.token(claims(role, B)))}`;
    const aCaseworker = await aToken('caseworker');
    const aManager = await aToken('manager');
    const admin = `Bearer ${scan.token(await builder.token({ sub: 'dev-admin', roles: ['admin'], municipalities: [] }))}`;

    // A's first course is the document's own example body, with the key the matrix reuses.
    const createCourse = documented.get('POST /api/v1/courses')!;
    const body = exampleValue(doc, createCourse.body!.schema);
    const created = expectStatus(
      await http.json('POST', '/api/v1/courses', aCaseworker, body, { 'idempotency-key': KEY }),
      201,
      'A course',
    );
    a.course = (created.json as { id: string }).id;
    const cpr = scan.cpr(cprFor('2013-04-17', 'female'));
    a.cprs.push(cpr);
    a.birthDates.push('2013-04-17');
    expectStatus(await http.json('PATCH', `/api/v1/courses/${a.course}`, aCaseworker, { cpr }, { 'if-match': '"1"' }), 200, 'A cpr');
    const pre = { type: 'pre_conversation', date: '2026-03-09', status: 'held', outcome: 'proceed_to_screening' };
    const contact = expectStatus(await http.json('POST', `/api/v1/courses/${a.course}/contacts`, aCaseworker, pre), 201, 'A contact');
    a.contact = (contact.json as { id: string }).id;
    const planned = expectStatus(
      await http.json('POST', `/api/v1/courses/${a.course}/contacts`, aCaseworker, {
        type: 'screening',
        date: '2026-03-25',
        status: 'planned',
      }),
      201,
      'A planned contact',
    );
    const referral = expectStatus(
      await http.json('POST', `/api/v1/courses/${a.course}/referrals`, aCaseworker, {
        date: '2026-03-09',
        destination: 'gp',
        note: a.note,
      }),
      201,
      'A referral',
    );
    const consent = expectStatus(
      await http.json('POST', `/api/v1/courses/${a.course}/consents`, aCaseworker, {
        date: '2026-03-09',
        givenBy: 'custodial_parent',
        scope: 'treatment',
      }),
      201,
      'A consent',
    );
    a.referral = (referral.json as { id: string }).id;
    for (const reply of [planned, consent]) a.unsent.push((reply.json as { id: string }).id);
    const cpr2 = scan.cpr(cprFor('2010-09-02', 'male'));
    a.cprs.push(cpr2);
    a.birthDates.push('2010-09-02');
    const second = expectStatus(
      await http.json('POST', '/api/v1/courses', aCaseworker, {
        municipalityCode: A,
        firstContact: { date: '2026-01-12', channel: 'email', contactedBy: 'parent' },
        clearlyInTargetGroup: false,
        cpr: cpr2,
        focusAreas: ['self_harm'],
      }),
      201,
      'A second course',
    );
    const closedCourse = (second.json as { id: string }).id;
    a.unsent.push(closedCourse);
    expectStatus(
      await http.json('POST', `/api/v1/courses/${closedCourse}/close`, aCaseworker, { date: '2026-02-20', reason: 'moved_away' }),
      200,
      'A close',
    );
    expectStatus(
      await http.json('PUT', `/api/v1/municipalities/${A}/service-targets`, aManager, {
        targets: [{ name: 'a_treatment_21d', kind: 'treatment_start_after_screening', limitDays: 21, validFrom: '2026-01-01' }],
      }),
      200,
      'A targets',
    );
    await http.json('GET', '/api/v1/audit', aManager);
    await http.json('GET', `/api/v1/worklist?municipality=${A}`, aManager);

    // B's own, so that B's answers have something in them.
    const bCaseworker = await bToken('caseworker');
    const bCpr = scan.cpr(cprFor('2012-12-12', 'female'));
    const bCourse = expectStatus(
      await http.json('POST', '/api/v1/courses', bCaseworker, {
        municipalityCode: B,
        firstContact: { date: '2026-02-16', channel: 'phone', contactedBy: 'child' },
        clearlyInTargetGroup: true,
        cpr: bCpr,
        focusAreas: ['worry'],
      }),
      201,
      'B course',
    );
    await http.json('POST', `/api/v1/courses/${(bCourse.json as { id: string }).id}/contacts`, bCaseworker, { ...pre, date: '2026-02-23' });
    expectStatus(
      await http.json('POST', '/api/v1/extract-recipients', admin, { id: 'iso-recipient', name: 'Isolation' }),
      201,
      'recipient',
    );
    http.close();
    await builder.close();
    // nestjs-pino keeps one logger per process: the first application's sink gets every later one's lines too.
    logs = builder.logs;

    db2 = await copyWithout(db1, A, 'iso-a-');
    for (const [name, database] of [
      ['world 1 (A exists)', db1],
      ['world 2 (A never existed)', db2],
    ] as const) {
      const sut = await startTestApp({ database, crypto, now: NOW });
      const client = await listen(sut, [scan]);
      const tokens = {} as Record<Role, string>;
      for (const role of ROLES) tokens[role] = `Bearer ${scan.token(await sut.token(claims(role, B)))}`;
      const extract = await client.json('POST', '/api/v1/extracts', tokens.evaluator, {
        recipient: 'iso-recipient',
        from: '2026-01-01',
        to: '2026-03-16',
        kind: 'courses',
        format: 'csv',
      });
      const extractId = (extract.json as { id?: string })?.id ?? absent.course;
      // Made by a background job: wait until it has finished, so both worlds answer for a ready extract.
      for (let i = 0; i < 600; i++) {
        const polled = await client.json('GET', `/api/v1/extracts/${extractId}`, tokens.evaluator);
        if (polled.status !== 200 || !['queued', 'running'].includes((polled.json as { status: string }).status)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      worlds.push({ name, sut, http: client, tokens, extractId });
    }
    routes = servedRoutes(worlds[0].sut).sort();
    const c = new pg.Client({ connectionString: db1.superuserUrl });
    await c.connect();
    everyMunicipality = (await c.query<{ code: string }>('SELECT code FROM municipality ORDER BY code')).rows.map((r) => r.code);
    await c.end();
  });

  afterAll(async () => {
    for (const world of worlds) {
      world.http.close();
      await world.sut.close();
    }
    await db2?.drop();
    await db1?.drop();
  });

  async function versionOf(id: string): Promise<number> {
    const c = new pg.Client({ connectionString: db1.superuserUrl });
    await c.connect();
    try {
      const { rows } = await c.query('SELECT version FROM course WHERE id = $1 UNION ALL SELECT version FROM contact WHERE id = $1', [id]);
      return rows[0]?.version ?? 1;
    } finally {
      await c.end();
    }
  }

  /** The variants of a route: plain, and (where the route takes them) probing A by municipality code and CPR. */
  function variants(op: Operation | undefined): ('plain' | 'probe')[] {
    const probes = op?.parameters.some(
      (p) => (p.in === 'query' && /municipalit/i.test(p.name) && !p.required) || p.name.toLowerCase() === 'x-cpr',
    );
    return probes ? ['plain', 'probe'] : ['plain'];
  }

  /** The request of one cell, in one world, addressing A's resources or ids that never existed. */
  async function requestFor(
    world: World,
    route: string,
    role: Role,
    variant: 'plain' | 'probe',
    ids: 'foreign' | 'absent',
  ): Promise<HttpRequest> {
    const [method, pattern] = route.split(' ');
    const op = documented.get(toOpenApiForm(route));
    const segments = pattern.split('/');
    let addressed = '';
    const path = segments
      .map((segment, i) => {
        if (!segment.startsWith(':')) return segment;
        const collection = segments[i - 1];
        if (collection === 'courses') return (addressed = ids === 'foreign' ? a.course : absent.course);
        if (collection === 'contacts') return (addressed = ids === 'foreign' ? a.contact : absent.contact);
        // A referral is changed under the course's version: the course stays what If-Match addresses.
        if (collection === 'referrals') return ids === 'foreign' ? a.referral : absent.referral;
        if (collection === 'extracts') return world.extractId;
        if (collection === 'municipalities') return A;
        return absent.course;
      })
      .join('/');
    const query = new URLSearchParams();
    const headers: Record<string, string> = { authorization: world.tokens[role], 'x-purpose': 'isolation matrix' };
    for (const p of op?.parameters ?? []) {
      if (p.in === 'query' && p.required) query.set(p.name, String(exampleValue(doc, p.schema)));
      if (p.in === 'query' && !p.required && variant === 'probe' && /municipalit/i.test(p.name)) query.set(p.name, A);
      if (p.in === 'header' && p.name.toLowerCase() === 'x-cpr' && variant === 'probe') headers['x-cpr'] = a.cprs[0];
    }
    if (method === 'POST') headers['idempotency-key'] = KEY;
    if (WRITE_METHODS.has(method) && addressed) headers['if-match'] = `"${await versionOf(ids === 'foreign' ? addressed : a.course)}"`;
    let body: string | undefined;
    if (op?.body) {
      headers['content-type'] = op.body.types[0];
      const value = exampleValue(doc, op.body.schema);
      body = typeof value === 'string' ? value : JSON.stringify(value);
    }
    const qs = query.toString();
    return { method, path: path + (qs ? `?${qs}` : ''), headers, body };
  }

  /** What two answers must share: status, media type, ETag, Location, body; request ids, new ids and times aside. */
  function normalise(reply: HttpReply, world: World, ids: 'foreign' | 'absent'): string {
    const labels = new Map<string, string>([
      [ids === 'foreign' ? a.course : absent.course, '<course>'],
      [ids === 'foreign' ? a.contact : absent.contact, '<contact>'],
      [world.extractId, '<extract>'],
    ]);
    const text = (s: string) => s.replace(UUID, (id) => labels.get(id.toLowerCase()) ?? '<new-id>').replace(TIMESTAMP, '<time>');
    const walk = (value: unknown, key = ''): unknown => {
      if (key === 'requestId') return '<request>';
      if (key === 'responseTime') return '<ms>';
      // Sequence numbers (audit rows) run apart once the two histories differ.
      if (key === 'id' && typeof value === 'string' && /^\d+$/.test(value)) return '<seq>';
      if (typeof value === 'string') return text(value);
      if (Array.isArray(value)) return value.map((v) => walk(v));
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
      return value;
    };
    const body = reply.json !== undefined ? JSON.stringify(walk(reply.json)) : text(reply.text);
    const media = (reply.headers['content-type'] ?? '').split(';')[0];
    // Express tags a body it sent without an ETag by its hash (W/"len-hash"), which holds the request id.
    const etag = /^W\/"[0-9a-f]+-/.test(reply.headers.etag ?? '') ? '<hash of the body>' : (reply.headers.etag ?? '');
    return `${reply.status} ${media} etag=${etag} location=${text(String(reply.headers.location ?? ''))}\n${body}`;
  }

  /**
   * A's data that B did not send: CPRs, birth dates, free text, and the ids of A's resources the
   * matrix never addresses (the ones it does address, B has sent itself, and B's own audit trail
   * rightly records its attempts on them).
   */
  function secretsIn(reply: HttpReply, request: HttpRequest, allowIds: boolean): string[] {
    const sent = `${request.path} ${JSON.stringify(request.headers)} ${request.body ?? ''}`;
    const secrets = [
      ...a.cprs.flatMap((c) => [c, `${c.slice(0, 6)}-${c.slice(6)}`]),
      ...a.birthDates,
      a.note,
      ...(allowIds ? [] : a.unsent),
    ];
    const text = `${JSON.stringify(reply.headers)} ${reply.text}`;
    return secrets.filter((s) => !sent.includes(s) && text.includes(s));
  }

  async function runMatrix(pass: string): Promise<{ mismatches: Mismatch[]; leaks: string[]; cells: number }> {
    const mismatches: Mismatch[] = [];
    const leaks: string[] = [];
    let cells = 0;
    for (const role of ROLES) {
      for (const route of routes) {
        const op = documented.get(toOpenApiForm(route));
        for (const variant of variants(op)) {
          cells++;
          const cell = `${route} · ${role} of ${B}${variant === 'probe' ? ' · probing A' : ''}`;
          const national = NATIONAL_BY_DESIGN[route]?.[role];
          const replies: { world: World; request: HttpRequest; reply: HttpReply; ids: 'foreign' | 'absent' }[] = [];
          // Both worlds get every request, in the same order, so their histories (the audit trail
          // of B's own attempts among them) differ only by A.
          const idSets: ('foreign' | 'absent')[] = /:\w*[iI]d\b/.test(route) ? ['foreign', 'absent'] : ['foreign'];
          for (const ids of idSets) {
            for (const world of worlds) {
              const request = await requestFor(world, route, role, variant, ids);
              replies.push({ world, request, reply: await world.http.request(request), ids });
            }
          }
          figures.requests += replies.length;
          const tally = (figures.statuses[pass] ??= {});
          for (const { reply } of replies) tally[reply.status] = (tally[reply.status] ?? 0) + 1;
          for (const { reply, world } of replies)
            if (reply.status >= 500) figures.fiveHundreds.push(`${pass}: ${cell} in ${world.name} → ${reply.status}`);
          const leaked = secretsIn(replies[0].reply, replies[0].request, Boolean(national && role === 'admin'));
          if (leaked.length) leaks.push(`${pass}: ${cell}: ${leaked.join(', ')}`);
          if (national) continue;
          const [first, ...others] = replies.map((r) => normalise(r.reply, r.world, r.ids));
          others.forEach((other, i) => {
            if (other !== first) {
              const { ids, world } = replies[i + 1];
              const compared = `A’s ids in world 1 vs ${ids === 'absent' ? 'ids that never existed' : 'A’s ids'} in ${world.name}`;
              mismatches.push({ pass, cell, compared, left: first.slice(0, 400), right: other.slice(0, 400) });
            }
          });
        }
      }
    }
    return { mismatches, leaks, cells };
  }

  it('walks every route the application serves, and every operation of the document is among them', () => {
    expect(routes.length).toBeGreaterThan(20);
    const served = new Set(routes.map(toOpenApiForm));
    expect([...documented.keys()].filter((id) => !served.has(id))).toEqual([]);
    for (const route of Object.keys(NATIONAL_BY_DESIGN)) expect(routes).toContain(route);
  });

  it('gives a token of another municipality, in every role, the same answer whether A exists or not, and nothing of A', async () => {
    const { mismatches, leaks, cells } = await runMatrix('application checks on');
    figures.cells += cells;
    expect({ leaks, mismatches, fiveHundreds: figures.fiveHundreds }).toEqual({ leaks: [], mismatches: [], fiveHundreds: [] });
  });

  it('holds with the application’s municipality checks taken away: row-level security alone keeps A apart', async () => {
    for (const world of worlds) setBypass(world.sut, 'application', everyMunicipality);
    try {
      // The hook does take the application's check away: B's manager may now ask for A's working list, and finds it empty.
      const worklist = await worlds[0].http.json('GET', `/api/v1/worklist?municipality=${A}`, worlds[0].tokens.manager);
      expect(worklist.status).toBe(200);
      expect((worklist.json as { items: unknown[] }).items).toEqual([]);
      const { mismatches, leaks, cells } = await runMatrix('row-level security alone');
      figures.cells += cells;
      // What row-level security refuses is a 403 too (problem.filter.ts), never a 500.
      const fiveHundreds = figures.fiveHundreds.filter((f) => f.startsWith('row-level security alone'));
      expect({ leaks, mismatches, fiveHundreds }).toEqual({ leaks: [], mismatches: [], fiveHundreds: [] });
    } finally {
      for (const world of worlds) setBypass(world.sut, 'none', everyMunicipality);
    }
  });

  it('finds the leaks when row-level security is widened too (the matrix can see a leak)', async () => {
    for (const world of worlds) setBypass(world.sut, 'application_and_rls', everyMunicipality);
    try {
      const { mismatches, leaks } = await runMatrix('control: nothing left');
      const cells = new Set([...mismatches.map((m) => m.cell), ...leaks]);
      figures.national = cells.size;
      expect(mismatches.map((m) => m.cell)).toContain(`GET /api/v1/courses/:id · caseworker of ${B}`);
      expect(leaks.length).toBeGreaterThan(0);
    } finally {
      for (const world of worlds) setBypass(world.sut, 'none', everyMunicipality);
    }
  });

  it('leaves no CPR, token or query string in its logs, responses or audit rows', async () => {
    scan.lines('log', logs, 'isolation log');
    for (const world of worlds) await scan.auditRows(world.sut.db.superuserUrl, world.name);
    recordFigures('isolation', 'Isolation matrix (route table × foreign token × role, two worlds)', [
      `${routes.length} routes served × ${ROLES.length} roles (tokens of ${B}, same subjects as ${A}'s users), with variants: ${n(figures.cells / 2)} cells per pass`,
      `${n(figures.requests)} requests in two passes (application checks on; row-level security alone) and the control pass`,
      `0 leaks and identical answers required; cells national by design: ${Object.values(NATIONAL_BY_DESIGN).reduce((s, r) => s + Object.keys(r).length, 0)}`,
      `control pass (checks and row-level security both widened): ${figures.national} cells differ or leak, as they must`,
      ...Object.entries(figures.statuses).map(
        ([pass, tally]) =>
          `answers, ${pass}: ${Object.entries(tally)
            .map(([status, count]) => `${status} × ${count}`)
            .join(', ')}`,
      ),
    ]);
    recordFigures('isolation-scan', 'Isolation matrix: log and output scan', [scan.summary()]);
    expect(scan.findings.slice(0, 20)).toEqual([]);
  });
});
