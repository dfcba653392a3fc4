import { Module } from '@nestjs/common';
import { CourseSummaryModule } from '../course-summary/course-summary.module.js';
import { ServiceTargetsModule } from '../service-targets/service-targets.module.js';
import { ServiceTargetsController } from './target-settings.controller.js';
import { TargetSettingsService } from './target-settings.service.js';

/** GET/PUT /api/v1/municipalities/{code}/service-targets: a municipality's own targets, and its courses judged again. */
@Module({
  imports: [ServiceTargetsModule, CourseSummaryModule],
  controllers: [ServiceTargetsController],
  providers: [TargetSettingsService],
})
export class TargetSettingsModule {}
