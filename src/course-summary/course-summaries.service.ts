import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { CourseRecord } from '../kernel/course.record.js';
import { MunicipalitiesRepository } from '../municipalities/municipalities.repository.js';
import { MunicipalTargetsRepository } from '../service-targets/municipal-targets.repository.js';
import type { TargetDefinition } from '../service-targets/target-definitions.js';
import { TargetDefinitionsProvider } from '../service-targets/target-definitions.provider.js';
import { summarizeCourse, summarizeTargets, toSummarySource } from './course-summary.js';
import { CourseSummaryRepository } from './course-summary.repository.js';

/** How many courses are judged again per round trip when a municipality's targets change. */
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
    await this.repository.save([summarizeCourse(source)], summarizeTargets(source, definitions, this.clock.today()));
    return definitions;
  }

  /**
   * After the municipality's own targets changed, in the transaction that changed them and holds
   * them for the change (`MunicipalTargetsRepository.lockForChange`): every course whose first
   * contact is on or after `from` (the earliest date a changed version applies from) is judged
   * again by the definitions as they now are. A course's summary row does not depend on the
   * targets, so only its target rows are rewritten: in batches of `BATCH` courses, one query for
   * their facts, the same pure functions, one statement to delete their target rows and one to
   * write the new ones. Returns
   * how many courses were judged. No course of the municipality is summarised meanwhile by another
   * transaction: each waits in `refresh` until this one commits, and then writes its own newer
   * facts over these.
   */
  async refreshMunicipality(municipalityCode: string, from: string): Promise<number> {
    const definitions = await this.definitions.forMunicipality(municipalityCode);
    const today = this.clock.today();
    const ids = await this.repository.courseIdsFrom(municipalityCode, from);
    for (let start = 0; start < ids.length; start += BATCH) {
      const sources = await this.repository.targetSourcesOf(ids.slice(start, start + BATCH));
      await this.repository.replaceTargets(
        sources,
        sources.flatMap((source) => summarizeTargets(source, definitions, today)),
      );
    }
    return ids.length;
  }
}
