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
import type { ChildRow, ContactRow, CourseRecord } from '../kernel/course.record.js';

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
  ${DATE('c.closure_date')} AS "closureDate", ${TIME('c.closure_time')} AS "closureTime", c.closure_reason AS "closureReason",
  c.entered_in_error_reason AS "enteredInErrorReason", ${RESPONSIBLE_COLUMNS}, c.version,
  ${STAMP('c.created_at')} AS "createdAt", ${STAMP('c.updated_at')} AS "updatedAt"`;

const CONTACT_COLUMNS = `
  id, type, ${DATE('date')} AS date, ${TIME('time')} AS time, status, participants, delivery, mode,
  duration_minutes AS "durationMinutes", programme, outcome, reason,
  entered_in_error_reason AS "enteredInErrorReason", version, ${STAMP('created_at')} AS "createdAt"`;

/**
 * A course with its child, contacts, referrals and consents in one statement (one round trip
 * rather than five: each costs more than the work here), the parts as JSON arrays in the order
 * the rules read them; `$1` the course id. Shared with the benchmark's floor.
 */
export const COURSE_RECORD_SQL = `
  SELECT ${COURSE_COLUMNS},
         (SELECT json_build_object('id', ch.id, 'cprCiphertext', encode(ch.cpr_ciphertext, 'base64'), 'cprKeyId', ch.cpr_key_id,
                                   'birthDate', ${DATE('ch.birth_date')}, 'sex', ch.sex)
            FROM child ch WHERE ch.id = c.child_id) AS child,
         coalesce((SELECT json_agg(x ORDER BY x.date, x."createdAt", x.id)
                     FROM (SELECT ${CONTACT_COLUMNS} FROM contact WHERE course_id = c.id) x), '[]') AS contacts,
         coalesce((SELECT json_agg(x ORDER BY x.date, x."createdAt")
                     FROM (SELECT id, ${DATE('date')} AS date, ${TIME('time')} AS time, destination, note, status,
                                    entered_in_error_reason AS "enteredInErrorReason", ${STAMP('created_at')} AS "createdAt"
                             FROM referral WHERE course_id = c.id) x), '[]') AS referrals,
         coalesce((SELECT json_agg(x ORDER BY x.date, x."createdAt")
                     FROM (SELECT id, ${DATE('date')} AS date, given_by AS "givenBy", scope, ${STAMP('created_at')} AS "createdAt"
                             FROM consent WHERE course_id = c.id) x), '[]') AS consents
    FROM course c WHERE c.id = $1`;
export const INSERT_COURSE_SQL = `INSERT INTO course (municipality_code, child_id, first_contact_date, first_contact_time, first_contact_channel,
                     first_contact_by, clearly_in_target_group, focus_areas, created_by)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`;
export const INSERT_CONTACT_SQL = `INSERT INTO contact (municipality_code, course_id, type, date, time, status, participants, delivery, mode,
                    duration_minutes, programme, outcome, reason, created_by)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`;

/** All SQL for courses and their parts. Row-level security scopes every statement to the caller. */
@Injectable()
export class CoursesRepository {
  constructor(private readonly db: Db) {}

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
      this.db.tx.query(INSERT_COURSE_SQL, [
        course.municipalityCode,
        course.childId,
        course.firstContactDate,
        course.firstContactTime,
        course.channel,
        course.contactedBy,
        course.clearlyInTargetGroup,
        course.focusAreas,
        course.createdBy,
      ]),
    );
    return row.id;
  }

  /**
   * The whole course; `lock` takes a row lock so concurrent changes to one course serialise. It is
   * the lock an UPDATE of the row takes (FOR NO KEY UPDATE: no change here touches the key), so it
   * does not stop another transaction from writing the course's summary rows, whose foreign keys
   * take a key-share lock on the course (a change of the municipality's targets does, while this
   * change waits for it: see CourseSummaries).
   */
  async findCourse(id: string, lock = false): Promise<CourseRecord | undefined> {
    const [row]: (Omit<CourseRecord, 'child'> & { child: (Omit<ChildRow, 'cprCiphertext'> & { cprCiphertext: string }) | null })[] =
      await this.db.tx.query(`${COURSE_RECORD_SQL} ${lock ? 'FOR NO KEY UPDATE OF c' : ''}`, [id]);
    if (!row) return undefined;
    const child: ChildRow | null = row.child && { ...row.child, cprCiphertext: Buffer.from(row.child.cprCiphertext, 'base64') };
    return { ...row, child };
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

  /**
   * A new version of the course: every use case that changes a course or one of its parts ends
   * with this, once, so the course's ETag covers its contacts, referrals and consents too.
   */
  async newVersion(id: string): Promise<void> {
    await this.db.tx.query(`UPDATE course SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Closes the course on `date` (a Danish local date); `last_closed_at` records when it was done. */
  async close(id: string, date: string, time: string | null, reason: ClosureReason): Promise<void> {
    await this.db.tx.query(
      `UPDATE course SET status = 'closed', closure_date = $2, closure_time = $3, closure_reason = $4, last_closed_at = now() WHERE id = $1`,
      [id, date, time, reason],
    );
  }

  /** Opens a closed course again; the child's other open course, if any, meets the unique index. */
  async reopen(id: string): Promise<void> {
    await this.guardOneOpenCourse(() =>
      this.db.tx.query(`UPDATE course SET status = 'open', closure_date = NULL, closure_time = NULL, closure_reason = NULL WHERE id = $1`, [
        id,
      ]),
    );
  }

  /** Withdraws the course as registered by mistake (kept, never deleted), with the reason and when. */
  async markEnteredInError(id: string, reason: string): Promise<void> {
    await this.db.tx.query(
      `UPDATE course SET status = 'entered_in_error', entered_in_error_reason = $2, entered_in_error_at = now() WHERE id = $1`,
      [id, reason],
    );
  }

  /**
   * Corrects when and how the first contact came in. The first contact is also a held contact of
   * the course (KL's Henvendelse, registered by `insertContact` at creation), so that contact moves
   * with it, as a new version of the contact.
   */
  async correctFirstContact(
    id: string,
    firstContact: { date: string; time: string | null; channel: Channel; contactedBy: ContactedBy },
  ): Promise<void> {
    await this.db.tx.query(
      `UPDATE course SET first_contact_date = $2, first_contact_time = $3, first_contact_channel = $4, first_contact_by = $5
        WHERE id = $1`,
      [id, firstContact.date, firstContact.time, firstContact.channel, firstContact.contactedBy],
    );
    await this.db.tx.query(
      `UPDATE contact SET date = $2, time = $3, version = version + 1, updated_at = clock_timestamp()
        WHERE course_id = $1 AND type = 'first_contact'`,
      [id, firstContact.date, firstContact.time],
    );
  }

  /**
   * Changes what is known about the course: its child (the CPR added or corrected), whether it was
   * clear at first contact that the child is in the target group, its focus areas. Fields left out
   * stay as they are. A child with another open course meets the unique index.
   */
  async updateDetails(id: string, details: { childId?: string; clearlyInTargetGroup?: boolean; focusAreas?: FocusArea[] }): Promise<void> {
    await this.guardOneOpenCourse(() =>
      this.db.tx.query(
        `UPDATE course SET child_id = coalesce($2, child_id), clearly_in_target_group = coalesce($3, clearly_in_target_group),
                focus_areas = coalesce($4, focus_areas)
          WHERE id = $1`,
        [id, details.childId ?? null, details.clearlyInTargetGroup ?? null, details.focusAreas ?? null],
      ),
    );
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
    const [row] = await this.db.tx.query(INSERT_CONTACT_SQL, [
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
    ]);
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
    time: string | null;
    destination: ReferralDestination;
    note: string | null;
    createdBy: string;
  }): Promise<string> {
    const [row] = await this.db.tx.query(
      `INSERT INTO referral (municipality_code, course_id, date, time, destination, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [r.municipalityCode, r.courseId, r.date, r.time, r.destination, r.note, r.createdBy],
    );
    return row.id;
  }

  /** A referral made by mistake is withdrawn: kept, with why, when and by whom (never deleted). */
  async markReferralEnteredInError(id: string, reason: string, by: string): Promise<void> {
    await this.db.tx.query(
      `UPDATE referral SET status = 'entered_in_error', entered_in_error_reason = $2, entered_in_error_at = now(), entered_in_error_by = $3
        WHERE id = $1`,
      [id, reason, by],
    );
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
