import { Module } from '@nestjs/common';
import { CourseViews } from './course.views.js';
import { CoursesController } from './courses.controller.js';
import { CoursesRepository } from './courses.repository.js';
import { CoursesService } from './courses.service.js';
import { CprVault } from './cpr-vault.js';

@Module({
  controllers: [CoursesController],
  providers: [CoursesRepository, CoursesService, CprVault, CourseViews],
  exports: [CoursesRepository, CprVault],
})
export class CoursesModule {}
