/**
 * The floor of the request-path benchmark (scripts/bench-load.ts): a minimal HTTP server on
 * `node:http` + `pg` + `jose` doing the same work as the service for four routes, with nothing
 * else around it (no framework, no logging, no validation library, no middleware):
 *
 * - verify the bearer token (ES256 against the same key, the same issuer, audience and claims);
 * - one transaction with the same row-level-security settings, begun in the same one round trip
 *   (`beginTenantSql`);
 * - the same SQL as the service's repositories (imported from them, so it cannot drift), each
 *   statement once;
 * - the same audit row (`auditInsertSql`) where the service writes one;
 * - the rows as JSON.
 *
 * `POST /api/v1/courses` also writes the course's summary and target rows with the same pure
 * functions and statements as the service (the summaries must be true in the same transaction),
 * and the KL outbox as the service does (its planning read, the same planning and validation, its
 * one writing statement), since a change's reports belong to its transaction too.
 * Run as a child process; prints `listening <port>` on stdout when ready.
 * Environment: FLOOR_DATABASE_URL, FLOOR_PUBLIC_JWK, FLOOR_ISSUER, FLOOR_AUDIENCE, FLOOR_POOL_SIZE.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createLocalJWKSet, jwtVerify } from 'jose';
import pg from 'pg';
import { auditInsertSql, auditValues, type AuditEntry } from '../src/audit/audit.repository.js';
import { COURSE_RECORD_SQL, INSERT_CONTACT_SQL, INSERT_COURSE_SQL } from '../src/courses/courses.repository.js';
import type { CourseRecord } from '../src/kernel/course.record.js';
import { beginTenantSql } from '../src/database/db.js';
import { CHANNELS, CONTACTED_BY, FOCUS_AREAS } from '../src/kernel/course.model.js';
import { todayInDenmark } from '../src/kernel/local-date.js';
import { MUNICIPALITIES_SQL } from '../src/municipalities/municipalities.repository.js';
import { summarizeCourse, summarizeTargets, toSummarySource } from '../src/course-summary/course-summary.js';
import { saveStatements } from '../src/course-summary/course-summary.repository.js';
import { MUNICIPAL_TARGETS_SQL, type MunicipalTargetRow } from '../src/service-targets/municipal-targets.repository.js';
import { NATIONAL_TARGETS } from '../src/service-targets/target-definitions.js';
import { runningClocksQuery } from '../src/worklist/worklist.repository.js';
import { Env } from '../src/config/env.js';
import { PLANNING_ROWS_SQL, writePlannedQuery, type PlanningRow } from '../src/kl-delivery/kl-delivery.repository.js';
import { needsContents, planBatch } from '../src/kl-delivery/plan-batch.js';
import { plannedWrites } from '../src/kl-delivery/kl-planner.js';
import { klCourseFromRow } from '../src/kl-reporting/kl-course.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const pool = new pg.Pool({ connectionString: env('FLOOR_DATABASE_URL'), max: Number(process.env.FLOOR_POOL_SIZE ?? 10) });
const keys = createLocalJWKSet({ keys: [JSON.parse(env('FLOOR_PUBLIC_JWK'))] });
const issuer = env('FLOOR_ISSUER');
const audience = env('FLOOR_AUDIENCE');
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

interface Caller {
  sub: string;
  roles: string[];
  municipalities: string[];
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

async function callerOf(req: IncomingMessage): Promise<Caller> {
  const match = BEARER.exec(req.headers.authorization ?? '');
  if (!match) throw new HttpError(401);
  try {
    const { payload } = await jwtVerify(match[1], keys, { issuer, audience, algorithms: ['ES256'], requiredClaims: ['sub', 'exp'] });
    return {
      sub: payload.sub!,
      roles: payload.roles as string[],
      municipalities: [...new Set(payload.municipalities as string[])].sort(),
    };
  } catch {
    throw new HttpError(401);
  }
}

async function inTenant<T>(caller: Caller, fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query(beginTenantSql(caller.municipalities.join(','), caller.sub));
    const result = await fn(db);
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  } finally {
    db.release();
  }
}

function audit(
  db: pg.PoolClient,
  caller: Caller,
  requestId: string,
  entry: Pick<AuditEntry, 'action' | 'resourceType'> & Partial<AuditEntry>,
) {
  const row: AuditEntry = {
    actorSub: caller.sub,
    actorRole: caller.roles.join(','),
    municipalityCode: null,
    resourceId: null,
    requestId,
    purpose: null,
    details: null,
    ...entry,
  };
  return db.query(auditInsertSql(1), auditValues(row));
}

async function loadCourse(db: pg.PoolClient, id: string): Promise<CourseRecord | undefined> {
  return (await db.query(COURSE_RECORD_SQL, [id])).rows[0];
}

/** The course as JSON, without the CPR ciphertext (the service never sends it either). */
function courseJson(course: CourseRecord, targets: MunicipalTargetRow[]) {
  const { child, ...rest } = course;
  return { ...rest, child: child ? { birthDate: child.birthDate, sex: child.sex } : null, municipalTargets: targets };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

interface NewCourse {
  municipalityCode: string;
  firstContact: { date: string; time?: string; channel: string; contactedBy: string };
  clearlyInTargetGroup: boolean;
  focusAreas?: string[];
}

function newCourse(id: string, contactId: string, dto: NewCourse, now: string): CourseRecord {
  const time = dto.firstContact.time ?? null;
  return {
    id,
    municipalityCode: dto.municipalityCode,
    childId: null,
    status: 'open',
    firstContactDate: dto.firstContact.date,
    firstContactTime: time,
    channel: dto.firstContact.channel,
    contactedBy: dto.firstContact.contactedBy,
    clearlyInTargetGroup: dto.clearlyInTargetGroup,
    focusAreas: dto.focusAreas ?? [],
    closureDate: null,
    closureTime: null,
    responsibleSub: null,
    responsibleName: null,
    responsibleSince: null,
    closureReason: null,
    enteredInErrorReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    child: null,
    contacts: [
      {
        id: contactId,
        type: 'first_contact',
        date: dto.firstContact.date,
        time,
        status: 'held',
        participants: null,
        delivery: null,
        mode: null,
        durationMinutes: null,
        programme: null,
        outcome: null,
        reason: null,
        enteredInErrorReason: null,
        version: 1,
        createdAt: now,
      },
    ],
    referrals: [],
    consents: [],
  } as CourseRecord;
}

const FHIR_BASE = process.env.KL_FHIR_BASE ?? new Env().KL_FHIR_BASE;

/**
 * The KL outbox of a course this transaction created: what KL needs of it (no lock: nobody else
 * sees the row yet), its reports planned, validated and turned into writes as the service's planner
 * does (plannedWrites), and the one statement that writes reports, planning state and delivery jobs. The floor registers no CPR.
 */
async function klOutbox(db: pg.PoolClient, courseId: string): Promise<void> {
  const [row] = (await db.query(PLANNING_ROWS_SQL, [[courseId]])).rows as PlanningRow[];
  if (row.child) throw new Error('the floor registers courses without a CPR only');
  const now = new Date();
  const [planned] = planBatch(
    [{ course: klCourseFromRow(row, null), state: row.reported, reportsMade: row.reportsMade, sorCode: row.sorCode }],
    { now: now.getTime(), fullUrlBase: FHIR_BASE, validation: 'profiles' },
  );
  if (needsContents(planned)) throw new Error('a course without a CPR, never reported, needs no contents');
  const { reports, states, jobs } = plannedWrites([planned], 'change');
  const q = writePlannedQuery(reports, states, jobs, now)!;
  await db.query(q.text, q.values);
}

const regions = new Map<string, string>();
async function regionOf(db: pg.PoolClient, code: string): Promise<string> {
  if (!regions.has(code))
    regions.set(code, (await db.query(`SELECT region_code FROM municipality WHERE code = $1`, [code])).rows[0].region_code);
  return regions.get(code)!;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function route(req: IncomingMessage, requestId: string): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://floor');
  const caller = await callerOf(req);
  const parts = url.pathname.split('/').filter(Boolean); // api v1 <resource> [id]
  if (req.method === 'GET' && parts[2] === 'municipalities' && parts[3]) {
    const row = await inTenant(caller, async (db) => (await db.query(`${MUNICIPALITIES_SQL} WHERE m.code = $1`, [parts[3]])).rows[0]);
    if (!row) throw new HttpError(404);
    return { status: 200, body: row };
  }
  if (req.method === 'GET' && parts[2] === 'courses' && parts[3]) {
    if (!UUID.test(parts[3])) throw new HttpError(400);
    return inTenant(caller, async (db) => {
      const course = await loadCourse(db, parts[3]);
      if (!course) throw new HttpError(404);
      await audit(db, caller, requestId, {
        action: 'read',
        resourceType: 'course',
        resourceId: course.id,
        municipalityCode: course.municipalityCode,
      });
      const targets = (await db.query(MUNICIPAL_TARGETS_SQL, [course.municipalityCode])).rows;
      return { status: 200, body: courseJson(course, targets) };
    });
  }
  if (req.method === 'GET' && parts[2] === 'worklist') {
    const code = url.searchParams.get('municipality') ?? '';
    if (!caller.municipalities.includes(code)) throw new HttpError(403);
    const today = todayInDenmark();
    return inTenant(caller, async (db) => {
      const clocks = runningClocksQuery(code, today);
      const rows = (await db.query(clocks.text, clocks.values)).rows;
      await audit(db, caller, requestId, {
        action: 'read',
        resourceType: 'worklist',
        municipalityCode: code,
        details: { courses: rows.length },
      });
      return { status: 200, body: { municipality: code, today, items: rows } };
    });
  }
  if (req.method === 'POST' && parts[2] === 'courses' && !parts[3]) {
    const dto = (await readBody(req)) as NewCourse;
    if (
      typeof dto.municipalityCode !== 'string' ||
      typeof dto.firstContact?.date !== 'string' ||
      !(CHANNELS as readonly string[]).includes(dto.firstContact.channel) ||
      !(CONTACTED_BY as readonly string[]).includes(dto.firstContact.contactedBy) ||
      typeof dto.clearlyInTargetGroup !== 'boolean' ||
      !(dto.focusAreas ?? []).every((f) => (FOCUS_AREAS as readonly string[]).includes(f))
    )
      throw new HttpError(400);
    if (!caller.municipalities.includes(dto.municipalityCode)) throw new HttpError(403);
    const fc = dto.firstContact;
    return inTenant(caller, async (db) => {
      const courseId = (
        await db.query(INSERT_COURSE_SQL, [
          dto.municipalityCode,
          null,
          fc.date,
          fc.time ?? null,
          fc.channel,
          fc.contactedBy,
          dto.clearlyInTargetGroup,
          dto.focusAreas ?? [],
          caller.sub,
        ])
      ).rows[0].id as string;
      const contactId = (
        await db.query(INSERT_CONTACT_SQL, [
          dto.municipalityCode,
          courseId,
          'first_contact',
          fc.date,
          fc.time ?? null,
          'held',
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          caller.sub,
        ])
      ).rows[0].id as string;
      await audit(db, caller, requestId, {
        action: 'create',
        resourceType: 'course',
        resourceId: courseId,
        municipalityCode: dto.municipalityCode,
        details: { byCpr: false },
      });
      // The course as written (a hand-written route knows it without reading it back); its
      // summaries from the same pure functions, written by the same statements.
      const now = new Date().toISOString();
      const course = newCourse(courseId, contactId, dto, now);
      const municipal: MunicipalTargetRow[] = (await db.query(MUNICIPAL_TARGETS_SQL, [course.municipalityCode])).rows;
      const source = toSummarySource(course, await regionOf(db, course.municipalityCode));
      const summary = summarizeCourse(source);
      const targets = summarizeTargets(source, [...NATIONAL_TARGETS, ...municipal], todayInDenmark());
      for (const [sql, params] of saveStatements([summary], targets)) await db.query(sql, params);
      await klOutbox(db, courseId);
      return { status: 201, body: courseJson(course, municipal) };
    });
  }
  throw new HttpError(404);
}

let requests = 0;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const requestId = `floor-${++requests}`;
  route(req, requestId).then(
    ({ status, body }) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'X-Request-Id': requestId });
      res.end(text);
    },
    (error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) process.stderr.write(`floor: ${(error as Error).stack}\n`);
      res.writeHead(status, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ status }));
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
