import { Module } from '@nestjs/common';
import { CoursesRepository } from './courses.repository.js';
import { CprVault } from './cpr-vault.js';

/** Course storage and CPR protection, shared by the modules that read courses. */
@Module({
  providers: [CoursesRepository, CprVault],
  exports: [CoursesRepository, CprVault],
})
export class CourseDataModule {}
