/**
 * The KL backfill, pure: build and validate the delivery reports of a national year of synthetic
 * courses (about 40,000, `SyntheticGenerator` with the 98 municipalities), as the backfill will on
 * first start: every course planned with nothing reported yet (one report with everything held so
 * far), and every report validated with `validateReport` before it would be queued. No database.
 *
 *   npm run bench:kl [-- --seed 42 --courses 40000]
 *
 * Prints the time to build, to validate and in total, and ratios against two floors measured in
 * the same run: JSON serialisation of the same reports (the least a queue writer does with them)
 * and medplum's base-specification validation alone (one of the four checks `validateReport` runs).
 */
import { performance } from 'node:perf_hooks';
import { validateResource } from '@medplum/core';
import type { Bundle } from '@medplum/fhirtypes';
import { MUNICIPALITIES_2026 } from '../migrations/data/municipalities-2026.js';
import { addDays } from '../src/kernel/local-date.js';
import type { KlCourse } from '../src/kl-reporting/kl-course.js';
import { planKlReports } from '../src/kl-reporting/kl-report.rules.js';
import { klConformance, validateReport } from '../src/kl-reporting/validation/kl-validation.js';
import { SyntheticGenerator, type SyntheticCourse } from '../src/synthetic/synthetic.generator.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seed = arg('seed', 42);
const limit = arg('courses', Infinity);
const today = '2026-06-30';

/** The synthetic course as KL sees it (what `klCourseFromRecord` does for a stored one). */
function toKl(c: SyntheticCourse): KlCourse {
  return {
    id: c.id,
    municipalityCode: c.municipalityCode,
    child: c.child ? { id: c.child.id, cpr: c.child.cpr, hasOtherCourses: !c.child.isNew } : null,
    status: c.status,
    firstContact: { date: c.firstContactDate, time: c.firstContactTime },
    focusAreas: c.focusAreas,
    closure: c.status === 'closed' && c.closureDate ? { date: c.closureDate, time: null } : null,
    contacts: c.contacts
      .filter((x) => x.type !== 'first_contact')
      .map((x) => ({
        id: x.id,
        type: x.type,
        date: x.date,
        time: x.time,
        status: x.status,
        participants: x.participants,
        delivery: x.delivery,
      })),
    referrals: c.referrals.map((r) => ({ id: r.id, date: r.date, time: null, destination: r.destination, enteredInError: false })),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function main() {
  let t = performance.now();
  klConformance();
  const loadMs = performance.now() - t;

  const generator = new SyntheticGenerator(seed, today);
  const courses: KlCourse[] = [];
  for (const m of MUNICIPALITIES_2026) {
    for (const c of generator.municipality(m.code, m.population2026, addDays(today, -364), today))
      if (courses.length < limit) courses.push(toKl(c));
  }
  const settings = { sorCode: '451000016003' };
  const options = { now: new Date(`${today}T22:00:00Z`), fullUrlBase: 'https://ltt.example.dk/fhir', reportsMade: 0 };

  t = performance.now();
  const reports: Bundle[] = [];
  for (const course of courses) for (const report of planKlReports(course, {}, settings, options).reports) reports.push(report.bundle);
  const buildMs = performance.now() - t;

  t = performance.now();
  let invalid = 0;
  for (const report of reports) if (!validateReport(report).valid) invalid++;
  const validateMs = performance.now() - t;

  t = performance.now();
  let invalidProfilesOnly = 0;
  for (const report of reports) if (!validateReport(report, { baseSpecification: false }).valid) invalidProfilesOnly++;
  const profilesOnlyMs = performance.now() - t;

  t = performance.now();
  let bytes = 0;
  for (const report of reports) bytes += JSON.parse(JSON.stringify(report)) && JSON.stringify(report).length;
  const jsonMs = performance.now() - t;

  t = performance.now();
  for (const report of reports) {
    try {
      validateResource(report);
    } catch {
      // counted by validateReport above
    }
  }
  const medplumMs = performance.now() - t;

  const resources = reports.reduce((n, r) => n + (r.entry?.length ?? 0), 0);
  const total = buildMs + validateMs;
  const lines = [
    `KL backfill, one national year (seed ${seed}, ${courses.length} courses, ${courses.filter((c) => !c.child).length} without CPR held back)`,
    `  definitions loaded once:     ${seconds(loadMs)}`,
    `  reports built:               ${reports.length} (${resources} resources, ${(bytes / 1e6).toFixed(1)} MB of JSON)`,
    `  build (planKlReports):       ${seconds(buildMs)}  (${((buildMs * 1000) / courses.length).toFixed(0)} µs per course)`,
    `  validate (validateReport):   ${seconds(validateMs)}  (${(validateMs / reports.length).toFixed(2)} ms per report; ${invalid} invalid)`,
    `  build + validate:            ${seconds(total)}  (target: under 60 s)`,
    `  validate, KL's profiles only (baseSpecification: false): ${seconds(profilesOnlyMs)}  (${(profilesOnlyMs / reports.length).toFixed(2)} ms per report; ${invalidProfilesOnly} invalid)`,
    `  build + validate, profiles only: ${seconds(buildMs + profilesOnlyMs)}`,
    `  floor, JSON round trip:      ${seconds(jsonMs)}  → build + validate = ${(total / jsonMs).toFixed(1)} × floor`,
    `  medplum base validation:     ${seconds(medplumMs)}  → ${((medplumMs / validateMs) * 100).toFixed(0)} % of validateReport`,
  ];
  console.log(lines.join('\n'));
  if (invalid > 0 || invalidProfilesOnly > 0) process.exitCode = 1;
}

main();
