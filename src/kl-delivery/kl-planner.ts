import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseChangeHooks } from '../courses/course-change.hooks.js';
import { CprVault } from '../children/cpr-vault.js';
import type { CourseRecord } from '../kernel/course.record.js';
import { klCourseFromRow, klCourseRowFromRecord, type KlCourse } from '../kl-reporting/kl-course.js';
import type { KlResource } from '../kl-reporting/kl-resources.js';
import type { Rejection } from './delivery.rules.js';
import {
  KlDeliveryRepository,
  type JobSpec,
  type NewReport,
  type PlannedState,
  type PlanningRow,
  type ReportCause,
} from './kl-delivery.repository.js';
import { needsContents, planBatch, type PlanBatchOptions, type PlannedCourse, type PlanInput, type PlanResult } from './plan-batch.js';

export interface PlanOutcome {
  courses: number;
  reports: number;
  /** Reports that failed KL's profiles here: stored rejected, never sent. */
  invalid: number;
  heldBack: number;
  /** The new reports' ids by course, in sending order. */
  reportIds: Map<string, string[]>;
}

export interface PlanOptions {
  resendAll?: boolean;
  validation?: PlanBatchOptions['validation'];
  /** Plans the inputs elsewhere (the backfill's worker threads); default: in this thread. */
  run?: (inputs: PlanInput[], options: PlanBatchOptions) => Promise<PlanResult[]>;
}

/** Day-to-day changes are delivered before a backfill or a re-plan of a whole municipality. */
const PRIORITY: Record<ReportCause, number> = { change: 0, redelivery: 0, settings: 5, backfill: 10 };

/**
 * The outbox's writer: plans courses from what is stored now and what was last planned for them,
 * validates every report, and writes the reports, the new planning state and the delivery jobs in
 * the current transaction — the same one as the change that asked for it, so a committed change
 * is never missing from the delivery and a rolled-back one never in it.
 */
@Injectable()
export class KlPlanner implements OnModuleInit {
  private readonly logger = new Logger(KlPlanner.name);

  constructor(
    private readonly repository: KlDeliveryRepository,
    private readonly vault: CprVault,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly changeHooks: CourseChangeHooks,
  ) {}

  /** Registers the outbox with the courses' change hooks: courses call it without depending on this module. */
  onModuleInit(): void {
    this.changeHooks.register((course) => this.courseChanged(course));
  }

  /**
   * The outbox hook: after any change of a course, in the change's transaction (the courses use
   * cases call it where they refresh the course's summaries), its reports from the course as
   * stored now and what was last planned for it. Every report is validated against KL's profiles
   * first (references and the guide's rules included); medplum's base-specification pass, about
   * two thirds of the validation's time, is left to the conformance tests, which run it over
   * courses of every shape (docs/kl-reporting.md, "Conformance", "Speed").
   */
  async courseChanged(course: CourseRecord): Promise<PlanOutcome> {
    // The course as the change has just read it, and one query for the rest: the change holds the course's row lock.
    const { reported, reportsMade, sorCode, hasOtherCourses } = await this.repository.loadPlanningState(
      course.id,
      course.municipalityCode,
      course.child?.id ?? null,
    );
    const row = { ...klCourseRowFromRecord(course, hasOtherCourses), reported, reportsMade, sorCode };
    return this.plan(await this.inputsOf([row]), 'change');
  }

  /**
   * Plans `courseIds` (locking them) in the current transaction. The caller's transaction decides
   * what is visible: a request sees its own municipalities, the backfill and re-plans widen theirs.
   */
  async planCourses(courseIds: string[], cause: ReportCause, options: PlanOptions = {}): Promise<PlanOutcome> {
    if (courseIds.length === 0) return { courses: 0, reports: 0, invalid: 0, heldBack: 0, reportIds: new Map() };
    return this.plan(await this.inputsOf(await this.repository.loadForPlanning(courseIds)), cause, options);
  }

  /** Plans, validates and writes the inputs' reports; those whose planning needs the contents of what was reported are planned again with them. */
  private async plan(inputs: PlanInput[], cause: ReportCause, options: PlanOptions = {}): Promise<PlanOutcome> {
    const batchOptions: PlanBatchOptions = {
      now: this.clock.now().getTime(),
      fullUrlBase: this.config.env.KL_FHIR_BASE,
      validation: options.validation ?? 'profiles',
      ...(options.resendAll ? { resendAll: true } : {}),
    };
    const run = (batch: PlanInput[]) => (options.run ? options.run(batch, batchOptions) : Promise.resolve(planBatch(batch, batchOptions)));
    const planned = await run(inputs);
    // The state is read without the contents of what was reported (every change reads it, and only
    // a correction needs them): the courses whose planning does are planned again with them.
    const again = planned.filter(needsContents).map((p) => p.courseId);
    if (again.length > 0) {
      const contents = await this.repository.reportedContents(again);
      const replanned = new Map(
        (await run(inputs.filter((i) => contents.has(i.course.id)).map((i) => withContents(i, contents)))).map((p) => [p.courseId, p]),
      );
      for (const [i, p] of planned.entries()) {
        if (!needsContents(p)) continue;
        const withThem = replanned.get(p.courseId);
        if (!withThem || needsContents(withThem)) throw new Error(`The contents of what was reported for course ${p.courseId} are missing`);
        planned[i] = withThem;
      }
    }
    return this.write(planned as PlannedCourse[], cause, new Date(batchOptions.now));
  }

  /** The planning inputs of courses read with their planning state and SOR code: asks after the former children's other courses, opens the CPRs. */
  private async inputsOf(rows: PlanningRow[]): Promise<PlanInput[]> {
    // Children a course was reported under and no longer has (a CPR corrected): does each have another course?
    const former = rows.flatMap((row) => {
      const childIds = new Set(Object.values(row.reported).map((e) => e.childId));
      childIds.delete(row.child?.id ?? '');
      return [...childIds].map((childId) => ({ courseId: row.id, childId }));
    });
    const withOthers = await this.repository.formerChildrenWithOtherCourses(former);
    return rows.map(({ reported, reportsMade, sorCode, ...row }) => {
      const formerChildren: NonNullable<KlCourse['formerChildren']> = {};
      for (const f of former) {
        if (f.courseId === row.id) formerChildren[f.childId] = { hasOtherCourses: withOthers.has(`${f.courseId}:${f.childId}`) };
      }
      const cpr = row.child ? this.vault.open(row.child.cprCiphertext, row.child.cprKeyId) : null;
      return { course: klCourseFromRow(row, cpr, formerChildren), state: reported, reportsMade, sorCode };
    });
  }

  /** Writes what was planned; `at` (the Bundles' timestamp) is when the reports were made. */
  private async write(planned: PlannedCourse[], cause: ReportCause, at: Date): Promise<PlanOutcome> {
    const { reports, states, jobs, reportIds, invalid } = plannedWrites(planned, cause);
    for (const report of reports) {
      // A bug in the mapping, or data the database allows and KL's profiles do not: never sent, listed as rejected.
      if (report.rejection) {
        this.logger.error(
          `KL report ${report.id} of course ${report.courseId} fails KL's profiles (${report.rejection.issues.map((i) => i.code).join(', ')}): stored rejected`,
        );
      }
    }
    await this.repository.writePlanned(reports, states, jobs, at);
    return { courses: planned.length, reports: reports.length, invalid, heldBack: planned.filter((c) => c.heldBack).length, reportIds };
  }
}

/** The input with the contents of what was last reported put into its state. */
function withContents(input: PlanInput, contents: Map<string, Record<string, KlResource>>): PlanInput {
  const resources = contents.get(input.course.id) ?? {};
  const state = Object.fromEntries(Object.entries(input.state).map(([id, entry]) => [id, { ...entry, resource: resources[id] }]));
  return { ...input, state };
}

/**
 * What to write for planned courses: their reports (one failing KL's profiles stored rejected,
 * with the validator's issues, and never sent), their new planning state, and a delivery job per
 * child with a report to send. Pure; the benchmark's floor writes the same.
 */
export function plannedWrites(
  planned: PlannedCourse[],
  cause: ReportCause,
): { reports: NewReport[]; states: PlannedState[]; jobs: JobSpec[]; reportIds: Map<string, string[]>; invalid: number } {
  const reports: NewReport[] = [];
  const states: PlannedState[] = [];
  const lines = new Map<string, JobSpec>();
  const reportIds = new Map<string, string[]>();
  let invalid = 0;
  for (const course of planned) {
    states.push({
      courseId: course.courseId,
      municipalityCode: course.municipalityCode,
      reportedJson: course.reportedJson,
      reportsMade: course.reportsMade,
      heldBack: course.heldBack,
    });
    for (const report of course.reports) {
      let rejection: Rejection | null = null;
      if (report.errors.length > 0) {
        invalid++;
        rejection = {
          source: 'validator',
          issues: report.errors.map((i) => ({ severity: 'error', code: i.rule, diagnostics: i.message, expression: [i.path] })),
        };
      }
      reportIds.set(course.courseId, [...(reportIds.get(course.courseId) ?? []), report.id]);
      reports.push({
        id: report.id,
        municipalityCode: course.municipalityCode,
        courseId: course.courseId,
        childId: report.childId,
        bundle: report.bundle,
        cause,
        rejection,
      });
      if (!rejection) lines.set(report.childId, { childId: report.childId, priority: PRIORITY[cause] });
    }
  }
  return { reports, states, jobs: [...lines.values()], reportIds, invalid };
}
