/**
 * The flow report (GET /api/v1/reports/flow): how far the cohort of first contacts got, where
 * the others left, and the waits between steps, against a hand-computed fixture built through
 * the API with the service's "today" pinned to 2026-06-15. Every expected figure is a literal
 * worked out by hand from the table below (docs/metrics.md, "Flow report"): shares are
 * reached / first contacts to three decimals; medians and 90th percentiles are percentile_cont
 * (linear interpolation at position p·(n−1) of the sorted waits, 0-based), rounded to one decimal.
 */
import { startTestApp, type TestApp } from '../support/test-app.js';
import { closing, courseFactory, cprFor, pre, screening, treatment, type CourseSpec } from '../support/fixtures.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const FROM = '2026-01-01';
const TO = '2026-06-30';

// Per course: the step dates, and the waits they give (fc = first contact; t = treatment session).
const FIXTURE: Record<string, CourseSpec> = {
  // F1 751: pre 01-12 (fc→pre 7), screening 01-26 (pre→s 14, fc→s 21), sessions 02-02, 02-09, 02-16, 03-02
  //    (s→t 7, fc→t 28, gaps 7 7 14, first→last 28), closing 03-16 (last t→closing 14), closed completed 03-16 (fc→closure 70).
  F1: {
    firstContact: '2026-01-05',
    cpr: cprFor('2014-01-01', 'female'),
    focusAreas: ['worry'],
    contacts: [
      pre('2026-01-12'),
      screening('2026-01-26'),
      treatment('2026-02-02'),
      treatment('2026-02-09'),
      treatment('2026-02-16'),
      treatment('2026-03-02'),
      closing('2026-03-16'),
    ],
    close: { date: '2026-03-16', reason: 'completed' },
  },
  // F2 751: pre 01-20 (8), screening 02-03 (pre→s 14, fc→s 22), sessions 02-17, 03-03, 03-24 (s→t 14, fc→t 36,
  //    gaps 14 21, first→last 35), closing 04-14 (21), closed completed 04-14 (fc→closure 92).
  F2: {
    firstContact: '2026-01-12',
    cpr: cprFor('2013-02-02', 'male'),
    focusAreas: ['worry', 'sadness'],
    contacts: [
      pre('2026-01-20'),
      screening('2026-02-03'),
      treatment('2026-02-17'),
      treatment('2026-03-03'),
      treatment('2026-03-24'),
      closing('2026-04-14'),
    ],
    close: { date: '2026-04-14', reason: 'completed' },
  },
  // F3 751: pre 02-09 (7), not in the target group: guided to another offer at home, closed 02-09 (fc→closure 7).
  F3: {
    firstContact: '2026-02-02',
    cpr: cprFor('2012-03-03', 'female'),
    focusAreas: ['behaviour'],
    contacts: [pre('2026-02-09', 'held', { outcome: 'not_in_target_group' })],
    referrals: [{ date: '2026-02-09', destination: 'home_municipality_offer' }],
    close: { date: '2026-02-09', reason: 'not_in_target_group' },
  },
  // F4 751: straight to screening 03-02 (fc→s 14; no pre-conversation), sessions 03-16, 03-30 (s→t 14, fc→t 28, gap 14,
  //    first→last 14), referred to child psychiatry and closed 03-30 (fc→closure 42); no closing conversation.
  F4: {
    firstContact: '2026-02-16',
    cpr: cprFor('2011-04-04', 'male'),
    focusAreas: ['self_harm'],
    contacts: [screening('2026-03-02'), treatment('2026-03-16'), treatment('2026-03-30')],
    referrals: [{ date: '2026-03-30', destination: 'child_psychiatry' }],
    close: { date: '2026-03-30', reason: 'referred_elsewhere' },
  },
  // F5 751: pre 03-16 (14), the family withdrew 03-20 (fc→closure 18).
  F5: {
    firstContact: '2026-03-02',
    cpr: cprFor('2015-05-05', 'female'),
    focusAreas: ['sadness'],
    contacts: [pre('2026-03-16')],
    close: { date: '2026-03-20', reason: 'family_declined' },
  },
  // F6 751: pre 04-08 (7), screening 04-22 (pre→s 14, fc→s 21), sessions 05-06, 05-13, 05-27 (s→t 14, fc→t 35, gaps 7 14,
  //    first→last 21); open.
  F6: {
    firstContact: '2026-04-01',
    cpr: cprFor('2016-06-06', 'male'),
    focusAreas: ['worry'],
    contacts: [pre('2026-04-08'), screening('2026-04-22'), treatment('2026-05-06'), treatment('2026-05-13'), treatment('2026-05-27')],
  },
  // F7 751: first contact only; open.
  F7: { firstContact: '2026-05-04', cpr: cprFor('2017-07-07', 'female') },
  // F8 751: entered in error: in no figure.
  F8: { firstContact: '2026-04-20', contacts: [pre('2026-04-27')], enteredInError: 'Duplicate registration' },
  // F9 101: pre 01-14 (7), screening 02-04 (pre→s 21, fc→s 28), sessions 02-11, 02-25 (s→t 7, fc→t 35, gap 14,
  //    first→last 14), closing 03-11 (14), GP informed, closed completed 03-11 (fc→closure 63).
  F9: {
    municipality: '101',
    firstContact: '2026-01-07',
    cpr: cprFor('2013-08-08', 'male'),
    focusAreas: ['worry'],
    contacts: [pre('2026-01-14'), screening('2026-02-04'), treatment('2026-02-11'), treatment('2026-02-25'), closing('2026-03-11')],
    referrals: [{ date: '2026-03-11', destination: 'gp' }],
    close: { date: '2026-03-11', reason: 'completed' },
  },
  // F10 101: pre 02-24 (14), screening 03-17 other help (pre→s 21, fc→s 35), referred to the GP and civil society,
  //    closed 03-17 (fc→closure 35).
  F10: {
    municipality: '101',
    firstContact: '2026-02-10',
    cpr: cprFor('2010-09-09', 'female'),
    focusAreas: ['obsessions_compulsions'],
    contacts: [pre('2026-02-24'), screening('2026-03-17', 'held', { outcome: 'other_help' })],
    referrals: [
      { date: '2026-03-17', destination: 'gp' },
      { date: '2026-03-17', destination: 'civil_society' },
    ],
    close: { date: '2026-03-17', reason: 'referred_elsewhere' },
  },
  // F11 101: pre 03-30 (21), screening 04-13 (pre→s 14, fc→s 35), one session 04-20 (s→t 7, fc→t 42, first→last 0),
  //    dropped out 05-04 (fc→closure 56).
  F11: {
    municipality: '101',
    firstContact: '2026-03-09',
    cpr: cprFor('2012-10-10', 'male'),
    focusAreas: ['restlessness_inattention', 'worry'],
    contacts: [pre('2026-03-30'), screening('2026-04-13'), treatment('2026-04-20')],
    close: { date: '2026-05-04', reason: 'dropped_out' },
  },
  // F12 101: pre 04-20 (7); open.
  F12: {
    municipality: '101',
    firstContact: '2026-04-13',
    cpr: cprFor('2014-11-11', 'female'),
    focusAreas: ['sadness'],
    contacts: [pre('2026-04-20')],
  },
  // F13 101: pre 05-25 (14), moved away 06-01 (fc→closure 21).
  F13: {
    municipality: '101',
    firstContact: '2026-05-11',
    cpr: cprFor('2015-12-12', 'male'),
    contacts: [pre('2026-05-25')],
    close: { date: '2026-06-01', reason: 'moved_away' },
  },
  // F14 101: first contact only; open.
  F14: { municipality: '101', firstContact: '2026-06-01', cpr: cprFor('2016-01-13', 'female'), focusAreas: ['worry'] },
  // F15 101: first contact 2025-12-20, before the cohort: in no figure.
  F15: { municipality: '101', firstContact: '2025-12-20', cpr: cprFor('2013-12-20', 'male'), contacts: [pre('2025-12-27')] },
};

type Figure = number | string | null;
const wait = (n: Figure, median: Figure, p90: Figure) => ({ n, median, p90 });

// All 13 courses in the cohort (F1–F7, F9–F14).
const ALL = {
  key: 'all',
  // pre: F1 F2 F3 F5 F6 F9 F10 F11 F12 F13; screening: F1 F2 F4 F6 F9 F10 F11; treatment: F1 F2 F4 F6 F9 F11; completed: F1 F2 F9
  reached: { firstContact: 13, preConversation: 10, screening: 7, treatment: 6, completed: 3 },
  // 10/13 = 0.7692, 7/13 = 0.5385, 6/13 = 0.4615, 3/13 = 0.2308
  shareReached: { preConversation: 0.769, screening: 0.538, treatment: 0.462, completed: 0.231 },
  closed: 9, // F1 F2 F3 F4 F5 F9 F10 F11 F13
  closureReasons: { completed: 3, not_in_target_group: 1, referred_elsewhere: 2, family_declined: 1, dropped_out: 1, moved_away: 1 },
  referralDestinations: { home_municipality_offer: 1, child_psychiatry: 1, gp: 2, civil_society: 1 },
  waits: {
    // [7 7 7 7 7 8 14 14 14 21]: median (7+8)/2; p90 at 8.1: 14 + 0.1·7
    firstContactToPreConversation: wait(10, 7.5, 14.7),
    // [14 14 14 14 21 21]: median at 2.5: 14; p90 at 4.5: 21
    preConversationToScreening: wait(6, 14, 21),
    // [14 21 21 22 28 35 35]: median 22; p90 at 5.4: 35
    firstContactToScreening: wait(7, 22, 35),
    // [7 7 7 14 14 14]: median (7+14)/2; p90 at 4.5: 14
    screeningToFirstTreatment: wait(6, 10.5, 14),
    // [28 28 35 35 36 42]: median 35; p90 at 4.5: 36 + 0.5·6
    firstContactToFirstTreatment: wait(6, 35, 39),
    // [0 14 14 21 28 35]: median (14+21)/2; p90 at 4.5: 28 + 0.5·7
    firstTreatmentToLastTreatment: wait(6, 17.5, 31.5),
    // [14 14 21]: median 14; p90 at 1.8: 14 + 0.8·7
    lastTreatmentToClosingConversation: wait(3, 14, 19.6),
    // [7 18 21 35 42 56 63 70 92]: median 42; p90 at 7.2: 70 + 0.2·22
    firstContactToClosure: wait(9, 42, 74.4),
    // every gap between consecutive held sessions: F1 7 7 14, F2 14 21, F4 14, F6 7 14, F9 14
    // [7 7 7 14 14 14 14 14 21]: median 14; p90 at 7.2: 14 + 0.2·7
    betweenTreatmentSessions: wait(9, 14, 15.4),
  },
};

// Aarhus: F1–F7.
const AARHUS = {
  key: '751',
  reached: { firstContact: 7, preConversation: 5, screening: 4, treatment: 4, completed: 2 },
  // 5/7, 4/7, 4/7, 2/7
  shareReached: { preConversation: 0.714, screening: 0.571, treatment: 0.571, completed: 0.286 },
  closed: 5,
  closureReasons: { completed: 2, not_in_target_group: 1, referred_elsewhere: 1, family_declined: 1 },
  referralDestinations: { home_municipality_offer: 1, child_psychiatry: 1 },
  waits: {
    firstContactToPreConversation: wait(5, 7, 11.6), // [7 7 7 8 14]: p90 at 3.6: 8 + 0.6·6
    preConversationToScreening: wait(3, 14, 14), // [14 14 14]
    firstContactToScreening: wait(4, 21, 21.7), // [14 21 21 22]: p90 at 2.7: 21 + 0.7·1
    screeningToFirstTreatment: wait(4, 14, 14), // [7 14 14 14]
    firstContactToFirstTreatment: wait(4, 31.5, 35.7), // [28 28 35 36]: p90 at 2.7: 35 + 0.7·1
    firstTreatmentToLastTreatment: wait(4, 24.5, 32.9), // [14 21 28 35]: p90 at 2.7: 28 + 0.7·7
    lastTreatmentToClosingConversation: wait(2, 17.5, 20.3), // [14 21]: p90 at 0.9: 14 + 0.9·7
    firstContactToClosure: wait(5, 42, 83.2), // [7 18 42 70 92]: p90 at 3.6: 70 + 0.6·22
    betweenTreatmentSessions: wait(8, 14, 16.1), // [7 7 7 14 14 14 14 21]: median at 3.5; p90 at 6.3: 14 + 0.3·7
  },
};

// København: F9–F14.
const COPENHAGEN = {
  key: '101',
  reached: { firstContact: 6, preConversation: 5, screening: 3, treatment: 2, completed: 1 },
  // 5/6, 3/6, 2/6, 1/6
  shareReached: { preConversation: 0.833, screening: 0.5, treatment: 0.333, completed: 0.167 },
  closed: 4,
  closureReasons: { completed: 1, referred_elsewhere: 1, dropped_out: 1, moved_away: 1 },
  referralDestinations: { gp: 2, civil_society: 1 },
  waits: {
    firstContactToPreConversation: wait(5, 14, 18.2), // [7 7 14 14 21]: p90 at 3.6: 14 + 0.6·7
    preConversationToScreening: wait(3, 21, 21), // [14 21 21]
    firstContactToScreening: wait(3, 35, 35), // [28 35 35]
    screeningToFirstTreatment: wait(2, 7, 7), // [7 7]
    firstContactToFirstTreatment: wait(2, 38.5, 41.3), // [35 42]: p90 at 0.9: 35 + 0.9·7
    firstTreatmentToLastTreatment: wait(2, 7, 12.6), // [0 14]: p90 at 0.9
    lastTreatmentToClosingConversation: wait(1, 14, 14), // [14]
    firstContactToClosure: wait(4, 45.5, 60.9), // [21 35 56 63]: median at 1.5; p90 at 2.7: 56 + 0.7·7
    betweenTreatmentSessions: wait(1, 14, 14), // [14]
  },
};

describe('flow report', () => {
  let sut: TestApp;
  let manager: string;
  let aarhusManager: string;
  let evaluator: string;
  const flow = (auth: string, query = '') => sut.http.get(`/api/v1/reports/flow?from=${FROM}&to=${TO}${query}`).set('Authorization', auth);

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    const caseworker = await sut.bearer({ sub: 'cw-both', roles: ['caseworker'], municipalities: ['751', '101'] });
    manager = await sut.bearer({ sub: 'm-both', roles: ['manager'], municipalities: ['751', '101'] });
    aarhusManager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    const courses = courseFactory(sut, caseworker);
    for (const spec of Object.values(FIXTURE)) await courses.newCourse(spec);
  }, 60_000);
  afterAll(() => sut.close());

  it('reports steps reached, shares, closures, referrals and waits for the whole cohort', async () => {
    const { body } = await flow(manager).expect(200);
    expect(body).toMatchObject({ from: FROM, to: TO, groupBy: null, suppression: null });
    expect(body.groups).toEqual([ALL]);
  });

  it('reports the same per municipality', async () => {
    const { body } = await flow(manager, '&groupBy=municipality').expect(200);
    expect(body.groupBy).toBe('municipality');
    expect(Object.fromEntries(body.groups.map((grp: { key: string }) => [grp.key, grp]))).toEqual({ '751': AARHUS, '101': COPENHAGEN });
  });

  it("gives a manager of one municipality that municipality's flow, exactly", async () => {
    const { body } = await flow(aarhusManager).expect(200);
    expect(body.groups).toEqual([{ ...AARHUS, key: 'all' }]);
    await flow(aarhusManager, '&municipality=101').expect(403);
    await flow(aarhusManager, '&national=true').expect(403);
  });

  it('gives an evaluator the national flow exactly and a municipality with small numbers suppressed', async () => {
    const national = await flow(evaluator).expect(200);
    expect(national.body).toMatchObject({ scope: { level: 'national' }, suppression: null });
    expect(national.body.groups).toEqual([ALL]);
    // Below national level, the half-year's publication (docs/metrics.md, "Disclosure control across
    // outputs"): Aarhus' 7 courses are never shown exactly, every reason and destination is listed,
    // and Aarhus asked alone is Aarhus among all municipalities.
    const aarhus = await flow(evaluator, '&municipality=751').expect(200);
    expect(aarhus.body.suppression).toMatch(/small numbers suppressed/);
    const [group] = aarhus.body.groups;
    expect(['5', '..']).toContain(String(group.reached.firstContact));
    expect(Object.keys(group.closureReasons)).toHaveLength(7);
    expect(Object.keys(group.referralDestinations)).toHaveLength(6);
    for (const n of [...Object.values(group.reached), ...Object.values(group.closureReasons), group.closed]) {
      expect(n === '<5' || n === '..' || (typeof n === 'number' && n % 5 === 0)).toBe(true);
    }
    const all = await flow(evaluator, '&groupBy=municipality').expect(200);
    expect(all.body.groups.find((g: { key: string }) => g.key === '751')).toEqual({ ...group, key: '751' });
  });
});
