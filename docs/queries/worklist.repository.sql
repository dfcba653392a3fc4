-- Rendered by npm run queries (src/bin/queries.ts) from the code: do not edit.

-- WorklistRepository.findRunningClocks, every running clock
-- $1 = "751"
-- $2 = "2026-07-15"
-- $3 = null
SELECT
  ct.course_id AS "courseId",
  ct.target,
  to_char(ct.first_contact_date, 'YYYY-MM-DD') AS "firstContactDate",
  to_char(ct.clock_start, 'YYYY-MM-DD') AS "clockStart",
  to_char(ct.deadline, 'YYYY-MM-DD') AS deadline,
  ct.deadline - $2::date AS "daysLeft",
  ct.planned_dates::text[] AS "plannedDates", -- kept sorted by the summary writer; ISO dates
  cs.data_flags AS "dataFlags"
FROM
  course_target ct
  JOIN course_summary cs ON cs.municipality_code = ct.municipality_code
  AND cs.course_id = ct.course_id
WHERE
  ct.municipality_code = $1
  AND ct.settled_state IS NULL
  AND ct.course_status = 'open'
  AND (
    $3::int IS NULL
    OR ct.deadline - $2::date <= $3::int
  )
ORDER BY
  ct.deadline,
  ct.course_id,
  ct.target;

-- WorklistRepository.findRunningClocks, due within 3 days
-- $1 = "751"
-- $2 = "2026-07-15"
-- $3 = 3
SELECT
  ct.course_id AS "courseId",
  ct.target,
  to_char(ct.first_contact_date, 'YYYY-MM-DD') AS "firstContactDate",
  to_char(ct.clock_start, 'YYYY-MM-DD') AS "clockStart",
  to_char(ct.deadline, 'YYYY-MM-DD') AS deadline,
  ct.deadline - $2::date AS "daysLeft",
  ct.planned_dates::text[] AS "plannedDates", -- kept sorted by the summary writer; ISO dates
  cs.data_flags AS "dataFlags"
FROM
  course_target ct
  JOIN course_summary cs ON cs.municipality_code = ct.municipality_code
  AND cs.course_id = ct.course_id
WHERE
  ct.municipality_code = $1
  AND ct.settled_state IS NULL
  AND ct.course_status = 'open'
  AND (
    $3::int IS NULL
    OR ct.deadline - $2::date <= $3::int
  )
ORDER BY
  ct.deadline,
  ct.course_id,
  ct.target;
