import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { courseFacts, type CourseRecord } from '../kernel/course.record.js';
import { MunicipalitiesRepository } from '../municipalities/municipalities.repository.js';
import { summarizeCourse, summarizeTargets, type SummarySource } from './course-summary.js';
import { ServiceTargetsRepository } from './service-targets.repository.js';
import { NATIONAL_TARGETS, type TargetDefinition } from './target-definitions.js';

/**
 * Keeps `course_summary` and `course_target` true: called in the same transaction as every change
 * to a course, so reports and working lists never read a stale summary.
 */
@Injectable()
export class CourseSummaryWriter {
  constructor(
    private readonly repository: ServiceTargetsRepository,
    private readonly municipalities: MunicipalitiesRepository,
    private readonly clock: Clock,
  ) {}

  /** Every target definition a course in this municipality may be judged by (all versions). */
  async definitionsFor(municipalityCode: string): Promise<TargetDefinition[]> {
    return [...NATIONAL_TARGETS, ...(await this.repository.municipalTargets(municipalityCode))];
  }

  /** Rewrites the course's summaries; returns the target definitions it judged the course by. */
  async refresh(course: CourseRecord, definitions?: TargetDefinition[]): Promise<TargetDefinition[]> {
    const defs = definitions ?? (await this.definitionsFor(course.municipalityCode));
    const regionCode = await this.municipalities.regionOf(course.municipalityCode);
    const source = toSummarySource(course, regionCode);
    await this.repository.saveSummary(summarizeCourse(source), summarizeTargets(source, defs, this.clock.today()));
    return defs;
  }
}

export function toSummarySource(course: CourseRecord, regionCode: string): SummarySource {
  return {
    ...courseFacts(course),
    contacts: course.contacts.map((c) => ({
      id: c.id,
      type: c.type,
      date: c.date,
      status: c.status,
      outcome: c.outcome,
      createdAt: c.createdAt,
      programme: c.programme,
      delivery: c.delivery,
    })),
    id: course.id,
    regionCode,
    childId: course.childId,
    birthDate: course.child?.birthDate ?? null,
    sex: course.child?.sex ?? null,
    channel: course.channel,
    contactedBy: course.contactedBy,
    focusAreas: course.focusAreas,
    closureReason: course.closureReason,
    referrals: course.referrals.map((r) => ({ date: r.date, destination: r.destination })),
    consents: course.consents.map((c) => ({ scope: c.scope })),
  };
}
