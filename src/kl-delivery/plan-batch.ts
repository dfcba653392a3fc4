/**
 * Planning and validating a batch of courses, pure: what the outbox does after a change (one
 * course, in the request), and what the backfill does for thousands (in worker threads, see
 * plan-pool.ts). Each report leaves as the JSON text that was validated: that text is stored and
 * sent byte for byte.
 */
import type { KlCourse } from '../kl-reporting/kl-course.js';
import { planKlReports, type KlHeldBack, type KlReportedState } from '../kl-reporting/kl-report.rules.js';
import { validateReport, type ValidationIssue } from '../kl-reporting/validation/kl-validation.js';

export interface PlanInput {
  course: KlCourse;
  state: KlReportedState;
  reportsMade: number;
  sorCode: string | null;
}

export interface PlannedReport {
  id: string;
  childId: string;
  bundle: string;
  /** The errors KL's profiles found: a report with any is stored rejected and never sent. */
  errors: ValidationIssue[];
}

export interface PlannedCourse {
  courseId: string;
  municipalityCode: string;
  reports: PlannedReport[];
  /** The planning state once these reports are queued, as JSON text (it is only ever stored). */
  reportedJson: string;
  reportsMade: number;
  heldBack: KlHeldBack | null;
}

export interface PlanBatchOptions {
  /** `Date.getTime()` of Bundle.timestamp (a number: it crosses to worker threads). */
  now: number;
  fullUrlBase: string;
  /**
   * `profiles`: KL's profiles, references and the guide's rules (day-to-day changes and the
   * backfill); `full`: medplum's base-specification pass too, about three times the CPU (a
   * re-delivery an administrator asks for; docs/kl-reporting.md "Speed").
   */
  validation: 'full' | 'profiles';
  resendAll?: boolean;
}

export function planBatch(inputs: PlanInput[], options: PlanBatchOptions): PlannedCourse[] {
  const now = new Date(options.now);
  return inputs.map(({ course, state, reportsMade, sorCode }) => {
    const plan = planKlReports(
      course,
      state,
      { sorCode },
      { now, fullUrlBase: options.fullUrlBase, reportsMade, resendAll: options.resendAll },
    );
    return {
      courseId: course.id,
      municipalityCode: course.municipalityCode,
      reports: plan.reports.map((report) => ({
        id: report.id,
        childId: report.childId,
        bundle: JSON.stringify(report.bundle),
        errors: validateReport(report.bundle, { baseSpecification: options.validation === 'full' }).issues.filter(
          (i) => i.severity === 'error',
        ),
      })),
      reportedJson: JSON.stringify(plan.reported),
      reportsMade: plan.reportsMade,
      heldBack: plan.heldBack,
    };
  });
}
