/**
 * Realistic synthetic courses for the 98 municipalities: volume proportional to population
 * (about 40,000 courses a year nationally), realistic waits around the 14- and 30-day targets,
 * family and municipal cancellations, no-shows, drop-outs, referrals and consents, and valid
 * synthetic CPR numbers. Deterministic for a seed. Pure: the loader writes what this yields.
 */
import { addDays, daysBetween } from '../kernel/local-date.js';
import type {
  Channel,
  ClosureReason,
  ConsentGiver,
  ContactStatus,
  ContactType,
  ContactedBy,
  CourseStatus,
  Delivery,
  FocusArea,
  Outcome,
  Participants,
  ReferralDestination,
  Sex,
} from '../kernel/course.model.js';
import { FOCUS_AREAS } from '../kernel/course.model.js';
import { ageOn } from '../kernel/cpr.rules.js';
import { Random } from './random.js';

export const COURSES_PER_YEAR_NATIONALLY = 40_000;
export const NATIONAL_POPULATION_2026 = 6_025_511;

export interface SyntheticContact {
  id: string;
  type: ContactType;
  date: string;
  time: string | null;
  status: ContactStatus;
  participants: Participants | null;
  delivery: Delivery | null;
  mode: 'in_person' | 'video' | 'phone' | null;
  durationMinutes: number | null;
  programme: string | null;
  outcome: Outcome | null;
  /** Registration order within the course (becomes created_at). */
  seq: number;
}

export interface SyntheticCourse {
  id: string;
  municipalityCode: string;
  child: { id: string; cpr: string; birthDate: string; sex: Sex; isNew: boolean } | null;
  status: CourseStatus;
  firstContactDate: string;
  firstContactTime: string;
  channel: Channel;
  contactedBy: ContactedBy;
  clearlyInTargetGroup: boolean;
  focusAreas: FocusArea[];
  closureDate: string | null;
  closureReason: ClosureReason | null;
  contacts: SyntheticContact[];
  referrals: { id: string; date: string; destination: ReferralDestination }[];
  consents: { id: string; date: string; givenBy: ConsentGiver; scope: 'treatment' }[];
}

const PROGRAMMES = ['Cool Kids', 'Chilled', 'PMTO', 'De Utrolige År', 'Tuning in to Kids', 'Mestringsforløb'];

/** The 7th CPR digit for a birth year (docs/domain.md's century table, 2000s: 4–9 by year). */
function seventhDigit(year: number, rnd: Random): number {
  const yy = year % 100;
  if (year < 2000) return rnd.int(0, 3);
  if (yy <= 36) return rnd.pick([4, 5, 6, 7, 8, 9]);
  return rnd.pick([5, 6, 7, 8]);
}

export class SyntheticGenerator {
  private readonly rnd: Random;
  /** CPR numbers handed out so far: each synthetic child gets its own. */
  private readonly used = new Set<string>();
  /** Children whose last course closed: a later first contact may be the same child again. */
  private readonly returning = new Map<string, { id: string; cpr: string; birthDate: string; sex: Sex; closed: string }[]>();

  constructor(
    seed: number,
    private readonly today: string,
  ) {
    this.rnd = new Random(seed);
  }

  /** Courses for one municipality over [from, to], volume by population. */
  *municipality(code: string, population: number, from: string, to: string, scale = 1): Generator<SyntheticCourse> {
    const days = daysBetween(from, to) + 1;
    const expected = (COURSES_PER_YEAR_NATIONALLY * (population / NATIONAL_POPULATION_2026) * days * scale) / 365.25;
    const count = Math.max(1, Math.round(expected));
    const dates = Array.from({ length: count }, () => addDays(from, this.rnd.int(0, days - 1))).sort();
    for (const date of dates) yield this.course(code, date);
  }

  private child(code: string, firstContact: string): SyntheticCourse['child'] {
    const back = this.returning.get(code);
    if (back?.length && this.rnd.chance(0.04)) {
      const i = back.findIndex((c) => c.closed < firstContact);
      if (i >= 0) {
        const [c] = back.splice(i, 1);
        return { id: c.id, cpr: c.cpr, birthDate: c.birthDate, sex: c.sex, isNew: false };
      }
    }
    if (this.rnd.chance(0.07)) return null; // CPR not (yet) known
    const age = this.rnd.weighted<number>([
      [4, 1],
      [5, 4],
      [6, 5],
      [7, 6],
      [8, 7],
      [9, 8],
      [10, 9],
      [11, 10],
      [12, 11],
      [13, 12],
      [14, 12],
      [15, 11],
      [16, 10],
      [17, 8],
      [18, 1],
    ]);
    const birthDate = addDays(addDays(firstContact, -age * 365 - Math.floor(age / 4)), -this.rnd.int(0, 364));
    const [y, m, d] = birthDate.split('-');
    const sex: Sex = this.rnd.chance(0.55) ? 'female' : 'male';
    let cpr: string;
    do {
      const lastDigit = sex === 'male' ? this.rnd.pick([1, 3, 5, 7, 9]) : this.rnd.pick([0, 2, 4, 6, 8]);
      cpr = `${d}${m}${y.slice(2)}${seventhDigit(Number(y), this.rnd)}${String(this.rnd.int(0, 99)).padStart(2, '0')}${lastDigit}`;
    } while (this.used.has(cpr));
    this.used.add(cpr);
    return { id: this.rnd.uuid(), cpr, birthDate, sex, isNew: true };
  }

  private course(code: string, firstContactDate: string): SyntheticCourse {
    const r = this.rnd;
    const contacts: SyntheticContact[] = [];
    let seq = 0;
    const add = (type: ContactType, date: string, status: ContactStatus, extra: Partial<SyntheticContact> = {}) =>
      contacts.push({
        id: r.uuid(),
        type,
        date,
        time: `${String(r.int(8, 15)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}`,
        status,
        participants: null,
        delivery: null,
        mode:
          type === 'first_contact'
            ? null
            : r.weighted([
                ['in_person', 8],
                ['video', 1],
                ['phone', 1],
              ] as const),
        durationMinutes: type === 'first_contact' ? null : r.pick([30, 45, 60, 90]),
        programme: null,
        outcome: null,
        seq: seq++,
        ...extra,
      });
    const child = this.child(code, firstContactDate);
    const clearly = r.chance(0.7);
    const focus = [...new Set([r.pick(FOCUS_AREAS), ...(r.chance(0.35) ? [r.pick(FOCUS_AREAS)] : [])])];
    const course: SyntheticCourse = {
      id: r.uuid(),
      municipalityCode: code,
      child,
      status: 'open',
      firstContactDate,
      firstContactTime: `${String(r.int(7, 21)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`,
      channel: r.weighted([
        ['phone', 5],
        ['email', 2],
        ['digital', 3],
        ['in_person', 1],
        ['other', 0.3],
      ] as const),
      contactedBy: r.weighted([
        ['parent', 7],
        ['child', 2],
        ['other', 1],
      ] as const),
      clearlyInTargetGroup: clearly,
      focusAreas: focus,
      closureDate: null,
      closureReason: null,
      contacts,
      referrals: [],
      consents: [],
    };
    add('first_contact', firstContactDate, 'held', { time: course.firstContactTime });

    /**
     * Books a step `wait` days after `from`; a family may cancel (then a new date), the
     * municipality may cancel, the child may not show. Returns the held date, or null if the
     * date lies in the future (then the booking stays planned) or the family gave up.
     */
    const book = (type: ContactType, from: string, median: number, extra: () => Partial<SyntheticContact>): string | null => {
      let date = addDays(from, Math.max(1, r.wait(median, 0.45)));
      for (let attempt = 0; attempt < 4; attempt++) {
        if (date > this.today) {
          add(type, date, 'planned');
          return null;
        }
        const roll = r.next();
        if (roll < 0.07) add(type, date, 'cancelled_by_family');
        else if (roll < 0.1) add(type, date, 'cancelled_by_municipality');
        else if (roll < 0.13) add(type, date, 'no_show');
        else {
          add(type, date, 'held', extra());
          return date;
        }
        if (r.chance(0.15)) return null;
        date = addDays(date, r.int(3, 14));
      }
      return null;
    };
    const close = (date: string, reason: ClosureReason) => {
      if (date > this.today) return;
      course.status = 'closed';
      course.closureDate = date;
      course.closureReason = reason;
    };
    const refer = (date: string, destination: ReferralDestination) => {
      if (date <= this.today) course.referrals.push({ id: r.uuid(), date, destination });
    };

    // Forsamtale, or (15 %) straight to screening.
    const straightToScreening = r.chance(0.15);
    let preOutcome: Outcome = 'proceed_to_screening';
    let stepDate: string | null = firstContactDate;
    if (!straightToScreening) {
      preOutcome = r.weighted([
        ['proceed_to_screening', 80],
        ['not_in_target_group', 8],
        ['no_further_help', 7],
        ['family_declined', 5],
      ] as const);
      stepDate = book('pre_conversation', firstContactDate, 10, () => ({ outcome: preOutcome }));
      if (!stepDate) {
        if (contacts.at(-1)?.status !== 'planned') close(addDays(contacts.at(-1)!.date, r.int(1, 20)), 'dropped_out');
        return this.finish(course);
      }
      if (preOutcome !== 'proceed_to_screening') {
        if (preOutcome === 'not_in_target_group')
          refer(stepDate, r.pick(['gp', 'child_psychiatry', 'home_municipality_offer', 'civil_society'] as const));
        close(
          addDays(stepDate, r.int(0, 10)),
          preOutcome === 'family_declined' ? 'family_declined' : preOutcome === 'not_in_target_group' ? 'not_in_target_group' : 'completed',
        );
        return this.finish(course);
      }
    }
    const programme = r.pick(PROGRAMMES);
    const delivery: Delivery = r.chance(0.4) ? 'group' : 'individual';
    const screeningOutcome = r.weighted([
      ['offer_treatment', 75],
      ['other_help', 18],
      ['family_declined', 7],
    ] as const);
    const screening = book('screening', stepDate, straightToScreening ? 18 : 12, () =>
      screeningOutcome === 'offer_treatment' ? { outcome: screeningOutcome, programme, delivery } : { outcome: screeningOutcome },
    );
    if (!screening) {
      if (contacts.at(-1)?.status !== 'planned') close(addDays(contacts.at(-1)!.date, r.int(1, 20)), 'dropped_out');
      return this.finish(course);
    }
    if (screeningOutcome !== 'offer_treatment') {
      if (screeningOutcome === 'other_help')
        refer(screening, r.pick(['gp', 'child_psychiatry', 'other_municipality_126a', 'civil_society', 'other'] as const));
      close(addDays(screening, r.int(0, 14)), screeningOutcome === 'family_declined' ? 'family_declined' : 'referred_elsewhere');
      return this.finish(course);
    }
    if (child && r.chance(0.93)) {
      const age = ageOn(child.birthDate, screening);
      course.consents.push({
        id: r.uuid(),
        date: screening,
        givenBy: age >= 15 ? 'young_person' : r.pick(['custodial_parent', 'both_custodial_parents'] as const),
        scope: 'treatment',
      });
    }
    // Treatment: 4–10 sessions about weekly; some drop out.
    const participants: Participants = r.chance(0.8) ? 'child_present' : 'carers_only';
    const sessions = r.int(4, 10);
    let last: string | null = screening;
    let held = 0;
    let from = screening;
    for (let i = 0; i < sessions; i++) {
      const date = book('treatment', from, i === 0 ? 14 : 8, () => ({ participants, delivery, programme }));
      if (!date) {
        if (contacts.at(-1)?.status !== 'planned') close(addDays(contacts.at(-1)!.date, r.int(1, 20)), 'dropped_out');
        return this.finish(course);
      }
      held++;
      last = date;
      from = date;
      if (held >= 2 && r.chance(0.04)) {
        close(addDays(date, r.int(7, 30)), 'dropped_out');
        return this.finish(course);
      }
    }
    if (r.chance(0.15)) refer(last, r.pick(['civil_society', 'home_municipality_offer', 'gp', 'child_psychiatry'] as const));
    const closing = book('closing_conversation', last, 14, () => ({}));
    if (closing) close(addDays(closing, r.int(0, 5)), 'completed');
    return this.finish(course);
  }

  private finish(course: SyntheticCourse): SyntheticCourse {
    if (course.child && course.status === 'closed') {
      const list = this.returning.get(course.municipalityCode) ?? [];
      list.push({ ...course.child, closed: course.closureDate! });
      if (list.length > 200) list.shift();
      this.returning.set(course.municipalityCode, list);
    }
    return course;
  }
}
