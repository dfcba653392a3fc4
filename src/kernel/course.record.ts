/**
 * A course as stored: the rows of `course`, `child`, `contact`, `referral` and `consent` as the
 * repositories read them (dates as Danish local `YYYY-MM-DD`, times `HH:mm`, timestamps ISO in UTC).
 * Plain types, so the features that load, summarise or report a course share one shape without
 * importing each other.
 */
import type {
  Channel,
  ClosureReason,
  ConsentGiver,
  ConsentScope,
  ContactStatus,
  ContactType,
  ContactedBy,
  CourseFacts,
  CourseStatus,
  Delivery,
  FocusArea,
  Mode,
  Outcome,
  Participants,
  ReferralDestination,
  ReferralStatus,
  Sex,
} from './course.model.js';

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
  time: string | null;
  destination: ReferralDestination;
  note: string | null;
  /** `entered_in_error`: made by mistake, withdrawn; it counts nowhere (summaries, reports, extracts, indicators). */
  status: ReferralStatus;
  enteredInErrorReason: string | null;
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
  closureTime: string | null;
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

/** The whole course: its row, its child (when the CPR is known) and its parts, in date order. */
export interface CourseRecord extends CourseRow {
  child: ChildRow | null;
  contacts: ContactRow[];
  referrals: ReferralRow[];
  consents: ConsentRow[];
}

/** The plain facts the rules and clocks read, from a stored course. */
export function courseFacts(course: CourseRecord): CourseFacts {
  return {
    municipalityCode: course.municipalityCode,
    status: course.status,
    firstContactDate: course.firstContactDate,
    clearlyInTargetGroup: course.clearlyInTargetGroup,
    closureDate: course.closureDate,
    contacts: course.contacts.map((c) => ({
      id: c.id,
      type: c.type,
      date: c.date,
      status: c.status,
      outcome: c.outcome,
      createdAt: c.createdAt,
    })),
  };
}
