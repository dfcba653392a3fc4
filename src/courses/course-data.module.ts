import { Module } from '@nestjs/common';
import { CourseChangeHooks } from './course-change.hooks.js';
import { CoursesRepository } from './courses.repository.js';
import { CprVault } from './cpr-vault.js';

/** Course storage, CPR protection and the hooks of a course change, shared by the modules that read courses. */
@Module({
  providers: [CoursesRepository, CprVault, CourseChangeHooks],
  exports: [CoursesRepository, CprVault, CourseChangeHooks],
})
export class CourseDataModule {}
