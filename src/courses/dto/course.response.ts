/**
 * What the course routes answer with, as `CourseViews` (course.views.ts) shapes it. Request
 * bodies are in course.dto.ts and contact.dto.ts; these classes only describe responses.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHANNELS,
  CLOSURE_REASONS,
  CONSENT_GIVERS,
  CONSENT_SCOPES,
  CONTACT_STATUSES,
  CONTACT_TYPES,
  CONTACTED_BY,
  COURSE_STATUSES,
  DELIVERIES,
  FOCUS_AREAS,
  MODES,
  OUTCOMES,
  PARTICIPANTS,
  REFERRAL_DESTINATIONS,
  REFERRAL_STATUSES,
  type Channel,
  type ClosureReason,
  type ConsentGiver,
  type ConsentScope,
  type ContactStatus,
  type ContactType,
  type ContactedBy,
  type CourseStatus,
  type Delivery,
  type FocusArea,
  type Mode,
  type Outcome,
  type Participants,
  type ReferralDestination,
  type ReferralStatus,
  type Sex,
} from '../../kernel/course.model.js';
import { TARGET_STATES, type TargetState } from '../../service-targets/clock.rules.js';

export const SEXES = ['female', 'male'] as const satisfies readonly Sex[];

/** The data-quality flags `dataFlagsOf` (course-summary/course-summary.ts) gives a course (docs/domain.md). */
export const DATA_FLAGS = ['missing_cpr', 'outside_age_range', 'missing_treatment_consent'] as const;
export type DataFlag = (typeof DATA_FLAGS)[number];

const UUID_EXAMPLE = '6f1d3c2a-7b4e-4f7a-9c1d-2e5b8a9f0c31';

export class FirstContactView {
  @ApiProperty({ format: 'date', example: '2026-03-02', description: 'Danish local date of the first contact (henvendelse)' })
  date: string;

  @ApiProperty({ type: String, nullable: true, pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '09:30', description: 'Danish local time' })
  time: string | null;

  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' })
  channel: Channel;

  @ApiProperty({ enum: CONTACTED_BY, enumName: 'ContactedBy' })
  contactedBy: ContactedBy;
}

/** The child as the course shows it: derived from the CPR, never the CPR itself unless revealed. */
export class ChildView {
  @ApiProperty({ description: 'Whether the course has a CPR number' })
  cprKnown: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    pattern: '^\\d{6}-xxxx$',
    example: '150914-xxxx',
    description: 'The birth-date part of the CPR (DDMMYY-xxxx)',
  })
  cprMasked: string | null;

  @ApiPropertyOptional({
    pattern: '^\\d{10}$',
    example: '1509144002',
    description: 'The CPR number: only with ?reveal=cpr (audited as reveal_cpr with the X-Purpose given)',
  })
  cpr?: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2014-09-15', description: 'Derived from the CPR' })
  birthDate: string | null;

  @ApiProperty({ enum: SEXES, enumName: 'Sex', nullable: true, description: 'Derived from the CPR' })
  sex: Sex | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 11, description: 'Whole years at the first contact' })
  ageAtFirstContact: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 11, description: 'Whole years today (Danish local date)' })
  ageToday: number | null;
}

export class ContactView {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  id: string;

  @ApiProperty({ enum: CONTACT_TYPES, enumName: 'ContactType' })
  type: ContactType;

  @ApiProperty({ format: 'date', example: '2026-03-16' })
  date: string;

  @ApiProperty({ type: String, nullable: true, example: '14:00', description: 'Danish local time HH:mm' })
  time: string | null;

  @ApiProperty({ enum: CONTACT_STATUSES, enumName: 'ContactStatus' })
  status: ContactStatus;

  @ApiProperty({ enum: PARTICIPANTS, enumName: 'Participants', nullable: true })
  participants: Participants | null;

  @ApiProperty({ enum: DELIVERIES, enumName: 'Delivery', nullable: true })
  delivery: Delivery | null;

  @ApiProperty({ enum: MODES, enumName: 'Mode', nullable: true })
  mode: Mode | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 45 })
  durationMinutes: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'Cool Kids', description: 'The treatment programme' })
  programme: string | null;

  @ApiProperty({ enum: OUTCOMES, enumName: 'Outcome', nullable: true })
  outcome: Outcome | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it was cancelled or not held' })
  reason: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Only on a contact entered in error: why' })
  enteredInErrorReason?: string | null;

  @ApiProperty({ type: 'integer', example: 1, description: 'The contact’s version: its ETag, for If-Match' })
  version: number;
}

/** A contact as POST /courses/{id}/contacts and PATCH /courses/{id}/contacts/{contactId} answer: with its course's new version. */
export class RecordedContactView extends ContactView {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  courseId: string;

  @ApiProperty({ type: 'integer', example: 4, description: 'The course’s version after the change (its ETag)' })
  courseVersion: number;
}

export class ReferralView {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  id: string;

  @ApiProperty({ format: 'date', example: '2026-03-20' })
  date: string;

  @ApiProperty({ enum: REFERRAL_DESTINATIONS, enumName: 'ReferralDestination' })
  destination: ReferralDestination;

  @ApiProperty({ type: String, nullable: true, example: '14:30', description: 'Danish local time HH:mm' })
  time: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({
    enum: REFERRAL_STATUSES,
    enumName: 'ReferralStatus',
    description: 'entered_in_error: made by mistake and withdrawn; it counts in no report, extract or indicator',
  })
  status: ReferralStatus;

  @ApiPropertyOptional({ type: String, description: 'Only on a referral entered in error: why' })
  enteredInErrorReason?: string | null;
}

/** A referral as POST /courses/{id}/referrals answers: with when it was registered. */
export class RecordedReferralView extends ReferralView {
  @ApiProperty({ format: 'date-time', example: '2026-03-20T10:15:02.123456Z' })
  createdAt: string;
}

export class ConsentView {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  id: string;

  @ApiProperty({ format: 'date', example: '2026-03-10' })
  date: string;

  @ApiProperty({ enum: CONSENT_GIVERS, enumName: 'ConsentGiver' })
  givenBy: ConsentGiver;

  @ApiProperty({ enum: CONSENT_SCOPES, enumName: 'ConsentScope' })
  scope: ConsentScope;
}

/** A consent as POST /courses/{id}/consents answers: with when it was registered. */
export class RecordedConsentView extends ConsentView {
  @ApiProperty({ format: 'date-time', example: '2026-03-10T08:30:00.000000Z' })
  createdAt: string;
}

export class ConsentStatusView {
  @ApiProperty({ description: 'A consent with scope treatment is recorded' })
  treatmentConsentPresent: boolean;

  @ApiProperty({
    enum: ['young_person', 'parent'],
    enumName: 'RequiredConsentGiver',
    nullable: true,
    description: 'Who must consent today: from 15 the young person (sundhedsloven § 17); null while the CPR is unknown',
  })
  requiredFrom: 'young_person' | 'parent' | null;
}

export class ClosureView {
  @ApiProperty({ format: 'date', example: '2026-05-01' })
  date: string;

  @ApiProperty({ type: String, nullable: true, example: '14:30', description: 'Danish local time HH:mm' })
  time: string | null;

  @ApiProperty({ enum: CLOSURE_REASONS, enumName: 'ClosureReason' })
  reason: ClosureReason;
}

export class EnteredInErrorView {
  @ApiProperty({ example: 'Registered on the wrong child' })
  reason: string;
}

/** One service target's clock for the course (docs/metrics.md, "The clock"). */
export class TargetClockView {
  @ApiProperty({ example: 'pre_conversation_14d', description: 'The target’s name' })
  target: string;

  @ApiProperty({ enum: TARGET_STATES, enumName: 'TargetState' })
  state: TargetState;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-03-16',
    description: 'Clock start + limit; null when not applicable',
  })
  deadline: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 9, description: 'Held: held date − clock start; not held: today − clock start' })
  daysWaited: number | null;

  @ApiProperty({ type: 'integer', example: 0, description: 'Days the family asked to wait, inside the wait' })
  familyDelayDays: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 9, description: 'The wait without the family’s days' })
  adjustedDays: number | null;

  @ApiProperty({ enum: TARGET_STATES, enumName: 'TargetState', description: 'The state the adjusted wait gives' })
  adjustedState: TargetState;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-03-11', description: 'When the step was held' })
  heldOn: string | null;

  @ApiProperty({ type: 'integer', example: 14 })
  limitDays: number;
}

/** The course's responsible worker (ansvarlig behandler): who their token says they are, and since when. */
export class ResponsibleWorkerView {
  @ApiProperty({ example: 'c3a1e2f4-caseworker', description: 'The worker’s subject: the `sub` of their token' })
  sub: string;

  @ApiProperty({ example: 'Sara Sagsbehandler', description: 'Their display name' })
  name: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-02T09:41:12.123456Z', description: 'Since when they are responsible' })
  since: string;
}

/** A course (forløb) with everything that belongs to it, as GET /courses/{id} and every change answer. */
export class CourseView {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  id: string;

  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  municipalityCode: string;

  @ApiProperty({ enum: COURSE_STATUSES, enumName: 'CourseStatus' })
  status: CourseStatus;

  @ApiProperty({ format: 'date', example: '2026-03-02' })
  firstContactDate: string;

  @ApiProperty({ type: () => FirstContactView })
  firstContact: FirstContactView;

  @ApiProperty()
  clearlyInTargetGroup: boolean;

  @ApiProperty({ enum: FOCUS_AREAS, enumName: 'FocusArea', isArray: true })
  focusAreas: FocusArea[];

  @ApiProperty({ type: () => ChildView })
  child: ChildView;

  @ApiProperty({ type: () => [ContactView], description: 'The first contact and every later contact, by date' })
  contacts: ContactView[];

  @ApiProperty({ type: () => [ReferralView] })
  referrals: ReferralView[];

  @ApiProperty({ type: () => [ConsentView] })
  consents: ConsentView[];

  @ApiProperty({ type: () => ConsentStatusView })
  consent: ConsentStatusView;

  @ApiPropertyOptional({ type: () => ClosureView, description: 'Only on a closed course' })
  closure?: ClosureView;

  @ApiPropertyOptional({ type: () => EnteredInErrorView, description: 'Only on a course entered in error' })
  enteredInError?: EnteredInErrorView;

  @ApiProperty({ type: () => [TargetClockView], description: 'Every target in force on the first-contact date' })
  targets: TargetClockView[];

  @ApiProperty({ enum: DATA_FLAGS, enumName: 'DataFlag', isArray: true })
  flags: DataFlag[];

  @ApiProperty({ type: () => ResponsibleWorkerView, nullable: true, description: 'The responsible worker; null when none is set' })
  responsible: ResponsibleWorkerView | null;

  @ApiProperty({ type: 'integer', example: 3, description: 'The course’s version (it covers contacts, referrals and consents)' })
  version: number;

  @ApiProperty({ example: '"3"', description: 'The version as an entity tag, as in the ETag header' })
  etag: string;
}

export class CourseListChild {
  @ApiProperty()
  cprKnown: boolean;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2014-09-15' })
  birthDate: string | null;

  @ApiProperty({ enum: SEXES, enumName: 'Sex', nullable: true })
  sex: Sex | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 11 })
  ageAtFirstContact: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 11 })
  ageToday: number | null;
}

export class CourseListItem {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  id: string;

  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  municipalityCode: string;

  @ApiProperty({ enum: ['open', 'closed'], enumName: 'ListedCourseStatus', description: 'Courses entered in error are never listed' })
  status: 'open' | 'closed';

  @ApiProperty({ format: 'date', example: '2026-03-02' })
  firstContactDate: string;

  @ApiProperty()
  clearlyInTargetGroup: boolean;

  @ApiProperty({ enum: FOCUS_AREAS, enumName: 'FocusArea', isArray: true })
  focusAreas: FocusArea[];

  @ApiProperty({ type: () => CourseListChild })
  child: CourseListChild;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  closureDate: string | null;

  @ApiProperty({ enum: DATA_FLAGS, enumName: 'DataFlag', isArray: true })
  flags: DataFlag[];

  @ApiProperty({ type: () => ResponsibleWorkerView, nullable: true, description: 'The responsible worker; null when none is set' })
  responsible: ResponsibleWorkerView | null;

  @ApiProperty({ type: 'integer', example: 3 })
  version: number;
}

export class CourseList {
  @ApiProperty({ type: () => [CourseListItem], description: 'Latest first contact first' })
  items: CourseListItem[];

  @ApiProperty({ type: 'integer', example: 1, description: 'Courses matching, on every page' })
  total: number;

  @ApiProperty({ type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', example: 50 })
  pageSize: number;
}
