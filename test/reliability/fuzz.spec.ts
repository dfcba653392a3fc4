/**
 * Fuzzing driven by docs/openapi.json (issue 11, "The suite that keeps it so"). Every write
 * operation of the document and every operation with query parameters gets requests generated
 * by fast-check from its own declaration: bodies of the declared schema with fields of the wrong
 * type, null, huge, unicode, NUL bytes, deep nesting, prototype keys and dates that are not dates
 * or cannot be true; bodies that are not the schema or not JSON; undeclared content types; odd
 * path ids, query values, If-Match, Idempotency-Key and X-Request-Id headers, and tokens of
 * every role. Nothing here names a route: a new route in the document is fuzzed as it stands.
 *
 * Each request is sent alone and must answer without a 5xx; every 4xx is problem+json; a
 * request the service refused (any 4xx) and every read left every table as it was (row count
 * and a hash of the rows of every table, and the versions of the course and contact it touched),
 * except for failed-attempt rows in the audit log; a body with an undeclared media type is never
 * accepted; and no 4xx comes from a database constraint (the application names the field first).
 */
import fc from 'fast-check';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { cprFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { listen } from './support/app.js';
import { recordFigures, n, seconds } from './support/figures.js';
import { Fixtures, type CourseFixture } from './support/fixtures.js';
import { expectStatus, type HttpClient, type HttpReply } from './support/http.js';
import {
  bodyText,
  encodeQuery,
  hostileString,
  operations,
  percentEncode,
  queryPairs,
  readOpenApi,
  WRITE_METHODS,
  type Operation,
  type ValidContext,
} from './support/openapi.js';
import { OutputScan } from './support/output-scan.js';
import { changedTables, DatabaseSnapshots, type Snapshot } from './support/snapshot.js';

const NOW = new Date('2026-03-16T11:00:00Z');
/**
 * Requests in all: 8,600 spread over the writes and 1,600 over the reads with query parameters,
 * together at least 10,000 however many routes the document has (a new route shares the budget
 * instead of lengthening the run past its time limit). FUZZ_WRITE_RUNS / FUZZ_READ_RUNS set the
 * requests per operation instead.
 */
const WRITE_REQUESTS = 8_600;
const READ_REQUESTS = 1_600;
const SEED = Number(process.env.FUZZ_SEED ?? 20260316);

type TokenName = 'caseworker' | 'manager' | 'admin' | 'evaluator' | 'every_role' | 'foreign_caseworker';

interface Planned {
  op: Operation;
  token: TokenName | 'none' | 'garbage';
  /** Path parameters: a fixture by index (resolved when sent) or raw text. */
  path: Record<string, { fixture: number } | { raw: string }>;
  query: [string, string][];
  ifMatch?: 'current' | string;
  idempotencyKey?: string;
  requestId?: string;
  purpose?: string;
  cprHeader?: string;
  contentType?: string;
  body?: string;
}

interface Violation {
  kind: string;
  op: string;
  request: string;
  answer: string;
}

const header = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').slice(0, 8000);
/** Path segments that are not ids of anything: wrong shapes, traversal, malformed escapes, CPR-like. */
const RAW_SEGMENTS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'a7c2f0e4-1d3b-4c5a-9e8f-0b1c2d3e4f5a',
  'A7C2F0E4-1D3B-4C5A-9E8F-0B1C2D3E4F5A',
  '%00',
  '%ZZ',
  '%2e%2e',
  '..',
  '0101011234',
  '%C3%B8',
  'x'.repeat(3000),
  '1',
  '-1',
  '%20',
];
/** Refusals of the body as a whole, which name no field. */
const BODY_LEVEL = new Set(['entity_parse_failed']);
const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'application/JSON',
  'application/octet-stream',
  'image/png',
  '',
];

describe('fuzzing from docs/openapi.json', () => {
  const doc = readOpenApi();
  const scan = new OutputScan();
  let sut: TestApp;
  let http: HttpClient;
  let snapshots: DatabaseSnapshots;
  const tokens = {} as Record<TokenName, string>;
  const courses: CourseFixture[] = [];
  let extractId = '';
  const ctx: ValidContext = {
    recentDates: ['2026-03-16', '2026-03-10', '2026-03-02', '2026-02-16', '2026-01-05', '2025-12-01', '2026-03-23', '2026-04-20'],
    municipalities: ['751', '101'],
  };

  /** Which tokens get past the route's role check, learnt from its answers (the document does not say). */
  const opens = new Map<string, Set<TokenName>>();

  /** The operations to fuzz: every write, and every read that takes query parameters. */
  const targets = operations(doc).filter((op) => WRITE_METHODS.has(op.method) || op.parameters.some((p) => p.in === 'query'));
  const writes = targets.filter((op) => WRITE_METHODS.has(op.method)).length;
  const WRITE_RUNS = Number(process.env.FUZZ_WRITE_RUNS ?? Math.ceil(WRITE_REQUESTS / writes));
  const READ_RUNS = Number(process.env.FUZZ_READ_RUNS ?? Math.ceil(READ_REQUESTS / (targets.length - writes)));

  beforeAll(async () => {
    // No job runner: "a refused write changes nothing" is checked against the whole database after
    // every request, which a background job (an extract being made) would change meanwhile, and the
    // extract jobs the generated POSTs queue would make every snapshot larger. Requests still
    // queue them (202), as they would on an instance without a runner.
    sut = await startTestApp({ now: NOW, env: { JOB_WORKER: 'false' } });
    http = await listen(sut, [scan], 1);
    const claims: Record<TokenName, { sub: string; roles: string[]; municipalities: string[] }> = {
      caseworker: { sub: 'fuzz-cw', roles: ['caseworker'], municipalities: ['751'] },
      manager: { sub: 'fuzz-mgr', roles: ['manager'], municipalities: ['751'] },
      admin: { sub: 'fuzz-adm', roles: ['admin'], municipalities: [] },
      evaluator: { sub: 'fuzz-ev', roles: ['evaluator'], municipalities: [] },
      every_role: { sub: 'fuzz-all', roles: ['caseworker', 'manager', 'evaluator', 'admin'], municipalities: ['751', '101'] },
      foreign_caseworker: { sub: 'fuzz-cw-101', roles: ['caseworker'], municipalities: ['101'] },
    };
    for (const [name, claim] of Object.entries(claims)) {
      tokens[name as TokenName] = `Bearer ${scan.token(await sut.token(claim, { expiresIn: '2h' }))}`;
    }
    const fixtures = new Fixtures(http);
    const cw = tokens.caseworker;
    const pre = { type: 'pre_conversation', date: '2026-02-09', status: 'held', outcome: 'proceed_to_screening' };
    courses.push(
      await fixtures.course(cw, {
        municipality: '751',
        firstContact: '2026-02-02',
        cpr: scan.cpr(cprFor('2014-05-05', 'female')),
        contacts: [pre, { type: 'screening', date: '2026-03-20', status: 'planned' }],
        referral: { date: '2026-02-09', destination: 'gp' },
      }),
      await fixtures.course(cw, { municipality: '751', firstContact: '2026-03-02' }),
      await fixtures.course(cw, { municipality: '751', firstContact: '2026-03-09', cpr: scan.cpr(cprFor('2011-11-30', 'male')) }),
      await fixtures.course(cw, {
        municipality: '751',
        firstContact: '2026-01-05',
        contacts: [{ ...pre, date: '2026-01-12' }],
        close: { date: '2026-02-15', reason: 'completed' },
      }),
      await fixtures.course(cw, { municipality: '751', firstContact: '2026-02-20', enteredInError: 'registered twice' }),
      await fixtures.course(tokens.foreign_caseworker, {
        municipality: '101',
        firstContact: '2026-02-23',
        cpr: scan.cpr(cprFor('2013-01-15', 'female')),
      }),
    );
    await fixtures.recipient(tokens.admin, 'fuzz-recipient');
    // Queued, never made (no runner): its id is what the extract routes' paths need.
    extractId = (
      expectStatus(
        await http.json('POST', '/api/v1/extracts', tokens.evaluator, {
          recipient: 'fuzz-recipient',
          from: '2026-01-01',
          to: '2026-03-16',
          kind: 'courses',
          format: 'csv',
        }),
        202,
        'extract',
      ).json as { id: string }
    ).id;
    snapshots = await DatabaseSnapshots.connect(sut.db.superuserUrl);
    // One GET or empty-bodied request per operation and token: a 403 naming roles is the guard's.
    for (const op of targets) {
      const path = op.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const open = new Set<TokenName>();
      for (const name of Object.keys(tokens) as TokenName[]) {
        const reply = await http.request({
          method: op.method,
          path,
          headers: { authorization: tokens[name], 'content-type': 'application/json' },
          body: op.body ? '{}' : undefined,
        });
        const detail = (reply.json as { detail?: string } | undefined)?.detail ?? '';
        if (!(reply.status === 403 && /roles/.test(detail))) open.add(name);
      }
      opens.set(op.id, open);
    }
  });

  afterAll(async () => {
    http?.close();
    await snapshots?.close();
    await sut?.close();
  });

  /** What a path parameter may be: ids of the suite's fixtures (by collection), or text that is no id. */
  function pathArbitrary(op: Operation): fc.Arbitrary<Planned['path']> {
    const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (!names.length) return fc.constant({});
    const raw = fc.oneof(
      fc.constantFrom(...RAW_SEGMENTS),
      hostileString.map((s) => percentEncode(s).slice(0, 4000)),
    );
    return fc.oneof(
      {
        weight: 10,
        arbitrary: fc.integer({ min: 0, max: 63 }).map((i) => Object.fromEntries(names.map((name) => [name, { fixture: i }]))),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(...names.map(() => raw))
          .map((values) => Object.fromEntries(names.map((name, i) => [name, { raw: values[i] }]))),
      },
    );
  }

  function plan(op: Operation): fc.Arbitrary<Planned> {
    const query = op.parameters.filter((p) => p.in === 'query');
    const headerNames = new Set(op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
    const addressed = /\{\w+\}/.test(op.path);
    const write = WRITE_METHODS.has(op.method);
    const stray = fc.oneof(
      { weight: 12, arbitrary: fc.constant([] as [string, string][]) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom('bogus', '__proto__', 'constructor', 'page[size]', ''), hostileString).map((p) => [p]),
      },
    );
    return fc.record({
      op: fc.constant(op),
      token: fc.oneof(
        ...(Object.keys(tokens) as TokenName[]).map((name) => ({
          weight: opens.get(op.id)?.has(name) ? 8 : 1,
          arbitrary: fc.constant(name),
        })),
        { weight: 1, arbitrary: fc.constantFrom<Planned['token']>('none', 'garbage') },
      ),
      path: pathArbitrary(op),
      query: fc.tuple(fc.tuple(...query.map((p) => queryPairs(doc, p, ctx))), stray).map(([pairs, more]) => [...pairs.flat(), ...more]),
      ifMatch:
        write && addressed
          ? fc.oneof(
              { weight: 12, arbitrary: fc.constant('current') },
              {
                weight: 4,
                arbitrary: fc.constantFrom(undefined, '*', '"0"', '"999999999999999999999"', 'W/"1"', '"1", "2"', 'garbage', '""'),
              },
              { weight: 1, arbitrary: hostileString.map(header) },
            )
          : fc.constant(undefined),
      idempotencyKey:
        op.method === 'POST'
          ? fc.oneof(
              { weight: 6, arbitrary: fc.constant(undefined) },
              { weight: 3, arbitrary: fc.uuid() },
              { weight: 1, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2') },
              { weight: 1, arbitrary: hostileString.map(header) },
            )
          : fc.constant(undefined),
      requestId: fc.oneof(
        { weight: 12, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('0101011234', '010101-1234', 'x'.repeat(200), 'id with spaces', 'ø') },
        { weight: 1, arbitrary: hostileString.map(header) },
      ),
      purpose: headerNames.has('x-purpose')
        ? fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileString.map(header) })
        : fc.constant(undefined),
      cprHeader: headerNames.has('x-cpr')
        ? fc.oneof(
            { weight: 6, arbitrary: fc.constant(undefined) },
            { weight: 2, arbitrary: fc.constantFrom(...scanCprs()) },
            { weight: 2, arbitrary: hostileString.map(header) },
          )
        : fc.constant(undefined),
      contentType: op.body
        ? fc.oneof(
            { weight: 10, arbitrary: fc.constantFrom(...op.body.types) },
            { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES, undefined) },
          )
        : fc.oneof(
            { weight: 10, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom('application/json', 'text/plain') },
          ),
      body: op.body
        ? fc.oneof({ weight: 20, arbitrary: bodyText(doc, op.body.schema, ctx) }, { weight: 1, arbitrary: fc.constant(undefined) })
        : fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('{}', '{"a":1}', '\u0000') }),
    }) as fc.Arbitrary<Planned>;
  }

  // The CPRs the fixtures were given, known once beforeAll has run (plans are sampled in the test).
  let fixtureCprs: string[] = [];
  function scanCprs(): string[] {
    return fixtureCprs.length ? fixtureCprs : ['0505149996'];
  }

  /** The fixture a path points at: courses by index, its contacts by index, extracts and municipality codes. */
  function resolvePath(planned: Planned): { path: string; courseId?: string; contactId?: string } {
    const segments = planned.op.path.split('/');
    let courseId: string | undefined;
    let contactId: string | undefined;
    const filled = segments.map((segment, i) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) return segment;
      const slot = planned.path[name];
      if ('raw' in slot) return slot.raw;
      const collection = segments[i - 1];
      if (collection === 'courses') {
        const course = courses[slot.fixture % courses.length];
        courseId = course.id;
        return course.id;
      }
      if (collection === 'contacts') {
        const course = courses.find((c) => c.id === courseId) ?? courses[0];
        const contact = course.contacts[slot.fixture % course.contacts.length];
        contactId = contact.id;
        return contact.id;
      }
      if (collection === 'referrals') {
        const course = courses.find((c) => c.id === courseId) ?? courses[0];
        // A course without referrals: an id of nothing, so the route still answers (404).
        return course.referrals.length
          ? course.referrals[slot.fixture % course.referrals.length].id
          : `00000000-0000-4000-8000-${String(slot.fixture).padStart(12, '0')}`;
      }
      if (collection === 'extracts') return extractId;
      if (collection === 'municipalities') return ['751', '101', '751'][slot.fixture % 3];
      // A collection this suite has no fixtures for: ids of nothing, still of the right shape.
      return `00000000-0000-4000-8000-${String(slot.fixture).padStart(12, '0')}`;
    });
    const query = planned.query.length ? `?${encodeQuery(planned.query)}` : '';
    return { path: filled.join('/') + query, courseId, contactId };
  }

  /** True when the content type is one the operation declares (or a +json type where it takes JSON). */
  function declared(op: Operation, contentType: string | undefined): boolean {
    if (!op.body || contentType === undefined) return false;
    const type = contentType.split(';')[0].trim().toLowerCase();
    return op.body.types.includes(type) || (op.body.types.includes('application/json') && /^application\/[a-z.+-]+\+json$/.test(type));
  }

  function problemViolation(reply: HttpReply): string | undefined {
    if (!/^application\/problem\+json/.test(reply.headers['content-type'] ?? '')) return `content-type ${reply.headers['content-type']}`;
    const body = reply.json as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return 'body is not JSON';
    for (const field of ['type', 'title', 'detail']) if (typeof body[field] !== 'string') return `no ${field}`;
    if (!String(body.type).startsWith(PROBLEM_BASE)) return `type ${String(body.type)}`;
    if (body.status !== reply.status) return `status ${String(body.status)} in a ${reply.status}`;
    if (!body.requestId || body.requestId !== reply.headers['x-request-id']) return 'requestId does not match X-Request-Id';
    return undefined;
  }

  it(`sends at least 10,000 generated requests: no 5xx, every 4xx problem+json, a refused write changes nothing`, async () => {
    fixtureCprs = courses.filter((c) => c.cpr).map((c) => c.cpr!);
    const plans = targets.flatMap((op, i) =>
      fc.sample(plan(op), { numRuns: WRITE_METHODS.has(op.method) ? WRITE_RUNS : READ_RUNS, seed: SEED + i }),
    );
    // Interleaved, so the state one operation leaves is what the others are fuzzed against.
    const order = fc.sample(
      fc.shuffledSubarray(
        plans.map((_p, i) => i),
        { minLength: plans.length },
      ),
      { numRuns: 1, seed: SEED },
    )[0];

    const violations: Violation[] = [];
    const statuses = new Map<number, number>();
    const perOp = new Map<string, { sent: number; accepted: number }>();
    let comparedVersions = 0;
    let snapshotMs = 0;
    /** 400 and 422 answers that name the field and the rule (errors[].field and .code), and the types of those that do not. */
    let namingField = 0;
    const unnamed = new Map<string, number>();
    let requestMs = 0;
    let failureAuditRows = 0;
    let before: Snapshot = await snapshots.take();
    const started = performance.now();

    for (const index of order) {
      const planned = plans[index];
      const { path, courseId, contactId } = resolvePath(planned);
      const headers: Record<string, string | undefined> = {
        authorization: planned.token === 'none' ? undefined : planned.token === 'garbage' ? 'Bearer e30.e30.e30' : tokens[planned.token],
        'content-type': planned.contentType,
        'idempotency-key': planned.idempotencyKey,
        'x-request-id': planned.requestId,
        'x-purpose': planned.purpose,
        'x-cpr': planned.cprHeader,
      };
      if (planned.ifMatch === 'current') {
        const version = before.versions.get(contactId ?? courseId ?? '');
        headers['if-match'] = version === undefined ? '"1"' : `"${version}"`;
      } else headers['if-match'] = planned.ifMatch;
      const request = { method: planned.op.method, path, headers, body: planned.body };
      const describe = () =>
        `${request.method} ${path.slice(0, 160)} ${JSON.stringify({ ...headers, authorization: planned.token }).slice(0, 200)} ` +
        `${planned.body === undefined ? '(no body)' : planned.body.slice(0, 200)}`;

      let reply: HttpReply;
      try {
        reply = await http.request(request);
      } catch (error) {
        violations.push({ kind: 'no_answer', op: planned.op.id, request: describe(), answer: String(error) });
        before = await snapshots.take();
        continue;
      }
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      const counts = perOp.get(planned.op.id) ?? { sent: 0, accepted: 0 };
      counts.sent++;
      if (reply.status < 400) counts.accepted++;
      perOp.set(planned.op.id, counts);
      const answer = `${reply.status} ${reply.headers['content-type'] ?? ''} ${reply.text.slice(0, 200)}`;
      const fail = (kind: string) => violations.push({ kind, op: planned.op.id, request: describe(), answer });

      if (reply.status >= 500) fail('5xx');
      if (reply.status === 400 || reply.status === 422) {
        const errors = (reply.json as { errors?: { field?: unknown; code?: unknown }[] } | undefined)?.errors;
        const named =
          Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e.field === 'string' && typeof e.code === 'string');
        const type = String((reply.json as { type?: string } | undefined)?.type ?? '').replace(PROBLEM_BASE, '');
        if (named) namingField++;
        else unnamed.set(type, (unnamed.get(type) ?? 0) + 1);
        // A body that is not JSON has no field to name; everything else does.
        if (!named && reply.status === 400 && !BODY_LEVEL.has(type)) fail('400_without_field');
      }
      if (reply.status >= 400) {
        const problem = problemViolation(reply);
        if (problem) fail(`4xx_not_problem_json (${problem})`);
        if (String((reply.json as { type?: string } | undefined)?.type).endsWith('/constraint_violation'))
          fail('refused_by_a_database_constraint');
      }
      const undeclaredBody =
        planned.body !== undefined && planned.body !== '' && planned.op.body && !declared(planned.op, planned.contentType);
      if (reply.status < 300 && undeclaredBody) fail('undeclared_content_type_accepted');

      const snapStarted = performance.now();
      const after = await snapshots.take();
      snapshotMs += performance.now() - snapStarted;
      requestMs += reply.ms;
      const refused = reply.status >= 400;
      if (refused || planned.op.method === 'GET') {
        const changed = changedTables(before, after);
        if (changed.length) fail(`${refused ? 'refused_write' : 'read'}_changed ${changed.join(', ')}`);
        for (const id of [courseId, contactId]) {
          if (!id) continue;
          comparedVersions++;
          if (before.versions.get(id) !== after.versions.get(id)) fail(`version_changed ${id}`);
        }
        const added = after.lastAuditId === before.lastAuditId ? [] : await snapshots.auditSince(before.lastAuditId);
        const unexpected = added.filter((row) => (refused ? row.outcome !== 'failed' : false));
        failureAuditRows += added.filter((row) => row.outcome === 'failed').length;
        if (unexpected.length) fail(`refused_write_audited_as_done ${unexpected.map((r) => r.action).join(', ')}`);
      }
      before = after;
    }
    const elapsed = performance.now() - started;

    const byKind = new Map<string, Violation[]>();
    for (const v of violations) byKind.set(`${v.kind} · ${v.op}`, [...(byKind.get(`${v.kind} · ${v.op}`) ?? []), v]);
    const report = [...byKind.entries()].map(([key, list]) => `${key}: ${list.length}× e.g. ${list[0].request}\n      → ${list[0].answer}`);
    const five = [...statuses.entries()].filter(([s]) => s >= 500).reduce((sum, [, c]) => sum + c, 0);
    const four = [...statuses.entries()].filter(([s]) => s >= 400 && s < 500).reduce((sum, [, c]) => sum + c, 0);
    recordFigures('fuzz', 'Fuzzing from docs/openapi.json (fast-check)', [
      `${n(plans.length)} requests to ${targets.length} operations (${targets.filter((t) => WRITE_METHODS.has(t.method)).length} writes ` +
        `× ${WRITE_RUNS}, ${targets.filter((t) => !WRITE_METHODS.has(t.method)).length} reads with query parameters × ${READ_RUNS}), seed ${SEED}, in ${seconds(elapsed)} ` +
        `(answering ${seconds(requestMs)}, comparing the database ${seconds(snapshotMs)})`,
      `answers: ${[...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s} × ${n(c)}`)
        .join(', ')}`,
      `5xx: ${five}; 4xx: ${n(four)}, every one checked for problem+json; accepted: ${n(plans.length - four - five)}`,
      `after each refused write and each read: ${snapshots.tables.length} tables compared (row count and rows), ` +
        `${n(comparedVersions)} course/contact versions compared, ${n(failureAuditRows)} failed-attempt audit rows added`,
      `400 and 422 answers naming the field and the rule (errors[].field, .code): ${n(namingField)}; without: ${
        [...unnamed.entries()].map(([type, count]) => `${type} × ${count}`).join(', ') || 'none'
      }`,
      `violations: ${violations.length}`,
    ]);
    expect(report).toEqual([]);
    expect(plans.length).toBeGreaterThanOrEqual(10_000);
  });

  it('leaves no CPR, token or query string in its logs, responses or audit rows', async () => {
    scan.lines('log', sut.logs, 'fuzz service log');
    await scan.auditRows(sut.db.superuserUrl, 'fuzz');
    recordFigures('fuzz-scan', 'Fuzzing: log and output scan', [scan.summary()]);
    expect(scan.findings.slice(0, 20)).toEqual([]);
  });
});
