import type { CarePlan, Encounter, Patient } from '@medplum/fhirtypes';
import { klIds } from '../../src/kl-reporting/kl-ids.js';
import { planKlReports, type KlReportPlan } from '../../src/kl-reporting/kl-report.rules.js';
import { validateReport } from '../../src/kl-reporting/validation/kl-validation.js';
import { FULL_URL_BASE, klContact, klCourse, klReferral, NOW, plan, resourcesOf, SETTINGS } from '../support/kl-courses.js';

/** Every report a plan makes must pass KL's profiles; the tests below then look at what it says. */
function checked(result: KlReportPlan): KlReportPlan {
  for (const report of result.reports) expect(validateReport(report.bundle)).toEqual({ valid: true, issues: [] });
  return result;
}

const summary = (result: KlReportPlan) =>
  result.reports.map((r) =>
    resourcesOf(r).map((x) => {
      if (x.resourceType === 'Patient') return `Patient active=${(x as Patient).active}`;
      if (x.resourceType === 'Encounter') return `${(x as Encounter).type![0].coding![0].display} ${(x as Encounter).status}`;
      const cp = x as CarePlan;
      return `${cp.basedOn ? 'Referral' : 'CarePlan'} ${cp.status}`;
    }),
  );

const first = () => klContact({ type: 'pre_conversation', date: '2025-06-02' });

describe(planKlReports.name, () => {
  describe('held back', () => {
    it('sends nothing for a municipality without a SOR code', () => {
      const result = plan(klCourse(), {}, { sorCode: null });
      expect(result).toEqual({ reports: [], heldBack: 'missing_sor', reported: {}, reportsMade: 0 });
    });

    it('sends nothing for a course without CPR, and everything held so far once the CPR is added', () => {
      const course = klCourse({
        child: null,
        focusAreas: ['sadness'],
        contacts: [first(), klContact({ type: 'screening', date: '2025-06-20', time: null })],
        referrals: [klReferral({ destination: 'gp' })],
      });
      const without = checked(plan(course));
      expect(without).toEqual({ reports: [], heldBack: 'missing_cpr', reported: {}, reportsMade: 0 });

      const withCpr = checked(plan({ ...course, child: { id: 'child-1', cpr: '0505149996', hasOtherCourses: false } }));
      expect(withCpr.heldBack).toBeNull();
      expect(summary(withCpr)).toEqual([
        [
          'Patient active=true',
          'CarePlan active',
          'Henvendelse finished',
          'Forsamtale finished',
          'Screening finished',
          'Referral completed',
        ],
      ]);
    });
  });

  describe('one report per change', () => {
    it('reports a whole closed course in one report (the backfill), in the order Citizen, CarePlan, encounters, Afslutning, referrals', () => {
      const course = klCourse({
        status: 'closed',
        closure: { date: '2025-10-01', time: null },
        contacts: [
          first(),
          klContact({ type: 'treatment', date: '2025-07-01' }),
          klContact({ type: 'closing_conversation', date: '2025-09-30' }),
        ],
        referrals: [klReferral()],
      });
      const result = checked(plan(course));
      expect(summary(result)).toEqual([
        [
          'Patient active=true',
          'CarePlan completed',
          'Henvendelse finished',
          'Forsamtale finished',
          'Behandling finished',
          'Afsluttende samtale finished',
          'Afslutning finished',
          'Referral completed',
        ],
      ]);
      const carePlan = resourcesOf(result.reports[0])[1] as CarePlan;
      expect(carePlan.period).toEqual({ start: '2025-05-14T11:12:05+02:00', end: '2025-10-01' });
      expect(carePlan.activity![0].detail!.status).toBe('completed');
    });

    it.each(['planned', 'cancelled_by_family', 'cancelled_by_municipality', 'no_show'] as const)('leaves a %s contact out', (status) => {
      const result = checked(plan(klCourse({ contacts: [klContact({ status })] })));
      expect(summary(result)).toEqual([['Patient active=true', 'CarePlan active', 'Henvendelse finished']]);
    });

    it('reports a planned contact once it is held, with the CarePlan it belongs to, unchanged', () => {
      const contact = klContact({ status: 'planned' });
      const course = klCourse({ contacts: [contact] });
      const before = plan(course);
      const after = checked(plan({ ...course, contacts: [{ ...contact, status: 'held' }] }, before.reported));
      expect(summary(after)).toEqual([['Patient active=true', 'CarePlan active', 'Forsamtale finished']]);
    });

    it('sends nothing when nothing KL carries changed', () => {
      const course = klCourse({ contacts: [first()] });
      const before = plan(course);
      expect(plan(course, before.reported).reports).toEqual([]);
      // A cancellation is the product's own record, not KL's.
      expect(
        plan({ ...course, contacts: [...course.contacts, klContact({ status: 'cancelled_by_family' })] }, before.reported).reports,
      ).toEqual([]);
    });

    it('re-sends a corrected contact under the same id', () => {
      const contact = first();
      const course = klCourse({ contacts: [contact] });
      const before = plan(course);
      const after = checked(plan({ ...course, contacts: [{ ...contact, date: '2025-06-03' }] }, before.reported));
      const encounter = resourcesOf(after.reports[0])[2] as Encounter;
      expect(encounter.id).toBe(klIds.contact(contact.id, course.child!.id));
      expect(encounter.period).toEqual({ start: '2025-06-03T15:06:35+02:00' });
    });

    it('sends the CarePlan alone (with its Citizen) when the focus areas change', () => {
      const course = klCourse({ contacts: [first()] });
      const before = plan(course);
      const after = checked(plan({ ...course, focusAreas: ['self_harm', 'worry'] }, before.reported));
      expect(summary(after)).toEqual([['Patient active=true', 'CarePlan active']]);
      const reasons = (resourcesOf(after.reports[0])[1] as CarePlan).activity![0].detail!.reasonCode!.map((r) => r.coding![0].display);
      expect(reasons).toEqual(['Selvskade', 'Bekymring']);
    });

    it('sends the Citizen again when the municipality’s SOR code changes', () => {
      const course = klCourse();
      const before = plan(course);
      const after = checked(plan(course, before.reported, { sorCode: '123456789012' }));
      expect(summary(after)).toEqual([['Patient active=true', 'CarePlan active']]);
      expect((resourcesOf(after.reports[0])[0] as Patient).managingOrganization!.identifier!.value).toBe('123456789012');
    });
  });

  describe('corrections', () => {
    it('withdraws a contact reported by mistake (same id, entered-in-error), once', () => {
      const contact = first();
      const course = klCourse({ contacts: [contact] });
      const before = plan(course);
      const withdrawnCourse = { ...course, contacts: [{ ...contact, status: 'entered_in_error' as const }] };
      const after = checked(plan(withdrawnCourse, before.reported));
      expect(summary(after)).toEqual([['Patient active=true', 'CarePlan active', 'Forsamtale entered-in-error']]);
      expect(resourcesOf(after.reports[0])[2].id).toBe(klIds.contact(contact.id, course.child!.id));
      expect(plan(withdrawnCourse, after.reported).reports).toEqual([]);
    });

    it('says nothing of a contact entered in error before it was ever reported', () => {
      const course = klCourse({ contacts: [klContact({ status: 'entered_in_error' })] });
      expect(summary(checked(plan(course)))).toEqual([['Patient active=true', 'CarePlan active', 'Henvendelse finished']]);
    });

    it('withdraws a referral made in error (its activity status stays completed, as the profile fixes)', () => {
      const referral = klReferral();
      const course = klCourse({ referrals: [referral] });
      const before = plan(course);
      const after = checked(plan({ ...course, referrals: [{ ...referral, enteredInError: true }] }, before.reported));
      expect(summary(after)).toEqual([['Patient active=true', 'CarePlan active', 'Referral entered-in-error']]);
      expect((resourcesOf(after.reports[0])[2] as CarePlan).activity![0].detail!.status).toBe('completed');
    });

    it.each([
      [false, 'the child has no other course: it should never have been in the system'],
      [true, 'the child has another course'],
    ])('withdraws a course entered in error, and everything reported of it (Citizen active=%s: %s)', (hasOtherCourses) => {
      const course = klCourse({
        child: { id: 'child-2', cpr: '0505149996', hasOtherCourses },
        contacts: [first()],
        referrals: [klReferral()],
      });
      const before = plan(course);
      const after = checked(plan({ ...course, status: 'entered_in_error' }, before.reported));
      expect(summary(after)).toEqual([
        [
          `Patient active=${hasOtherCourses}`,
          'CarePlan entered-in-error',
          'Henvendelse entered-in-error',
          'Forsamtale entered-in-error',
          'Referral entered-in-error',
        ],
      ]);
      expect((resourcesOf(after.reports[0])[1] as CarePlan).activity![0].detail!.status).toBe('entered-in-error');
    });

    it('says nothing of a course entered in error before it was ever reported (say, held back without CPR)', () => {
      expect(plan(klCourse({ status: 'entered_in_error', contacts: [first()] })).reports).toEqual([]);
    });

    it.each([
      [false, 'has no other course, so it should never have been in the system'],
      [true, 'has another course'],
    ])(
      'on a wrong CPR corrected, withdraws everything under the wrong Citizen (active=%s: that child %s) and reports the course anew under the right one',
      (hasOtherCourses) => {
        const wrong = { id: 'child-wrong', cpr: '0101109995', hasOtherCourses: false };
        const right = { id: 'child-right', cpr: '0505149996', hasOtherCourses: false };
        const course = klCourse({ child: wrong, contacts: [first()], referrals: [klReferral()] });
        const before = plan(course);
        const corrected = { ...course, child: right, formerChildren: { [wrong.id]: { hasOtherCourses } } };
        const after = checked(plan(corrected, before.reported));
        expect(summary(after)).toEqual([
          [
            `Patient active=${hasOtherCourses}`,
            'CarePlan entered-in-error',
            'Henvendelse entered-in-error',
            'Forsamtale entered-in-error',
            'Referral entered-in-error',
          ],
          ['Patient active=true', 'CarePlan active', 'Henvendelse finished', 'Forsamtale finished', 'Referral completed'],
        ]);
        const [withdrawal, anew] = after.reports.map(resourcesOf);
        expect((withdrawal[0] as Patient).identifier![0].value).toBe(wrong.cpr);
        expect((anew[0] as Patient).identifier![0].value).toBe(right.cpr);
        // New ids under the right child: nothing just withdrawn is reused.
        const withdrawnIds = new Set(withdrawal.map((r) => r.id));
        expect(anew.some((r) => withdrawnIds.has(r.id))).toBe(false);
        expect(after.reports.map((r) => r.childId)).toEqual([wrong.id, right.id]);
        expect(plan(corrected, after.reported).reports).toEqual([]);
      },
    );

    it('refuses to plan a CPR correction without being told whether the former child has another course', () => {
      const course = klCourse();
      const before = plan(course);
      expect(() => plan({ ...course, child: { id: 'other', cpr: '0505149996', hasOtherCourses: false } }, before.reported)).toThrow(
        /formerChildren/,
      );
    });

    it('withdraws what was reported when the CPR is removed, and holds the course back until one is added', () => {
      const course = klCourse({ contacts: [first()] });
      const before = plan(course);
      const after = checked(
        plan({ ...course, child: null, formerChildren: { [course.child!.id]: { hasOtherCourses: false } } }, before.reported),
      );
      expect(after.heldBack).toBe('missing_cpr');
      expect(summary(after)).toEqual([
        ['Patient active=false', 'CarePlan entered-in-error', 'Henvendelse entered-in-error', 'Forsamtale entered-in-error'],
      ]);
    });
  });

  describe('re-delivery (resendAll)', () => {
    const again = (course: Parameters<typeof plan>[0], before: KlReportPlan) =>
      checked(
        planKlReports(course, before.reported, SETTINGS, {
          now: NOW,
          fullUrlBase: FULL_URL_BASE,
          reportsMade: before.reportsMade,
          resendAll: true,
        }),
      );

    it('sends everything KL should hold now, changed or not, the withdrawn again, under a new Bundle id', () => {
      const kept = first();
      const mistaken = klContact({ type: 'screening', date: '2025-06-23' });
      const course = klCourse({ contacts: [kept, mistaken], referrals: [klReferral()] });
      const reported = plan(course);
      const now = { ...course, contacts: [kept, { ...mistaken, status: 'entered_in_error' as const }] };
      const withdrawn = plan(now, reported.reported, SETTINGS, NOW, reported.reportsMade);
      const resent = again(now, withdrawn);
      expect(summary(resent)).toEqual([
        [
          'Patient active=true',
          'CarePlan active',
          'Henvendelse finished',
          'Forsamtale finished',
          'Referral completed',
          'Screening entered-in-error',
        ],
      ]);
      expect(resent.reports[0].id).not.toBe(reported.reports[0].id);
      expect(resent.reportsMade).toBe(3);
      // Nothing new once resent: the state is what KL now holds.
      expect(plan(now, resent.reported, SETTINGS, NOW, resent.reportsMade).reports).toEqual([]);
    });

    it('withdraws again under a former Citizen what was withdrawn there', () => {
      const wrong = { id: 'child-wrong-2', cpr: '0101109995', hasOtherCourses: false };
      const right = { id: 'child-right-2', cpr: '0505149996', hasOtherCourses: false };
      const course = klCourse({ child: wrong, contacts: [first()] });
      const corrected = { ...course, child: right, formerChildren: { [wrong.id]: { hasOtherCourses: false } } };
      const after = plan(corrected, plan(course).reported, SETTINGS, NOW, 1);
      expect(summary(again(corrected, after))).toEqual([
        ['Patient active=false', 'CarePlan entered-in-error', 'Henvendelse entered-in-error', 'Forsamtale entered-in-error'],
        ['Patient active=true', 'CarePlan active', 'Henvendelse finished', 'Forsamtale finished'],
      ]);
    });

    it('still sends nothing for a course KL never knew, or one held back', () => {
      const never = klCourse({ status: 'entered_in_error' });
      expect(again(never, plan(never)).reports).toEqual([]);
      const withoutCpr = klCourse({ child: null });
      expect(again(withoutCpr, plan(withoutCpr)).heldBack).toBe('missing_cpr');
    });
  });

  describe('reopening (decided: docs/kl-reporting.md)', () => {
    const closed = klCourse({ status: 'closed', closure: { date: '2025-10-01', time: '10:00' }, contacts: [first()] });

    it('puts the CarePlan back to active without period.end and withdraws the Afslutning', () => {
      const before = plan(closed);
      const reopened = checked(plan({ ...closed, status: 'open', closure: null }, before.reported));
      expect(summary(reopened)).toEqual([['Patient active=true', 'CarePlan active', 'Afslutning entered-in-error']]);
      expect((resourcesOf(reopened.reports[0])[1] as CarePlan).period).toEqual({ start: '2025-05-14T11:12:05+02:00' });
    });

    it('reports a new Afslutning when closed again on another date, and the same one back when on the same date', () => {
      const before = plan(closed);
      const reopened = plan({ ...closed, status: 'open', closure: null }, before.reported);
      const later = checked(plan({ ...closed, closure: { date: '2025-10-20', time: null } }, reopened.reported));
      expect(summary(later)).toEqual([['Patient active=true', 'CarePlan completed', 'Afslutning finished']]);
      const afslutning = (r: KlReportPlan) => resourcesOf(r.reports[0])[2].id;
      expect(afslutning(later)).toBe(klIds.closure(closed.id, '2025-10-20', closed.child!.id));
      expect(afslutning(later)).not.toBe(klIds.closure(closed.id, '2025-10-01', closed.child!.id));
      const sameDay = checked(plan(closed, reopened.reported));
      expect(afslutning(sameDay)).toBe(klIds.closure(closed.id, '2025-10-01', closed.child!.id));
      expect((resourcesOf(sameDay.reports[0])[2] as Encounter).status).toBe('finished');
    });
  });

  describe('times', () => {
    it('sends a course closed on the day it began without a closure time as dates at both ends (FHIR per-1 must be decidable)', () => {
      const result = checked(plan(klCourse({ status: 'closed', closure: { date: '2025-05-14', time: null } })));
      expect((resourcesOf(result.reports[0])[1] as CarePlan).period).toEqual({ start: '2025-05-14', end: '2025-05-14' });
      // The Henvendelse keeps its time.
      expect((resourcesOf(result.reports[0])[2] as Encounter).period).toEqual({ start: '2025-05-14T11:12:05+02:00' });
    });

    it('stamps the Bundle with the instant the report is made', () => {
      expect(plan(klCourse()).reports[0].bundle.timestamp).toBe('2025-11-08T23:45:51+01:00');
    });
  });

  describe('Bundle ids', () => {
    it('are the same for the same report made again (a retry), whenever it is made', () => {
      const course = klCourse({ contacts: [first()] });
      const once = plan(course);
      const again = planKlReports(course, {}, SETTINGS, {
        now: new Date(NOW.getTime() + 3_600_000),
        fullUrlBase: FULL_URL_BASE,
        reportsMade: 0,
      });
      expect(again.reports[0].id).toBe(once.reports[0].id);
      expect(again.reports[0].bundle.timestamp).not.toBe(once.reports[0].bundle.timestamp);
    });

    it('are new for new content, also for a change back to an earlier content', () => {
      const course = klCourse();
      const a = plan(course);
      const b = plan({ ...course, focusAreas: ['other'] }, a.reported);
      const backToA = plan(course, b.reported);
      const ids = [a, b, backToA].map((p) => p.reports[0].id);
      expect(new Set(ids).size).toBe(3);
      expect(a.reports[0].bundle.id).toBe(ids[0]);
    });

    it('are new when a content comes back a second time (A → B → A → B): the series number is in the id', () => {
      const course = klCourse();
      const other = { ...course, focusAreas: ['other' as const] };
      const a = plan(course);
      const b = plan(other, a.reported, SETTINGS, NOW, a.reportsMade);
      const backToA = plan(course, b.reported, SETTINGS, NOW, b.reportsMade);
      const backToB = plan(other, backToA.reported, SETTINGS, NOW, backToA.reportsMade);
      expect(backToB.reportsMade).toBe(4);
      // The same content and the same content before it as the second report: only its number differs.
      expect(backToB.reports[0].bundle.entry).toEqual(b.reports[0].bundle.entry);
      expect(new Set([a, b, backToA, backToB].map((p) => p.reports[0].id)).size).toBe(4);
    });

    it('count the reports made, also when nothing is made', () => {
      const course = klCourse();
      const first = plan(course, {}, SETTINGS, NOW, 7);
      expect(first.reportsMade).toBe(8);
      expect(plan(course, first.reported, SETTINGS, NOW, 8).reportsMade).toBe(8);
      expect(plan(course, {}, { sorCode: null }, NOW, 3).reportsMade).toBe(3);
    });
  });
});
