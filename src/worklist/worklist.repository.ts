import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { Query } from '../database/query.js';

export interface RunningClockRow {
  courseId: string;
  target: string;
  firstContactDate: string;
  clockStart: string;
  deadline: string;
  daysLeft: number;
  plannedDates: string[];
  dataFlags: string[];
}

/** Every running clock of open courses in the municipality, soonest deadline first. */
export function runningClocksQuery(municipalityCode: string, today: string, dueWithinDays?: number): Query {
  return {
    text: `SELECT ct.course_id AS "courseId", ct.target, to_char(ct.first_contact_date, 'YYYY-MM-DD') AS "firstContactDate",
              to_char(ct.clock_start, 'YYYY-MM-DD') AS "clockStart", to_char(ct.deadline, 'YYYY-MM-DD') AS deadline,
              ct.deadline - $2::date AS "daysLeft",
              ct.planned_dates::text[] AS "plannedDates", -- kept sorted by the summary writer; ISO dates
              cs.data_flags AS "dataFlags"
         FROM course_target ct
         JOIN course_summary cs ON cs.municipality_code = ct.municipality_code AND cs.course_id = ct.course_id
        WHERE ct.municipality_code = $1 AND ct.settled_state IS NULL AND ct.course_status = 'open'
          AND ($3::int IS NULL OR ct.deadline - $2::date <= $3::int)
        ORDER BY ct.deadline, ct.course_id, ct.target`,
    values: [municipalityCode, today, dueWithinDays ?? null],
  };
}

@Injectable()
export class WorklistRepository {
  constructor(private readonly db: Db) {}

  /** Every running clock of open courses in the municipality, soonest deadline first (runningClocksQuery). */
  async findRunningClocks(municipalityCode: string, today: string, dueWithinDays?: number): Promise<RunningClockRow[]> {
    const q = runningClocksQuery(municipalityCode, today, dueWithinDays);
    return this.db.tx.query(q.text, q.values);
  }
}
