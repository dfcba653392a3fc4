import type { CourseFacts } from '../kernel/course.model.js';
import type { CourseRecord } from './courses.repository.js';

/** The plain facts the rules and clocks read, from a loaded course. */
export function toFacts(course: CourseRecord): CourseFacts {
  return {
    municipalityCode: course.municipalityCode,
    status: course.status,
    firstContactDate: course.firstContactDate,
    clearlyInTargetGroup: course.clearlyInTargetGroup,
    closureDate: course.closureDate,
    contacts: course.contacts.map((c) => ({
      id: c.id,
      type: c.type,
      date: c.date,
      status: c.status,
      outcome: c.outcome,
      createdAt: c.createdAt,
    })),
  };
}
