/**
 * Streams synthetic courses into PostgreSQL with COPY (pg-copy-streams + csv-stringify), one
 * stream per table, together with the same per-course summaries the service writes, computed by
 * the same functions. Runs as the schema owner with app.scope = 'all' (row-level security is
 * forced on the owner too).
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CprVault } from '../children/cpr-vault.js';
import { summarizeCourse, summarizeTargets, type SummarySource } from '../course-summary/course-summary.js';
import { SUMMARY_COLUMNS, TARGET_COLUMNS, summaryValues, targetValues } from '../course-summary/course-summary.columns.js';
import type { TargetDefinition } from '../service-targets/target-definitions.js';
import type { SyntheticCourse } from './synthetic.generator.js';

type Cell = string | number | boolean | null | Buffer | string[] | number[];

/** A value in PostgreSQL's CSV COPY form: arrays as {..}, bytea as \x hex, NULL as unquoted empty. */
function cell(v: Cell): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  if (Array.isArray(v)) return `{${v.map((x) => `"${String(x).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

const TABLES = {
  child: ['id', 'municipality_code', 'cpr_index', 'cpr_ciphertext', 'cpr_key_id', 'birth_date', 'sex', 'created_at'],
  course: [
    'id',
    'municipality_code',
    'child_id',
    'status',
    'first_contact_date',
    'first_contact_time',
    'first_contact_channel',
    'first_contact_by',
    'clearly_in_target_group',
    'focus_areas',
    'closure_date',
    'closure_reason',
    'created_by',
    'created_at',
  ],
  contact: [
    'id',
    'municipality_code',
    'course_id',
    'type',
    'date',
    'time',
    'status',
    'participants',
    'delivery',
    'mode',
    'duration_minutes',
    'programme',
    'outcome',
    'created_by',
    'created_at',
    'updated_at',
  ],
  referral: ['id', 'municipality_code', 'course_id', 'date', 'destination', 'created_by', 'created_at'],
  consent: ['id', 'municipality_code', 'course_id', 'date', 'given_by', 'scope', 'created_by', 'created_at'],
  course_summary: SUMMARY_COLUMNS,
  course_target: TARGET_COLUMNS,
} as const;
type Table = keyof typeof TABLES;

/** COPY one table's rows on `client`, streamed through csv-stringify. */
async function copyRows(client: pg.Client, table: Table, rows: Cell[][]): Promise<void> {
  if (!rows.length) return;
  const copy = client.query(copyFrom(`COPY ${table} (${TABLES[table].join(', ')}) FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(rows.map((r) => r.map(cell))), stringify(), copy);
}

export interface LoadOptions {
  url: string;
  vault: CprVault;
  definitionsFor: (municipalityCode: string) => TargetDefinition[];
  regionOf: (code: string) => string;
  today: string;
}

const stamp = (date: string, seq: number) => `${date} 12:00:${String(seq % 60).padStart(2, '0')}+00`;

/**
 * PostgreSQL refuses COPY FROM where row-level security applies, and it is forced on the owner.
 * The bulk load lifts FORCE for its own (owner) connections and puts it back afterwards; the
 * application role is never the owner, so it stays bound by the policies throughout.
 */
async function setForceRls(url: string, force: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of Object.keys(TABLES)) {
      await client.query(`ALTER TABLE ${table} ${force ? '' : 'NO '}FORCE ROW LEVEL SECURITY`);
    }
  } finally {
    await client.end();
  }
}

/** Writes batches of courses as they come; returns the number of courses and contacts written. */
export async function loadSynthetic(batches: Iterable<SyntheticCourse[]>, options: LoadOptions, onCourse?: () => void) {
  await setForceRls(options.url, false);
  try {
    return await copyAll(batches, options, onCourse);
  } finally {
    await setForceRls(options.url, true);
  }
}

/**
 * One batch (a municipality's courses) at a time, in one transaction, parents before children so
 * the foreign keys hold; a batch's rows are in memory only while it is written.
 */
async function copyAll(batches: Iterable<SyntheticCourse[]>, options: LoadOptions, onCourse?: () => void) {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  let courseCount = 0;
  let contactCount = 0;
  try {
    for (const batch of batches) {
      const rows: Record<Table, Cell[][]> = {
        child: [],
        course: [],
        contact: [],
        referral: [],
        consent: [],
        course_summary: [],
        course_target: [],
      };
      for (const c of batch) {
        if (c.child?.isNew) {
          const sealed = options.vault.seal(c.child.cpr);
          rows.child.push([
            c.child.id,
            c.municipalityCode,
            sealed.index,
            sealed.ciphertext,
            sealed.keyId,
            c.child.birthDate,
            c.child.sex,
            stamp(c.firstContactDate, 0),
          ]);
        }
        rows.course.push([
          c.id,
          c.municipalityCode,
          c.child?.id ?? null,
          c.status,
          c.firstContactDate,
          c.firstContactTime,
          c.channel,
          c.contactedBy,
          c.clearlyInTargetGroup,
          c.focusAreas,
          c.closureDate,
          c.closureReason,
          'synthetic',
          stamp(c.firstContactDate, 0),
        ]);
        for (const k of c.contacts) {
          const created = stamp(k.status === 'planned' ? c.firstContactDate : k.date, k.seq);
          rows.contact.push([
            k.id,
            c.municipalityCode,
            c.id,
            k.type,
            k.date,
            k.time,
            k.status,
            k.participants,
            k.delivery,
            k.mode,
            k.durationMinutes,
            k.programme,
            k.outcome,
            'synthetic',
            created,
            created,
          ]);
        }
        for (const r of c.referrals)
          rows.referral.push([r.id, c.municipalityCode, c.id, r.date, r.destination, 'synthetic', stamp(r.date, 0)]);
        for (const s of c.consents)
          rows.consent.push([s.id, c.municipalityCode, c.id, s.date, s.givenBy, s.scope, 'synthetic', stamp(s.date, 0)]);
        const source = toSource(c, options.regionOf(c.municipalityCode));
        rows.course_summary.push(summaryValues(summarizeCourse(source)) as Cell[]);
        for (const t of summarizeTargets(source, options.definitionsFor(c.municipalityCode), options.today)) {
          rows.course_target.push(targetValues(t) as Cell[]);
        }
        contactCount += c.contacts.length;
      }
      await client.query('BEGIN');
      for (const table of Object.keys(TABLES) as Table[]) await copyRows(client, table, rows[table]);
      await client.query('COMMIT');
      courseCount += batch.length;
      for (let i = 0; i < batch.length; i++) onCourse?.();
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return { courses: courseCount, contacts: contactCount };
}

function toSource(c: SyntheticCourse, regionCode: string): SummarySource {
  return {
    id: c.id,
    municipalityCode: c.municipalityCode,
    status: c.status,
    firstContactDate: c.firstContactDate,
    clearlyInTargetGroup: c.clearlyInTargetGroup,
    closureDate: c.closureDate,
    closureReason: c.closureReason,
    regionCode,
    childId: c.child?.id ?? null,
    birthDate: c.child?.birthDate ?? null,
    sex: c.child?.sex ?? null,
    channel: c.channel,
    contactedBy: c.contactedBy,
    focusAreas: c.focusAreas,
    contacts: c.contacts.map((k) => ({
      id: k.id,
      type: k.type,
      date: k.date,
      status: k.status,
      outcome: k.outcome,
      createdAt: `${k.status === 'planned' ? c.firstContactDate : k.date}T12:00:${String(k.seq % 60).padStart(2, '0')}Z`,
      programme: k.programme,
      delivery: k.delivery,
    })),
    referrals: c.referrals,
    consents: c.consents,
  };
}
