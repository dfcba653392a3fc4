/**
 * A course as the KL delivery sees it: the plain input of the mapping. Deliberately its own type,
 * not the stored course's rows, so the mapping does not move when storage does;
 * `klCourseFromRecord` is the one place that reads a stored course (`kernel/course.record.ts`).
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
 * The course as KL sees it, from a stored course as the courses repository loads it. The CPR is
 * stored encrypted, so the caller opens it and passes the digits; `hasOtherCourses` is the
 * caller's too. The repository keeps no closure time and no referral time or withdrawal today,
 * so those are null and false.
 */
export function klCourseFromRecord(
  record: CourseRecord,
  child: { cpr: string; hasOtherCourses: boolean } | null,
  formerChildren?: KlCourse['formerChildren'],
): KlCourse {
  if (record.child && !child) throw new Error(`Course ${record.id} has a child: pass its CPR digits`);
  return {
    id: record.id,
    municipalityCode: record.municipalityCode,
    child: record.child && child ? { id: record.child.id, cpr: child.cpr, hasOtherCourses: child.hasOtherCourses } : null,
    status: record.status,
    firstContact: { date: record.firstContactDate, time: record.firstContactTime },
    focusAreas: record.focusAreas,
    closure: record.status === 'closed' && record.closureDate ? { date: record.closureDate, time: null } : null,
    contacts: record.contacts
      .filter((c) => c.type !== 'first_contact')
      .map((c) => ({
        id: c.id,
        type: c.type,
        date: c.date,
        time: c.time,
        status: c.status,
        participants: c.participants,
        delivery: c.delivery,
      })),
    referrals: record.referrals.map((r) => ({ id: r.id, date: r.date, time: null, destination: r.destination, enteredInError: false })),
    ...(formerChildren ? { formerChildren } : {}),
  };
}
