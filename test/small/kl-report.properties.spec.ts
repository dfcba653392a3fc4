/**
 * Property-based: courses of every shape, changed step by step as staff would (contacts of every
 * type and status, held, cancelled, withdrawn and corrected; referrals; focus areas; closure and
 * reopening; the course entered in error; the CPR added, corrected or removed; the SOR code set or
 * missing; with and without times), planned after every step with what was reported so far. Every
 * report made is validated against KL's profiles, and the guide's rules that no profile carries
 * are checked on it.
 */
import fc from 'fast-check';
import type { CarePlan, Encounter, Patient } from '@medplum/fhirtypes';
import {
  CONTACT_STATUSES,
  DELIVERIES,
  FOCUS_AREAS,
  PARTICIPANTS,
  REFERRAL_DESTINATIONS,
  type BookableContactType,
} from '../../src/kernel/course.model.js';
import { addDays } from '../../src/kernel/local-date.js';
import { KL_PROFILE } from '../../src/kl-reporting/kl-codes.js';
import type { KlChild, KlContact, KlCourse, KlReportingSettings } from '../../src/kl-reporting/kl-course.js';
import { klIds } from '../../src/kl-reporting/kl-ids.js';
import { KlContentsNeeded, planKlReports, type KlReportedState } from '../../src/kl-reporting/kl-report.rules.js';
import { validateReport } from '../../src/kl-reporting/validation/kl-validation.js';

const BOOKABLE: BookableContactType[] = ['pre_conversation', 'screening', 'treatment', 'closing_conversation'];
const children: Omit<KlChild, 'hasOtherCourses'>[] = [
  { id: 'child-a', cpr: '0505149996' },
  { id: 'child-b', cpr: '2802091234' },
  { id: 'child-c', cpr: '3112054321' },
];

const time = fc.option(
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.option(fc.integer({ min: 0, max: 59 })))
    .map(([h, m, s]) => {
      const pad = (n: number) => String(n).padStart(2, '0');
      return s === null ? `${pad(h)}:${pad(m)}` : `${pad(h)}:${pad(m)}:${pad(s)}`;
    }),
);

type Step =
  | {
      op: 'contact';
      type: BookableContactType;
      status: (typeof CONTACT_STATUSES)[number];
      days: number;
      time: string | null;
      participants: KlContact['participants'];
      delivery: KlContact['delivery'];
    }
  | { op: 'hold' | 'cancel' | 'no_show' | 'withdraw_contact' | 'move_contact' | 'withdraw_referral'; index: number; days: number }
  | { op: 'referral'; destination: (typeof REFERRAL_DESTINATIONS)[number]; days: number; time: string | null }
  | { op: 'focus'; areas: (typeof FOCUS_AREAS)[number][] }
  | { op: 'close'; days: number; time: string | null }
  | { op: 'reopen' | 'enter_in_error' }
  | { op: 'cpr'; child: number | null }
  | { op: 'sor'; sor: string | null };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('contact' as const),
      type: fc.constantFrom(...BOOKABLE),
      status: fc.constantFrom(...CONTACT_STATUSES.filter((s) => s !== 'entered_in_error')),
      days: fc.integer({ min: 0, max: 200 }),
      time,
      participants: fc.constantFrom(...PARTICIPANTS),
      delivery: fc.constantFrom(...DELIVERIES),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constantFrom('hold', 'cancel', 'no_show', 'withdraw_contact', 'move_contact', 'withdraw_referral'),
      index: fc.nat(20),
      days: fc.integer({ min: 0, max: 200 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('referral' as const),
      destination: fc.constantFrom(...REFERRAL_DESTINATIONS),
      days: fc.integer({ min: 0, max: 200 }),
      time,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('focus' as const), areas: fc.subarray([...FOCUS_AREAS]) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('close' as const), days: fc.integer({ min: 0, max: 250 }), time }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('reopen' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('enter_in_error' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cpr' as const), child: fc.option(fc.nat(children.length - 1)) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('sor' as const),
      sor: fc.option(fc.constantFrom('451000016003', '123456789012', '98765432109876')),
    }),
  },
);

const history = fc.record({
  // First contacts across three years, so both daylight-saving changes fall inside many courses.
  start: fc.integer({ min: 0, max: 3 * 365 }).map((d) => addDays('2024-01-01', d)),
  startTime: time,
  child: fc.option(fc.nat(children.length - 1)),
  otherCourses: fc.array(fc.boolean(), { minLength: children.length, maxLength: children.length }),
  sor: fc.option(fc.constant('451000016003'), { freq: 8 }),
  steps: fc.array(step, { maxLength: 14 }),
});

let ids = 0;
const id = () => `prop-${++ids}`;

/** Applies a step as the product would let staff; a step the product would refuse changes nothing. */
function apply(course: KlCourse, settings: KlReportingSettings, s: Step, otherCourses: boolean[]): [KlCourse, KlReportingSettings] {
  const open = course.status === 'open';
  const date = (days: number) => addDays(course.firstContact.date, days);
  const child = (i: number): KlChild => ({ ...children[i], hasOtherCourses: otherCourses[i] });
  const contacts = course.contacts;
  const at = <T>(list: T[], index: number) => (list.length ? index % list.length : -1);
  switch (s.op) {
    case 'contact': {
      if (!open) return [course, settings];
      const treatment = s.type === 'treatment';
      const contact: KlContact = {
        id: id(),
        type: s.type,
        date: date(s.days),
        time: s.time,
        status: s.status,
        participants: treatment ? s.participants : null,
        delivery: treatment ? s.delivery : null,
      };
      return [{ ...course, contacts: [...contacts, contact] }, settings];
    }
    case 'hold':
    case 'cancel':
    case 'no_show': {
      const i = at(contacts, s.index);
      if (!open || i < 0 || contacts[i].status !== 'planned') return [course, settings];
      const status = s.op === 'hold' ? 'held' : s.op === 'cancel' ? 'cancelled_by_family' : 'no_show';
      return [{ ...course, contacts: contacts.map((c, j) => (j === i ? { ...c, status } : c)) }, settings];
    }
    case 'withdraw_contact':
    case 'move_contact': {
      const i = at(contacts, s.index);
      if (!open || i < 0 || contacts[i].status === 'entered_in_error') return [course, settings];
      const changed = s.op === 'withdraw_contact' ? { status: 'entered_in_error' as const } : { date: date(s.days) };
      return [{ ...course, contacts: contacts.map((c, j) => (j === i ? { ...c, ...changed } : c)) }, settings];
    }
    case 'referral':
      if (!open) return [course, settings];
      return [
        {
          ...course,
          referrals: [
            ...course.referrals,
            { id: id(), date: date(s.days), time: s.time, destination: s.destination, enteredInError: false },
          ],
        },
        settings,
      ];
    case 'withdraw_referral': {
      const i = at(course.referrals, s.index);
      if (course.status === 'entered_in_error' || i < 0) return [course, settings];
      return [{ ...course, referrals: course.referrals.map((r, j) => (j === i ? { ...r, enteredInError: true } : r)) }, settings];
    }
    case 'focus':
      return course.status === 'entered_in_error' ? [course, settings] : [{ ...course, focusAreas: s.areas }, settings];
    case 'close': {
      if (!open) return [course, settings];
      // The closure is not before the last held contact (docs/domain.md).
      const lastHeld = contacts.filter((c) => c.status === 'held').reduce((d, c) => (c.date > d ? c.date : d), course.firstContact.date);
      const closureDate = date(s.days) < lastHeld ? lastHeld : date(s.days);
      return [{ ...course, status: 'closed', closure: { date: closureDate, time: s.time } }, settings];
    }
    case 'reopen':
      return course.status === 'closed' ? [{ ...course, status: 'open', closure: null }, settings] : [course, settings];
    case 'enter_in_error':
      return course.status === 'entered_in_error' ? [course, settings] : [{ ...course, status: 'entered_in_error' }, settings];
    case 'cpr':
      return [{ ...course, child: s.child === null ? null : child(s.child) }, settings];
    case 'sor':
      return [course, { sorCode: s.sor }];
  }
}

describe('every report of every course shape', () => {
  it('validates against KL’s profiles, follows the guide’s rules outside them, and settles (planning again sends nothing)', () => {
    let reportsChecked = 0;
    // The shapes the generated histories reached, so a generator that stopped reaching one shows.
    const seen = new Map<string, number>();
    const saw = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    fc.assert(
      fc.property(history, (h) => {
        let course: KlCourse = {
          id: id(),
          municipalityCode: '316',
          child: h.child === null ? null : { ...children[h.child], hasOtherCourses: h.otherCourses[h.child] },
          status: 'open',
          firstContact: { date: h.start, time: h.startTime },
          focusAreas: [],
          closure: null,
          contacts: [],
          referrals: [],
        };
        let settings: KlReportingSettings = { sorCode: h.sor };
        let state: KlReportedState = {};
        let reportsMade = 0;
        const bundleIds = new Set<string>();
        for (const s of [null, ...h.steps]) {
          if (s) [course, settings] = apply(course, settings, s, h.otherCourses);
          // The caller tells, for every child the state names, whether it has another course.
          const formerChildren = Object.fromEntries(children.map((c, i) => [c.id, { hasOtherCourses: h.otherCourses[i] }]));
          const input = { ...course, formerChildren };
          const result = planKlReports(input, state, settings, {
            now: new Date('2026-01-01T12:00:00Z'),
            fullUrlBase: 'https://test.fhir.dk',
            reportsMade,
          });
          expect(result.reportsMade).toBe(reportsMade + result.reports.length);
          // FK Gateway decides by id: no two reports of a course's history share one.
          for (const report of result.reports) {
            expect(bundleIds.has(report.id)).toBe(false);
            bundleIds.add(report.id);
          }

          if (!settings.sorCode) expect(result).toEqual({ reports: [], heldBack: 'missing_sor', reported: state, reportsMade });
          if (settings.sorCode && !course.child) expect(result.heldBack).toBe('missing_cpr');
          for (const report of result.reports) {
            reportsChecked++;
            const validation = validateReport(report.bundle);
            if (!validation.valid)
              throw new Error(`Invalid report: ${JSON.stringify(validation.issues)}\n${JSON.stringify(report.bundle)}`);
            const resources = report.bundle.entry!.map((e) => e.resource!);
            const patients = resources.filter((r): r is Patient => r.resourceType === 'Patient');
            if (report.childId !== course.child?.id) saw('withdrawal under a former Citizen');
            if (patients[0]?.active === false) saw('Citizen active=false');
            for (const r of resources) {
              const kind =
                r.resourceType === 'Encounter'
                  ? (r as Encounter).type![0].coding![0].display
                  : (r as CarePlan).basedOn
                    ? 'Referral'
                    : r.resourceType;
              saw(`${kind} ${(r as { status?: string }).status ?? ''}`.trim());
              if ((r as { period?: { start?: string } }).period?.start?.length === 10) saw('a date without time');
            }
            expect(patients).toHaveLength(1);
            expect(patients[0].id).toBe(klIds.citizen(report.childId));
            // No report without a CPR: every Citizen carries one, of the child the report is for.
            expect(patients[0].identifier![0].value).toBe(children.find((c) => c.id === report.childId)!.cpr);
            // Only under the course's child, or withdrawing what was reported under a former one.
            if (report.childId !== course.child?.id) expect(Object.values(state).some((e) => e.childId === report.childId)).toBe(true);
            for (const r of resources) {
              if (r.resourceType === 'Encounter') {
                expect(['finished', 'entered-in-error']).toContain((r as Encounter).status);
                expect((r as Encounter).subject?.reference).toBe(`Patient/${patients[0].id}`);
              }
              if (r.resourceType === 'CarePlan' && r.meta!.profile!.includes(KL_PROFILE.referral))
                expect(['completed', 'entered-in-error']).toContain((r as CarePlan).status);
              // What is sent besides the Citizen and the CarePlan is new or changed.
              if (r.resourceType === 'Encounter' || (r.resourceType === 'CarePlan' && (r as CarePlan).basedOn))
                expect(state[r.id!]?.hash).not.toBe(report.sent[r.id!].hash);
            }
          }
          // The outbox reads the state without the contents of what was reported: planning from it
          // gives the same reports, or asks for the contents (KlContentsNeeded), which only a
          // correction may: a withdrawal, or a course once reported under another child.
          const stripped = Object.fromEntries(Object.entries(state).map(([key, { resource: _, ...entry }]) => [key, entry]));
          const options = { now: new Date('2026-01-01T12:00:00Z'), fullUrlBase: 'https://test.fhir.dk', reportsMade };
          const correction =
            Object.values(state).some((e) => e.childId !== course.child?.id) ||
            result.reports.some((r) => r.bundle.entry!.some((e) => (e.resource as { status?: string }).status === 'entered-in-error'));
          try {
            const fromStripped = planKlReports(input, stripped, settings, options);
            expect(fromStripped.reports).toEqual(result.reports);
            expect(fromStripped.heldBack).toBe(result.heldBack);
            const hashes = (r: KlReportedState) =>
              Object.fromEntries(Object.entries(r).map(([key, e]) => [key, [e.hash, e.childId, e.withdrawn]]));
            expect(hashes(fromStripped.reported)).toEqual(hashes(result.reported));
            saw('planned without contents');
          } catch (error) {
            if (!(error instanceof KlContentsNeeded)) throw error;
            expect(correction ? 'a correction' : `contents asked for without a correction: ${JSON.stringify(s)}`).toBe('a correction');
            saw('contents needed');
          }

          state = result.reported;
          reportsMade = result.reportsMade;
          // Settled: nothing changed, nothing sent.
          expect(
            planKlReports(input, state, settings, { now: new Date(), fullUrlBase: 'https://test.fhir.dk', reportsMade }).reports,
          ).toEqual([]);

          // What KL now holds for the course is what the course says.
          if (settings.sorCode && course.child) {
            const childId = course.child.id;
            const held = new Set(course.contacts.filter((c) => c.status === 'held').map((c) => klIds.contact(c.id, childId)));
            for (const c of course.contacts) {
              const entry = state[klIds.contact(c.id, childId)];
              if (course.status !== 'entered_in_error' && held.has(klIds.contact(c.id, childId)))
                expect((entry?.resource as Encounter).status).toBe('finished');
              else if (entry) expect((entry.resource as Encounter).status).toBe('entered-in-error');
            }
            const carePlan = state[klIds.carePlan(course.id, childId)]?.resource as CarePlan | undefined;
            const expected = { open: 'active', closed: 'completed', entered_in_error: 'entered-in-error' }[course.status];
            if (carePlan) expect(carePlan.status).toBe(expected);
            if (course.status !== 'entered_in_error') expect(carePlan).toBeDefined();
          }
        }
      }),
      { numRuns: 150, seed: 20251108 },
    );
    expect(reportsChecked).toBeGreaterThan(300);
    for (const shape of [
      'planned without contents',
      'contents needed',
      'withdrawal under a former Citizen',
      'Citizen active=false',
      'a date without time',
      'CarePlan active',
      'CarePlan completed',
      'CarePlan entered-in-error',
      'Henvendelse finished',
      'Forsamtale finished',
      'Screening finished',
      'Behandling finished',
      'Behandling entered-in-error',
      'Afsluttende samtale finished',
      'Afslutning finished',
      'Afslutning entered-in-error',
      'Referral completed',
      'Referral entered-in-error',
    ]) {
      expect(seen.has(shape) ? shape : `no generated history reached: ${shape}`).toBe(shape);
    }
  });
});
