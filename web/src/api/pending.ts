/**
 * Response shapes the OpenAPI document does not describe yet (its routes answer `200` with no
 * schema). Each is the narrow part a page reads, written from the service's views
 * (src/worklist/worklist.service.ts, src/courses/course.views.ts). When the response DTOs land
 * in docs/openapi.json, run `npm run web:api` and replace each use with the generated type
 * (`components['schemas'][...]`), then delete it here.
 */

/** GET /api/v1/worklist (WorklistService.list). */
export interface PendingWorklist {
  municipality: string;
  today: string;
  dueWithinDays: number;
  items: {
    courseId: string;
    target: string;
    deadline: string;
    daysLeft: number;
    firstContactDate: string;
    clockStart: string;
    nextPlannedDate: string | null;
    flags: string[];
  }[];
}

/** GET /api/v1/courses (CoursesService.list, CourseViews.listItem). */
export interface PendingCourseList {
  items: {
    id: string;
    municipalityCode: string;
    status: 'open' | 'closed' | 'entered_in_error';
    firstContactDate: string;
    child: { cprKnown: boolean; sex: 'female' | 'male' | null; ageToday: number | null };
    flags: string[];
  }[];
  total: number;
  page: number;
  pageSize: number;
}

/** POST /api/v1/courses (CourseViews.course): the part the form reads. */
export interface PendingCreatedCourse {
  id: string;
  municipalityCode: string;
}
