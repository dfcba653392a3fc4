import { Module } from '@nestjs/common';
import { ServiceTargetsModule } from '../service-targets/service-targets.module.js';
import { ChildrenModule } from '../children/children.module.js';
import { CourseDataModule } from './course-data.module.js';
import { CourseViews } from './course.views.js';
import { CoursesController } from './courses.controller.js';
import { CoursesService } from './courses.service.js';

@Module({
  imports: [CourseDataModule, ChildrenModule, ServiceTargetsModule],
  controllers: [CoursesController],
  providers: [CoursesService, CourseViews],
})
export class CoursesModule {}
