import { Injectable } from '@nestjs/common';
import type { CourseRecord } from '../kernel/course.record.js';

/** Work another module does in the transaction of every course change, given the course as stored now (read after the change). */
export type CourseChangeHook = (course: CourseRecord) => Promise<unknown>;

/**
 * What other modules do after every change of a course, in the change's own transaction: the KL
 * delivery writes its outbox here (docs/kl-reporting.md, "The outbox"). They register at start-up
 * and courses calls them, so courses depends on none of them (modules depend one way,
 * docs/architecture.md). A hook that throws fails the change: nothing of it is kept. Every change
 * calls them holding the course's row lock (`FOR NO KEY UPDATE`, taken where the change read the
 * course), or on a course it created: no other change of the course runs beside a hook.
 */
@Injectable()
export class CourseChangeHooks {
  private readonly hooks: CourseChangeHook[] = [];

  register(hook: CourseChangeHook): void {
    this.hooks.push(hook);
  }

  async courseChanged(course: CourseRecord): Promise<void> {
    for (const hook of this.hooks) await hook(course);
  }
}
