/**
 * The course (forløb) and its parts as plain data: the vocabulary every module shares.
 * Enum values are English snake_case; KL's codes for them are mapped in one place only,
 * `src/kl-reporting/kl-codes.ts` (checked against KL's code systems by test/small/kl-codes.spec.ts).
 */

/**
 * The offer's target group by age: from børnehaveklasse (5) up to and including 17 (sundhedsloven
 * § 126 a; docs/domain.md, "The offer"). The age range checks, the statistics' age bands and the
 * child populations the indicators divide by all read it from here.
 */
export const OFFER_AGES = { from: 5, to: 17 } as const;

export const COURSE_STATUSES = ['open', 'closed', 'entered_in_error'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

/** How the first contact (henvendelse) came in. */
export const CHANNELS = ['phone', 'email', 'digital', 'in_person', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONTACTED_BY = ['child', 'parent', 'other'] as const;
export type ContactedBy = (typeof CONTACTED_BY)[number];

/** KL's eight focus areas (tema). */
export const FOCUS_AREAS = [
  'behaviour',
  'worry',
  'body_and_food',
  'self_harm',
  'sadness',
  'obsessions_compulsions',
  'restlessness_inattention',
  'other',
] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];

/**
 * Contact types. `first_contact` (henvendelse) is recorded by POST /courses itself;
 * the others are forsamtale, screeningssamtale, behandling and afsluttende samtale.
 */
export const CONTACT_TYPES = ['first_contact', 'pre_conversation', 'screening', 'treatment', 'closing_conversation'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];
export const BOOKABLE_CONTACT_TYPES = ['pre_conversation', 'screening', 'treatment', 'closing_conversation'] as const;
export type BookableContactType = (typeof BOOKABLE_CONTACT_TYPES)[number];

export const CONTACT_STATUSES = [
  'planned',
  'held',
  'cancelled_by_family',
  'cancelled_by_municipality',
  'no_show',
  'entered_in_error',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const PARTICIPANTS = ['child_present', 'carers_only'] as const;
export type Participants = (typeof PARTICIPANTS)[number];

export const DELIVERIES = ['individual', 'group'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export const MODES = ['in_person', 'video', 'phone'] as const;
export type Mode = (typeof MODES)[number];

export const PRE_CONVERSATION_OUTCOMES = ['proceed_to_screening', 'not_in_target_group', 'no_further_help', 'family_declined'] as const;
export const SCREENING_OUTCOMES = ['offer_treatment', 'other_help', 'family_declined'] as const;
export type Outcome = (typeof PRE_CONVERSATION_OUTCOMES)[number] | (typeof SCREENING_OUTCOMES)[number];
/** Every outcome once: `family_declined` ends either step. */
export const OUTCOMES: readonly Outcome[] = [...new Set<Outcome>([...PRE_CONVERSATION_OUTCOMES, ...SCREENING_OUTCOMES])];

/** KL's six referral destinations. */
export const REFERRAL_DESTINATIONS = [
  'home_municipality_offer',
  'other_municipality_126a',
  'gp',
  'child_psychiatry',
  'civil_society',
  'other',
] as const;
export type ReferralDestination = (typeof REFERRAL_DESTINATIONS)[number];

/** A referral stands, or was made in error and is withdrawn (kept, never deleted; KL-LTT "Corrections"). */
export const REFERRAL_STATUSES = ['active', 'entered_in_error'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const CLOSURE_REASONS = [
  'completed',
  'dropped_out',
  'not_in_target_group',
  'referred_elsewhere',
  'family_declined',
  'moved_away',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const CONSENT_GIVERS = ['young_person', 'custodial_parent', 'both_custodial_parents'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const CONSENT_SCOPES = ['treatment', 'share_with_gp', 'share_with_school'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export type Sex = 'female' | 'male';

/** A contact as the domain rules and clocks see it (dates are Danish local `YYYY-MM-DD`). */
export interface ContactFacts {
  id: string;
  type: ContactType;
  date: string;
  status: ContactStatus;
  outcome?: Outcome | null;
  /** When it was registered: orders contacts on the same date. ISO timestamp. */
  createdAt?: string;
}

/** A course as the domain rules and clocks see it. */
export interface CourseFacts {
  municipalityCode: string;
  status: CourseStatus;
  firstContactDate: string;
  clearlyInTargetGroup: boolean;
  closureDate?: string | null;
  contacts: ContactFacts[];
}
