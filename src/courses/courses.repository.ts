import { Injectable } from '@nestjs/common';
import { ConflictError } from '../common/errors.js';
import { Db } from '../database/db.js';
import type {
  Channel,
  ClosureReason,
  ConsentGiver,
  ConsentScope,
  ContactStatus,
  ContactType,
  ContactedBy,
  CourseStatus,
  Delivery,
  FocusArea,
  Mode,
  Outcome,
  Participants,
  ReferralDestination,
  Sex,
} from '../kernel/course.model.js';

export interface ChildRow {
  id: string;
  cprCiphertext: Buffer;
  cprKeyId: string;
  birthDate: string;
  sex: Sex;
}

export interface ContactRow {
  id: string;
  type: ContactType;
  date: string;
  time: string | null;
  status: ContactStatus;
  participants: Participants | null;
  delivery: Delivery | null;
  mode: Mode | null;
  durationMinutes: number | null;
  programme: string | null;
  outcome: Outcome | null;
  reason: string | null;
  enteredInErrorReason: string | null;
  version: number;
  createdAt: string;
}

export interface ReferralRow {
  id: string;
  date: string;
  destination: ReferralDestination;
  note: string | null;
  createdAt: string;
}

export interface ConsentRow {
  id: string;
  date: string;
  givenBy: ConsentGiver;
  scope: ConsentScope;
  createdAt: string;
}

export interface CourseRow {
  id: string;
  municipalityCode: string;
  childId: string | null;
  status: CourseStatus;
  firstContactDate: string;
  firstContactTime: string | null;
  channel: Channel;
  contactedBy: ContactedBy;
  clearlyInTargetGroup: boolean;
  focusAreas: FocusArea[];
  closureDate: string | null;
  closureReason: ClosureReason | null;
  enteredInErrorReason: string | null;
  /** The responsible worker (ansvarlig behandler): all three, or all null. */
  responsibleSub: string | null;
  responsibleName: string | null;
  responsibleSince: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CourseRecord extends CourseRow {
  child: ChildRow | null;
  contacts: ContactRow[];
  referrals: ReferralRow[];
  consents: ConsentRow[];
}

export interface CourseListFilter {
  municipalities?: string[];
  status?: 'open' | 'closed';
  childIds?: string[];
  firstContactFrom?: string;
  firstContactTo?: string;
  missingCpr?: boolean;
  /** Only the courses of this responsible worker (a sub), or (`null`) only those without one. */
  responsibleSub?: string | null;
  limit: number;
  offset: number;
}

export interface CourseListItem {
  id: string;
  municipalityCode: string;
  status: CourseStatus;
  firstContactDate: string;
  clearlyInTargetGroup: boolean;
  focusAreas: FocusArea[];
  cprKnown: boolean;
  childId: string | null;
  birthDate: string | null;
  sex: Sex | null;
  closureDate: string | null;
  responsibleSub: string | null;
  responsibleName: string | null;
  responsibleSince: string | null;
  version: number;
  flags: string[];
}

const TIME = (column: string) => `to_char(${column}, 'HH24:MI')`;
const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const STAMP = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const RESPONSIBLE_COLUMNS = `c.responsible_sub AS "responsibleSub", c.responsible_name AS "responsibleName",
  ${STAMP('c.responsible_since')} AS "responsibleSince"`;

const COURSE_COLUMNS = `
  c.id, c.municipality_code AS "municipalityCode", c.child_id AS "childId", c.status,
  ${DATE('c.first_contact_date')} AS "firstContactDate", ${TIME('c.first_contact_time')} AS "firstContactTime",
  c.first_contact_channel AS channel, c.first_contact_by AS "contactedBy",
  c.clearly_in_target_group AS "clearlyInTargetGroup", c.focus_areas AS "focusAreas",
  ${DATE('c.closure_date')} AS "closureDate", c.closure_reason AS "closureReason",
  c.entered_in_error_reason AS "enteredInErrorReason", ${RESPONSIBLE_COLUMNS}, c.version,
  ${STAMP('c.created_at')} AS "createdAt", ${STAMP('c.updated_at')} AS "updatedAt"`;

const CONTACT_COLUMNS = `
  id, type, ${DATE('date')} AS date, ${TIME('time')} AS time, status, participants, delivery, mode,
  duration_minutes AS "durationMinutes", programme, outcome, reason,
  entered_in_error_reason AS "enteredInErrorReason", version, ${STAMP('created_at')} AS "createdAt"`;

/** All SQL for courses and their parts. Row-level security scopes every statement to the caller. */
@Injectable()
export class CoursesRepository {
  constructor(private readonly db: Db) {}

  async findChildByIndex(municipalityCode: string, cprIndex: string): Promise<{ id: string } | undefined> {
    const rows = await this.db.tx.query(`SELECT id FROM child WHERE municipality_code = $1 AND cpr_index = $2`, [
      municipalityCode,
      cprIndex,
    ]);
    return rows[0];
  }

  async findChildIdsByIndex(cprIndex: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.tx.query(`SELECT id FROM child WHERE cpr_index = $1`, [cprIndex]);
    return rows.map((r) => r.id);
  }

  /**
   * The child row for this blind index, created if absent. A concurrent request registering the
   * same new child waits on the unique index and then gets the row the other one committed.
   */
  async insertChild(child: {
    municipalityCode: string;
    cprIndex: string;
    ciphertext: Buffer;
    keyId: string;
    birthDate: string;
    sex: Sex;
  }): Promise<string> {
    const [row] = await this.db.tx.query(
      `INSERT INTO child (municipality_code, cpr_index, cpr_ciphertext, cpr_key_id, birth_date, sex)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (municipality_code, cpr_index) DO NOTHING RETURNING id`,
      [child.municipalityCode, child.cprIndex, child.ciphertext, child.keyId, child.birthDate, child.sex],
    );
    if (row) return row.id;
    return (await this.findChildByIndex(child.municipalityCode, child.cprIndex))!.id;
  }

  async findOpenCourseForChild(childId: string, exceptCourseId?: string): Promise<string | undefined> {
    const rows = await this.db.tx.query(
      `SELECT id FROM course WHERE child_id = $1 AND status = 'open' AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [childId, exceptCourseId ?? null],
    );
    return rows[0]?.id;
  }

  async insertCourse(course: {
    municipalityCode: string;
    childId: string | null;
    firstContactDate: string;
    firstContactTime: string | null;
    channel: Channel;
    contactedBy: ContactedBy;
    clearlyInTargetGroup: boolean;
    focusAreas: FocusArea[];
    createdBy: string;
  }): Promise<string> {
    const [row] = await this.guardOneOpenCourse(() =>
      this.db.tx.query(
        `INSERT INTO course (municipality_code, child_id, first_contact_date, first_contact_time, first_contact_channel,
                             first_contact_by, clearly_in_target_group, focus_areas, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          course.municipalityCode,
          course.childId,
          course.firstContactDate,
          course.firstContactTime,
          course.channel,
          course.contactedBy,
          course.clearlyInTargetGroup,
          course.focusAreas,
          course.createdBy,
        ],
      ),
    );
    return row.id;
  }

  /** The whole course; `lock` takes a row lock so concurrent changes to one course serialise. */
  async findCourse(id: string, lock = false): Promise<CourseRecord | undefined> {
    const [course]: CourseRow[] = await this.db.tx.query(
      `SELECT ${COURSE_COLUMNS} FROM course c WHERE c.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!course) return undefined;
    // One connection per transaction: the queries run one after another.
    const child: ChildRow | null = course.childId
      ? ((
          await this.db.tx.query(
            `SELECT id, cpr_ciphertext AS "cprCiphertext", cpr_key_id AS "cprKeyId", ${DATE('birth_date')} AS "birthDate", sex
               FROM child WHERE id = $1`,
            [course.childId],
          )
        )[0] ?? null)
      : null;
    const contacts: ContactRow[] = await this.db.tx.query(
      `SELECT ${CONTACT_COLUMNS} FROM contact WHERE course_id = $1 ORDER BY date, created_at, id`,
      [id],
    );
    const referrals: ReferralRow[] = await this.db.tx.query(
      `SELECT id, ${DATE('date')} AS date, destination, note, ${STAMP('created_at')} AS "createdAt"
         FROM referral WHERE course_id = $1 ORDER BY date, created_at`,
      [id],
    );
    const consents: ConsentRow[] = await this.db.tx.query(
      `SELECT id, ${DATE('date')} AS date, given_by AS "givenBy", scope, ${STAMP('created_at')} AS "createdAt"
         FROM consent WHERE course_id = $1 ORDER BY date, created_at`,
      [id],
    );
    return { ...course, child, contacts, referrals, consents };
  }

  async listCourses(filter: CourseListFilter): Promise<{ items: CourseListItem[]; total: number }> {
    const where = [`c.status <> 'entered_in_error'`];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.municipalities) add('c.municipality_code = ANY(?)', filter.municipalities);
    if (filter.status) add('c.status = ?', filter.status);
    if (filter.childIds) add('c.child_id = ANY(?::uuid[])', filter.childIds);
    if (filter.firstContactFrom) add('c.first_contact_date >= ?', filter.firstContactFrom);
    if (filter.firstContactTo) add('c.first_contact_date <= ?', filter.firstContactTo);
    if (filter.missingCpr !== undefined) where.push(filter.missingCpr ? 'c.child_id IS NULL' : 'c.child_id IS NOT NULL');
    if (filter.responsibleSub === null) where.push('c.responsible_sub IS NULL');
    else if (filter.responsibleSub !== undefined) add('c.responsible_sub = ?', filter.responsibleSub);
    const whereSql = where.join(' AND ');
    const [{ total }] = await this.db.tx.query(`SELECT count(*)::int AS total FROM course c WHERE ${whereSql}`, params);
    const items = await this.db.tx.query(
      `SELECT c.id, c.municipality_code AS "municipalityCode", c.status, ${DATE('c.first_contact_date')} AS "firstContactDate",
              c.clearly_in_target_group AS "clearlyInTargetGroup", c.focus_areas AS "focusAreas",
              c.child_id IS NOT NULL AS "cprKnown", c.child_id AS "childId",
              ${DATE('ch.birth_date')} AS "birthDate", ch.sex, ${DATE('c.closure_date')} AS "closureDate",
              ${RESPONSIBLE_COLUMNS}, c.version,
              coalesce(cs.data_flags, '{}') AS flags
         FROM course c LEFT JOIN child ch ON ch.id = c.child_id
         LEFT JOIN course_summary cs ON cs.municipality_code = c.municipality_code AND cs.course_id = c.id
        WHERE ${whereSql}
        ORDER BY c.first_contact_date DESC, c.id
        LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    return { items, total };
  }

  /** The CPR digits of a set of children, for revealing to a caseworker who asked. */
  async childCiphertexts(childIds: string[]): Promise<Map<string, { ciphertext: Buffer; keyId: string }>> {
    const rows: { id: string; ciphertext: Buffer; keyId: string }[] = await this.db.tx.query(
      `SELECT id, cpr_ciphertext AS ciphertext, cpr_key_id AS "keyId" FROM child WHERE id = ANY($1::uuid[])`,
      [childIds],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Makes a worker the course's responsible worker (ansvarlig behandler): a new version of the
   * course. The same worker again keeps their "since" (a new display name is taken); another
   * starts now.
   */
  async assignResponsible(id: string, worker: { sub: string; name: string }): Promise<void> {
    await this.db.tx.query(
      `UPDATE course
          SET responsible_since = CASE WHEN responsible_sub IS NOT DISTINCT FROM $2 THEN responsible_since ELSE now() END,
              responsible_sub = $2, responsible_name = $3, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, worker.sub, worker.name],
    );
  }

  /** The course has no responsible worker any more: a new version of the course. */
  async clearResponsible(id: string): Promise<void> {
    await this.db.tx.query(
      `UPDATE course
          SET responsible_sub = NULL, responsible_name = NULL, responsible_since = NULL, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  /** Bumps the course's version (its ETag covers contacts, referrals and consents too). */
  async touchCourse(id: string): Promise<void> {
    await this.db.tx.query(`UPDATE course SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  async updateCourse(
    id: string,
    patch: Partial<{
      childId: string | null;
      clearlyInTargetGroup: boolean;
      focusAreas: FocusArea[];
      status: CourseStatus;
      closureDate: string | null;
      closureReason: ClosureReason | null;
      enteredInErrorReason: string;
      firstContact: { date: string; time: string | null; channel: Channel; contactedBy: ContactedBy };
    }>,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if ('childId' in patch) set('child_id', patch.childId);
    if (patch.clearlyInTargetGroup !== undefined) set('clearly_in_target_group', patch.clearlyInTargetGroup);
    if (patch.focusAreas !== undefined) set('focus_areas', patch.focusAreas);
    if (patch.status !== undefined) set('status', patch.status);
    if ('closureDate' in patch) set('closure_date', patch.closureDate);
    if ('closureReason' in patch) set('closure_reason', patch.closureReason);
    if (patch.status === 'closed') sets.push('last_closed_at = now()');
    if (patch.firstContact) {
      set('first_contact_date', patch.firstContact.date);
      set('first_contact_time', patch.firstContact.time);
      set('first_contact_channel', patch.firstContact.channel);
      set('first_contact_by', patch.firstContact.contactedBy);
      // The first contact is also a held contact of the course (KL's Henvendelse): keep it in step.
      await this.db.tx.query(
        `UPDATE contact SET date = $2, time = $3, version = version + 1, updated_at = clock_timestamp()
          WHERE course_id = $1 AND type = 'first_contact'`,
        [id, patch.firstContact.date, patch.firstContact.time],
      );
    }
    if (patch.enteredInErrorReason !== undefined) {
      set('entered_in_error_reason', patch.enteredInErrorReason);
      sets.push('entered_in_error_at = now()');
    }
    sets.push('version = version + 1', 'updated_at = now()');
    await this.guardOneOpenCourse(() => this.db.tx.query(`UPDATE course SET ${sets.join(', ')} WHERE id = $1`, params));
  }

  /**
   * The service checks for another open course first; two requests racing past that check meet
   * the unique index `course_one_open_per_child`, and the loser gets the same 409, not a 500.
   */
  private async guardOneOpenCourse<T>(statement: () => Promise<T>): Promise<T> {
    try {
      return await statement();
    } catch (error) {
      const pg = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      if (pg?.code === '23505' && pg.constraint === 'course_one_open_per_child') {
        throw new ConflictError(
          'open_course_exists',
          'The child already has an open course in this municipality; add to it or close it first',
        );
      }
      throw error;
    }
  }

  async insertContact(contact: {
    municipalityCode: string;
    courseId: string;
    type: ContactType;
    date: string;
    time: string | null;
    status: ContactStatus;
    participants?: Participants | null;
    delivery?: Delivery | null;
    mode?: Mode | null;
    durationMinutes?: number | null;
    programme?: string | null;
    outcome?: Outcome | null;
    reason?: string | null;
    createdBy: string;
  }): Promise<string> {
    const [row] = await this.db.tx.query(
      `INSERT INTO contact (municipality_code, course_id, type, date, time, status, participants, delivery, mode,
                            duration_minutes, programme, outcome, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        contact.municipalityCode,
        contact.courseId,
        contact.type,
        contact.date,
        contact.time,
        contact.status,
        contact.participants ?? null,
        contact.delivery ?? null,
        contact.mode ?? null,
        contact.durationMinutes ?? null,
        contact.programme ?? null,
        contact.outcome ?? null,
        contact.reason ?? null,
        contact.createdBy,
      ],
    );
    return row.id;
  }

  async updateContact(id: string, contact: Omit<ContactRow, 'id' | 'type' | 'version' | 'createdAt'>): Promise<void> {
    await this.db.tx.query(
      `UPDATE contact SET date = $2, time = $3, status = $4, participants = $5, delivery = $6, mode = $7,
              duration_minutes = $8, programme = $9, outcome = $10, reason = $11, entered_in_error_reason = $12,
              version = version + 1, updated_at = clock_timestamp()
        WHERE id = $1`,
      [
        id,
        contact.date,
        contact.time,
        contact.status,
        contact.participants,
        contact.delivery,
        contact.mode,
        contact.durationMinutes,
        contact.programme,
        contact.outcome,
        contact.reason,
        contact.enteredInErrorReason,
      ],
    );
  }

  async insertReferral(r: {
    municipalityCode: string;
    courseId: string;
    date: string;
    destination: ReferralDestination;
    note: string | null;
    createdBy: string;
  }): Promise<string> {
    const [row] = await this.db.tx.query(
      `INSERT INTO referral (municipality_code, course_id, date, destination, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [r.municipalityCode, r.courseId, r.date, r.destination, r.note, r.createdBy],
    );
    return row.id;
  }

  async insertConsent(c: {
    municipalityCode: string;
    courseId: string;
    date: string;
    givenBy: ConsentGiver;
    scope: ConsentScope;
    createdBy: string;
  }): Promise<string> {
    const [row] = await this.db.tx.query(
      `INSERT INTO consent (municipality_code, course_id, date, given_by, scope, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.municipalityCode, c.courseId, c.date, c.givenBy, c.scope, c.createdBy],
    );
    return row.id;
  }
}
