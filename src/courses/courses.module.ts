import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module.js';
import { CourseSummaryModule } from '../course-summary/course-summary.module.js';
import { ServiceTargetsModule } from '../service-targets/service-targets.module.js';
import { CourseChangesModule } from './course-changes.module.js';
import { CourseViews } from './course.views.js';
import { CoursesController } from './courses.controller.js';
import { CoursesRepository } from './courses.repository.js';
import { CoursesService } from './courses.service.js';

@Module({
  imports: [ChildrenModule, CourseChangesModule, CourseSummaryModule, ServiceTargetsModule],
  controllers: [CoursesController],
  providers: [CoursesService, CoursesRepository, CourseViews],
})
export class CoursesModule {}
