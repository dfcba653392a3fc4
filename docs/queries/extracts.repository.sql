-- Rendered by npm run queries (src/bin/queries.ts) from the code: do not edit.

-- ExtractsRepository.cursor, courses extract
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
-- $4 = null
DECLARE extract_rows NO SCROLL CURSOR FOR
SELECT
  ch.cpr_index,
  (
    SELECT
      count(*)::int
    FROM
      child ch2
      JOIN course c2 ON c2.child_id = ch2.id
    WHERE
      ch2.cpr_index = ch.cpr_index
      AND c2.status <> 'entered_in_error'
      AND (c2.first_contact_date, c2.created_at, c2.id) <= (c.first_contact_date, c.created_at, c.id)
  ) AS course_number,
  k.municipality_code::text AS municipality_code,
  k.region_code::text AS region_code,
  extract(
    isoyear
    FROM
      k.first_contact_date
  )::int AS first_contact_year,
  extract(
    week
    FROM
      k.first_contact_date
  )::int AS first_contact_iso_week,
  k.age_years,
  CASE
    WHEN k.age_years BETWEEN 5 AND 9 THEN '5_9'
    WHEN k.age_years BETWEEN 10 AND 13 THEN '10_13'
    WHEN k.age_years BETWEEN 14 AND 17 THEN '14_17'
    ELSE 'outside_range'
  END AS age_group,
  k.sex,
  k.channel,
  k.contacted_by,
  k.clearly_in_target_group,
  k.focus_areas,
  k.pre_conversation_on - k.first_contact_date AS days_to_pre_conversation,
  k.screening_on - k.first_contact_date AS days_to_screening,
  k.first_treatment_on - k.first_contact_date AS days_to_first_treatment,
  k.closing_conversation_on - k.first_contact_date AS days_to_closing_conversation,
  k.closure_date - k.first_contact_date AS days_to_closure,
  k.pre_conversation_outcome,
  k.screening_outcome,
  k.treatment_deliveries AS delivery,
  k.treatment_sessions_held,
  k.treatment_cancelled_by_family AS treatment_sessions_cancelled_by_family,
  k.treatment_cancelled_by_municipality AS treatment_sessions_cancelled_by_municipality,
  k.treatment_no_shows,
  k.referrals,
  k.closure_reason,
  st.national AS national_states,
  st.municipal AS municipal_states
FROM
  course_summary k
  JOIN child ch ON ch.id = k.child_id
  JOIN course c ON c.municipality_code = k.municipality_code
  AND c.id = k.course_id
  CROSS JOIN LATERAL (
    SELECT
      jsonb_object_agg(ct.target, target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date)) FILTER (
        WHERE
          ct.national
      ) AS national,
      jsonb_agg(
        jsonb_build_object(
          'kind',
          ct.kind,
          'limitDays',
          ct.limit_days,
          'state',
          target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, $3::date)
        )
      ) FILTER (
        WHERE
          NOT ct.national
      ) AS municipal
    FROM
      course_target ct
    WHERE
      ct.municipality_code = k.municipality_code
      AND ct.course_id = k.course_id
  ) st
WHERE
  k.first_contact_date BETWEEN $1::date AND $2::date
  AND k.status <> 'entered_in_error'
  AND (
    $4::text[] IS NULL
    OR k.municipality_code = ANY ($4::text[])
  )
ORDER BY
  k.first_contact_date,
  k.course_id;

-- ExtractsRepository.cursor, contacts extract, some municipalities
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
-- $4 = ["751","101"]
DECLARE extract_rows NO SCROLL CURSOR FOR
SELECT
  ch.cpr_index,
  n.course_number,
  k.municipality_code::text AS municipality_code,
  k.region_code::text AS region_code,
  extract(
    isoyear
    FROM
      k.first_contact_date
  )::int AS first_contact_year,
  extract(
    week
    FROM
      k.first_contact_date
  )::int AS first_contact_iso_week,
  t.type AS contact_type,
  t.status AS contact_status,
  t.date - k.first_contact_date AS days_since_first_contact,
  t.participants,
  t.delivery,
  t.mode,
  t.duration_minutes,
  t.outcome
FROM
  course_summary k
  JOIN child ch ON ch.id = k.child_id
  JOIN course c ON c.municipality_code = k.municipality_code
  AND c.id = k.course_id
  CROSS JOIN LATERAL (
    SELECT
      (
        SELECT
          count(*)::int
        FROM
          child ch2
          JOIN course c2 ON c2.child_id = ch2.id
        WHERE
          ch2.cpr_index = ch.cpr_index
          AND c2.status <> 'entered_in_error'
          AND (c2.first_contact_date, c2.created_at, c2.id) <= (c.first_contact_date, c.created_at, c.id)
      ) AS course_number
  ) n
  JOIN contact t ON t.course_id = k.course_id
  AND t.municipality_code = k.municipality_code
WHERE
  k.first_contact_date BETWEEN $1::date AND $2::date
  AND k.status <> 'entered_in_error'
  AND (
    $4::text[] IS NULL
    OR k.municipality_code = ANY ($4::text[])
  )
  AND t.status <> 'entered_in_error'
  AND $3::date IS NOT NULL -- the reference date, unused here
ORDER BY
  k.first_contact_date,
  k.course_id,
  t.date,
  t.created_at;

-- ExtractsRepository.countRows, courses extract (the progress estimate)
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
-- $4 = null
SELECT
  count(*)::int AS n
FROM
  course_summary k
  JOIN child ch ON ch.id = k.child_id
  JOIN course c ON c.municipality_code = k.municipality_code
  AND c.id = k.course_id
WHERE
  k.first_contact_date BETWEEN $1::date AND $2::date
  AND k.status <> 'entered_in_error'
  AND (
    $4::text[] IS NULL
    OR k.municipality_code = ANY ($4::text[])
  )
  AND $3::date IS NOT NULL -- the reference date, unused here;

-- ExtractsRepository.countRows, contacts extract (the progress estimate)
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
-- $4 = null
SELECT
  count(*)::int AS n
FROM
  course_summary k
  JOIN child ch ON ch.id = k.child_id
  JOIN course c ON c.municipality_code = k.municipality_code
  AND c.id = k.course_id
  JOIN contact t ON t.course_id = k.course_id
  AND t.municipality_code = k.municipality_code
WHERE
  k.first_contact_date BETWEEN $1::date AND $2::date
  AND k.status <> 'entered_in_error'
  AND (
    $4::text[] IS NULL
    OR k.municipality_code = ANY ($4::text[])
  )
  AND t.status <> 'entered_in_error'
  AND $3::date IS NOT NULL -- the reference date, unused here;
