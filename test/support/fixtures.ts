/**
 * Small factory helpers that build courses through the HTTP API (never behind its back), so a
 * fixture goes through the same rules, summaries and row-level security as real use:
 *
 *   const courses = courseFactory(sut, caseworker);
 *   await courses.newCourse({ firstContact: '2025-03-03', contacts: [pre('2025-03-17')] });
 */
import type { TestApp } from './test-app.js';

type ContactType = 'pre_conversation' | 'screening' | 'treatment' | 'closing_conversation';
type ContactStatus = 'planned' | 'held' | 'cancelled_by_family' | 'cancelled_by_municipality' | 'no_show';

export interface ContactSpec {
  type: ContactType;
  date: string;
  status: ContactStatus;
  [field: string]: unknown;
}

export interface CourseSpec {
  /** Municipality code; 751 (Aarhus) unless given. */
  municipality?: string;
  /** Danish local date of the first contact (henvendelse). */
  firstContact: string;
  /** Local time `HH:mm` of the first contact, registered with the date. */
  time?: string;
  channel?: 'phone' | 'email' | 'digital' | 'in_person' | 'other';
  contactedBy?: 'child' | 'parent' | 'other';
  clearlyInTargetGroup?: boolean;
  cpr?: string;
  focusAreas?: string[];
  /** Registered in this order after the first contact. */
  contacts?: ContactSpec[];
  referrals?: { date: string; destination: string; note?: string }[];
  consents?: { date: string; givenBy: string; scope: string }[];
  close?: { date: string; reason: string };
  /** Withdraw the course as entered in error, with this reason. */
  enteredInError?: string;
}

export interface CreatedCourse {
  id: string;
  /** The course as the API shows it after the last step of the spec. */
  body: Record<string, unknown> & { id: string; version: number };
}

const PROGRAMME = 'Cool Kids';

/** A pre-conversation (forsamtale); a held one proceeds to screening unless told otherwise. */
export function pre(date: string, status: ContactStatus = 'held', extra: Record<string, unknown> = {}): ContactSpec {
  return { type: 'pre_conversation', date, status, ...(status === 'held' ? { outcome: 'proceed_to_screening' } : {}), ...extra };
}

/** A screening (screeningssamtale); a held one offers treatment unless told otherwise. */
export function screening(date: string, status: ContactStatus = 'held', extra: Record<string, unknown> = {}): ContactSpec {
  const held = status === 'held' && (extra.outcome ?? 'offer_treatment') === 'offer_treatment';
  return {
    type: 'screening',
    date,
    status,
    ...(status === 'held' ? { outcome: 'offer_treatment' } : {}),
    ...(held ? { programme: PROGRAMME, delivery: 'group' } : {}),
    ...extra,
  };
}

/** A treatment session (behandling); a held one has what KL requires (participants, delivery, programme). */
export function treatment(date: string, status: ContactStatus = 'held', extra: Record<string, unknown> = {}): ContactSpec {
  return {
    type: 'treatment',
    date,
    status,
    ...(status === 'held' ? { participants: 'child_present', delivery: 'group', programme: PROGRAMME } : {}),
    ...extra,
  };
}

/** A closing conversation (afsluttende samtale). */
export function closing(date: string, status: ContactStatus = 'held'): ContactSpec {
  return { type: 'closing_conversation', date, status };
}

let serial = 0;

/**
 * A valid CPR number for a child born on `birthDate` (`YYYY-MM-DD`): DDMMYY, then a 7th digit that
 * gives the right century by CPR-kontoret's table (docs/domain.md: 0–3 the 1900s; 4 or 9 2000–2036 for
 * years ≤ 36; 5–8 2000–2057 for years ≤ 57, else 1858–1899), two running digits, and a last digit
 * odd for a male, even for a female. No modulus 11: it is not required (docs/domain.md). Each call gives
 * a new number, so every child is a different child.
 */
export function cprFor(birthDate: string, sex: 'female' | 'male'): string {
  const [year, month, day] = birthDate.split('-');
  const y = Number(year);
  const seventh = y < 1900 ? 5 : y < 2000 ? 1 : y <= 2036 ? 4 : 5;
  // 500 different numbers per birth date and sex: two running digits times five last digits.
  serial = (serial + 1) % 500;
  const last = sex === 'male' ? 1 + 2 * (serial % 5) : 2 * (serial % 5);
  return `${day}${month}${year.slice(2)}${seventh}${String(Math.floor(serial / 5)).padStart(2, '0')}${last}`;
}

/** Builds courses through the API with the given `Authorization` header value. */
export function courseFactory(sut: TestApp, authorization: string) {
  const send = async (method: 'post' | 'patch', url: string, body: unknown, expected: number, headers: Record<string, string> = {}) => {
    let req = sut.http[method](url).set('Authorization', authorization);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    const res = await req.send(body as object);
    if (res.status !== expected) {
      throw new Error(`${method.toUpperCase()} ${url} ${JSON.stringify(body)} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return res;
  };

  return {
    async newCourse(spec: CourseSpec): Promise<CreatedCourse> {
      const created = await send(
        'post',
        '/api/v1/courses',
        {
          municipalityCode: spec.municipality ?? '751',
          firstContact: {
            date: spec.firstContact,
            ...(spec.time ? { time: spec.time } : {}),
            channel: spec.channel ?? 'phone',
            contactedBy: spec.contactedBy ?? 'parent',
          },
          clearlyInTargetGroup: spec.clearlyInTargetGroup ?? true,
          ...(spec.cpr ? { cpr: spec.cpr } : {}),
          focusAreas: spec.focusAreas ?? [],
        },
        201,
      );
      const id: string = created.body.id;
      let body = created.body;
      for (const contact of spec.contacts ?? []) await send('post', `/api/v1/courses/${id}/contacts`, contact, 201);
      for (const referral of spec.referrals ?? []) await send('post', `/api/v1/courses/${id}/referrals`, referral, 201);
      for (const consent of spec.consents ?? []) await send('post', `/api/v1/courses/${id}/consents`, consent, 201);
      if (spec.close) body = (await send('post', `/api/v1/courses/${id}/close`, spec.close, 200)).body;
      if (spec.enteredInError) {
        body = (await send('post', `/api/v1/courses/${id}/entered-in-error`, { reason: spec.enteredInError }, 200)).body;
      }
      if (!spec.close && !spec.enteredInError) {
        body = (await sut.http.get(`/api/v1/courses/${id}`).set('Authorization', authorization).expect(200)).body;
      }
      return { id, body };
    },

    /** Marks a planned contact held, cancelled or a no-show (If-Match from a fresh read). */
    async updateContact(courseId: string, contactId: string, patch: Record<string, unknown>) {
      const course = await sut.http.get(`/api/v1/courses/${courseId}`).set('Authorization', authorization).expect(200);
      const contact = (course.body.contacts as { id: string; version: number }[]).find((c) => c.id === contactId);
      if (!contact) throw new Error(`no contact ${contactId} on course ${courseId}`);
      return send('patch', `/api/v1/courses/${courseId}/contacts/${contactId}`, patch, 200, { 'If-Match': `"${contact.version}"` });
    },
  };
}

export type CourseFactory = ReturnType<typeof courseFactory>;
