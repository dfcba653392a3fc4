import { Injectable } from '@nestjs/common';
import { etagOf } from '../common/etag.js';
import type { ContactRow, CourseRecord, ReferralRow } from '../kernel/course.record.js';
import type { CourseListItem } from './courses.repository.js';
import { dataFlagsOf } from '../course-summary/course-summary.js';
import { ageOn, maskedCprOf } from '../kernel/cpr.rules.js';
import { requiredConsentGiver } from './course.rules.js';
import type { TargetResult } from '../service-targets/clock.rules.js';

/** Shapes courses for the API. No CPR leaves here unless `revealedCpr` is passed in. */
@Injectable()
export class CourseViews {
  course(course: CourseRecord, today: string, targets: TargetResult[], revealedCpr?: string) {
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
      referrals: course.referrals.map((r) => this.referral(r)),
      consents: course.consents.map((c) => ({ id: c.id, date: c.date, givenBy: c.givenBy, scope: c.scope })),
      consent: {
        treatmentConsentPresent: course.consents.some((c) => c.scope === 'treatment'),
        requiredFrom: requiredConsentGiver(child?.birthDate ?? null, today),
      },
      ...(course.closureDate ? { closure: { date: course.closureDate, time: course.closureTime, reason: course.closureReason } } : {}),
      ...(course.status === 'entered_in_error' ? { enteredInError: { reason: course.enteredInErrorReason } } : {}),
      targets: targets.map((t) => ({
        target: t.target,
        state: t.state,
        deadline: t.deadline,
        daysWaited: t.daysWaited,
        familyDelayDays: t.familyDelayDays,
        adjustedDays: t.adjustedDays,
        adjustedState: t.adjustedState,
        heldOn: t.heldOn,
        limitDays: t.limitDays,
      })),
      flags: dataFlagsOf({
        birthDate: child?.birthDate ?? null,
        firstContactDate: course.firstContactDate,
        contacts: course.contacts,
        consents: course.consents,
      }),
      responsible: responsibleOf(course),
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

  referral(r: ReferralRow) {
    return {
      id: r.id,
      date: r.date,
      time: r.time,
      destination: r.destination,
      note: r.note,
      status: r.status,
      ...(r.status === 'entered_in_error' ? { enteredInErrorReason: r.enteredInErrorReason } : {}),
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
      flags: i.flags,
      responsible: responsibleOf(i),
      version: i.version,
    };
  }
}

/** The responsible worker (ansvarlig behandler), or null when none is set. */
export function responsibleOf(row: { responsibleSub: string | null; responsibleName: string | null; responsibleSince: string | null }) {
  return row.responsibleSub ? { sub: row.responsibleSub, name: row.responsibleName!, since: row.responsibleSince! } : null;
}
