/**
 * Medium tests: repositories called directly against the test database (no HTTP, no Nest app).
 *
 *   const db = await openDatabase();             // a migrated copy of the template, as the app role
 *   await load(db, [course({ municipality: '751', firstContact: '2026-02-02', contacts: [contact('pre_conversation', '2026-02-10')] })], today);
 *   const rows = await db.asNational(() => new AggregatesRepository(db.db).compliance(...));
 *
 * Fixtures are built with small factory helpers into the same rows the service writes: courses,
 * contacts, referrals and their per-course summaries, computed by the service's own summary
 * functions and written by the synthetic loader (COPY, as the schema owner).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { Principal } from '../../src/common/request-context.js';
import { RequestContext } from '../../src/common/request-context.js';
import { AppConfig } from '../../src/config/app-config.js';
import { validateEnv } from '../../src/config/env.js';
import { CprVault } from '../../src/courses/cpr-vault.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { Db } from '../../src/database/db.js';
import { NationalScope } from '../../src/database/tenant-transaction.interceptor.js';
import type { ClosureReason, ContactStatus, ContactType, Outcome, ReferralDestination, Sex } from '../../src/kernel/course.model.js';
import { parseCpr } from '../../src/kernel/cpr.rules.js';
import { NATIONAL_TARGETS, type TargetDefinition } from '../../src/service-targets/target-definitions.js';
import type { SyntheticContact, SyntheticCourse } from '../../src/synthetic/synthetic.generator.js';
import { loadSynthetic } from '../../src/synthetic/synthetic.loader.js';
import { cprFor } from './fixtures.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The region of each municipality the fixtures use (DAGI: migrations/data/municipalities-2026.ts). */
const REGIONS: Record<string, string> = { '101': '1084', '147': '1084', '727': '1082', '751': '1082', '825': '1081', '851': '1081' };

export interface MediumDatabase {
  test: TestDatabase;
  db: Db;
  context: RequestContext;
  national: NationalScope;
  config: AppConfig;
  /** Runs `fn` in one tenant transaction for these municipalities (row-level security as for a caller). */
  asMunicipalities<T>(municipalities: string[], fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` in one tenant transaction widened to every municipality (NationalScope, as an evaluator's report). */
  asNational<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A fresh copy of the migrated template, opened as the application role (RLS applies). */
export async function openDatabase(): Promise<MediumDatabase> {
  const test = await createTestDatabase();
  const dataSource = await new DataSource(dataSourceOptions(test.appUrl, 2)).initialize();
  const context = new RequestContext();
  const db = new Db(dataSource, context);
  const national = new NationalScope(db, context);
  const key = () => randomBytes(32);
  const config = new AppConfig(
    validateEnv({ NODE_ENV: 'test' }),
    { appUrl: test.appUrl, poolSize: 2 },
    {
      mode: 'local',
      issuer: 'x',
      audience: 'x',
      algorithms: ['ES256'],
      clockToleranceSeconds: 0,
      claims: { roles: 'roles', municipalities: 'municipalities', name: 'name' },
    },
    { cprKeys: new Map([['k1', key()]]), currentKeyId: 'k1', cprIndexKey: key(), extractKeyEncryptionKey: key() },
  );
  const run = <T>(principal: Principal, widen: boolean, fn: () => Promise<T>) =>
    context.run({ requestId: `medium-${randomUUID()}`, principal }, () =>
      db.tenantTransaction(principal, async () => {
        if (widen) await national.widen('aggregate_report');
        return fn();
      }),
    );
  return {
    test,
    db,
    context,
    national,
    config,
    asMunicipalities: (municipalities, fn) => run({ sub: 'medium-manager', roles: ['manager'], municipalities }, false, fn),
    asNational: (fn) => run({ sub: 'medium-evaluator', roles: ['evaluator'], municipalities: [] }, true, fn),
    async close() {
      await dataSource.destroy();
      await test.drop();
    },
  };
}

export interface ContactSpec {
  type: Exclude<ContactType, 'first_contact'>;
  date: string;
  status?: ContactStatus;
  outcome?: Outcome;
}

/** A contact on a date; held unless told otherwise. */
export const contact = (type: ContactSpec['type'], date: string, status: ContactStatus = 'held', outcome?: Outcome): ContactSpec => ({
  type,
  date,
  status,
  outcome,
});

export interface CourseSpec {
  municipality: string;
  firstContact: string;
  /** The child's birth date and sex; no CPR (and no child row) when left out. */
  child?: { birthDate: string; sex: Sex };
  clearlyInTargetGroup?: boolean;
  contactedBy?: 'child' | 'parent' | 'other';
  focusAreas?: SyntheticCourse['focusAreas'];
  contacts?: ContactSpec[];
  referrals?: { date: string; destination: ReferralDestination }[];
  close?: { date: string; reason: ClosureReason };
  enteredInError?: boolean;
}

const ENTERED_IN_ERROR = new WeakSet<SyntheticCourse>();

/** A course as the loader writes it. */
export function course(spec: CourseSpec): SyntheticCourse {
  const built = buildCourse(spec);
  if (spec.enteredInError) ENTERED_IN_ERROR.add(built);
  return built;
}

function buildCourse(spec: CourseSpec): SyntheticCourse {
  const cpr = spec.child ? cprFor(spec.child.birthDate, spec.child.sex) : null;
  if (cpr && typeof parseCpr(cpr) === 'string') throw new Error(`fixture CPR ${cpr} is not valid`);
  return {
    id: randomUUID(),
    municipalityCode: spec.municipality,
    child: spec.child && cpr ? { id: randomUUID(), cpr, birthDate: spec.child.birthDate, sex: spec.child.sex, isNew: true } : null,
    // Entered in error after loading (load() marks it), as the service does to a registered course.
    status: spec.close ? 'closed' : 'open',
    firstContactDate: spec.firstContact,
    firstContactTime: '10:00',
    channel: 'phone',
    contactedBy: spec.contactedBy ?? 'parent',
    clearlyInTargetGroup: spec.clearlyInTargetGroup ?? true,
    focusAreas: spec.focusAreas ?? [],
    closureDate: spec.close?.date ?? null,
    closureReason: spec.close?.reason ?? null,
    // The first contact (henvendelse) is a held contact of its own, as POST /courses records it.
    contacts: [{ type: 'first_contact', date: spec.firstContact, status: 'held' } as const, ...(spec.contacts ?? [])].map(
      (c: { type: ContactType; date: string; status?: ContactStatus; outcome?: Outcome }, seq): SyntheticContact => ({
        id: randomUUID(),
        type: c.type,
        date: c.date,
        time: null,
        status: c.status ?? 'held',
        participants: c.type === 'treatment' && c.status === 'held' ? 'child_present' : null,
        delivery: c.type === 'treatment' && c.status === 'held' ? 'group' : null,
        mode: 'in_person',
        durationMinutes: null,
        programme: null,
        outcome: c.outcome ?? null,
        seq: seq + 1,
      }),
    ),
    referrals: (spec.referrals ?? []).map((r) => ({ id: randomUUID(), ...r })),
    consents: [],
  };
}

/** Writes the courses and their summaries (judged on `today` by the national targets and `municipalTargets`). */
export async function load(
  database: MediumDatabase,
  courses: SyntheticCourse[],
  today: string,
  municipalTargets: Record<string, TargetDefinition[]> = {},
): Promise<void> {
  const byMunicipality = new Map<string, SyntheticCourse[]>();
  for (const c of courses) byMunicipality.set(c.municipalityCode, [...(byMunicipality.get(c.municipalityCode) ?? []), c]);
  await loadSynthetic(byMunicipality.values(), {
    url: database.test.ownerUrl,
    vault: new CprVault(database.config),
    definitionsFor: (code) => [...NATIONAL_TARGETS, ...(municipalTargets[code] ?? [])],
    regionOf: (code) => {
      if (!REGIONS[code]) throw new Error(`add municipality ${code}'s region to test/support/medium.ts`);
      return REGIONS[code];
    },
    today,
  });
  const withdrawn = courses.filter((c) => ENTERED_IN_ERROR.has(c)).map((c) => c.id);
  if (withdrawn.length) {
    // As POST /courses/{id}/entered-in-error leaves it: the course and its summaries marked.
    const owner = new pg.Client({ connectionString: database.test.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`SET app.scope = 'all'`);
      await owner.query(
        `UPDATE course SET status = 'entered_in_error', entered_in_error_at = now(), entered_in_error_reason = 'fixture' WHERE id = ANY($1::uuid[])`,
        [withdrawn],
      );
      await owner.query(`UPDATE course_summary SET status = 'entered_in_error' WHERE course_id = ANY($1::uuid[])`, [withdrawn]);
      await owner.query(`UPDATE course_target SET course_status = 'entered_in_error' WHERE course_id = ANY($1::uuid[])`, [withdrawn]);
    } finally {
      await owner.end();
    }
  }
}
