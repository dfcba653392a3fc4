import { Module } from '@nestjs/common';
import { CourseChangeHooks } from './course-change.hooks.js';

/**
 * The hooks of a course change (one registry for the application): the courses call them, and
 * modules above courses (the KL delivery) register with them, so courses depend on none of those.
 */
@Module({
  providers: [CourseChangeHooks],
  exports: [CourseChangeHooks],
})
export class CourseChangesModule {}
