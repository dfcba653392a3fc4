/**
 * A course as the KL delivery sees it: the plain input of the mapping. Deliberately its own type,
 * not the stored course's rows, so the mapping does not move when storage does: `klCourseFromRow`
 * makes it from what the delivery reads of a course (`KlCourseRow`), which comes either from the
 * delivery's own query or, after a change, from the course the courses module has just read
 * (`klCourseRowFromRecord`, `kernel/course.record.ts`).
 */
import type {
  ContactStatus,
  ContactType,
  CourseStatus,
  Delivery,
  FocusArea,
  Participants,
  ReferralDestination,
} from '../kernel/course.model.js';
import type { CourseRecord } from '../kernel/course.record.js';

/** A Danish local date, `YYYY-MM-DD`, and optionally a wall-clock time `HH:mm` or `HH:mm:ss` (Europe/Copenhagen). */
export interface KlLocalMoment {
  date: string;
  time: string | null;
}

export interface KlChild {
  /** The child row's internal id: the Citizen's id is derived from it. */
  id: string;
  /** The CPR number, ten digits without hyphen. */
  cpr: string;
  /**
   * Whether the child has another course in the municipality that is not entered in error. Decides
   * Citizen `active` when this course is withdrawn: a child with no other course should never have
   * been in the system (KL-LTT "Corrections").
   */
  hasOtherCourses: boolean;
}

export interface KlContact {
  id: string;
  type: ContactType;
  date: string;
  time: string | null;
  status: ContactStatus;
  participants: Participants | null;
  delivery: Delivery | null;
}

export interface KlReferral {
  id: string;
  date: string;
  time: string | null;
  destination: ReferralDestination;
  enteredInError: boolean;
}

export interface KlCourse {
  id: string;
  municipalityCode: string;
  /** Null while the CPR is unknown: the course is then held back from KL. */
  child: KlChild | null;
  status: CourseStatus;
  /** The first contact (henvendelse): the course's start and its Henvendelse encounter. */
  firstContact: KlLocalMoment;
  focusAreas: FocusArea[];
  /** Set while the course is closed. */
  closure: KlLocalMoment | null;
  /** Every other contact, in any status; the first contact is `firstContact`, not one of these. */
  contacts: KlContact[];
  referrals: KlReferral[];
  /**
   * Children this course was reported under before and is no longer (a CPR corrected): keyed by
   * child id, whether that child has another course. The state of what was sent names their ids
   * (`ReportedResource.childId`); the caller looks them up.
   */
  formerChildren?: Record<string, { hasOtherCourses: boolean }>;
}

/** The municipality's reporting settings. */
export interface KlReportingSettings {
  /** The SOR code of the municipal unit that reports (Citizen.managingOrganization); null: held back. */
  sorCode: string | null;
}

/**
 * A course as the delivery reads it from the database (`KlDeliveryRepository.loadCourses`, one
 * query for one course or a batch of them): what KL needs and nothing more, the CPR still sealed.
 */
export interface KlCourseRow {
  id: string;
  municipalityCode: string;
  status: CourseStatus;
  firstContactDate: string;
  firstContactTime: string | null;
  focusAreas: FocusArea[];
  closureDate: string | null;
  closureTime: string | null;
  child: { id: string; cprCiphertext: Buffer; cprKeyId: string; hasOtherCourses: boolean } | null;
  /** Every contact but the first contact (which is the course's own first-contact fields), in date order. */
  contacts: KlContact[];
  referrals: KlReferral[];
}

/**
 * The course as KL sees it, from its row: `cpr` is the child's CPR digits, opened by the caller (the
 * row keeps it sealed); `formerChildren` as `KlCourse` says.
 */
export function klCourseFromRow(row: KlCourseRow, cpr: string | null, formerChildren?: KlCourse['formerChildren']): KlCourse {
  if (row.child && !cpr) throw new Error(`Course ${row.id} has a child: pass its CPR digits`);
  return {
    id: row.id,
    municipalityCode: row.municipalityCode,
    child: row.child && cpr ? { id: row.child.id, cpr, hasOtherCourses: row.child.hasOtherCourses } : null,
    status: row.status,
    firstContact: { date: row.firstContactDate, time: row.firstContactTime },
    focusAreas: row.focusAreas,
    closure: row.status === 'closed' && row.closureDate ? { date: row.closureDate, time: row.closureTime } : null,
    contacts: row.contacts,
    referrals: row.referrals,
    ...(formerChildren && Object.keys(formerChildren).length > 0 ? { formerChildren } : {}),
  };
}

/**
 * What the delivery reads of a course, from the course as the courses module read it (after a
 * change, in the change's transaction): the same row the delivery's own query gives for it
 * (`PLANNING_ROWS_SQL`; a test holds the two equal), without reading the course again.
 * `hasOtherCourses` of its child is the caller's to ask.
 */
export function klCourseRowFromRecord(record: CourseRecord, hasOtherCourses: boolean): KlCourseRow {
  const byDate = (a: { date: string; createdAt: string; id: string }, b: { date: string; createdAt: string; id: string }) =>
    a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    id: record.id,
    municipalityCode: record.municipalityCode,
    status: record.status,
    firstContactDate: record.firstContactDate,
    firstContactTime: record.firstContactTime,
    focusAreas: record.focusAreas,
    closureDate: record.closureDate,
    closureTime: record.closureTime,
    child: record.child
      ? { id: record.child.id, cprKeyId: record.child.cprKeyId, cprCiphertext: record.child.cprCiphertext, hasOtherCourses }
      : null,
    contacts: record.contacts
      .filter((c) => c.type !== 'first_contact')
      .sort(byDate)
      .map((c) => ({
        id: c.id,
        type: c.type,
        date: c.date,
        time: c.time,
        status: c.status,
        participants: c.participants,
        delivery: c.delivery,
      })),
    referrals: [...record.referrals]
      .sort(byDate)
      .map((r) => ({ id: r.id, date: r.date, time: r.time, destination: r.destination, enteredInError: r.status === 'entered_in_error' })),
  };
}
