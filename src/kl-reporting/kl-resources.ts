/**
 * The four resources of an LTT delivery report, built exactly as KL's profiles require
 * (docs/kl-reporting.md explains every field and the guide's rule it follows). Plain functions
 * over plain data: no Nest, no database.
 */
import type { CarePlan, Coding, Encounter, Extension, Patient } from '@medplum/fhirtypes';
import type { CourseStatus } from '../kernel/course.model.js';
import {
  COURSE_CODE,
  CPR_SYSTEM,
  DELIVERY_TYPE,
  ENCOUNTER_CLASS,
  ENCOUNTER_KIND_OF_CONTACT,
  ENCOUNTER_TYPE,
  FOCUS_AREA,
  KL_EXTENSION,
  KL_PROFILE,
  PARTICIPANT_TYPE,
  REFERRAL_DESTINATION,
  SOR_SYSTEM,
  type KlEncounterKind,
} from './kl-codes.js';
import type { KlContact, KlCourse, KlLocalMoment, KlReferral } from './kl-course.js';
import { klIds } from './kl-ids.js';
import { fhirDateTime } from './kl-time.js';

export type KlResource = Patient | CarePlan | Encounter;

const copy = (coding: Coding): Coding => ({ ...coding });
const reference = (resourceType: string, id: string) => ({ reference: `${resourceType}/${id}` });

/** KL-LTT "Citizen": the CPR identifier, `active`, and the reporting unit by SOR code; nothing else about the child. */
export function citizenResource(childId: string, cpr: string, sorCode: string, active: boolean): Patient {
  return {
    resourceType: 'Patient',
    id: klIds.citizen(childId),
    meta: { profile: [KL_PROFILE.citizen] },
    identifier: [{ use: 'official', system: CPR_SYSTEM, value: cpr }],
    active,
    managingOrganization: { identifier: { use: 'official', system: SOR_SYSTEM, value: sorCode } },
  };
}

/**
 * The course's period. `period.start` is the first contact and `period.end` the closure. FHIR's
 * `per-1` (start ≤ end) cannot be decided between a date and a dateTime of the same day, nor holds
 * for a closure registered earlier in the day than the first contact; in those rare cases (a course
 * closed on the day it began) both ends are sent as that date.
 */
export function coursePeriod(firstContact: KlLocalMoment, closure: KlLocalMoment | null): { start: string; end?: string } {
  const start = fhirDateTime(firstContact);
  if (!closure) return { start };
  const end = fhirDateTime(closure);
  const sameDay = closure.date === firstContact.date;
  if (sameDay && (start.length !== end.length || Date.parse(end) < Date.parse(start))) {
    return { start: firstContact.date, end: closure.date };
  }
  return { start, end };
}

const CARE_PLAN_STATUS: Record<
  Exclude<CourseStatus, 'entered_in_error'>,
  { status: 'active' | 'completed'; activity: 'in-progress' | 'completed' }
> = {
  open: { status: 'active', activity: 'in-progress' },
  closed: { status: 'completed', activity: 'completed' },
};

/** KL-LTT "CarePlan = the course": status and activity status in step, the course code, focus areas as reasonCode. */
export function carePlanResource(course: KlCourse, childId: string): CarePlan {
  if (course.status === 'entered_in_error') throw new Error('A course entered in error is withdrawn, not rebuilt');
  const status = CARE_PLAN_STATUS[course.status];
  const focusAreas = [...new Set(course.focusAreas)];
  return {
    resourceType: 'CarePlan',
    id: klIds.carePlan(course.id, childId),
    meta: { profile: [KL_PROFILE.carePlan] },
    status: status.status,
    intent: 'plan',
    subject: reference('Patient', klIds.citizen(childId)),
    period: coursePeriod(course.firstContact, course.status === 'closed' ? course.closure : null),
    activity: [
      {
        detail: {
          code: { coding: [copy(COURSE_CODE)] },
          ...(focusAreas.length > 0 ? { reasonCode: focusAreas.map((area) => ({ coding: [copy(FOCUS_AREA[area])] })) } : {}),
          status: status.activity,
        },
      },
    ],
  };
}

interface EncounterFacts {
  id: string;
  kind: KlEncounterKind;
  start: string;
  participant?: Coding;
  deliveryType?: Coding;
}

function encounter(facts: EncounterFacts, carePlanId: string, childId: string): Encounter {
  const extension: Extension[] = [{ url: KL_EXTENSION.basedOnCarePlan, valueReference: reference('CarePlan', carePlanId) }];
  if (facts.deliveryType) extension.push({ url: KL_EXTENSION.deliveryType, valueCodeableConcept: { coding: [copy(facts.deliveryType)] } });
  return {
    resourceType: 'Encounter',
    id: facts.id,
    meta: { profile: [KL_PROFILE.encounter] },
    extension,
    status: 'finished',
    class: copy(ENCOUNTER_CLASS),
    type: [{ coding: [copy(ENCOUNTER_TYPE[facts.kind])] }],
    subject: reference('Patient', klIds.citizen(childId)),
    period: { start: facts.start },
    ...(facts.participant ? { participant: [{ type: [{ coding: [copy(facts.participant)] }] }] } : {}),
  };
}

/** The Henvendelse: the first contact, which starts the course. */
export function firstContactEncounter(course: KlCourse, childId: string): Encounter {
  const facts = { id: klIds.firstContact(course.id, childId), kind: 'henvendelse' as const, start: fhirDateTime(course.firstContact) };
  return encounter(facts, klIds.carePlan(course.id, childId), childId);
}

/**
 * A contact that was held (KL-LTT "Encounter": only contacts carried out are reported). A
 * Behandling carries participant and delivery type (invariant
 * `klgateway-ltt-encounter-participants-and-deliveryType`); the other types carry neither.
 */
export function contactEncounter(course: KlCourse, contact: KlContact, childId: string): Encounter {
  const kind = ENCOUNTER_KIND_OF_CONTACT[contact.type];
  const treatment = kind === 'behandling';
  const facts: EncounterFacts = {
    id: klIds.contact(contact.id, childId),
    kind,
    start: fhirDateTime(contact),
    ...(treatment && contact.participants ? { participant: PARTICIPANT_TYPE[contact.participants] } : {}),
    ...(treatment && contact.delivery ? { deliveryType: DELIVERY_TYPE[contact.delivery] } : {}),
  };
  return encounter(facts, klIds.carePlan(course.id, childId), childId);
}

/** The Afslutning at closure, starting when the course ends (as the guide's example: its start is the CarePlan's period.end). */
export function closureEncounter(course: KlCourse, closure: KlLocalMoment, childId: string): Encounter {
  const facts = { id: klIds.closure(course.id, closure.date, childId), kind: 'afslutning' as const, start: fhirDateTime(closure) };
  return encounter(facts, klIds.carePlan(course.id, childId), childId);
}

/** KL-LTT "Referral": guidance to another offer, based on the course's CarePlan, always completed when made. */
export function referralResource(course: KlCourse, referral: KlReferral, childId: string): CarePlan {
  return {
    resourceType: 'CarePlan',
    id: klIds.referral(referral.id, childId),
    meta: { profile: [KL_PROFILE.referral] },
    basedOn: [reference('CarePlan', klIds.carePlan(course.id, childId))],
    status: 'completed',
    intent: 'plan',
    subject: reference('Patient', klIds.citizen(childId)),
    period: { start: fhirDateTime(referral) },
    activity: [{ detail: { code: { coding: [copy(REFERRAL_DESTINATION[referral.destination])] }, status: 'completed' } }],
  };
}

/**
 * The same resource withdrawn (KL-LTT "Corrections"): status `entered-in-error`, and on the course
 * CarePlan the activity status with it. A referral's activity status is fixed `completed` by its
 * profile and stays so. The Citizen has no such status: it is withdrawn with `active=false`.
 */
export function withdrawn<T extends KlResource>(resource: T): T {
  const copyOf = structuredClone(resource);
  if (copyOf.resourceType === 'Encounter') copyOf.status = 'entered-in-error';
  if (copyOf.resourceType === 'CarePlan') {
    copyOf.status = 'entered-in-error';
    const detail = copyOf.activity?.[0]?.detail;
    if (detail && isCourseCarePlan(copyOf)) detail.status = 'entered-in-error';
  }
  return copyOf;
}

export function isCourseCarePlan(resource: KlResource): resource is CarePlan {
  return resource.resourceType === 'CarePlan' && (resource.meta?.profile ?? []).includes(KL_PROFILE.carePlan);
}

export function isWithdrawn(resource: KlResource): boolean {
  return resource.resourceType !== 'Patient' && resource.status === 'entered-in-error';
}
