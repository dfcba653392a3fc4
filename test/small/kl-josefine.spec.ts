/**
 * The guide's worked example (KL-LTT.md, "The guide's worked example"), pure: the course states of
 * Josefine's course, one per delivery report of KL's series, through `planKlReports`, compared
 * report by report with KL's own `Bundle-DeliveryReport-Josefine-*.json` — the same resources in
 * the same order, with the same profiles, codes, statuses, references and periods. Ids are compared
 * by role (the first id seen on each side is the same role, and so on) and times as instants: KL's
 * examples write UTC, the product Danish local time with its offset. Bundle ids and timestamps
 * aside.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { KlCourse } from '../../src/kl-reporting/kl-course.js';
import { canonicalJson } from '../../src/kl-reporting/kl-ids.js';
import type { KlReportedState } from '../../src/kl-reporting/kl-report.rules.js';
import { validateReport } from '../../src/kl-reporting/validation/kl-validation.js';
import { klContact, klCourse, klReferral, NOW, plan, SETTINGS } from '../support/kl-courses.js';
import { example, Normaliser } from '../support/kl-josefine.js';

const child = { id: 'a1d3c8e0-0000-4000-8000-00000000j0se', cpr: '0505149996', hasOtherCourses: false };
const first: KlCourse = klCourse({ child, firstContact: { date: '2025-05-14', time: '11:12:05' } });
const forsamtale = klContact({ type: 'pre_conversation', date: '2025-06-02', time: '15:06:35' });
const screening = klContact({ type: 'screening', date: '2025-06-23', time: '12:35:12' });
const treatment1 = klContact({
  type: 'treatment',
  date: '2025-07-07',
  time: '15:28:17',
  participants: 'child_present',
  delivery: 'individual',
});
const civilSociety = klReferral({ destination: 'civil_society', date: '2025-07-07', time: '16:28:17' });
const treatment = (date: string, time: string) =>
  klContact({ type: 'treatment', date, time, participants: 'child_present', delivery: 'individual' });
const sessions = [treatment('2025-07-28', '10:00:00'), treatment('2025-08-18', '12:56:33'), treatment('2025-09-08', '10:00:00')];
const closing = klContact({ type: 'closing_conversation', date: '2025-11-06', time: '12:00:05' });

/** Josefine's course after each event of the story, with the KL report it should produce. */
const story: { event: string; example: string; course: KlCourse; samePeriods?: boolean }[] = [
  { event: 'first contact by her mother, 14 May', example: '1', course: first },
  {
    event: 'pre-conversation 2 June, focus area Krop og mad',
    example: '2',
    course: { ...first, focusAreas: ['body_and_food'], contacts: [forsamtale] },
  },
  { event: 'screening 23 June', example: '3', course: { ...first, focusAreas: ['body_and_food'], contacts: [forsamtale, screening] } },
  {
    event: 'first treatment 7 July, Bekymring added, referral to civil society',
    example: '4',
    course: { ...first, focusAreas: ['body_and_food', 'worry'], contacts: [forsamtale, screening, treatment1], referrals: [civilSociety] },
  },
  ...sessions.map((session, i) => ({
    event: `treatment session ${i + 2}, ${session.date}`,
    example: '5-6-7',
    course: {
      ...first,
      focusAreas: ['body_and_food', 'worry'],
      contacts: [forsamtale, screening, treatment1, ...sessions.slice(0, i + 1)],
      referrals: [civilSociety],
    } as KlCourse,
    // KL's series shows one of the three sessions (18 August); the other two are dated here.
    samePeriods: session.date === '2025-08-18',
  })),
  {
    event: 'closing conversation 6 November',
    example: '8',
    course: {
      ...first,
      focusAreas: ['body_and_food', 'worry'],
      contacts: [forsamtale, screening, treatment1, ...sessions, closing],
      referrals: [civilSociety],
    },
  },
  {
    event: 'closure 8 November',
    example: '9',
    course: {
      ...first,
      status: 'closed',
      closure: { date: '2025-11-08', time: '16:36:22' },
      focusAreas: ['body_and_food', 'worry'],
      contacts: [forsamtale, screening, treatment1, ...sessions, closing],
      referrals: [civilSociety],
    },
  },
];

/** Periods aside (for the two sessions KL's series does not show). */
const withoutPeriods = (entries: unknown[]) => JSON.parse(JSON.stringify(entries, (k, v) => (k === 'period' ? undefined : v)));

describe('the Josefine story (KL-LTT worked example)', () => {
  let state: KlReportedState = {};
  let reportsMade = 0;
  const produced: Bundle[] = [];

  it.each(story.map((s, i) => [i + 1, s.event, s] as const))('report %i (%s) carries what KL’s does', (_n, _event, step) => {
    const result = plan(step.course, state, SETTINGS, NOW, reportsMade);
    expect(result.heldBack).toBeNull();
    expect(result.reports).toHaveLength(1);
    const [report] = result.reports;
    state = result.reported;
    reportsMade = result.reportsMade;
    produced.push(report.bundle);

    expect(validateReport(report.bundle)).toEqual({ valid: true, issues: [] });
    // Roles are numbered within each report: KL's series shows one of the three sessions for all three.
    const mine = new Normaliser().bundle(report.bundle);
    const theirs = new Normaliser().bundle(example(step.example));
    if (step.samePeriods === false) expect(canonicalJson(withoutPeriods(mine))).toBe(canonicalJson(withoutPeriods(theirs)));
    else expect(canonicalJson(mine)).toBe(canonicalJson(theirs));
  });

  it('keeps one Citizen id and one CarePlan id through every report, as KL’s series does', () => {
    const idsAt = (bundles: Bundle[], i: number) => new Set(bundles.map((b) => b.entry![i].resource!.id));
    const theirs = ['1', '2', '3', '4', '5-6-7', '8', '9'].map(example);
    for (const i of [0, 1]) {
      expect(idsAt(produced, i).size).toBe(1);
      expect(idsAt(theirs, i).size).toBe(1);
    }
    expect(new Set(produced.map((b) => b.id)).size).toBe(produced.length);
  });

  it('sends nothing more when nothing changed after the closure', () => {
    expect(plan(story[story.length - 1].course, state, SETTINGS, NOW, reportsMade).reports).toEqual([]);
  });

  it('writes its times as Danish local time with the offset of the day (summer +02:00, November +01:00)', () => {
    const periods = produced.flatMap((b) => b.entry!.map((e) => (e.resource as { period?: { start?: string; end?: string } }).period));
    expect(periods[1]).toEqual({ start: '2025-05-14T11:12:05+02:00' });
    const last = produced[produced.length - 1].entry!.map((e) => (e.resource as { period?: unknown }).period);
    expect(last[1]).toEqual({ start: '2025-05-14T11:12:05+02:00', end: '2025-11-08T16:36:22+01:00' });
    expect(last[2]).toEqual({ start: '2025-11-08T16:36:22+01:00' });
  });
});
