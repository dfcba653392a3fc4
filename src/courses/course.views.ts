import { Injectable } from '@nestjs/common';
import { etagOf } from '../common/etag.js';
import type { ContactRow, CourseListItem, CourseRecord } from './courses.repository.js';
import { ageOn, isInOfferAgeRange, maskedCprOf } from './cpr.rules.js';
import { requiredConsentGiver } from './course.rules.js';

export type CourseFlag = 'missing_cpr' | 'outside_age_range' | 'missing_treatment_consent';

/** Data-quality flags staff should act on (the record is accepted, the flag stays until fixed). */
export function courseFlags(course: Pick<CourseRecord, 'child' | 'contacts' | 'consents' | 'firstContactDate'>): CourseFlag[] {
  const flags: CourseFlag[] = [];
  if (!course.child) flags.push('missing_cpr');
  if (course.child && !isInOfferAgeRange(ageOn(course.child.birthDate, course.firstContactDate))) flags.push('outside_age_range');
  // The law puts the duty to obtain consent on staff; blocking the record would lose data.
  const treated = course.contacts.some((c) => c.type === 'treatment' && c.status === 'held');
  if (treated && !course.consents.some((c) => c.scope === 'treatment')) flags.push('missing_treatment_consent');
  return flags;
}

/** Shapes courses for the API. No CPR leaves here unless `revealedCpr` is passed in. */
@Injectable()
export class CourseViews {
  course(course: CourseRecord, today: string, revealedCpr?: string) {
    const child = course.child;
    return {
      id: course.id,
      municipalityCode: course.municipalityCode,
      status: course.status,
      firstContactDate: course.firstContactDate,
      firstContact: {
        date: course.firstContactDate,
        time: course.firstContactTime,
        channel: course.channel,
        contactedBy: course.contactedBy,
      },
      clearlyInTargetGroup: course.clearlyInTargetGroup,
      focusAreas: course.focusAreas,
      child: {
        cprKnown: Boolean(child),
        cprMasked: child ? maskedCprOf(child.birthDate) : null,
        ...(revealedCpr ? { cpr: revealedCpr } : {}),
        birthDate: child?.birthDate ?? null,
        sex: child?.sex ?? null,
        ageAtFirstContact: child ? ageOn(child.birthDate, course.firstContactDate) : null,
        ageToday: child ? ageOn(child.birthDate, today) : null,
      },
      contacts: course.contacts.map((c) => this.contact(c)),
      referrals: course.referrals.map((r) => ({ id: r.id, date: r.date, destination: r.destination, note: r.note })),
      consents: course.consents.map((c) => ({ id: c.id, date: c.date, givenBy: c.givenBy, scope: c.scope })),
      consent: {
        treatmentConsentPresent: course.consents.some((c) => c.scope === 'treatment'),
        requiredFrom: requiredConsentGiver(child?.birthDate ?? null, today),
      },
      ...(course.closureDate ? { closure: { date: course.closureDate, reason: course.closureReason } } : {}),
      ...(course.status === 'entered_in_error' ? { enteredInError: { reason: course.enteredInErrorReason } } : {}),
      flags: courseFlags(course),
      version: course.version,
      etag: etagOf(course.version),
    };
  }

  contact(c: ContactRow) {
    return {
      id: c.id,
      type: c.type,
      date: c.date,
      time: c.time,
      status: c.status,
      participants: c.participants,
      delivery: c.delivery,
      mode: c.mode,
      durationMinutes: c.durationMinutes,
      programme: c.programme,
      outcome: c.outcome,
      reason: c.reason,
      ...(c.status === 'entered_in_error' ? { enteredInErrorReason: c.enteredInErrorReason } : {}),
      version: c.version,
    };
  }

  listItem(i: CourseListItem, today: string) {
    return {
      id: i.id,
      municipalityCode: i.municipalityCode,
      status: i.status,
      firstContactDate: i.firstContactDate,
      clearlyInTargetGroup: i.clearlyInTargetGroup,
      focusAreas: i.focusAreas,
      child: {
        cprKnown: i.cprKnown,
        birthDate: i.birthDate,
        sex: i.sex,
        ageAtFirstContact: i.birthDate ? ageOn(i.birthDate, i.firstContactDate) : null,
        ageToday: i.birthDate ? ageOn(i.birthDate, today) : null,
      },
      closureDate: i.closureDate,
      version: i.version,
    };
  }
}
