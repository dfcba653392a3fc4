import { Module } from '@nestjs/common';
import { KlDeliveryModule } from '../kl-delivery/kl-delivery.module.js';
import { ServiceTargetsModule } from '../service-targets/service-targets.module.js';
import { CourseDataModule } from './course-data.module.js';
import { CourseViews } from './course.views.js';
import { CoursesController } from './courses.controller.js';
import { CoursesService } from './courses.service.js';

@Module({
  imports: [CourseDataModule, ServiceTargetsModule, KlDeliveryModule],
  controllers: [CoursesController],
  providers: [CoursesService, CourseViews],
})
export class CoursesModule {}
