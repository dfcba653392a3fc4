import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { CourseRecord } from '../kernel/course.record.js';
import { MunicipalitiesRepository } from '../municipalities/municipalities.repository.js';
import { MunicipalTargetsRepository } from '../service-targets/municipal-targets.repository.js';
import type { TargetDefinition } from '../service-targets/target-definitions.js';
import { TargetDefinitionsProvider } from '../service-targets/target-definitions.provider.js';
import { summarizeCourse, summarizeTargets, toSummarySource, type SummarySource } from './course-summary.js';
import { CourseSummaryRepository } from './course-summary.repository.js';

/** How many courses are summarised again per round trip when a municipality's targets change. */
const BATCH = 500;

/**
 * Keeps `course_summary` and `course_target` true, "summarise this course again": after every
 * change to a course, in the same transaction, and after a change of a municipality's targets
 * for every course they judge. Reports and working lists therefore never read a stale summary.
 */
@Injectable()
export class CourseSummaries {
  constructor(
    private readonly repository: CourseSummaryRepository,
    private readonly definitions: TargetDefinitionsProvider,
    private readonly targets: MunicipalTargetsRepository,
    private readonly municipalities: MunicipalitiesRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Rewrites the summaries of a course just changed; returns the target definitions it judged the
   * course by. Holding the municipality's targets for judging until the transaction commits, the
   * definitions read here are still the municipality's when it commits: a change of the targets
   * that began first has committed (and this change is summarised under its targets), one that
   * begins later waits and then reads this course's facts as committed.
   */
  async refresh(course: CourseRecord): Promise<TargetDefinition[]> {
    await this.targets.lockForJudging(course.municipalityCode);
    const definitions = await this.definitions.forMunicipality(course.municipalityCode);
    const source = toSummarySource(course, await this.municipalities.regionOf(course.municipalityCode));
    await this.write([source], definitions);
    return definitions;
  }

  /**
   * After the municipality's own targets changed, in the transaction that changed them and holds
   * them for the change (`MunicipalTargetsRepository.lockForChange`): every course whose first
   * contact is on or after `from` (the earliest date a changed version applies from), judged again
   * by the definitions as they now are, in batches of `BATCH` courses (one query for their facts,
   * the same pure functions, one statement per table to write them). Returns how many courses were
   * summarised. No course of the municipality is summarised meanwhile by another transaction: each
   * waits in `refresh` until this one commits, and then writes its own newer facts over these.
   */
  async refreshMunicipality(municipalityCode: string, from: string): Promise<number> {
    const definitions = await this.definitions.forMunicipality(municipalityCode);
    const ids = await this.repository.courseIdsFrom(municipalityCode, from);
    for (let i = 0; i < ids.length; i += BATCH) {
      await this.write(await this.repository.sourcesOf(ids.slice(i, i + BATCH)), definitions);
    }
    return ids.length;
  }

  private async write(sources: readonly SummarySource[], definitions: readonly TargetDefinition[]): Promise<void> {
    const today = this.clock.today();
    await this.repository.save(
      sources.map(summarizeCourse),
      sources.flatMap((source) => summarizeTargets(source, definitions, today)),
    );
  }
}
