/**
 * The compliance report (GET /api/v1/reports/compliance) against a hand-computed fixture of 45
 * courses in Aarhus (751, region 1082) and København (101, region 1084), built through the API
 * with the service's "today" pinned to Monday 2026-06-15 (Danish local date).
 *
 * Every expected figure below is a literal worked out by hand from the fixture table: each
 * course's state and days per target are written beside it (`T1` national target 1, 14 days;
 * `T2` national target 2, 30 days; `M1` Aarhus' treatment_start_14d and `M2` session_gap_14d,
 * both in force for first contacts from 2026-03-01). Each group's comment lists its courses and
 * the sorted waits; medians and 90th percentiles are percentile_cont (linear interpolation at
 * position p·(n−1) of the sorted list, 0-based) rounded to one decimal; rates are
 * met / (met + breached + overdue) to three decimals. See docs/metrics.md.
 */
import { startTestApp, type TestApp } from '../support/test-app.js';
import { closing, courseFactory, cprFor, pre, screening, treatment, type CourseSpec, type CreatedCourse } from '../support/fixtures.js';

/** 12:00 in Copenhagen (CEST): the service's "today" is 2026-06-15. */
const NOW = new Date('2026-06-15T10:00:00Z');
const FROM = '2025-10-01';
const TO = '2026-06-30';

const held = 'held';
const family = 'cancelled_by_family';
const municipal = 'cancelled_by_municipality';
const noShow = 'no_show';
const planned = 'planned';

/**
 * The fixture. Ages are at first contact; `clearly` is "clearly in the target group at first
 * contact" (T2 applies only then). Day counts are calendar days from the clock start.
 */
const FIXTURE: Record<string, CourseSpec> = {
  // ── Aarhus, October 2025 (before Aarhus' own targets: T1 and T2 only) ─────────────────────
  // A1 F 9 parent [worry] clearly; first contact Sunday 2025-10-26 23:30 (DST ends that night).
  //    T1 pre 11-09 = day 14 met. T2 screening 11-25 = day 30 met.
  A1: {
    firstContact: '2025-10-26',
    time: '23:30',
    cpr: cprFor('2016-02-10', 'female'),
    contactedBy: 'parent',
    focusAreas: ['worry'],
    contacts: [pre('2025-11-09'), screening('2025-11-25')],
  },
  // A2 M 13 child [sadness, self_harm] clearly. T1 pre 10-21 = day 15 breached. T2 screening 11-06 = day 31 breached.
  A2: {
    firstContact: '2025-10-06',
    cpr: cprFor('2012-07-01', 'male'),
    contactedBy: 'child',
    focusAreas: ['sadness', 'self_harm'],
    contacts: [pre('2025-10-21'), screening('2025-11-06', held, { outcome: 'other_help' })],
    referrals: [{ date: '2025-11-06', destination: 'gp' }],
    close: { date: '2025-11-06', reason: 'referred_elsewhere' },
  },
  // A3 no CPR, parent, no focus area, not clearly. T1 pre 10-20 = day 7 met. T2 n/a (not clearly).
  A3: {
    firstContact: '2025-10-13',
    contactedBy: 'parent',
    clearlyInTargetGroup: false,
    contacts: [pre('2025-10-20', held, { outcome: 'not_in_target_group' })],
    close: { date: '2025-10-20', reason: 'not_in_target_group' },
  },
  // A4 F 15 child [body_and_food] clearly. Two family cancellations in a row before the pre-conversation:
  //    T1 held 11-10 = day 21 breached; family delay 10-27→10-31 (4) + 10-31→11-10 (10) = 14; adjusted 7 met.
  //    T2 screening family-cancelled 11-14, held 11-24 = day 35 breached; delay 10; adjusted 25 met.
  A4: {
    firstContact: '2025-10-20',
    cpr: cprFor('2010-03-15', 'female'),
    contactedBy: 'child',
    focusAreas: ['body_and_food'],
    contacts: [
      pre('2025-10-27', family),
      pre('2025-10-31', family),
      pre('2025-11-10'),
      screening('2025-11-14', family),
      screening('2025-11-24', held, { outcome: 'other_help' }),
    ],
    close: { date: '2025-12-01', reason: 'other' },
  },
  // A5 M 17 other [obsessions_compulsions] clearly; open, a no-show and a municipal cancellation only
  //    (no adjustment). T1 overdue, open 250 days (10-08→06-15); adjusted overdue. T2 overdue 250; adjusted overdue.
  A5: {
    firstContact: '2025-10-08',
    cpr: cprFor('2008-01-20', 'male'),
    contactedBy: 'other',
    focusAreas: ['obsessions_compulsions'],
    contacts: [pre('2025-10-15', noShow), pre('2025-10-22', municipal)],
  },

  // ── København, January–June 2026 (national targets only) ──────────────────────────────────
  // B1 F 6 parent [behaviour, restlessness_inattention]. T1 day 14 met. T2 day 30 met.
  B1: {
    municipality: '101',
    firstContact: '2026-01-05',
    cpr: cprFor('2019-05-05', 'female'),
    focusAreas: ['behaviour', 'restlessness_inattention'],
    contacts: [pre('2026-01-19'), screening('2026-02-04')],
  },
  // B2 M 11 child [worry]: straight to screening, no pre-conversation: 01-21 = day 14 stops T1 (met) and T2 (met 14).
  B2: {
    municipality: '101',
    firstContact: '2026-01-07',
    cpr: cprFor('2014-09-09', 'male'),
    contactedBy: 'child',
    focusAreas: ['worry'],
    contacts: [screening('2026-01-21')],
  },
  // B3 F 14 parent [sadness] not clearly. T1 01-27 = day 15 breached. T2 n/a.
  B3: {
    municipality: '101',
    firstContact: '2026-01-12',
    cpr: cprFor('2011-11-11', 'female'),
    clearlyInTargetGroup: false,
    focusAreas: ['sadness'],
    contacts: [pre('2026-01-27'), screening('2026-02-20', held, { outcome: 'other_help' })],
    referrals: [{ date: '2026-02-20', destination: 'child_psychiatry' }],
    close: { date: '2026-02-20', reason: 'referred_elsewhere' },
  },
  // B4 M 8 other [worry, sadness]. One family cancellation: T1 held 02-03 = day 20 breached; delay 01-20→02-03 = 14;
  //    adjusted 6 met. T2: a no-show 02-10 (no adjustment), held 02-17 = day 34 breached; adjusted 34 breached.
  B4: {
    municipality: '101',
    firstContact: '2026-01-14',
    cpr: cprFor('2017-12-24', 'male'),
    contactedBy: 'other',
    focusAreas: ['worry', 'sadness'],
    contacts: [pre('2026-01-20', family), pre('2026-02-03'), screening('2026-02-10', noShow), screening('2026-02-17')],
  },
  // B5 no CPR, parent, no focus area; closed 01-25 before any step (family withdrew): T1 n/a, T2 n/a.
  B5: { municipality: '101', firstContact: '2026-01-19', close: { date: '2026-01-25', reason: 'family_declined' } },
  // B6 F 4 (outside the age range) parent [other]. T1 01-28 = day 7 met. T2 overdue, open 145.
  B6: {
    municipality: '101',
    firstContact: '2026-01-21',
    cpr: cprFor('2021-06-01', 'female'),
    focusAreas: ['other'],
    contacts: [pre('2026-01-28')],
  },
  // B7 M 10 parent [worry]. T1 02-05 = day 3 met. T2 02-20 = day 18 met.
  B7: {
    municipality: '101',
    firstContact: '2026-02-02',
    cpr: cprFor('2015-03-03', 'male'),
    focusAreas: ['worry'],
    contacts: [pre('2026-02-05'), screening('2026-02-20')],
  },
  // B8 F 13 child [sadness]. T1 02-13 = day 4 met. T2 family-cancelled 03-02, held 03-16 = day 35 breached;
  //    delay 14; adjusted 21 met.
  B8: {
    municipality: '101',
    firstContact: '2026-02-09',
    cpr: cprFor('2012-12-12', 'female'),
    contactedBy: 'child',
    focusAreas: ['sadness'],
    contacts: [pre('2026-02-13'), screening('2026-03-02', family), screening('2026-03-16', held, { outcome: 'other_help' })],
    referrals: [{ date: '2026-03-16', destination: 'gp' }],
    close: { date: '2026-03-16', reason: 'referred_elsewhere' },
  },
  // B9 M 16 child [obsessions_compulsions]. T1 03-05 = day 17 breached. Closed 03-10 before screening: T2 n/a.
  B9: {
    municipality: '101',
    firstContact: '2026-02-16',
    cpr: cprFor('2009-09-09', 'male'),
    contactedBy: 'child',
    focusAreas: ['obsessions_compulsions'],
    contacts: [pre('2026-03-05')],
    close: { date: '2026-03-10', reason: 'dropped_out' },
  },
  // B10 F 9 parent [worry]: straight to screening 03-18 = day 15: T1 breached 15, T2 met 15.
  B10: {
    municipality: '101',
    firstContact: '2026-03-03',
    cpr: cprFor('2016-06-06', 'female'),
    focusAreas: ['worry'],
    contacts: [screening('2026-03-18')],
  },
  // B11 M 17 child [sadness, other] not clearly; nothing held. T1 overdue, open 97. T2 n/a.
  B11: {
    municipality: '101',
    firstContact: '2026-03-10',
    cpr: cprFor('2008-08-08', 'male'),
    contactedBy: 'child',
    clearlyInTargetGroup: false,
    focusAreas: ['sadness', 'other'],
  },
  // B12 F 14 (15 the day after first contact) parent [body_and_food]. T1 04-22 = day 14 met. T2 05-08 = day 30 met.
  B12: {
    municipality: '101',
    firstContact: '2026-04-08',
    cpr: cprFor('2011-04-09', 'female'),
    focusAreas: ['body_and_food'],
    contacts: [pre('2026-04-22'), screening('2026-05-08')],
  },
  // B13 M 27 (outside the age range) other [other] clearly. T1 04-20 = day 5 met; closed the same day: T2 n/a.
  B13: {
    municipality: '101',
    firstContact: '2026-04-15',
    cpr: cprFor('1999-01-01', 'male'),
    contactedBy: 'other',
    focusAreas: ['other'],
    contacts: [pre('2026-04-20', held, { outcome: 'not_in_target_group' })],
    referrals: [{ date: '2026-04-20', destination: 'other_municipality_126a' }],
    close: { date: '2026-04-20', reason: 'not_in_target_group' },
  },
  // B14 F 13 parent [worry]. Two family cancellations in a row, then booked 06-16. T1 deadline 06-08 passed:
  //    overdue, open 21. Running family delay 05-28→06-04 (7) + 06-04→06-16 cut at today 06-15 (11) = 18:
  //    adjusted deadline 06-26, so adjusted pending. T2 pending (deadline 06-24), open 21.
  B14: {
    municipality: '101',
    firstContact: '2026-05-25',
    cpr: cprFor('2013-05-05', 'female'),
    focusAreas: ['worry'],
    contacts: [pre('2026-05-28', family), pre('2026-06-04', family), pre('2026-06-16', planned)],
  },

  // ── Aarhus, March–June 2026 (Aarhus' own targets M1 and M2 apply) ──────────────────────────
  // C1 M 13 (birthday on the first contact) child [self_harm]; first contact Sunday 2026-03-29 23:30 (DST began that morning).
  //    T1 04-12 = day 14 met. T2 04-28 = day 30 met. M1 05-12 = 14 days after screening, met.
  //    M2 sessions 05-12, 05-26, 06-10: gaps 14 and 15: breached 15 (adjusted breached 15).
  C1: {
    firstContact: '2026-03-29',
    time: '23:30',
    cpr: cprFor('2013-03-29', 'male'),
    contactedBy: 'child',
    focusAreas: ['self_harm'],
    contacts: [pre('2026-04-12'), screening('2026-04-28'), treatment('2026-05-12'), treatment('2026-05-26'), treatment('2026-06-10')],
  },
  // C2 F 10 parent [worry]. T1 03-10 = day 8 met. T2 04-01 = day 30 met.
  //    M1: family-cancelled session 04-10, first held 04-20 = 19 breached; delay 10; adjusted 9 met.
  //    M2: gaps 10, 8, then closing conversation and closure: met 10.
  C2: {
    firstContact: '2026-03-02',
    cpr: cprFor('2015-06-30', 'female'),
    focusAreas: ['worry'],
    contacts: [
      pre('2026-03-10'),
      screening('2026-04-01'),
      treatment('2026-04-10', family),
      treatment('2026-04-20'),
      treatment('2026-04-30'),
      treatment('2026-05-08'),
      closing('2026-05-20'),
    ],
    close: { date: '2026-05-20', reason: 'completed' },
  },
  // C3 F 14 child [sadness]. T1 03-18 = day 14 met. T2 04-03 = day 30 met. M1 no session yet: overdue, open 73 (04-03→06-15). M2 n/a.
  C3: {
    firstContact: '2026-03-04',
    cpr: cprFor('2012-01-01', 'female'),
    contactedBy: 'child',
    focusAreas: ['sadness'],
    contacts: [pre('2026-03-18'), screening('2026-04-03')],
  },
  // C4 M 9 parent [behaviour] not clearly. T1 03-24 = day 15 breached. T2 n/a. M1 04-20→05-04 = 14 met.
  //    M2: gap 14 (met), then running since 05-18: 28 days > 14: overdue, open 28.
  C4: {
    firstContact: '2026-03-09',
    cpr: cprFor('2016-08-08', 'male'),
    clearlyInTargetGroup: false,
    focusAreas: ['behaviour'],
    contacts: [pre('2026-03-24'), screening('2026-04-20'), treatment('2026-05-04'), treatment('2026-05-18')],
  },
  // C5 F 8 parent [worry, behaviour]. T1 03-20 = day 4 met. T2: family cancellations 04-01 and 04-08, held 04-22 =
  //    day 37 breached; delay 7 + 14 = 21; adjusted 16 met. M1 04-22→04-29 = 7 met. M2: one session, then the
  //    closing conversation and closure: n/a.
  C5: {
    firstContact: '2026-03-16',
    cpr: cprFor('2018-02-02', 'female'),
    focusAreas: ['worry', 'behaviour'],
    contacts: [
      pre('2026-03-20'),
      screening('2026-04-01', family),
      screening('2026-04-08', family),
      screening('2026-04-22'),
      treatment('2026-04-29'),
      closing('2026-05-06'),
    ],
    close: { date: '2026-05-06', reason: 'completed' },
  },
  // C6 M 16 child [obsessions_compulsions, worry]; only a booking on 06-20. T1 overdue, open 84. T2 overdue, open 84. M1, M2 n/a.
  C6: {
    firstContact: '2026-03-23',
    cpr: cprFor('2009-12-31', 'male'),
    contactedBy: 'child',
    focusAreas: ['obsessions_compulsions', 'worry'],
    contacts: [pre('2026-06-20', planned)],
  },
  // C7 entered in error: in no figure.
  C7: {
    firstContact: '2026-03-26',
    contactedBy: 'other',
    contacts: [pre('2026-03-30')],
    enteredInError: 'Registered on the wrong child',
  },
  // C8 F 14 parent [body_and_food]. T1 04-13 = day 14 met. Closed 04-20 before screening: T2, M1, M2 n/a.
  C8: {
    firstContact: '2026-03-30',
    cpr: cprFor('2011-05-20', 'female'),
    focusAreas: ['body_and_food'],
    contacts: [pre('2026-04-13')],
    close: { date: '2026-04-20', reason: 'family_declined' },
  },
  // C9 M 14 parent [worry]. T1 03-12 = day 7 met. T2 03-26 = day 21 met. M1 03-26→04-02 = 7 met.
  //    M2 gaps 7, 7, 28, 7: breached 28; the 28-day gap holds a family cancellation 04-23→05-14 (21 days):
  //    adjusted gaps 7, 7, 7, 7: adjusted met 7.
  C9: {
    firstContact: '2026-03-05',
    cpr: cprFor('2011-08-08', 'male'),
    focusAreas: ['worry'],
    contacts: [
      pre('2026-03-12'),
      screening('2026-03-26'),
      treatment('2026-04-02'),
      treatment('2026-04-09'),
      treatment('2026-04-16'),
      treatment('2026-04-23', family),
      treatment('2026-05-14'),
      treatment('2026-05-21'),
      closing('2026-06-01'),
    ],
    close: { date: '2026-06-01', reason: 'completed' },
  },
  // C10 F 9 parent [behaviour, restlessness_inattention]. T1 03-20 = day 9 met. T2 04-15 = day 35 breached.
  //    M1 04-15→05-06 = 21 breached. M2 gaps 7, 7, 14 and running 12 days since 06-03 (booked 06-16): met so far, 14.
  C10: {
    firstContact: '2026-03-11',
    cpr: cprFor('2017-01-01', 'female'),
    focusAreas: ['behaviour', 'restlessness_inattention'],
    contacts: [
      pre('2026-03-20'),
      screening('2026-04-15'),
      treatment('2026-05-06'),
      treatment('2026-05-13'),
      treatment('2026-05-20'),
      treatment('2026-06-03'),
      treatment('2026-06-16', planned),
    ],
  },
  // C11 F 12 child [sadness] not clearly. T1 04-16 = day 14 met. T2 n/a. M1 04-30→05-21 = 21 breached.
  //    M2 one session, running 25 days since 05-21: overdue, open 25.
  C11: {
    firstContact: '2026-04-02',
    cpr: cprFor('2013-12-12', 'female'),
    contactedBy: 'child',
    clearlyInTargetGroup: false,
    focusAreas: ['sadness'],
    contacts: [pre('2026-04-16'), screening('2026-04-30'), treatment('2026-05-21')],
    referrals: [{ date: '2026-05-21', destination: 'other' }],
  },
  // C12 M 12 parent [worry]. T1 04-10 = day 3 met. T2 05-07 = day 30 met. M1: a municipal cancellation and a
  //    no-show (no adjustment), held 05-25 = 18 breached, adjusted 18 breached.
  //    M2 gap 7, running 14 days since 06-01 (today is its deadline): met so far, 7.
  C12: {
    firstContact: '2026-04-07',
    cpr: cprFor('2014-04-07', 'male'),
    focusAreas: ['worry'],
    contacts: [
      pre('2026-04-10'),
      screening('2026-05-07'),
      treatment('2026-05-14', municipal),
      treatment('2026-05-18', noShow),
      treatment('2026-05-25'),
      treatment('2026-06-01'),
    ],
  },
  // C13 F 15 child [self_harm]. T1 04-29 = day 15 breached. T2 05-14 = day 30 met (family declined treatment). M1, M2 n/a.
  C13: {
    firstContact: '2026-04-14',
    cpr: cprFor('2010-10-10', 'female'),
    contactedBy: 'child',
    focusAreas: ['self_harm'],
    contacts: [pre('2026-04-29'), screening('2026-05-14', held, { outcome: 'family_declined' })],
    close: { date: '2026-05-14', reason: 'family_declined' },
  },
  // C14 M 7 parent [worry, body_and_food]. T1 05-04 = day 14 met. T2 05-21 = day 31 breached. M1 05-21→06-04 = 14 met.
  //    M2 one session, running 11 days: pending, open 11.
  C14: {
    firstContact: '2026-04-20',
    cpr: cprFor('2018-07-07', 'male'),
    focusAreas: ['worry', 'body_and_food'],
    contacts: [pre('2026-05-04'), screening('2026-05-21'), treatment('2026-06-04')],
  },
  // C15 F 14 (born 29 February 2012) other [other] not clearly. T1 05-11 = day 14 met. T2, M1, M2 n/a.
  C15: {
    firstContact: '2026-04-27',
    cpr: cprFor('2012-02-29', 'female'),
    contactedBy: 'other',
    clearlyInTargetGroup: false,
    focusAreas: ['other'],
    contacts: [pre('2026-05-11', held, { outcome: 'not_in_target_group' })],
    referrals: [{ date: '2026-05-11', destination: 'home_municipality_offer' }],
    close: { date: '2026-05-11', reason: 'not_in_target_group' },
  },
  // D1 M 12 parent [restlessness_inattention]. T1 05-18 = day 14 met. T2: family-cancelled 05-25, rebooked 06-18;
  //    deadline 06-03 passed: overdue, open 42. Running delay 05-25→06-18 cut at today = 21: adjusted deadline 06-24: adjusted pending.
  D1: {
    firstContact: '2026-05-04',
    cpr: cprFor('2014-01-15', 'male'),
    focusAreas: ['restlessness_inattention'],
    contacts: [pre('2026-05-18'), screening('2026-05-25', family), screening('2026-06-18', planned)],
  },
  // D2 F 9 child [worry] not clearly. A no-show 05-15, held 05-26 = day 15 breached; adjusted 15 breached. T2 n/a.
  D2: {
    firstContact: '2026-05-11',
    cpr: cprFor('2017-04-04', 'female'),
    contactedBy: 'child',
    clearlyInTargetGroup: false,
    focusAreas: ['worry'],
    contacts: [pre('2026-05-15', noShow), pre('2026-05-26')],
  },
  // D3 M 12 parent [sadness, worry, behaviour]. A municipal cancellation 05-12, held 05-20 = day 14 met. T2 06-05 = day 30 met.
  D3: {
    municipality: '101',
    firstContact: '2026-05-06',
    cpr: cprFor('2013-10-10', 'male'),
    focusAreas: ['sadness', 'worry', 'behaviour'],
    contacts: [pre('2026-05-12', municipal), pre('2026-05-20'), screening('2026-06-05')],
  },
  // D4 F 16 (birthday on the first contact) child [self_harm, sadness]; nothing held. T1 overdue 33. T2 overdue 33.
  D4: {
    municipality: '101',
    firstContact: '2026-05-13',
    cpr: cprFor('2010-05-13', 'female'),
    contactedBy: 'child',
    focusAreas: ['self_harm', 'sadness'],
  },
  // D5 M 9 parent [worry]. T1 06-01 = day 14 met. T2 pending (deadline 06-17), open 28.
  D5: {
    municipality: '101',
    firstContact: '2026-05-18',
    cpr: cprFor('2016-11-30', 'male'),
    focusAreas: ['worry'],
    contacts: [pre('2026-06-01')],
  },
  // D6 no CPR, other [other] not clearly. T1 06-04 = day 15 breached. T2 n/a.
  D6: {
    municipality: '101',
    firstContact: '2026-05-20',
    contactedBy: 'other',
    clearlyInTargetGroup: false,
    focusAreas: ['other'],
    contacts: [pre('2026-06-04', held, { outcome: 'no_further_help' })],
    referrals: [{ date: '2026-06-04', destination: 'civil_society' }],
    close: { date: '2026-06-04', reason: 'other' },
  },
  // E1 F 11 parent [worry]; nothing held. T1 deadline 06-15 is today: still pending, open 14. T2 pending 14.
  E1: { firstContact: '2026-06-01', cpr: cprFor('2015-02-14', 'female'), focusAreas: ['worry'] },
  // E2 M 13 (14 the day after today) child [sadness]; booked on its deadline 06-22. T1 pending 7. T2 pending 7.
  E2: {
    firstContact: '2026-06-08',
    cpr: cprFor('2012-06-16', 'male'),
    contactedBy: 'child',
    focusAreas: ['sadness'],
    contacts: [pre('2026-06-22', planned)],
  },
  // E3 F 6 parent [behaviour] not clearly. Family-cancelled 06-12, rebooked 06-19: T1 pending, open 5 (adjusted pending). T2 n/a.
  E3: {
    municipality: '101',
    firstContact: '2026-06-10',
    cpr: cprFor('2019-09-09', 'female'),
    clearlyInTargetGroup: false,
    focusAreas: ['behaviour'],
    contacts: [pre('2026-06-12', family), pre('2026-06-19', planned)],
  },
  // E4 M 6 parent [worry]; first contact today. T1 pending 0. T2 pending 0.
  E4: { municipality: '101', firstContact: '2026-06-15', cpr: cprFor('2020-01-01', 'male'), focusAreas: ['worry'] },
  // E5 no CPR, child [restlessness_inattention, self_harm]. T1 06-10 = day 7 met. T2 06-12 = day 9 met.
  E5: {
    municipality: '101',
    firstContact: '2026-06-03',
    contactedBy: 'child',
    focusAreas: ['restlessness_inattention', 'self_harm'],
    contacts: [pre('2026-06-10'), screening('2026-06-12')],
  },
};

type Figure = number | string | null;
interface Group {
  key: string;
  met: Figure;
  breached: Figure;
  overdue: Figure;
  pending: Figure;
  notApplicable: Figure;
  rate: Figure;
  completed: { n: Figure; median: Figure; p90: Figure };
  open: { n: Figure; median: Figure; p90: Figure };
  adjusted: { met: Figure; breached: Figure; overdue: Figure; rate: Figure; completed: { n: Figure; median: Figure; p90: Figure } };
  suppressed?: true;
}
type Expected = Record<string, Group[]>;

/**
 * One group as the API publishes it, from literals in the order
 * `[met, breached, overdue, pending, notApplicable]`, rate, `[completed n, median, p90]`,
 * `[open n, median, p90]`, `[adjusted met, breached, overdue, rate, completed n, median, p90]`.
 */
function g(
  key: string,
  [met, breached, overdue, pending, notApplicable]: Figure[],
  rate: Figure,
  [completedN, completedMedian, completedP90]: Figure[],
  [openN, openMedian, openP90]: Figure[],
  [aMet, aBreached, aOverdue, aRate, aN, aMedian, aP90]: Figure[],
  suppressed = false,
): Group {
  return {
    key,
    met,
    breached,
    overdue,
    pending,
    notApplicable,
    rate,
    completed: { n: completedN, median: completedMedian, p90: completedP90 },
    open: { n: openN, median: openMedian, p90: openP90 },
    adjusted: { met: aMet, breached: aBreached, overdue: aOverdue, rate: aRate, completed: { n: aN, median: aMedian, p90: aP90 } },
    ...(suppressed ? { suppressed: true as const } : {}),
  };
}

/** The report's targets as `{ target: { groupKey: group } }` (group order is the database's collation's business). */
function byTarget(body: { targets: { target: string; groups: Group[] }[] }): Record<string, Record<string, Group>> {
  return Object.fromEntries(
    body.targets.map((t) => {
      const keyed = Object.fromEntries(t.groups.map((grp) => [grp.key, grp]));
      expect(Object.keys(keyed)).toHaveLength(t.groups.length);
      return [t.target, keyed];
    }),
  );
}
const keyedExpected = (expected: Expected) =>
  Object.fromEntries(Object.entries(expected).map(([target, groups]) => [target, Object.fromEntries(groups.map((grp) => [grp.key, grp]))]));

/** What an evaluator sees: the national targets only (a municipality's own target is named by it, so it would identify it). */
const NATIONAL_ONLY = ['pre_conversation_14d', 'screening_30d'];
const evaluatorExpected = (expected: Expected) =>
  keyedExpected(Object.fromEntries(Object.entries(expected).filter(([target]) => NATIONAL_ONLY.includes(target))));

const ALL: Expected = {
  pre_conversation_14d: [
    // all: A1 A2 A3 A4 A5 B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 D3 D4 D5 D6 E1 E2 E3 E4 E5
    //   completed [3, 3, 4, 4, 5, 7, 7, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15, 15, 15, 17, 20, 21]; open [0, 5, 7, 14, 21, 33, 84, 97, 250]; adjusted completed [3, 3, 4, 4, 5, 6, 7, 7, 7, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15, 15, 15, 17]
    g('all', [24, 10, 5, 4, 1], 0.615, [34, 14, 15], [9, 21, 127.6], [26, 8, 4, 0.684, 34, 14, 15]),
  ],
  screening_30d: [
    // all: A1 A2 A3 A4 A5 B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 D3 D4 D5 D6 E1 E2 E3 E4 E5
    //   completed [9, 14, 15, 18, 21, 30, 30, 30, 30, 30, 30, 30, 30, 30, 31, 31, 34, 35, 35, 35, 37]; open [0, 7, 14, 21, 28, 33, 42, 84, 145, 250]; adjusted completed [9, 14, 15, 16, 18, 21, 21, 25, 30, 30, 30, 30, 30, 30, 30, 30, 30, 31, 31, 34, 35]
    g('all', [14, 7, 5, 5, 13], 0.538, [21, 30, 35], [10, 30.5, 155.5], [17, 4, 4, 0.68, 21, 30, 31]),
  ],
  session_gap_14d: [
    // all: C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7, 10, 14, 15, 28]; open [11, 25, 28]; adjusted completed [7, 7, 10, 14, 15]
    g('all', [3, 2, 2, 1, 10], 0.429, [5, 14, 22.8], [3, 25, 27.4], [4, 1, 2, 0.571, 5, 10, 14.6]),
  ],
  treatment_start_14d: [
    // all: C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7, 7, 14, 14, 14, 18, 19, 21, 21]; open [73]; adjusted completed [7, 7, 9, 14, 14, 14, 18, 21, 21]
    g('all', [5, 4, 1, 0, 8], 0.5, [9, 14, 21], [1, 73, 73], [6, 3, 1, 0.6, 9, 14, 21]),
  ],
};

const BY_MUNICIPALITY: Expected = {
  pre_conversation_14d: [
    // 101: B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 D3 D4 D5 D6 E3 E4 E5
    //   completed [3, 4, 5, 7, 7, 14, 14, 14, 14, 14, 15, 15, 15, 17, 20]; open [0, 5, 21, 33, 97]; adjusted completed [3, 4, 5, 6, 7, 7, 14, 14, 14, 14, 14, 15, 15, 15, 17]
    g('101', [10, 5, 3, 2, 1], 0.556, [15, 14, 16.2], [5, 21, 71.4], [11, 4, 2, 0.647, 15, 14, 15]),
    // 751: A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [3, 4, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 21]; open [7, 14, 84, 250]; adjusted completed [3, 4, 7, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15]
    g('751', [14, 5, 2, 2, 0], 0.667, [19, 14, 15], [4, 49, 200.2], [15, 4, 2, 0.714, 19, 14, 15]),
  ],
  screening_30d: [
    // 101: B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 D3 D4 D5 D6 E3 E4 E5
    //   completed [9, 14, 15, 18, 30, 30, 30, 34, 35]; open [0, 21, 28, 33, 145]; adjusted completed [9, 14, 15, 18, 21, 30, 30, 30, 34]
    g('101', [7, 2, 2, 3, 7], 0.636, [9, 30, 34.2], [5, 28, 100.2], [8, 1, 2, 0.727, 9, 21, 30.8]),
    // 751: A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [21, 30, 30, 30, 30, 30, 30, 31, 31, 35, 35, 37]; open [7, 14, 42, 84, 250]; adjusted completed [16, 21, 25, 30, 30, 30, 30, 30, 30, 31, 31, 35]
    g('751', [7, 5, 3, 2, 6], 0.467, [12, 30, 35], [5, 42, 183.6], [9, 3, 2, 0.643, 12, 30, 31]),
  ],
  session_gap_14d: [
    // 751: C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7, 10, 14, 15, 28]; open [11, 25, 28]; adjusted completed [7, 7, 10, 14, 15]
    g('751', [3, 2, 2, 1, 10], 0.429, [5, 14, 22.8], [3, 25, 27.4], [4, 1, 2, 0.571, 5, 10, 14.6]),
  ],
  treatment_start_14d: [
    // 751: C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7, 7, 14, 14, 14, 18, 19, 21, 21]; open [73]; adjusted completed [7, 7, 9, 14, 14, 14, 18, 21, 21]
    g('751', [5, 4, 1, 0, 8], 0.5, [9, 14, 21], [1, 73, 73], [6, 3, 1, 0.6, 9, 14, 21]),
  ],
};

const BY_REGION: Expected = {
  pre_conversation_14d: [
    // 1082: A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [3, 4, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 21]; open [7, 14, 84, 250]; adjusted completed [3, 4, 7, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15]
    g('1082', [14, 5, 2, 2, 0], 0.667, [19, 14, 15], [4, 49, 200.2], [15, 4, 2, 0.714, 19, 14, 15]),
    // 1084: B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 D3 D4 D5 D6 E3 E4 E5
    //   completed [3, 4, 5, 7, 7, 14, 14, 14, 14, 14, 15, 15, 15, 17, 20]; open [0, 5, 21, 33, 97]; adjusted completed [3, 4, 5, 6, 7, 7, 14, 14, 14, 14, 14, 15, 15, 15, 17]
    g('1084', [10, 5, 3, 2, 1], 0.556, [15, 14, 16.2], [5, 21, 71.4], [11, 4, 2, 0.647, 15, 14, 15]),
  ],
  screening_30d: [
    // 1082: A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [21, 30, 30, 30, 30, 30, 30, 31, 31, 35, 35, 37]; open [7, 14, 42, 84, 250]; adjusted completed [16, 21, 25, 30, 30, 30, 30, 30, 30, 31, 31, 35]
    g('1082', [7, 5, 3, 2, 6], 0.467, [12, 30, 35], [5, 42, 183.6], [9, 3, 2, 0.643, 12, 30, 31]),
    // 1084: B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 D3 D4 D5 D6 E3 E4 E5
    //   completed [9, 14, 15, 18, 30, 30, 30, 34, 35]; open [0, 21, 28, 33, 145]; adjusted completed [9, 14, 15, 18, 21, 30, 30, 30, 34]
    g('1084', [7, 2, 2, 3, 7], 0.636, [9, 30, 34.2], [5, 28, 100.2], [8, 1, 2, 0.727, 9, 21, 30.8]),
  ],
  session_gap_14d: [
    // 1082: C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7, 10, 14, 15, 28]; open [11, 25, 28]; adjusted completed [7, 7, 10, 14, 15]
    g('1082', [3, 2, 2, 1, 10], 0.429, [5, 14, 22.8], [3, 25, 27.4], [4, 1, 2, 0.571, 5, 10, 14.6]),
  ],
  treatment_start_14d: [
    // 1082: C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7, 7, 14, 14, 14, 18, 19, 21, 21]; open [73]; adjusted completed [7, 7, 9, 14, 14, 14, 18, 21, 21]
    g('1082', [5, 4, 1, 0, 8], 0.5, [9, 14, 21], [1, 73, 73], [6, 3, 1, 0.6, 9, 14, 21]),
  ],
};

const BY_MONTH: Expected = {
  pre_conversation_14d: [
    // 2025-10: A1 A2 A3 A4 A5
    //   completed [7, 14, 15, 21]; open [250]; adjusted completed [7, 7, 14, 15]
    g('2025-10', [2, 2, 1, 0, 0], 0.4, [4, 14.5, 19.2], [1, 250, 250], [3, 1, 1, 0.6, 4, 10.5, 14.7]),
    // 2026-01: B1 B2 B3 B4 B5 B6
    //   completed [7, 14, 14, 15, 20]; open []; adjusted completed [6, 7, 14, 14, 15]
    g('2026-01', [3, 2, 0, 0, 1], 0.6, [5, 14, 18], [0, null, null], [4, 1, 0, 0.8, 5, 14, 14.6]),
    // 2026-02: B7 B8 B9
    //   completed [3, 4, 17]; open []; adjusted completed [3, 4, 17]
    g('2026-02', [2, 1, 0, 0, 0], 0.667, [3, 4, 14.4], [0, null, null], [2, 1, 0, 0.667, 3, 4, 14.4]),
    // 2026-03: B10 B11 C1 C2 C3 C4 C5 C6 C8 C9 C10
    //   completed [4, 7, 8, 9, 14, 14, 14, 15, 15]; open [84, 97]; adjusted completed [4, 7, 8, 9, 14, 14, 14, 15, 15]
    g('2026-03', [7, 2, 2, 0, 0], 0.636, [9, 14, 15], [2, 90.5, 95.7], [7, 2, 2, 0.636, 9, 14, 15]),
    // 2026-04: B12 B13 C11 C12 C13 C14 C15
    //   completed [3, 5, 14, 14, 14, 14, 15]; open []; adjusted completed [3, 5, 14, 14, 14, 14, 15]
    g('2026-04', [6, 1, 0, 0, 0], 0.857, [7, 14, 14.4], [0, null, null], [6, 1, 0, 0.857, 7, 14, 14.4]),
    // 2026-05: B14 D1 D2 D3 D4 D5 D6
    //   completed [14, 14, 14, 15, 15]; open [21, 33]; adjusted completed [14, 14, 14, 15, 15]
    g('2026-05', [3, 2, 2, 0, 0], 0.429, [5, 14, 15], [2, 27, 31.8], [3, 2, 1, 0.5, 5, 14, 15]),
    // 2026-06: E1 E2 E3 E4 E5
    //   completed [7]; open [0, 5, 7, 14]; adjusted completed [7]
    g('2026-06', [1, 0, 0, 4, 0], 1, [1, 7, 7], [4, 6, 11.9], [1, 0, 0, 1, 1, 7, 7]),
  ],
  screening_30d: [
    // 2025-10: A1 A2 A3 A4 A5
    //   completed [30, 31, 35]; open [250]; adjusted completed [25, 30, 31]
    g('2025-10', [1, 2, 1, 0, 1], 0.25, [3, 31, 34.2], [1, 250, 250], [2, 1, 1, 0.5, 3, 30, 30.8]),
    // 2026-01: B1 B2 B3 B4 B5 B6
    //   completed [14, 30, 34]; open [145]; adjusted completed [14, 30, 34]
    g('2026-01', [2, 1, 1, 0, 2], 0.5, [3, 30, 33.2], [1, 145, 145], [2, 1, 1, 0.5, 3, 30, 33.2]),
    // 2026-02: B7 B8 B9
    //   completed [18, 35]; open []; adjusted completed [18, 21]
    g('2026-02', [1, 1, 0, 0, 1], 0.5, [2, 26.5, 33.3], [0, null, null], [2, 0, 0, 1, 2, 19.5, 20.7]),
    // 2026-03: B10 B11 C1 C2 C3 C4 C5 C6 C8 C9 C10
    //   completed [15, 21, 30, 30, 30, 35, 37]; open [84]; adjusted completed [15, 16, 21, 30, 30, 30, 35]
    g('2026-03', [5, 2, 1, 0, 3], 0.625, [7, 30, 35.8], [1, 84, 84], [6, 1, 1, 0.75, 7, 30, 32]),
    // 2026-04: B12 B13 C11 C12 C13 C14 C15
    //   completed [30, 30, 30, 31]; open []; adjusted completed [30, 30, 30, 31]
    g('2026-04', [3, 1, 0, 0, 3], 0.75, [4, 30, 30.7], [0, null, null], [3, 1, 0, 0.75, 4, 30, 30.7]),
    // 2026-05: B14 D1 D2 D3 D4 D5 D6
    //   completed [30]; open [21, 28, 33, 42]; adjusted completed [30]
    g('2026-05', [1, 0, 2, 2, 2], 0.333, [1, 30, 30], [4, 30.5, 39.3], [1, 0, 1, 0.5, 1, 30, 30]),
    // 2026-06: E1 E2 E3 E4 E5
    //   completed [9]; open [0, 7, 14]; adjusted completed [9]
    g('2026-06', [1, 0, 0, 3, 1], 1, [1, 9, 9], [3, 7, 12.6], [1, 0, 0, 1, 1, 9, 9]),
  ],
  session_gap_14d: [
    // 2026-03: C1 C2 C3 C4 C5 C6 C8 C9 C10
    //   completed [10, 14, 15, 28]; open [28]; adjusted completed [7, 10, 14, 15]
    g('2026-03', [2, 2, 1, 0, 4], 0.4, [4, 14.5, 24.1], [1, 28, 28], [3, 1, 1, 0.6, 4, 12, 14.7]),
    // 2026-04: C11 C12 C13 C14 C15
    //   completed [7]; open [11, 25]; adjusted completed [7]
    g('2026-04', [1, 0, 1, 1, 2], 0.5, [1, 7, 7], [2, 18, 23.6], [1, 0, 1, 0.5, 1, 7, 7]),
    // 2026-05: D1 D2
    //   completed []; open []; adjusted completed []
    g('2026-05', [0, 0, 0, 0, 2], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // 2026-06: E1 E2
    //   completed []; open []; adjusted completed []
    g('2026-06', [0, 0, 0, 0, 2], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
  ],
  treatment_start_14d: [
    // 2026-03: C1 C2 C3 C4 C5 C6 C8 C9 C10
    //   completed [7, 7, 14, 14, 19, 21]; open [73]; adjusted completed [7, 7, 9, 14, 14, 21]
    g('2026-03', [4, 2, 1, 0, 2], 0.571, [6, 14, 20], [1, 73, 73], [5, 1, 1, 0.714, 6, 11.5, 17.5]),
    // 2026-04: C11 C12 C13 C14 C15
    //   completed [14, 18, 21]; open []; adjusted completed [14, 18, 21]
    g('2026-04', [1, 2, 0, 0, 2], 0.333, [3, 18, 20.4], [0, null, null], [1, 2, 0, 0.333, 3, 18, 20.4]),
    // 2026-05: D1 D2
    //   completed []; open []; adjusted completed []
    g('2026-05', [0, 0, 0, 0, 2], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // 2026-06: E1 E2
    //   completed []; open []; adjusted completed []
    g('2026-06', [0, 0, 0, 0, 2], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
  ],
};

const BY_QUARTER: Expected = {
  pre_conversation_14d: [
    // 2025-Q4: A1 A2 A3 A4 A5
    //   completed [7, 14, 15, 21]; open [250]; adjusted completed [7, 7, 14, 15]
    g('2025-Q4', [2, 2, 1, 0, 0], 0.4, [4, 14.5, 19.2], [1, 250, 250], [3, 1, 1, 0.6, 4, 10.5, 14.7]),
    // 2026-Q1: B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 C1 C2 C3 C4 C5 C6 C8 C9 C10
    //   completed [3, 4, 4, 7, 7, 8, 9, 14, 14, 14, 14, 14, 15, 15, 15, 17, 20]; open [84, 97]; adjusted completed [3, 4, 4, 6, 7, 7, 8, 9, 14, 14, 14, 14, 14, 15, 15, 15, 17]
    g('2026-Q1', [12, 5, 2, 0, 1], 0.632, [17, 14, 15.8], [2, 90.5, 95.7], [13, 4, 2, 0.684, 17, 14, 15]),
    // 2026-Q2: B12 B13 B14 C11 C12 C13 C14 C15 D1 D2 D3 D4 D5 D6 E1 E2 E3 E4 E5
    //   completed [3, 5, 7, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15]; open [0, 5, 7, 14, 21, 33]; adjusted completed [3, 5, 7, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15]
    g('2026-Q2', [10, 3, 2, 4, 0], 0.667, [13, 14, 15], [6, 10.5, 27], [10, 3, 1, 0.714, 13, 14, 15]),
  ],
  screening_30d: [
    // 2025-Q4: A1 A2 A3 A4 A5
    //   completed [30, 31, 35]; open [250]; adjusted completed [25, 30, 31]
    g('2025-Q4', [1, 2, 1, 0, 1], 0.25, [3, 31, 34.2], [1, 250, 250], [2, 1, 1, 0.5, 3, 30, 30.8]),
    // 2026-Q1: B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 C1 C2 C3 C4 C5 C6 C8 C9 C10
    //   completed [14, 15, 18, 21, 30, 30, 30, 30, 34, 35, 35, 37]; open [84, 145]; adjusted completed [14, 15, 16, 18, 21, 21, 30, 30, 30, 30, 34, 35]
    g('2026-Q1', [8, 4, 2, 0, 6], 0.571, [12, 30, 35], [2, 114.5, 138.9], [10, 2, 2, 0.714, 12, 25.5, 33.6]),
    // 2026-Q2: B12 B13 B14 C11 C12 C13 C14 C15 D1 D2 D3 D4 D5 D6 E1 E2 E3 E4 E5
    //   completed [9, 30, 30, 30, 30, 31]; open [0, 7, 14, 21, 28, 33, 42]; adjusted completed [9, 30, 30, 30, 30, 31]
    g('2026-Q2', [5, 1, 2, 5, 6], 0.625, [6, 30, 30.5], [7, 21, 36.6], [5, 1, 1, 0.714, 6, 30, 30.5]),
  ],
  session_gap_14d: [
    // 2026-Q1: C1 C2 C3 C4 C5 C6 C8 C9 C10
    //   completed [10, 14, 15, 28]; open [28]; adjusted completed [7, 10, 14, 15]
    g('2026-Q1', [2, 2, 1, 0, 4], 0.4, [4, 14.5, 24.1], [1, 28, 28], [3, 1, 1, 0.6, 4, 12, 14.7]),
    // 2026-Q2: C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7]; open [11, 25]; adjusted completed [7]
    g('2026-Q2', [1, 0, 1, 1, 6], 0.5, [1, 7, 7], [2, 18, 23.6], [1, 0, 1, 0.5, 1, 7, 7]),
  ],
  treatment_start_14d: [
    // 2026-Q1: C1 C2 C3 C4 C5 C6 C8 C9 C10
    //   completed [7, 7, 14, 14, 19, 21]; open [73]; adjusted completed [7, 7, 9, 14, 14, 21]
    g('2026-Q1', [4, 2, 1, 0, 2], 0.571, [6, 14, 20], [1, 73, 73], [5, 1, 1, 0.714, 6, 11.5, 17.5]),
    // 2026-Q2: C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [14, 18, 21]; open []; adjusted completed [14, 18, 21]
    g('2026-Q2', [1, 2, 0, 0, 6], 0.333, [3, 18, 20.4], [0, null, null], [1, 2, 0, 0.333, 3, 18, 20.4]),
  ],
};

const BY_HALF_YEAR: Expected = {
  pre_conversation_14d: [
    // 2025-H2: A1 A2 A3 A4 A5
    //   completed [7, 14, 15, 21]; open [250]; adjusted completed [7, 7, 14, 15]
    g('2025-H2', [2, 2, 1, 0, 0], 0.4, [4, 14.5, 19.2], [1, 250, 250], [3, 1, 1, 0.6, 4, 10.5, 14.7]),
    // 2026-H1: B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 D3 D4 D5 D6 E1 E2 E3 E4 E5
    //   completed [3, 3, 4, 4, 5, 7, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15, 15, 17, 20]; open [0, 5, 7, 14, 21, 33, 84, 97]; adjusted completed [3, 3, 4, 4, 5, 6, 7, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15, 15, 17]
    g('2026-H1', [22, 8, 4, 4, 1], 0.647, [30, 14, 15], [8, 17.5, 87.9], [23, 7, 3, 0.697, 30, 14, 15]),
  ],
  screening_30d: [
    // 2025-H2: A1 A2 A3 A4 A5
    //   completed [30, 31, 35]; open [250]; adjusted completed [25, 30, 31]
    g('2025-H2', [1, 2, 1, 0, 1], 0.25, [3, 31, 34.2], [1, 250, 250], [2, 1, 1, 0.5, 3, 30, 30.8]),
    // 2026-H1: B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 D3 D4 D5 D6 E1 E2 E3 E4 E5
    //   completed [9, 14, 15, 18, 21, 30, 30, 30, 30, 30, 30, 30, 30, 31, 34, 35, 35, 37]; open [0, 7, 14, 21, 28, 33, 42, 84, 145]; adjusted completed [9, 14, 15, 16, 18, 21, 21, 30, 30, 30, 30, 30, 30, 30, 30, 31, 34, 35]
    g('2026-H1', [13, 5, 4, 5, 12], 0.591, [18, 30, 35], [9, 28, 96.2], [15, 3, 3, 0.714, 18, 30, 31.9]),
  ],
  session_gap_14d: [
    // 2026-H1: C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7, 10, 14, 15, 28]; open [11, 25, 28]; adjusted completed [7, 7, 10, 14, 15]
    g('2026-H1', [3, 2, 2, 1, 10], 0.429, [5, 14, 22.8], [3, 25, 27.4], [4, 1, 2, 0.571, 5, 10, 14.6]),
  ],
  treatment_start_14d: [
    // 2026-H1: C1 C2 C3 C4 C5 C6 C8 C9 C10 C11 C12 C13 C14 C15 D1 D2 E1 E2
    //   completed [7, 7, 14, 14, 14, 18, 19, 21, 21]; open [73]; adjusted completed [7, 7, 9, 14, 14, 14, 18, 21, 21]
    g('2026-H1', [5, 4, 1, 0, 8], 0.5, [9, 14, 21], [1, 73, 73], [6, 3, 1, 0.6, 9, 14, 21]),
  ],
};

const BY_AGE_GROUP: Expected = {
  pre_conversation_14d: [
    // 10-13: A2 B2 B7 B8 B14 C1 C2 C11 C12 D1 D3 E1 E2
    //   completed [3, 3, 4, 8, 14, 14, 14, 14, 14, 15]; open [7, 14, 21]; adjusted completed [3, 3, 4, 8, 14, 14, 14, 14, 14, 15]
    g('10-13', [9, 1, 1, 2, 0], 0.818, [10, 14, 14.1], [3, 14, 19.6], [9, 1, 0, 0.9, 10, 14, 14.1]),
    // 14-17: A4 A5 B3 B9 B11 B12 C3 C6 C8 C9 C13 C15 D4
    //   completed [7, 14, 14, 14, 14, 15, 15, 17, 21]; open [33, 84, 97, 250]; adjusted completed [7, 7, 14, 14, 14, 14, 15, 15, 17]
    g('14-17', [5, 4, 4, 0, 0], 0.385, [9, 14, 17.8], [4, 90.5, 204.1], [6, 3, 4, 0.462, 9, 14, 15.4]),
    // 5-9: A1 B1 B4 B10 C4 C5 C10 C14 D2 D5 E3 E4
    //   completed [4, 9, 14, 14, 14, 14, 15, 15, 15, 20]; open [0, 5]; adjusted completed [4, 6, 9, 14, 14, 14, 14, 15, 15, 15]
    g('5-9', [6, 4, 0, 2, 0], 0.6, [10, 14, 15.5], [2, 2.5, 4.5], [7, 3, 0, 0.7, 10, 14, 15]),
    // outside_range: B6 B13
    //   completed [5, 7]; open []; adjusted completed [5, 7]
    g('outside_range', [2, 0, 0, 0, 0], 1, [2, 6, 6.8], [0, null, null], [2, 0, 0, 1, 2, 6, 6.8]),
    // unknown: A3 B5 D6 E5
    //   completed [7, 7, 15]; open []; adjusted completed [7, 7, 15]
    g('unknown', [2, 1, 0, 0, 1], 0.667, [3, 7, 13.4], [0, null, null], [2, 1, 0, 0.667, 3, 7, 13.4]),
  ],
  screening_30d: [
    // 10-13: A2 B2 B7 B8 B14 C1 C2 C11 C12 D1 D3 E1 E2
    //   completed [14, 18, 30, 30, 30, 30, 31, 35]; open [7, 14, 21, 42]; adjusted completed [14, 18, 21, 30, 30, 30, 30, 31]
    g('10-13', [6, 2, 1, 3, 1], 0.667, [8, 30, 32.2], [4, 17.5, 35.7], [7, 1, 0, 0.875, 8, 30, 30.3]),
    // 14-17: A4 A5 B3 B9 B11 B12 C3 C6 C8 C9 C13 C15 D4
    //   completed [21, 30, 30, 30, 35]; open [33, 84, 250]; adjusted completed [21, 25, 30, 30, 30]
    g('14-17', [4, 1, 3, 0, 5], 0.5, [5, 30, 33], [3, 84, 216.8], [5, 0, 3, 0.625, 5, 30, 30]),
    // 5-9: A1 B1 B4 B10 C4 C5 C10 C14 D2 D5 E3 E4
    //   completed [15, 30, 30, 31, 34, 35, 37]; open [0, 28]; adjusted completed [15, 16, 30, 30, 31, 34, 35]
    g('5-9', [3, 4, 0, 2, 3], 0.429, [7, 31, 35.8], [2, 14, 25.2], [4, 3, 0, 0.571, 7, 30, 34.4]),
    // outside_range: B6 B13
    //   completed []; open [145]; adjusted completed []
    g('outside_range', [0, 0, 1, 0, 1], 0, [0, null, null], [1, 145, 145], [0, 0, 1, 0, 0, null, null]),
    // unknown: A3 B5 D6 E5
    //   completed [9]; open []; adjusted completed [9]
    g('unknown', [1, 0, 0, 0, 3], 1, [1, 9, 9], [0, null, null], [1, 0, 0, 1, 1, 9, 9]),
  ],
  session_gap_14d: [
    // 10-13: C1 C2 C11 C12 D1 E1 E2
    //   completed [7, 10, 15]; open [25]; adjusted completed [7, 10, 15]
    g('10-13', [2, 1, 1, 0, 3], 0.5, [3, 10, 14], [1, 25, 25], [2, 1, 1, 0.5, 3, 10, 14]),
    // 14-17: C3 C6 C8 C9 C13 C15
    //   completed [28]; open []; adjusted completed [7]
    g('14-17', [0, 1, 0, 0, 5], 0, [1, 28, 28], [0, null, null], [1, 0, 0, 1, 1, 7, 7]),
    // 5-9: C4 C5 C10 C14 D2
    //   completed [14]; open [11, 28]; adjusted completed [14]
    g('5-9', [1, 0, 1, 1, 2], 0.5, [1, 14, 14], [2, 19.5, 26.3], [1, 0, 1, 0.5, 1, 14, 14]),
  ],
  treatment_start_14d: [
    // 10-13: C1 C2 C11 C12 D1 E1 E2
    //   completed [14, 18, 19, 21]; open []; adjusted completed [9, 14, 18, 21]
    g('10-13', [1, 3, 0, 0, 3], 0.25, [4, 18.5, 20.4], [0, null, null], [2, 2, 0, 0.5, 4, 16, 20.1]),
    // 14-17: C3 C6 C8 C9 C13 C15
    //   completed [7]; open [73]; adjusted completed [7]
    g('14-17', [1, 0, 1, 0, 4], 0.5, [1, 7, 7], [1, 73, 73], [1, 0, 1, 0.5, 1, 7, 7]),
    // 5-9: C4 C5 C10 C14 D2
    //   completed [7, 14, 14, 21]; open []; adjusted completed [7, 14, 14, 21]
    g('5-9', [3, 1, 0, 0, 1], 0.75, [4, 14, 18.9], [0, null, null], [3, 1, 0, 0.75, 4, 14, 18.9]),
  ],
};

const BY_SEX: Expected = {
  pre_conversation_14d: [
    // female: A1 A4 B1 B3 B6 B8 B10 B12 B14 C2 C3 C5 C8 C10 C11 C13 C15 D2 D4 E1 E3
    //   completed [4, 4, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 21]; open [5, 14, 21, 33]; adjusted completed [4, 4, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15]
    g('female', [12, 5, 2, 2, 0], 0.632, [17, 14, 15], [4, 17.5, 29.4], [13, 4, 1, 0.722, 17, 14, 15]),
    // male: A2 A5 B2 B4 B7 B9 B11 B13 C1 C4 C6 C9 C12 C14 D1 D3 D5 E2 E4
    //   completed [3, 3, 5, 7, 14, 14, 14, 14, 14, 14, 15, 15, 17, 20]; open [0, 7, 84, 97, 250]; adjusted completed [3, 3, 5, 6, 7, 14, 14, 14, 14, 14, 14, 15, 15, 17]
    g('male', [10, 4, 3, 2, 0], 0.588, [14, 14, 16.4], [5, 84, 188.8], [11, 3, 3, 0.647, 14, 14, 15]),
    // unknown: A3 B5 D6 E5
    //   completed [7, 7, 15]; open []; adjusted completed [7, 7, 15]
    g('unknown', [2, 1, 0, 0, 1], 0.667, [3, 7, 13.4], [0, null, null], [2, 1, 0, 0.667, 3, 7, 13.4]),
  ],
  screening_30d: [
    // female: A1 A4 B1 B3 B6 B8 B10 B12 B14 C2 C3 C5 C8 C10 C11 C13 C15 D2 D4 E1 E3
    //   completed [15, 30, 30, 30, 30, 30, 30, 35, 35, 35, 37]; open [14, 21, 33, 145]; adjusted completed [15, 16, 21, 25, 30, 30, 30, 30, 30, 30, 35]
    g('female', [7, 4, 2, 2, 6], 0.538, [11, 30, 35], [4, 27, 111.4], [10, 1, 2, 0.769, 11, 30, 30]),
    // male: A2 A5 B2 B4 B7 B9 B11 B13 C1 C4 C6 C9 C12 C14 D1 D3 D5 E2 E4
    //   completed [14, 18, 21, 30, 30, 30, 31, 31, 34]; open [0, 7, 28, 42, 84, 250]; adjusted completed [14, 18, 21, 30, 30, 30, 31, 31, 34]
    g('male', [6, 3, 3, 3, 4], 0.5, [9, 30, 31.6], [6, 35, 167], [6, 3, 2, 0.545, 9, 30, 31.6]),
    // unknown: A3 B5 D6 E5
    //   completed [9]; open []; adjusted completed [9]
    g('unknown', [1, 0, 0, 0, 3], 1, [1, 9, 9], [0, null, null], [1, 0, 0, 1, 1, 9, 9]),
  ],
  session_gap_14d: [
    // female: C2 C3 C5 C8 C10 C11 C13 C15 D2 E1
    //   completed [10, 14]; open [25]; adjusted completed [10, 14]
    g('female', [2, 0, 1, 0, 7], 0.667, [2, 12, 13.6], [1, 25, 25], [2, 0, 1, 0.667, 2, 12, 13.6]),
    // male: C1 C4 C6 C9 C12 C14 D1 E2
    //   completed [7, 15, 28]; open [11, 28]; adjusted completed [7, 7, 15]
    g('male', [1, 2, 1, 1, 3], 0.25, [3, 15, 25.4], [2, 19.5, 26.3], [2, 1, 1, 0.5, 3, 7, 13.4]),
  ],
  treatment_start_14d: [
    // female: C2 C3 C5 C8 C10 C11 C13 C15 D2 E1
    //   completed [7, 19, 21, 21]; open [73]; adjusted completed [7, 9, 21, 21]
    g('female', [1, 3, 1, 0, 5], 0.2, [4, 20, 21], [1, 73, 73], [2, 2, 1, 0.4, 4, 15, 21]),
    // male: C1 C4 C6 C9 C12 C14 D1 E2
    //   completed [7, 14, 14, 14, 18]; open []; adjusted completed [7, 14, 14, 14, 18]
    g('male', [4, 1, 0, 0, 3], 0.8, [5, 14, 16.4], [0, null, null], [4, 1, 0, 0.8, 5, 14, 16.4]),
  ],
};

const BY_CONTACTED_BY: Expected = {
  pre_conversation_14d: [
    // child: A2 A4 B2 B8 B9 B11 C1 C3 C6 C11 C13 D2 D4 E2 E5
    //   completed [4, 7, 14, 14, 14, 14, 15, 15, 15, 17, 21]; open [7, 33, 84, 97]; adjusted completed [4, 7, 7, 14, 14, 14, 14, 15, 15, 15, 17]
    g('child', [6, 5, 3, 1, 0], 0.429, [11, 14, 17], [4, 58.5, 93.1], [7, 4, 3, 0.5, 11, 14, 15]),
    // other: A5 B4 B13 C15 D6
    //   completed [5, 14, 15, 20]; open [250]; adjusted completed [5, 6, 14, 15]
    g('other', [2, 2, 1, 0, 0], 0.4, [4, 14.5, 18.5], [1, 250, 250], [3, 1, 1, 0.6, 4, 10, 14.7]),
    // parent: A1 A3 B1 B3 B5 B6 B7 B10 B12 B14 C2 C4 C5 C8 C9 C10 C12 C14 D1 D3 D5 E1 E3 E4
    //   completed [3, 3, 4, 7, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15]; open [0, 5, 14, 21]; adjusted completed [3, 3, 4, 7, 7, 7, 8, 9, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15]
    g('parent', [16, 3, 1, 3, 1], 0.8, [19, 14, 15], [4, 9.5, 18.9], [16, 3, 0, 0.842, 19, 14, 15]),
  ],
  screening_30d: [
    // child: A2 A4 B2 B8 B9 B11 C1 C3 C6 C11 C13 D2 D4 E2 E5
    //   completed [9, 14, 30, 30, 30, 31, 35, 35]; open [7, 33, 84]; adjusted completed [9, 14, 21, 25, 30, 30, 30, 31]
    g('child', [5, 3, 2, 1, 4], 0.5, [8, 30, 35], [3, 33, 73.8], [7, 1, 2, 0.7, 8, 27.5, 30.3]),
    // other: A5 B4 B13 C15 D6
    //   completed [34]; open [250]; adjusted completed [34]
    g('other', [0, 1, 1, 0, 3], 0, [1, 34, 34], [1, 250, 250], [0, 1, 1, 0, 1, 34, 34]),
    // parent: A1 A3 B1 B3 B5 B6 B7 B10 B12 B14 C2 C4 C5 C8 C9 C10 C12 C14 D1 D3 D5 E1 E3 E4
    //   completed [15, 18, 21, 30, 30, 30, 30, 30, 30, 31, 35, 37]; open [0, 14, 21, 28, 42, 145]; adjusted completed [15, 16, 18, 21, 30, 30, 30, 30, 30, 30, 31, 35]
    g('parent', [9, 3, 2, 4, 6], 0.643, [12, 30, 34.6], [6, 24.5, 93.5], [10, 2, 1, 0.769, 12, 30, 30.9]),
  ],
  session_gap_14d: [
    // child: C1 C3 C6 C11 C13 D2 E2
    //   completed [15]; open [25]; adjusted completed [15]
    g('child', [0, 1, 1, 0, 5], 0, [1, 15, 15], [1, 25, 25], [0, 1, 1, 0, 1, 15, 15]),
    // other: C15
    //   completed []; open []; adjusted completed []
    g('other', [0, 0, 0, 0, 1], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // parent: C2 C4 C5 C8 C9 C10 C12 C14 D1 E1
    //   completed [7, 10, 14, 28]; open [11, 28]; adjusted completed [7, 7, 10, 14]
    g('parent', [3, 1, 1, 1, 4], 0.6, [4, 12, 23.8], [2, 19.5, 26.3], [4, 0, 1, 0.8, 4, 8.5, 12.8]),
  ],
  treatment_start_14d: [
    // child: C1 C3 C6 C11 C13 D2 E2
    //   completed [14, 21]; open [73]; adjusted completed [14, 21]
    g('child', [1, 1, 1, 0, 4], 0.333, [2, 17.5, 20.3], [1, 73, 73], [1, 1, 1, 0.333, 2, 17.5, 20.3]),
    // other: C15
    //   completed []; open []; adjusted completed []
    g('other', [0, 0, 0, 0, 1], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // parent: C2 C4 C5 C8 C9 C10 C12 C14 D1 E1
    //   completed [7, 7, 14, 14, 18, 19, 21]; open []; adjusted completed [7, 7, 9, 14, 14, 18, 21]
    g('parent', [4, 3, 0, 0, 3], 0.571, [7, 14, 19.8], [0, null, null], [5, 2, 0, 0.714, 7, 14, 19.2]),
  ],
};

const BY_FOCUS_AREA: Expected = {
  pre_conversation_14d: [
    // behaviour: B1 C4 C5 C10 D3 E3
    //   completed [4, 9, 14, 14, 15]; open [5]; adjusted completed [4, 9, 14, 14, 15]
    g('behaviour', [4, 1, 0, 1, 0], 0.8, [5, 14, 14.6], [1, 5, 5], [4, 1, 0, 0.8, 5, 14, 14.6]),
    // body_and_food: A4 B12 C8 C14
    //   completed [14, 14, 14, 21]; open []; adjusted completed [7, 14, 14, 14]
    g('body_and_food', [3, 1, 0, 0, 0], 0.75, [4, 14, 18.9], [0, null, null], [4, 0, 0, 1, 4, 14, 14]),
    // none: A3 B5
    //   completed [7]; open []; adjusted completed [7]
    g('none', [1, 0, 0, 0, 1], 1, [1, 7, 7], [0, null, null], [1, 0, 0, 1, 1, 7, 7]),
    // obsessions_compulsions: A5 B9 C6
    //   completed [17]; open [84, 250]; adjusted completed [17]
    g('obsessions_compulsions', [0, 1, 2, 0, 0], 0, [1, 17, 17], [2, 167, 233.4], [0, 1, 2, 0, 1, 17, 17]),
    // other: B6 B11 B13 C15 D6
    //   completed [5, 7, 14, 15]; open [97]; adjusted completed [5, 7, 14, 15]
    g('other', [3, 1, 1, 0, 0], 0.6, [4, 10.5, 14.7], [1, 97, 97], [3, 1, 1, 0.6, 4, 10.5, 14.7]),
    // restlessness_inattention: B1 C10 D1 E5
    //   completed [7, 9, 14, 14]; open []; adjusted completed [7, 9, 14, 14]
    g('restlessness_inattention', [4, 0, 0, 0, 0], 1, [4, 11.5, 14], [0, null, null], [4, 0, 0, 1, 4, 11.5, 14]),
    // sadness: A2 B3 B4 B8 B11 C3 C11 D3 D4 E2
    //   completed [4, 14, 14, 14, 15, 15, 20]; open [7, 33, 97]; adjusted completed [4, 6, 14, 14, 14, 15, 15]
    g('sadness', [4, 3, 2, 1, 0], 0.444, [7, 14, 17], [3, 33, 84.2], [5, 2, 2, 0.556, 7, 14, 15]),
    // self_harm: A2 C1 C13 D4 E5
    //   completed [7, 14, 15, 15]; open [33]; adjusted completed [7, 14, 15, 15]
    g('self_harm', [2, 2, 1, 0, 0], 0.4, [4, 14.5, 15], [1, 33, 33], [2, 2, 1, 0.4, 4, 14.5, 15]),
    // worry: A1 B2 B4 B7 B10 B14 C2 C5 C6 C9 C12 C14 D2 D3 D5 E1 E4
    //   completed [3, 3, 4, 7, 8, 14, 14, 14, 14, 14, 15, 15, 20]; open [0, 14, 21, 84]; adjusted completed [3, 3, 4, 6, 7, 8, 14, 14, 14, 14, 14, 15, 15]
    g('worry', [10, 3, 2, 2, 0], 0.667, [13, 14, 15], [4, 17.5, 65.1], [11, 2, 1, 0.786, 13, 14, 14.8]),
  ],
  screening_30d: [
    // behaviour: B1 C4 C5 C10 D3 E3
    //   completed [30, 30, 35, 37]; open []; adjusted completed [16, 30, 30, 35]
    g('behaviour', [2, 2, 0, 0, 2], 0.5, [4, 32.5, 36.4], [0, null, null], [3, 1, 0, 0.75, 4, 30, 33.5]),
    // body_and_food: A4 B12 C8 C14
    //   completed [30, 31, 35]; open []; adjusted completed [25, 30, 31]
    g('body_and_food', [1, 2, 0, 0, 1], 0.333, [3, 31, 34.2], [0, null, null], [2, 1, 0, 0.667, 3, 30, 30.8]),
    // none: A3 B5
    //   completed []; open []; adjusted completed []
    g('none', [0, 0, 0, 0, 2], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // obsessions_compulsions: A5 B9 C6
    //   completed []; open [84, 250]; adjusted completed []
    g('obsessions_compulsions', [0, 0, 2, 0, 1], 0, [0, null, null], [2, 167, 233.4], [0, 0, 2, 0, 0, null, null]),
    // other: B6 B11 B13 C15 D6
    //   completed []; open [145]; adjusted completed []
    g('other', [0, 0, 1, 0, 4], 0, [0, null, null], [1, 145, 145], [0, 0, 1, 0, 0, null, null]),
    // restlessness_inattention: B1 C10 D1 E5
    //   completed [9, 30, 35]; open [42]; adjusted completed [9, 30, 35]
    g('restlessness_inattention', [2, 1, 1, 0, 0], 0.5, [3, 30, 34], [1, 42, 42], [2, 1, 0, 0.667, 3, 30, 34]),
    // sadness: A2 B3 B4 B8 B11 C3 C11 D3 D4 E2
    //   completed [30, 30, 31, 34, 35]; open [7, 33]; adjusted completed [21, 30, 30, 31, 34]
    g('sadness', [2, 3, 1, 1, 3], 0.333, [5, 31, 34.6], [2, 20, 30.4], [3, 2, 1, 0.5, 5, 30, 32.8]),
    // self_harm: A2 C1 C13 D4 E5
    //   completed [9, 30, 30, 31]; open [33]; adjusted completed [9, 30, 30, 31]
    g('self_harm', [3, 1, 1, 0, 0], 0.6, [4, 30, 30.7], [1, 33, 33], [3, 1, 1, 0.6, 4, 30, 30.7]),
    // worry: A1 B2 B4 B7 B10 B14 C2 C5 C6 C9 C12 C14 D2 D3 D5 E1 E4
    //   completed [14, 15, 18, 21, 30, 30, 30, 30, 31, 34, 37]; open [0, 14, 21, 28, 84]; adjusted completed [14, 15, 16, 18, 21, 30, 30, 30, 30, 31, 34]
    g('worry', [8, 3, 1, 4, 1], 0.667, [11, 30, 34], [5, 21, 61.6], [9, 2, 1, 0.75, 11, 30, 31]),
  ],
  session_gap_14d: [
    // behaviour: C4 C5 C10
    //   completed [14]; open [28]; adjusted completed [14]
    g('behaviour', [1, 0, 1, 0, 1], 0.5, [1, 14, 14], [1, 28, 28], [1, 0, 1, 0.5, 1, 14, 14]),
    // body_and_food: C8 C14
    //   completed []; open [11]; adjusted completed []
    g('body_and_food', [0, 0, 0, 1, 1], null, [0, null, null], [1, 11, 11], [0, 0, 0, null, 0, null, null]),
    // obsessions_compulsions: C6
    //   completed []; open []; adjusted completed []
    g('obsessions_compulsions', [0, 0, 0, 0, 1], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // other: C15
    //   completed []; open []; adjusted completed []
    g('other', [0, 0, 0, 0, 1], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // restlessness_inattention: C10 D1
    //   completed [14]; open []; adjusted completed [14]
    g('restlessness_inattention', [1, 0, 0, 0, 1], 1, [1, 14, 14], [0, null, null], [1, 0, 0, 1, 1, 14, 14]),
    // sadness: C3 C11 E2
    //   completed []; open [25]; adjusted completed []
    g('sadness', [0, 0, 1, 0, 2], 0, [0, null, null], [1, 25, 25], [0, 0, 1, 0, 0, null, null]),
    // self_harm: C1 C13
    //   completed [15]; open []; adjusted completed [15]
    g('self_harm', [0, 1, 0, 0, 1], 0, [1, 15, 15], [0, null, null], [0, 1, 0, 0, 1, 15, 15]),
    // worry: C2 C5 C6 C9 C12 C14 D2 E1
    //   completed [7, 10, 28]; open [11]; adjusted completed [7, 7, 10]
    g('worry', [2, 1, 0, 1, 4], 0.667, [3, 10, 24.4], [1, 11, 11], [3, 0, 0, 1, 3, 7, 9.4]),
  ],
  treatment_start_14d: [
    // behaviour: C4 C5 C10
    //   completed [7, 14, 21]; open []; adjusted completed [7, 14, 21]
    g('behaviour', [2, 1, 0, 0, 0], 0.667, [3, 14, 19.6], [0, null, null], [2, 1, 0, 0.667, 3, 14, 19.6]),
    // body_and_food: C8 C14
    //   completed [14]; open []; adjusted completed [14]
    g('body_and_food', [1, 0, 0, 0, 1], 1, [1, 14, 14], [0, null, null], [1, 0, 0, 1, 1, 14, 14]),
    // obsessions_compulsions: C6
    //   completed []; open []; adjusted completed []
    g('obsessions_compulsions', [0, 0, 0, 0, 1], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // other: C15
    //   completed []; open []; adjusted completed []
    g('other', [0, 0, 0, 0, 1], null, [0, null, null], [0, null, null], [0, 0, 0, null, 0, null, null]),
    // restlessness_inattention: C10 D1
    //   completed [21]; open []; adjusted completed [21]
    g('restlessness_inattention', [0, 1, 0, 0, 1], 0, [1, 21, 21], [0, null, null], [0, 1, 0, 0, 1, 21, 21]),
    // sadness: C3 C11 E2
    //   completed [21]; open [73]; adjusted completed [21]
    g('sadness', [0, 1, 1, 0, 1], 0, [1, 21, 21], [1, 73, 73], [0, 1, 1, 0, 1, 21, 21]),
    // self_harm: C1 C13
    //   completed [14]; open []; adjusted completed [14]
    g('self_harm', [1, 0, 0, 0, 1], 1, [1, 14, 14], [0, null, null], [1, 0, 0, 1, 1, 14, 14]),
    // worry: C2 C5 C6 C9 C12 C14 D2 E1
    //   completed [7, 7, 14, 18, 19]; open []; adjusted completed [7, 7, 9, 14, 18]
    g('worry', [3, 2, 0, 0, 3], 0.6, [5, 14, 18.6], [0, null, null], [4, 1, 0, 0.8, 5, 9, 16.4]),
  ],
};

/** Aarhus' own targets, in force for first contacts from 2026-03-01. */
const AARHUS_TARGETS = {
  targets: [
    { name: 'treatment_start_14d', kind: 'treatment_start_after_screening', limitDays: 14, validFrom: '2026-03-01' },
    { name: 'session_gap_14d', kind: 'max_days_between_treatment_sessions', limitDays: 14, validFrom: '2026-03-01' },
  ],
};

/** The same group under another key (a report without groupBy calls its one group `all`). */
const rekey = (grp: Group, key: string): Group => ({ ...grp, key });
const only = (expected: Expected, key: string, as: string): Expected =>
  Object.fromEntries(
    Object.entries(expected)
      .map(([target, groups]) => [target, groups.filter((grp) => grp.key === key).map((grp) => rekey(grp, as))] as const)
      .filter(([, groups]) => groups.length > 0),
  );

const CSV_COLUMNS =
  'target,group,met,breached,overdue,pending,not_applicable,rate,completed_n,completed_median,completed_p90,open_n,open_median,open_p90,' +
  'adjusted_met,adjusted_breached,adjusted_overdue,adjusted_rate,adjusted_completed_n,adjusted_completed_median,adjusted_completed_p90';

const csvLine = (target: string, x: Group) =>
  [
    target,
    x.key,
    x.met,
    x.breached,
    x.overdue,
    x.pending,
    x.notApplicable,
    x.rate,
    x.completed.n,
    x.completed.median,
    x.completed.p90,
    x.open.n,
    x.open.median,
    x.open.p90,
    x.adjusted.met,
    x.adjusted.breached,
    x.adjusted.overdue,
    x.adjusted.rate,
    x.adjusted.completed.n,
    x.adjusted.completed.median,
    x.adjusted.completed.p90,
  ]
    .map((v) => (v === null ? '' : String(v)))
    .join(',');

const NATIONAL_FIRST = [
  { target: 'pre_conversation_14d', national: true },
  { target: 'screening_30d', national: true },
  { target: 'session_gap_14d', national: false },
  { target: 'treatment_start_14d', national: false },
];

describe('compliance report', () => {
  let sut: TestApp;
  let manager: string; // manager of both municipalities: exact figures for both
  let aarhusManager: string;
  let evaluator: string;
  let caseworker: string;
  const created: Record<string, CreatedCourse> = {};

  const report = (auth: string, query = '') =>
    sut.http.get(`/api/v1/reports/compliance?from=${FROM}&to=${TO}${query}`).set('Authorization', auth);

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    caseworker = await sut.bearer({ sub: 'cw-both', roles: ['caseworker'], municipalities: ['751', '101'] });
    manager = await sut.bearer({ sub: 'm-both', roles: ['manager'], municipalities: ['751', '101'] });
    aarhusManager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    const courses = courseFactory(sut, caseworker);
    for (const [name, spec] of Object.entries(FIXTURE)) created[name] = await courses.newCourse(spec);
    // Aarhus sets its own targets after the courses exist: they are judged again at once.
    await sut.http.put('/api/v1/municipalities/751/service-targets').set('Authorization', aarhusManager).send(AARHUS_TARGETS).expect(200);
  }, 120_000);
  afterAll(() => sut.close());

  it('builds 45 courses, one entered in error, and keeps a 23:30 first contact on its own date across both DST changes', async () => {
    expect(Object.keys(created)).toHaveLength(45);
    expect(created.C7.body.status).toBe('entered_in_error');
    for (const [name, date] of [
      ['A1', '2025-10-26'],
      ['C1', '2026-03-29'],
    ] as const) {
      const { body } = await sut.http.get(`/api/v1/courses/${created[name].id}`).set('Authorization', caseworker).expect(200);
      expect(body.firstContactDate).toBe(date);
      expect(body.firstContact).toMatchObject({ date, time: '23:30' });
      // Held 14 days later by the calendar: met on day 14.
      expect(body.targets[0]).toMatchObject({ target: 'pre_conversation_14d', state: 'met', daysWaited: 14 });
    }
  });

  it("judges Aarhus' own targets only for Aarhus courses with first contact on or after 2026-03-01", async () => {
    // Before the PUT, C1 had the national targets only.
    expect((created.C1.body.targets as { target: string }[]).map((t) => t.target)).toEqual(['pre_conversation_14d', 'screening_30d']);
    const names = async (name: string) =>
      (
        (await sut.http.get(`/api/v1/courses/${created[name].id}`).set('Authorization', caseworker).expect(200)).body.targets as {
          target: string;
          state: string;
        }[]
      ).map((t) => `${t.target}:${t.state}`);
    expect(await names('C1')).toEqual([
      'pre_conversation_14d:met',
      'screening_30d:met',
      'session_gap_14d:breached',
      'treatment_start_14d:met',
    ]);
    expect(await names('C9')).toEqual([
      'pre_conversation_14d:met',
      'screening_30d:met',
      'session_gap_14d:breached',
      'treatment_start_14d:met',
    ]);
    expect(await names('A1')).toEqual(['pre_conversation_14d:met', 'screening_30d:met']); // Aarhus, October 2025
    expect(await names('B10')).toEqual(['pre_conversation_14d:breached', 'screening_30d:met']); // København
    const { body } = await report(manager).expect(200);
    expect(body.targets.map((t: { target: string; national: boolean }) => ({ target: t.target, national: t.national }))).toEqual(
      NATIONAL_FIRST,
    );
  });

  it('reports every figure for the whole cohort (no groupBy: one group, all)', async () => {
    const { body } = await report(manager).expect(200);
    expect(body).toMatchObject({ from: FROM, to: TO, today: '2026-06-15', groupBy: null, suppression: null });
    expect(body.scope.level).toBe('municipality');
    expect([...body.scope.municipalities].sort()).toEqual(['101', '751']);
    expect(byTarget(body)).toEqual(keyedExpected(ALL));
  });

  it.each([
    ['municipality', () => BY_MUNICIPALITY],
    ['region', () => BY_REGION],
    ['month', () => BY_MONTH],
    ['quarter', () => BY_QUARTER],
    ['half_year', () => BY_HALF_YEAR],
    ['age_group', () => BY_AGE_GROUP],
    ['sex', () => BY_SEX],
    ['contacted_by', () => BY_CONTACTED_BY],
    ['focus_area', () => BY_FOCUS_AREA],
  ])('reports every figure grouped by %s', async (groupBy, expected) => {
    const { body } = await report(manager, `&groupBy=${groupBy}`).expect(200);
    expect(body.groupBy).toBe(groupBy);
    expect(byTarget(body)).toEqual(keyedExpected(expected()));
  });

  it('gives the same figures as CSV (Accept: text/csv)', async () => {
    for (const [groupBy, expected] of [
      ['', ALL],
      ['&groupBy=municipality', BY_MUNICIPALITY],
      ['&groupBy=focus_area', BY_FOCUS_AREA],
    ] as const) {
      const res = await report(manager, groupBy).set('Accept', 'text/csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...lines] = res.text.trimEnd().split('\n');
      expect(header).toBe(CSV_COLUMNS);
      const want = Object.entries(expected).flatMap(([target, groups]) => groups.map((grp) => csvLine(target, grp)));
      expect([...lines].sort()).toEqual([...want].sort());
    }
  });

  it("gives a manager of one municipality exactly that municipality's figures", async () => {
    const { body } = await report(aarhusManager).expect(200);
    expect(body.scope).toEqual({ level: 'municipality', municipalities: ['751'] });
    expect(byTarget(body)).toEqual(keyedExpected(only(BY_MUNICIPALITY, '751', 'all')));
  });

  describe('access', () => {
    it('gives an evaluator the national figures exactly', async () => {
      const { body } = await report(evaluator).expect(200);
      expect(body).toMatchObject({ scope: { level: 'national' }, suppression: null });
      expect(byTarget(body)).toEqual(evaluatorExpected(ALL));
      const byAge = await report(evaluator, '&national=true&groupBy=age_group').expect(200);
      expect(byTarget(byAge.body)).toEqual(evaluatorExpected(BY_AGE_GROUP));
    });

    // Below national level an evaluator's figures come from the cohort's publication (docs/metrics.md,
    // "Disclosure control across outputs"): whole calendar half-years only, and the same figure in
    // every output. test/disclosure/disclosure.spec.ts tries to recover the hidden ones.
    it('gives an evaluator figures below national level for whole calendar half-years only', async () => {
      const res = await report(evaluator, '&municipality=751').expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'from', code: 'whole_half_year' })]);
      const grouped = await sut.http
        .get('/api/v1/reports/compliance?from=2026-01-01&to=2026-06-30&region=1084&groupBy=month')
        .set('Authorization', evaluator)
        .expect(422);
      expect(grouped.body.errors).toEqual([expect.objectContaining({ field: 'groupBy', code: 'grouping_below_national' })]);
      const several = await sut.http
        .get('/api/v1/reports/compliance?from=2026-01-01&to=2026-06-30&municipality=751,101')
        .set('Authorization', evaluator)
        .expect(400);
      expect(several.body.errors).toEqual([expect.objectContaining({ field: 'municipality', code: 'one_municipality' })]);
    });

    it('suppresses small numbers for an evaluator at municipality and region level, the same way in every scope', async () => {
      const half = (query: string) =>
        sut.http.get(`/api/v1/reports/compliance?from=2026-01-01&to=2026-06-30${query}`).set('Authorization', evaluator).expect(200);
      const aarhus = (await half('&municipality=751')).body;
      expect(aarhus.suppression).toMatch(/small numbers suppressed/);
      const grouped = byTarget((await half('&groupBy=municipality')).body);
      const regions = byTarget((await half('&groupBy=region')).body);
      const hovedstaden = byTarget((await half('&region=1084')).body);
      for (const [target, groups] of Object.entries(byTarget(aarhus))) {
        expect(Object.keys(byTarget(aarhus))).toEqual(NATIONAL_ONLY);
        // One publication: Aarhus' figures are the same asked alone or among all municipalities.
        expect(rekey(groups.all, '751')).toEqual(grouped[target]['751']);
        expect(rekey(hovedstaden[target].all, '1084')).toEqual(regions[target]['1084']);
        for (const g of [groups.all, ...Object.values(grouped[target]), ...Object.values(regions[target])]) {
          expect(g.suppressed).toBe(true);
          for (const n of [g.met, g.breached, g.overdue, g.pending, g.notApplicable, g.completed.n, g.open.n, g.adjusted.met]) {
            expect(n === '<5' || n === '..' || (typeof n === 'number' && n % 5 === 0)).toBe(true);
          }
          // A rate is the quotient of the published counts (met over met + breached + overdue as published).
          if (g.rate !== null) expect(typeof g.met).toBe('number');
        }
      }
    });

    it("refuses a manager another municipality's, a region's or the national figures, and refuses caseworkers", async () => {
      for (const query of ['&municipality=101', '&municipality=751,101', '&region=1082', '&national=true']) {
        const res = await report(aarhusManager, query).expect(403);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      await report(caseworker).expect(403);
      await sut.http.get(`/api/v1/reports/flow?from=${FROM}&to=${TO}`).set('Authorization', caseworker).expect(403);
    });
  });
});

describe('compliance report: a running session gap with family delay', () => {
  let sut: TestApp;
  let manager: string;
  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    await sut.http.put('/api/v1/municipalities/751/service-targets').set('Authorization', manager).send(AARHUS_TARGETS).expect(200);
  });
  afterAll(() => sut.close());

  it('reports the adjusted state the clock gives when only the adjusted running gap is within the limit', async () => {
    // Sessions 05-20 and 05-27 (gap 7, met); the family cancelled 06-03, rebooked 06-17. Today 06-15 the gap
    // since 05-27 has run 19 days: raw overdue (deadline 06-10). Family delay 06-03→06-17 cut at today = 12:
    // the adjusted running gap is 7, within 14, and the completed gap met: adjusted met, adjusted days 7.
    const { id } = await courseFactory(sut, manager).newCourse({
      firstContact: '2026-05-01',
      cpr: cprFor('2014-02-02', 'female'),
      focusAreas: ['worry'],
      contacts: [
        pre('2026-05-05'),
        screening('2026-05-13'),
        treatment('2026-05-20'),
        treatment('2026-05-27'),
        treatment('2026-06-03', family),
        treatment('2026-06-17', planned),
      ],
    });
    const course = await sut.http.get(`/api/v1/courses/${id}`).set('Authorization', manager).expect(200);
    expect(course.body.targets.find((t: { target: string }) => t.target === 'session_gap_14d')).toMatchObject({
      state: 'overdue',
      adjustedState: 'met',
      adjustedDays: 7,
    });
    const { body } = await sut.http
      .get('/api/v1/reports/compliance?from=2026-05-01&to=2026-05-01')
      .set('Authorization', manager)
      .expect(200);
    const gap = body.targets.find((t: { target: string }) => t.target === 'session_gap_14d');
    // Raw: overdue, open 19 days. Adjusted: met, one completed wait of 7 days.
    expect(gap.groups).toEqual([g('all', [0, 0, 1, 0, 0], 0, [0, null, null], [1, 19, 19], [1, 0, 0, 1, 1, 7, 7])]);
  });
});
