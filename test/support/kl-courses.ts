/** Small builders of KL course inputs for the KL reporting tests. */
import type { KlContact, KlCourse, KlReferral, KlReportingSettings } from '../../src/kl-reporting/kl-course.js';
import { planKlReports, type KlReportedState, type KlReportPlan } from '../../src/kl-reporting/kl-report.rules.js';

export const SOR = '451000016003';
export const SETTINGS: KlReportingSettings = { sorCode: SOR };
export const FULL_URL_BASE = 'https://test.fhir.dk';
export const NOW = new Date('2025-11-08T22:45:51Z');
export const OPTIONS = { now: NOW, fullUrlBase: FULL_URL_BASE, reportsMade: 0 };

let counter = 0;
/** A fresh id that looks like a database id. */
export const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function klCourse(overrides: Partial<KlCourse> = {}): KlCourse {
  return {
    id: newId(),
    municipalityCode: '316',
    child: { id: newId(), cpr: '0505149996', hasOtherCourses: false },
    status: 'open',
    firstContact: { date: '2025-05-14', time: '11:12:05' },
    focusAreas: [],
    closure: null,
    contacts: [],
    referrals: [],
    ...overrides,
  };
}

export function klContact(overrides: Partial<KlContact> = {}): KlContact {
  const type = overrides.type ?? 'pre_conversation';
  return {
    id: newId(),
    type,
    date: '2025-06-02',
    time: '15:06:35',
    status: 'held',
    participants: type === 'treatment' ? 'child_present' : null,
    delivery: type === 'treatment' ? 'individual' : null,
    ...overrides,
  };
}

export function klReferral(overrides: Partial<KlReferral> = {}): KlReferral {
  return { id: newId(), date: '2025-07-07', time: null, destination: 'civil_society', enteredInError: false, ...overrides };
}

/** Plans and returns the plan; the state after it is `plan.reported`, the reports made so far `plan.reportsMade`. */
export function plan(course: KlCourse, state: KlReportedState = {}, settings = SETTINGS, now = NOW, reportsMade = 0): KlReportPlan {
  return planKlReports(course, state, settings, { now, fullUrlBase: FULL_URL_BASE, reportsMade });
}

export function resourcesOf(report: KlReportPlan['reports'][number]) {
  return (report.bundle.entry ?? []).map((e) => e.resource!);
}
