/**
 * Planning and validating a batch of courses, pure: what the outbox does after a change (one
 * course, in the request), and what the backfill does for thousands (in worker threads, see
 * plan-pool.ts). Each report leaves as the JSON text that was validated: that text is stored and
 * sent byte for byte.
 */
import type { KlCourse } from '../kl-reporting/kl-course.js';
import { KlContentsNeeded, planKlReports, type KlHeldBack, type KlReportedState } from '../kl-reporting/kl-report.rules.js';
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
  /**
   * What these reports change in the course's planning state: the resources sent with a content
   * other than last reported, as a JSON array of `{i: id, t: type, k: child id, h: hash, w:
   * withdrawn, r: content}` (it is only ever stored). Unchanged resources are not written again.
   */
  reportedJson: string;
  reportsMade: number;
  heldBack: KlHeldBack | null;
}

/** A course whose state was read without contents and whose planning needs them (a correction): plan it again with them. */
export interface ContentsNeeded {
  courseId: string;
  contentsNeeded: true;
}

export type PlanResult = PlannedCourse | ContentsNeeded;

export const needsContents = (result: PlanResult): result is ContentsNeeded => 'contentsNeeded' in result;

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

export function planBatch(inputs: PlanInput[], options: PlanBatchOptions): PlanResult[] {
  const now = new Date(options.now);
  return inputs.map(({ course, state, reportsMade, sorCode }): PlanResult => {
    let plan: ReturnType<typeof planKlReports>;
    try {
      plan = planKlReports(
        course,
        state,
        { sorCode },
        { now, fullUrlBase: options.fullUrlBase, reportsMade, resendAll: options.resendAll },
      );
    } catch (error) {
      if (error instanceof KlContentsNeeded) return { courseId: course.id, contentsNeeded: true };
      throw error;
    }
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
      reportedJson: changedResourcesJson(plan.reported, state),
      reportsMade: plan.reportsMade,
      heldBack: plan.heldBack,
    };
  });
}

/** The entries of `reported` whose content differs from `before`'s, as the JSON array `PlannedCourse.reportedJson` describes. */
function changedResourcesJson(reported: KlReportedState, before: KlReportedState): string {
  const rows: string[] = [];
  for (const [id, entry] of Object.entries(reported)) {
    if (before[id]?.hash === entry.hash) continue;
    rows.push(
      `{"i":${JSON.stringify(id)},"t":${JSON.stringify(entry.resourceType)},"k":${JSON.stringify(entry.childId)},` +
        `"h":${JSON.stringify(entry.hash)},"w":${entry.withdrawn},"r":${JSON.stringify(entry.resource)}}`,
    );
  }
  return `[${rows.join(',')}]`;
}
