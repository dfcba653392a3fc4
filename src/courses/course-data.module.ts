import { Module } from '@nestjs/common';
import { CoursesRepository } from './courses.repository.js';

/** Course storage, shared by the modules that read courses. */
@Module({
  providers: [CoursesRepository],
  exports: [CoursesRepository],
})
export class CourseDataModule {}
