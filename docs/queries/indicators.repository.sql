-- Rendered by npm run queries (src/bin/queries.ts) from the code: do not edit.

-- IndicatorsRepository.cohortFigures, national level, every municipality
-- $1 = ["period","2025H1"]
-- $2 = ["2026-01-01","2025-01-01"]
-- $3 = ["2026-06-30","2025-06-30"]
-- $4 = "2026-07-15"
-- $5 = "pre_conversation_14d"
-- $6 = "screening_30d"
-- $7 = "home_municipality_offer"
-- $8 = "other_municipality_126a"
-- $9 = "gp"
-- $10 = "child_psychiatry"
-- $11 = "civil_society"
-- $12 = "other"
WITH
  bucket AS (
    SELECT
      *
    FROM
      unnest($1::text[], $2::date[], $3::date[]) AS b (label, first_day, last_day)
  ),
  c AS (
    SELECT
      b.label AS bucket,
      'DK' AS area,
      CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS age_group,
      coalesce(cs.sex, 'unknown') AS sex,
      cs.pre_conversation_on,
      cs.screening_on,
      cs.first_treatment_on,
      cs.closure_reason,
      cs.pre_conversation_on - cs.first_contact_date AS w0,
      cs.screening_on - cs.first_contact_date AS w1,
      cs.screening_on - cs.pre_conversation_on AS w2,
      cs.first_treatment_on - cs.screening_on AS w3,
      t0.state AS t0_state,
      t1.state AS t1_state,
      ARRAY(
        SELECT
          r ->> 'destination'
        FROM
          jsonb_array_elements(cs.referrals) AS r
      ) AS destinations
    FROM
      course_summary cs
      JOIN bucket b ON cs.first_contact_date BETWEEN b.first_day AND b.last_day
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $5
      ) t0 ON true
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $6
      ) t1 ON true
    WHERE
      cs.status <> 'entered_in_error'
  )
SELECT
  bucket,
  area,
  CASE
    WHEN GROUPING(age_group) = 0 THEN 'age_group'
    WHEN GROUPING(sex) = 0 THEN 'sex'
    ELSE 'all'
  END AS dimension,
  CASE
    WHEN GROUPING(age_group) = 0 THEN age_group
    WHEN GROUPING(sex) = 0 THEN sex
    ELSE 'all'
  END AS key,
  count(*)::int AS first_contacts,
  count(pre_conversation_on)::int AS pre_conversation,
  count(screening_on)::int AS screening,
  count(first_treatment_on)::int AS treatment,
  count(*) FILTER (
    WHERE
      closure_reason = 'completed'
  )::int AS completed,
  count(*) FILTER (
    WHERE
      closure_reason = 'dropped_out'
  )::int AS dropped_out,
  count(w0)::int AS w0_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w0
      )
    )::numeric,
    1
  )::float8 AS w0_median,
  count(w1)::int AS w1_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w1
      )
    )::numeric,
    1
  )::float8 AS w1_median,
  count(w2)::int AS w2_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w2
      )
    )::numeric,
    1
  )::float8 AS w2_median,
  count(w3)::int AS w3_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w3
      )
    )::numeric,
    1
  )::float8 AS w3_median,
  count(*) FILTER (
    WHERE
      t0_state = 'met'
  )::int AS t0_met,
  count(*) FILTER (
    WHERE
      t0_state = 'breached'
  )::int AS t0_breached,
  count(*) FILTER (
    WHERE
      t0_state = 'overdue'
  )::int AS t0_overdue,
  count(*) FILTER (
    WHERE
      t1_state = 'met'
  )::int AS t1_met,
  count(*) FILTER (
    WHERE
      t1_state = 'breached'
  )::int AS t1_breached,
  count(*) FILTER (
    WHERE
      t1_state = 'overdue'
  )::int AS t1_overdue,
  coalesce(sum(cardinality(array_positions(destinations, $7::text))), 0)::int AS r0,
  coalesce(sum(cardinality(array_positions(destinations, $8::text))), 0)::int AS r1,
  coalesce(sum(cardinality(array_positions(destinations, $9::text))), 0)::int AS r2,
  coalesce(sum(cardinality(array_positions(destinations, $10::text))), 0)::int AS r3,
  coalesce(sum(cardinality(array_positions(destinations, $11::text))), 0)::int AS r4,
  coalesce(sum(cardinality(array_positions(destinations, $12::text))), 0)::int AS r5
FROM
  c
GROUP BY
  bucket,
  area,
  GROUPING SETS ((), (age_group), (sex))
ORDER BY
  bucket,
  area,
  dimension,
  key;

-- IndicatorsRepository.cohortFigures, region level, every municipality
-- $1 = ["period","2025H1"]
-- $2 = ["2026-01-01","2025-01-01"]
-- $3 = ["2026-06-30","2025-06-30"]
-- $4 = "2026-07-15"
-- $5 = "pre_conversation_14d"
-- $6 = "screening_30d"
-- $7 = "home_municipality_offer"
-- $8 = "other_municipality_126a"
-- $9 = "gp"
-- $10 = "child_psychiatry"
-- $11 = "civil_society"
-- $12 = "other"
WITH
  bucket AS (
    SELECT
      *
    FROM
      unnest($1::text[], $2::date[], $3::date[]) AS b (label, first_day, last_day)
  ),
  c AS (
    SELECT
      b.label AS bucket,
      cs.region_code::text AS area,
      CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS age_group,
      coalesce(cs.sex, 'unknown') AS sex,
      cs.pre_conversation_on,
      cs.screening_on,
      cs.first_treatment_on,
      cs.closure_reason,
      cs.pre_conversation_on - cs.first_contact_date AS w0,
      cs.screening_on - cs.first_contact_date AS w1,
      cs.screening_on - cs.pre_conversation_on AS w2,
      cs.first_treatment_on - cs.screening_on AS w3,
      t0.state AS t0_state,
      t1.state AS t1_state,
      ARRAY(
        SELECT
          r ->> 'destination'
        FROM
          jsonb_array_elements(cs.referrals) AS r
      ) AS destinations
    FROM
      course_summary cs
      JOIN bucket b ON cs.first_contact_date BETWEEN b.first_day AND b.last_day
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $5
      ) t0 ON true
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $6
      ) t1 ON true
    WHERE
      cs.status <> 'entered_in_error'
  )
SELECT
  bucket,
  area,
  CASE
    WHEN GROUPING(age_group) = 0 THEN 'age_group'
    WHEN GROUPING(sex) = 0 THEN 'sex'
    ELSE 'all'
  END AS dimension,
  CASE
    WHEN GROUPING(age_group) = 0 THEN age_group
    WHEN GROUPING(sex) = 0 THEN sex
    ELSE 'all'
  END AS key,
  count(*)::int AS first_contacts,
  count(pre_conversation_on)::int AS pre_conversation,
  count(screening_on)::int AS screening,
  count(first_treatment_on)::int AS treatment,
  count(*) FILTER (
    WHERE
      closure_reason = 'completed'
  )::int AS completed,
  count(*) FILTER (
    WHERE
      closure_reason = 'dropped_out'
  )::int AS dropped_out,
  count(w0)::int AS w0_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w0
      )
    )::numeric,
    1
  )::float8 AS w0_median,
  count(w1)::int AS w1_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w1
      )
    )::numeric,
    1
  )::float8 AS w1_median,
  count(w2)::int AS w2_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w2
      )
    )::numeric,
    1
  )::float8 AS w2_median,
  count(w3)::int AS w3_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w3
      )
    )::numeric,
    1
  )::float8 AS w3_median,
  count(*) FILTER (
    WHERE
      t0_state = 'met'
  )::int AS t0_met,
  count(*) FILTER (
    WHERE
      t0_state = 'breached'
  )::int AS t0_breached,
  count(*) FILTER (
    WHERE
      t0_state = 'overdue'
  )::int AS t0_overdue,
  count(*) FILTER (
    WHERE
      t1_state = 'met'
  )::int AS t1_met,
  count(*) FILTER (
    WHERE
      t1_state = 'breached'
  )::int AS t1_breached,
  count(*) FILTER (
    WHERE
      t1_state = 'overdue'
  )::int AS t1_overdue,
  coalesce(sum(cardinality(array_positions(destinations, $7::text))), 0)::int AS r0,
  coalesce(sum(cardinality(array_positions(destinations, $8::text))), 0)::int AS r1,
  coalesce(sum(cardinality(array_positions(destinations, $9::text))), 0)::int AS r2,
  coalesce(sum(cardinality(array_positions(destinations, $10::text))), 0)::int AS r3,
  coalesce(sum(cardinality(array_positions(destinations, $11::text))), 0)::int AS r4,
  coalesce(sum(cardinality(array_positions(destinations, $12::text))), 0)::int AS r5
FROM
  c
GROUP BY
  bucket,
  area,
  GROUPING SETS ((), (age_group), (sex))
ORDER BY
  bucket,
  area,
  dimension,
  key;

-- IndicatorsRepository.cohortFigures, municipality level, every municipality
-- $1 = ["period","2025H1"]
-- $2 = ["2026-01-01","2025-01-01"]
-- $3 = ["2026-06-30","2025-06-30"]
-- $4 = "2026-07-15"
-- $5 = "pre_conversation_14d"
-- $6 = "screening_30d"
-- $7 = "home_municipality_offer"
-- $8 = "other_municipality_126a"
-- $9 = "gp"
-- $10 = "child_psychiatry"
-- $11 = "civil_society"
-- $12 = "other"
WITH
  bucket AS (
    SELECT
      *
    FROM
      unnest($1::text[], $2::date[], $3::date[]) AS b (label, first_day, last_day)
  ),
  c AS (
    SELECT
      b.label AS bucket,
      cs.municipality_code::text AS area,
      CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS age_group,
      coalesce(cs.sex, 'unknown') AS sex,
      cs.pre_conversation_on,
      cs.screening_on,
      cs.first_treatment_on,
      cs.closure_reason,
      cs.pre_conversation_on - cs.first_contact_date AS w0,
      cs.screening_on - cs.first_contact_date AS w1,
      cs.screening_on - cs.pre_conversation_on AS w2,
      cs.first_treatment_on - cs.screening_on AS w3,
      t0.state AS t0_state,
      t1.state AS t1_state,
      ARRAY(
        SELECT
          r ->> 'destination'
        FROM
          jsonb_array_elements(cs.referrals) AS r
      ) AS destinations
    FROM
      course_summary cs
      JOIN bucket b ON cs.first_contact_date BETWEEN b.first_day AND b.last_day
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $5
      ) t0 ON true
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $6
      ) t1 ON true
    WHERE
      cs.status <> 'entered_in_error'
  )
SELECT
  bucket,
  area,
  CASE
    WHEN GROUPING(age_group) = 0 THEN 'age_group'
    WHEN GROUPING(sex) = 0 THEN 'sex'
    ELSE 'all'
  END AS dimension,
  CASE
    WHEN GROUPING(age_group) = 0 THEN age_group
    WHEN GROUPING(sex) = 0 THEN sex
    ELSE 'all'
  END AS key,
  count(*)::int AS first_contacts,
  count(pre_conversation_on)::int AS pre_conversation,
  count(screening_on)::int AS screening,
  count(first_treatment_on)::int AS treatment,
  count(*) FILTER (
    WHERE
      closure_reason = 'completed'
  )::int AS completed,
  count(*) FILTER (
    WHERE
      closure_reason = 'dropped_out'
  )::int AS dropped_out,
  count(w0)::int AS w0_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w0
      )
    )::numeric,
    1
  )::float8 AS w0_median,
  count(w1)::int AS w1_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w1
      )
    )::numeric,
    1
  )::float8 AS w1_median,
  count(w2)::int AS w2_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w2
      )
    )::numeric,
    1
  )::float8 AS w2_median,
  count(w3)::int AS w3_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w3
      )
    )::numeric,
    1
  )::float8 AS w3_median,
  count(*) FILTER (
    WHERE
      t0_state = 'met'
  )::int AS t0_met,
  count(*) FILTER (
    WHERE
      t0_state = 'breached'
  )::int AS t0_breached,
  count(*) FILTER (
    WHERE
      t0_state = 'overdue'
  )::int AS t0_overdue,
  count(*) FILTER (
    WHERE
      t1_state = 'met'
  )::int AS t1_met,
  count(*) FILTER (
    WHERE
      t1_state = 'breached'
  )::int AS t1_breached,
  count(*) FILTER (
    WHERE
      t1_state = 'overdue'
  )::int AS t1_overdue,
  coalesce(sum(cardinality(array_positions(destinations, $7::text))), 0)::int AS r0,
  coalesce(sum(cardinality(array_positions(destinations, $8::text))), 0)::int AS r1,
  coalesce(sum(cardinality(array_positions(destinations, $9::text))), 0)::int AS r2,
  coalesce(sum(cardinality(array_positions(destinations, $10::text))), 0)::int AS r3,
  coalesce(sum(cardinality(array_positions(destinations, $11::text))), 0)::int AS r4,
  coalesce(sum(cardinality(array_positions(destinations, $12::text))), 0)::int AS r5
FROM
  c
GROUP BY
  bucket,
  area,
  GROUPING SETS ((), (age_group), (sex))
ORDER BY
  bucket,
  area,
  dimension,
  key;

-- IndicatorsRepository.cohortFigures, municipality level, some municipalities
-- $1 = ["period","2025H1"]
-- $2 = ["2026-01-01","2025-01-01"]
-- $3 = ["2026-06-30","2025-06-30"]
-- $4 = "2026-07-15"
-- $5 = ["751","101"]
-- $6 = "pre_conversation_14d"
-- $7 = "screening_30d"
-- $8 = "home_municipality_offer"
-- $9 = "other_municipality_126a"
-- $10 = "gp"
-- $11 = "child_psychiatry"
-- $12 = "civil_society"
-- $13 = "other"
WITH
  bucket AS (
    SELECT
      *
    FROM
      unnest($1::text[], $2::date[], $3::date[]) AS b (label, first_day, last_day)
  ),
  c AS (
    SELECT
      b.label AS bucket,
      cs.municipality_code::text AS area,
      CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS age_group,
      coalesce(cs.sex, 'unknown') AS sex,
      cs.pre_conversation_on,
      cs.screening_on,
      cs.first_treatment_on,
      cs.closure_reason,
      cs.pre_conversation_on - cs.first_contact_date AS w0,
      cs.screening_on - cs.first_contact_date AS w1,
      cs.screening_on - cs.pre_conversation_on AS w2,
      cs.first_treatment_on - cs.screening_on AS w3,
      t0.state AS t0_state,
      t1.state AS t1_state,
      ARRAY(
        SELECT
          r ->> 'destination'
        FROM
          jsonb_array_elements(cs.referrals) AS r
      ) AS destinations
    FROM
      course_summary cs
      JOIN bucket b ON cs.first_contact_date BETWEEN b.first_day AND b.last_day
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $6
      ) t0 ON true
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $7
      ) t1 ON true
    WHERE
      cs.status <> 'entered_in_error'
      AND cs.municipality_code = ANY ($5::char(3) [])
  )
SELECT
  bucket,
  area,
  CASE
    WHEN GROUPING(age_group) = 0 THEN 'age_group'
    WHEN GROUPING(sex) = 0 THEN 'sex'
    ELSE 'all'
  END AS dimension,
  CASE
    WHEN GROUPING(age_group) = 0 THEN age_group
    WHEN GROUPING(sex) = 0 THEN sex
    ELSE 'all'
  END AS key,
  count(*)::int AS first_contacts,
  count(pre_conversation_on)::int AS pre_conversation,
  count(screening_on)::int AS screening,
  count(first_treatment_on)::int AS treatment,
  count(*) FILTER (
    WHERE
      closure_reason = 'completed'
  )::int AS completed,
  count(*) FILTER (
    WHERE
      closure_reason = 'dropped_out'
  )::int AS dropped_out,
  count(w0)::int AS w0_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w0
      )
    )::numeric,
    1
  )::float8 AS w0_median,
  count(w1)::int AS w1_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w1
      )
    )::numeric,
    1
  )::float8 AS w1_median,
  count(w2)::int AS w2_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w2
      )
    )::numeric,
    1
  )::float8 AS w2_median,
  count(w3)::int AS w3_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w3
      )
    )::numeric,
    1
  )::float8 AS w3_median,
  count(*) FILTER (
    WHERE
      t0_state = 'met'
  )::int AS t0_met,
  count(*) FILTER (
    WHERE
      t0_state = 'breached'
  )::int AS t0_breached,
  count(*) FILTER (
    WHERE
      t0_state = 'overdue'
  )::int AS t0_overdue,
  count(*) FILTER (
    WHERE
      t1_state = 'met'
  )::int AS t1_met,
  count(*) FILTER (
    WHERE
      t1_state = 'breached'
  )::int AS t1_breached,
  count(*) FILTER (
    WHERE
      t1_state = 'overdue'
  )::int AS t1_overdue,
  coalesce(sum(cardinality(array_positions(destinations, $8::text))), 0)::int AS r0,
  coalesce(sum(cardinality(array_positions(destinations, $9::text))), 0)::int AS r1,
  coalesce(sum(cardinality(array_positions(destinations, $10::text))), 0)::int AS r2,
  coalesce(sum(cardinality(array_positions(destinations, $11::text))), 0)::int AS r3,
  coalesce(sum(cardinality(array_positions(destinations, $12::text))), 0)::int AS r4,
  coalesce(sum(cardinality(array_positions(destinations, $13::text))), 0)::int AS r5
FROM
  c
GROUP BY
  bucket,
  area,
  GROUPING SETS ((), (age_group), (sex))
ORDER BY
  bucket,
  area,
  dimension,
  key;

-- IndicatorsRepository.cohortFigures, municipality level, one region
-- $1 = ["period","2025H1"]
-- $2 = ["2026-01-01","2025-01-01"]
-- $3 = ["2026-06-30","2025-06-30"]
-- $4 = "2026-07-15"
-- $5 = "1082"
-- $6 = "pre_conversation_14d"
-- $7 = "screening_30d"
-- $8 = "home_municipality_offer"
-- $9 = "other_municipality_126a"
-- $10 = "gp"
-- $11 = "child_psychiatry"
-- $12 = "civil_society"
-- $13 = "other"
WITH
  bucket AS (
    SELECT
      *
    FROM
      unnest($1::text[], $2::date[], $3::date[]) AS b (label, first_day, last_day)
  ),
  c AS (
    SELECT
      b.label AS bucket,
      cs.municipality_code::text AS area,
      CASE
        WHEN cs.age_years IS NULL THEN 'unknown'
        WHEN cs.age_years BETWEEN 5 AND 9 THEN '5-9'
        WHEN cs.age_years BETWEEN 10 AND 13 THEN '10-13'
        WHEN cs.age_years BETWEEN 14 AND 17 THEN '14-17'
        ELSE 'outside_range'
      END AS age_group,
      coalesce(cs.sex, 'unknown') AS sex,
      cs.pre_conversation_on,
      cs.screening_on,
      cs.first_treatment_on,
      cs.closure_reason,
      cs.pre_conversation_on - cs.first_contact_date AS w0,
      cs.screening_on - cs.first_contact_date AS w1,
      cs.screening_on - cs.pre_conversation_on AS w2,
      cs.first_treatment_on - cs.screening_on AS w3,
      t0.state AS t0_state,
      t1.state AS t1_state,
      ARRAY(
        SELECT
          r ->> 'destination'
        FROM
          jsonb_array_elements(cs.referrals) AS r
      ) AS destinations
    FROM
      course_summary cs
      JOIN bucket b ON cs.first_contact_date BETWEEN b.first_day AND b.last_day
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $6
      ) t0 ON true
      LEFT JOIN LATERAL (
        SELECT
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $4::date) AS state
        FROM
          course_target ct
        WHERE
          ct.municipality_code = cs.municipality_code
          AND ct.course_id = cs.course_id
          AND ct.target = $7
      ) t1 ON true
    WHERE
      cs.status <> 'entered_in_error'
      AND cs.region_code = $5
  )
SELECT
  bucket,
  area,
  CASE
    WHEN GROUPING(age_group) = 0 THEN 'age_group'
    WHEN GROUPING(sex) = 0 THEN 'sex'
    ELSE 'all'
  END AS dimension,
  CASE
    WHEN GROUPING(age_group) = 0 THEN age_group
    WHEN GROUPING(sex) = 0 THEN sex
    ELSE 'all'
  END AS key,
  count(*)::int AS first_contacts,
  count(pre_conversation_on)::int AS pre_conversation,
  count(screening_on)::int AS screening,
  count(first_treatment_on)::int AS treatment,
  count(*) FILTER (
    WHERE
      closure_reason = 'completed'
  )::int AS completed,
  count(*) FILTER (
    WHERE
      closure_reason = 'dropped_out'
  )::int AS dropped_out,
  count(w0)::int AS w0_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w0
      )
    )::numeric,
    1
  )::float8 AS w0_median,
  count(w1)::int AS w1_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w1
      )
    )::numeric,
    1
  )::float8 AS w1_median,
  count(w2)::int AS w2_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w2
      )
    )::numeric,
    1
  )::float8 AS w2_median,
  count(w3)::int AS w3_n,
  round(
    (
      percentile_cont(0.5) WITHIN GROUP (
        ORDER BY
          w3
      )
    )::numeric,
    1
  )::float8 AS w3_median,
  count(*) FILTER (
    WHERE
      t0_state = 'met'
  )::int AS t0_met,
  count(*) FILTER (
    WHERE
      t0_state = 'breached'
  )::int AS t0_breached,
  count(*) FILTER (
    WHERE
      t0_state = 'overdue'
  )::int AS t0_overdue,
  count(*) FILTER (
    WHERE
      t1_state = 'met'
  )::int AS t1_met,
  count(*) FILTER (
    WHERE
      t1_state = 'breached'
  )::int AS t1_breached,
  count(*) FILTER (
    WHERE
      t1_state = 'overdue'
  )::int AS t1_overdue,
  coalesce(sum(cardinality(array_positions(destinations, $8::text))), 0)::int AS r0,
  coalesce(sum(cardinality(array_positions(destinations, $9::text))), 0)::int AS r1,
  coalesce(sum(cardinality(array_positions(destinations, $10::text))), 0)::int AS r2,
  coalesce(sum(cardinality(array_positions(destinations, $11::text))), 0)::int AS r3,
  coalesce(sum(cardinality(array_positions(destinations, $12::text))), 0)::int AS r4,
  coalesce(sum(cardinality(array_positions(destinations, $13::text))), 0)::int AS r5
FROM
  c
GROUP BY
  bucket,
  area,
  GROUPING SETS ((), (age_group), (sex))
ORDER BY
  bucket,
  area,
  dimension,
  key;

-- IndicatorsRepository.findBaseline
SELECT
  from_half_year AS "from",
  to_half_year AS "to",
  set_by AS "setBy",
  set_at AS "setAt"
FROM
  indicator_baseline;
