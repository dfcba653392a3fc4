import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { CourseRecord } from '../kernel/course.record.js';
import { MunicipalitiesRepository } from '../municipalities/municipalities.repository.js';
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
    private readonly municipalities: MunicipalitiesRepository,
    private readonly clock: Clock,
  ) {}

  /** Rewrites the summaries of a course just changed; returns the target definitions it judged the course by. */
  async refresh(course: CourseRecord): Promise<TargetDefinition[]> {
    const definitions = await this.definitions.forMunicipality(course.municipalityCode);
    const source = toSummarySource(course, await this.municipalities.regionOf(course.municipalityCode));
    await this.write([source], definitions);
    return definitions;
  }

  /**
   * After the municipality's own targets changed: every course whose first contact is on or after
   * `from` (the earliest date a changed version applies from), judged again by the definitions as
   * they now are, in batches of `BATCH` courses (one query for their facts, the same pure functions,
   * one statement per table to write them). Returns how many courses were summarised.
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
