import { Module } from '@nestjs/common';
import { MunicipalitiesModule } from '../municipalities/municipalities.module.js';
import { ServiceTargetsModule } from '../service-targets/service-targets.module.js';
import { CourseSummaries } from './course-summaries.service.js';
import { CourseSummaryRepository } from './course-summary.repository.js';

/** The per-course summaries (`course_summary`, `course_target`) and "summarise this course again". */
@Module({
  imports: [ServiceTargetsModule, MunicipalitiesModule],
  providers: [CourseSummaryRepository, CourseSummaries],
  exports: [CourseSummaries],
})
export class CourseSummaryModule {}
