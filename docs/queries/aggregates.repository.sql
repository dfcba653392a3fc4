-- Rendered by npm run queries (src/bin/queries.ts) from the code: do not edit.

-- AggregatesRepository.compliance, national, not grouped
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      'all' AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by month
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      to_char(ct.first_contact_date, 'YYYY-MM') AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by quarter
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      to_char(ct.first_contact_date, 'YYYY-"Q"Q') AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by half_year
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      to_char(ct.first_contact_date, 'YYYY') || CASE
        WHEN extract(
          month
          FROM
            ct.first_contact_date
        ) <= 6 THEN '-H1'
        ELSE '-H2'
      END AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by municipality
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      ct.municipality_code::text AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by region
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      ct.region_code::text AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by age_group
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
      JOIN course_summary cs ON cs.municipality_code = ct.municipality_code
      AND cs.course_id = ct.course_id
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by sex
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      coalesce(cs.sex, 'unknown') AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
      JOIN course_summary cs ON cs.municipality_code = ct.municipality_code
      AND cs.course_id = ct.course_id
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by contacted_by
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      cs.contacted_by AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
      JOIN course_summary cs ON cs.municipality_code = ct.municipality_code
      AND cs.course_id = ct.course_id
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, national, grouped by focus_area
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      fa.focus_area AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
      JOIN course_summary cs ON cs.municipality_code = ct.municipality_code
      AND cs.course_id = ct.course_id
      CROSS JOIN LATERAL unnest(
        CASE
          WHEN cardinality(cs.focus_areas) = 0 THEN ARRAY['none']
          ELSE cs.focus_areas
        END
      ) AS fa (focus_area)
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, municipalities, not grouped
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
-- $4 = ["751","101"]
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      'all' AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
      AND ct.municipality_code = ANY ($4::char(3) [])
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.compliance, region, not grouped
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
-- $4 = "1082"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      'all' AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
      AND ct.region_code = $4
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.flow, national, not grouped
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      'all' AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by month
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      to_char(cs.first_contact_date, 'YYYY-MM') AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by quarter
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      to_char(cs.first_contact_date, 'YYYY-"Q"Q') AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by half_year
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      to_char(cs.first_contact_date, 'YYYY') || CASE
        WHEN extract(
          month
          FROM
            cs.first_contact_date
        ) <= 6 THEN '-H1'
        ELSE '-H2'
      END AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by municipality
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      cs.municipality_code::text AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by region
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      cs.region_code::text AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by age_group
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by sex
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      coalesce(cs.sex, 'unknown') AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by contacted_by
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      cs.contacted_by AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, national, grouped by focus_area
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      fa.focus_area AS key
    FROM
      course_summary cs
      CROSS JOIN LATERAL unnest(
        CASE
          WHEN cardinality(cs.focus_areas) = 0 THEN ARRAY['none']
          ELSE cs.focus_areas
        END
      ) AS fa (focus_area)
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, municipalities, not grouped
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = ["751","101"]
WITH
  c AS (
    SELECT
      cs.*,
      'all' AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
      AND cs.municipality_code = ANY ($3::char(3) [])
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.flow, region, not grouped
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "1082"
WITH
  c AS (
    SELECT
      cs.*,
      'all' AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
      AND cs.region_code = $3
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.compliance, national, grouped by municipality then age_group
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      ct.municipality_code::text || '|' || CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
      JOIN course_summary cs ON cs.municipality_code = ct.municipality_code
      AND cs.course_id = ct.course_id
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.flow, national, grouped by municipality then age_group
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      cs.municipality_code::text || '|' || CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;

-- AggregatesRepository.compliance, national, grouped by municipality then sex
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
WITH
  t AS (
    SELECT
      ct.target,
      ct.national,
      ct.municipality_code::text || '|' || coalesce(cs.sex, 'unknown') AS key,
      target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date) AS state,
      CASE
        WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state (
          NULL,
          ct.deadline + running_delay_days (ct.delay_from, ct.delay_to, $3::date),
          ct.adjusted_state_before_deadline,
          $3::date
        )
      END AS adjusted_state,
      ct.days_waited,
      ct.adjusted_days,
      CASE
        WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start
      END AS open_days
    FROM
      course_target ct
      JOIN course_summary cs ON cs.municipality_code = ct.municipality_code
      AND cs.course_id = ct.course_id
    WHERE
      ct.first_contact_date BETWEEN $1::date AND $2::date
      AND ct.course_status <> 'entered_in_error'
  )
SELECT
  target,
  bool_and(national) AS national,
  key,
  count(*) FILTER (
    WHERE
      state = 'met'
  )::int AS met,
  count(*) FILTER (
    WHERE
      state = 'breached'
  )::int AS breached,
  count(*) FILTER (
    WHERE
      state = 'overdue'
  )::int AS overdue,
  count(*) FILTER (
    WHERE
      state = 'pending'
  )::int AS pending,
  count(*) FILTER (
    WHERE
      state = 'not_applicable'
  )::int AS "notApplicable",
  count(*) FILTER (
    WHERE
      state IN ('met', 'breached')
  )::int AS "completedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          days_waited
      ) FILTER (
        WHERE
          state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "completedP90",
  count(*) FILTER (
    WHERE
      state IN ('pending', 'overdue')
  )::int AS "openN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          open_days
      ) FILTER (
        WHERE
          state IN ('pending', 'overdue')
      )
    )::numeric,
    1
  )::float8 AS "openP90",
  count(*) FILTER (
    WHERE
      adjusted_state = 'met'
  )::int AS "adjustedMet",
  count(*) FILTER (
    WHERE
      adjusted_state = 'breached'
  )::int AS "adjustedBreached",
  count(*) FILTER (
    WHERE
      adjusted_state = 'overdue'
  )::int AS "adjustedOverdue",
  count(*) FILTER (
    WHERE
      adjusted_state IN ('met', 'breached')
  )::int AS "adjustedCompletedN",
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedMedian",
  round(
    (
      percentile_cont(0.9) WITHIN GROUP (
        ORDER BY
          adjusted_days
      ) FILTER (
        WHERE
          adjusted_state IN ('met', 'breached')
      )
    )::numeric,
    1
  )::float8 AS "adjustedCompletedP90"
FROM
  t
GROUP BY
  target,
  key
ORDER BY
  bool_and(national) DESC,
  target,
  key;

-- AggregatesRepository.flow, national, grouped by municipality then sex
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
WITH
  c AS (
    SELECT
      cs.*,
      cs.municipality_code::text || '|' || coalesce(cs.sex, 'unknown') AS key
    FROM
      course_summary cs
    WHERE
      cs.first_contact_date BETWEEN $1::date AND $2::date
      AND cs.status <> 'entered_in_error'
  ),
  steps AS (
    SELECT
      key,
      count(*)::int AS "firstContact",
      count(pre_conversation_on)::int AS "preConversation",
      count(screening_on)::int AS screening,
      count(first_treatment_on)::int AS treatment,
      count(*) FILTER (
        WHERE
          closure_reason = 'completed'
      )::int AS completed,
      count(closure_date)::int AS closed,
      jsonb_build_object(
        'firstContactToPreConversation',
        jsonb_build_object(
          'n',
          count(c.pre_conversation_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.pre_conversation_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.pre_conversation_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.screening_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'preConversationToScreening',
        jsonb_build_object(
          'n',
          count(c.screening_on - c.pre_conversation_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.screening_on - c.pre_conversation_on
              ) FILTER (
                WHERE
                  c.screening_on - c.pre_conversation_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'screeningToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.screening_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.screening_on
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.screening_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToFirstTreatment',
        jsonb_build_object(
          'n',
          count(c.first_treatment_on - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.first_treatment_on - c.first_contact_date
              ) FILTER (
                WHERE
                  c.first_treatment_on - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstTreatmentToLastTreatment',
        jsonb_build_object(
          'n',
          count(c.last_treatment_on - c.first_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.last_treatment_on - c.first_treatment_on
              ) FILTER (
                WHERE
                  c.last_treatment_on - c.first_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'lastTreatmentToClosingConversation',
        jsonb_build_object(
          'n',
          count(c.closing_conversation_on - c.last_treatment_on)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closing_conversation_on - c.last_treatment_on
              ) FILTER (
                WHERE
                  c.closing_conversation_on - c.last_treatment_on IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        ),
        'firstContactToClosure',
        jsonb_build_object(
          'n',
          count(c.closure_date - c.first_contact_date)::int,
          'median',
          round(
            (
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8,
          'p90',
          round(
            (
              percentile_cont(0.9) WITHIN GROUP (
                ORDER BY
                  c.closure_date - c.first_contact_date
              ) FILTER (
                WHERE
                  c.closure_date - c.first_contact_date IS NOT NULL
              )
            )::numeric,
            1
          )::float8
        )
      ) AS waits
    FROM
      c
    GROUP BY
      key
  ),
  gaps AS (
    SELECT
      key,
      jsonb_build_object(
        'n',
        count(*)::int,
        'median',
        round(
          (
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8,
        'p90',
        round(
          (
            percentile_cont(0.9) WITHIN GROUP (
              ORDER BY
                g
            )
          )::numeric,
          1
        )::float8
      ) AS gap
    FROM
      c
      CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g
    GROUP BY
      key
  ),
  reasons AS (
    SELECT
      key,
      jsonb_object_agg(closure_reason, n) AS reasons
    FROM
      (
        SELECT
          key,
          closure_reason,
          count(*)::int AS n
        FROM
          c
        WHERE
          closure_reason IS NOT NULL
        GROUP BY
          key,
          closure_reason
      ) r
    GROUP BY
      key
  ),
  referrals AS (
    SELECT
      key,
      jsonb_object_agg(destination, n) AS destinations
    FROM
      (
        SELECT
          key,
          r ->> 'destination' AS destination,
          count(*)::int AS n
        FROM
          c
          CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r
        GROUP BY
          key,
          r ->> 'destination'
      ) d
    GROUP BY
      key
  )
SELECT
  s.key,
  s."firstContact",
  s."preConversation",
  s.screening,
  s.treatment,
  s.completed,
  s.closed,
  coalesce(r.reasons, '{}') AS "closureReasons",
  coalesce(f.destinations, '{}') AS "referralDestinations",
  s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
FROM
  steps s
  LEFT JOIN gaps g USING (key)
  LEFT JOIN reasons r USING (key)
  LEFT JOIN referrals f USING (key)
ORDER BY
  s.key;
