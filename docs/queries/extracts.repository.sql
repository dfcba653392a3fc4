-- Rendered by npm run queries (src/bin/queries.ts) from the code: do not edit.

-- ExtractsRepository.copy, courses extract
COPY (
  SELECT
    ch.cpr_index,
    concat(
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
      ),
      ',',
      k.municipality_code::text,
      ',',
      k.region_code::text,
      ',',
      extract(
        isoyear
        FROM
          k.first_contact_date
      )::int,
      ',',
      extract(
        week
        FROM
          k.first_contact_date
      )::int,
      ',',
      k.age_years,
      ',',
      CASE
        WHEN k.age_years BETWEEN 5 AND 9 THEN '5_9'
        WHEN k.age_years BETWEEN 10 AND 13 THEN '10_13'
        WHEN k.age_years BETWEEN 14 AND 17 THEN '14_17'
        ELSE 'outside_range'
      END,
      ',',
      k.sex,
      ',',
      k.channel,
      ',',
      k.contacted_by,
      ',',
      k.clearly_in_target_group::text,
      ',',
      concat_ws(
        '|',
        CASE
          WHEN 'behaviour' = ANY (k.focus_areas) THEN 'behaviour'
        END,
        CASE
          WHEN 'worry' = ANY (k.focus_areas) THEN 'worry'
        END,
        CASE
          WHEN 'body_and_food' = ANY (k.focus_areas) THEN 'body_and_food'
        END,
        CASE
          WHEN 'self_harm' = ANY (k.focus_areas) THEN 'self_harm'
        END,
        CASE
          WHEN 'sadness' = ANY (k.focus_areas) THEN 'sadness'
        END,
        CASE
          WHEN 'obsessions_compulsions' = ANY (k.focus_areas) THEN 'obsessions_compulsions'
        END,
        CASE
          WHEN 'restlessness_inattention' = ANY (k.focus_areas) THEN 'restlessness_inattention'
        END,
        CASE
          WHEN 'other' = ANY (k.focus_areas) THEN 'other'
        END
      ),
      ',',
      k.pre_conversation_on - k.first_contact_date,
      ',',
      k.screening_on - k.first_contact_date,
      ',',
      k.first_treatment_on - k.first_contact_date,
      ',',
      k.closing_conversation_on - k.first_contact_date,
      ',',
      k.closure_date - k.first_contact_date,
      ',',
      k.pre_conversation_outcome,
      ',',
      k.screening_outcome,
      ',',
      concat_ws(
        '|',
        CASE
          WHEN 'individual' = ANY (k.treatment_deliveries) THEN 'individual'
        END,
        CASE
          WHEN 'group' = ANY (k.treatment_deliveries) THEN 'group'
        END
      ),
      ',',
      k.treatment_sessions_held,
      ',',
      k.treatment_cancelled_by_family,
      ',',
      k.treatment_cancelled_by_municipality,
      ',',
      k.treatment_no_shows,
      ',',
      CASE
        WHEN k.referrals <> '[]'::jsonb THEN (
          SELECT
            string_agg(
              concat(r ->> 'destination', ':', r ->> 'days'),
              '|'
              ORDER BY
                (r ->> 'days')::int,
                array_position(
                  ARRAY[
                    'home_municipality_offer',
                    'other_municipality_126a',
                    'gp',
                    'child_psychiatry',
                    'civil_society',
                    'other'
                  ]::text[],
                  r ->> 'destination'
                )
            )
          FROM
            jsonb_array_elements(k.referrals) r
        )
      END,
      ',',
      k.closure_reason,
      ',',
      st.target_pre_conversation_14d_state,
      ',',
      st.target_screening_30d_state,
      ',',
      st.municipal
    ) AS row_values
  FROM
    course_summary k
    JOIN child ch ON ch.id = k.child_id
    JOIN course c ON c.municipality_code = k.municipality_code
    AND c.id = k.course_id
    CROSS JOIN LATERAL (
      SELECT
        max(target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, '2026-07-15'::date)) FILTER (
          WHERE
            ct.national
            AND ct.target = 'pre_conversation_14d'
        ) AS target_pre_conversation_14d_state,
        max(target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, '2026-07-15'::date)) FILTER (
          WHERE
            ct.national
            AND ct.target = 'screening_30d'
        ) AS target_screening_30d_state,
        string_agg(
          concat(
            ct.kind,
            '_',
            ct.limit_days,
            'd:',
            target_state (ct.settled_state, ct.deadline, ct.state_before_deadline, '2026-07-15'::date)
          ),
          '|'
          ORDER BY
            array_position(
              ARRAY[
                'pre_conversation_within',
                'screening_within',
                'treatment_start_after_screening',
                'max_days_between_treatment_sessions'
              ]::text[],
              ct.kind
            ),
            ct.limit_days,
            ct.target
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
    k.first_contact_date BETWEEN '2026-01-01'::date AND '2026-06-30'::date
    AND k.status <> 'entered_in_error'
    AND (
      NULL::text[] IS NULL
      OR k.municipality_code = ANY (NULL::text[])
    )
  ORDER BY
    k.first_contact_date,
    k.course_id
) TO STDOUT;

-- ExtractsRepository.copy, contacts extract, some municipalities
COPY (
  SELECT
    ch.cpr_index,
    concat(
      n.course_number,
      ',',
      k.municipality_code::text,
      ',',
      k.region_code::text,
      ',',
      extract(
        isoyear
        FROM
          k.first_contact_date
      )::int,
      ',',
      extract(
        week
        FROM
          k.first_contact_date
      )::int,
      ',',
      t.type,
      ',',
      t.status,
      ',',
      t.date - k.first_contact_date,
      ',',
      t.participants,
      ',',
      t.delivery,
      ',',
      t.mode,
      ',',
      t.duration_minutes,
      ',',
      t.outcome
    ) AS row_values
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
    k.first_contact_date BETWEEN '2026-01-01'::date AND '2026-06-30'::date
    AND k.status <> 'entered_in_error'
    AND (
      ARRAY['751', '101']::text[]::text[] IS NULL
      OR k.municipality_code = ANY (ARRAY['751', '101']::text[]::text[])
    )
    AND t.status <> 'entered_in_error'
    AND '2026-07-15'::date IS NOT NULL -- the reference date, unused here
  ORDER BY
    k.first_contact_date,
    k.course_id,
    t.date,
    t.created_at
) TO STDOUT;

-- ExtractsRepository.countRows, courses extract (the progress estimate)
-- $1 = "2026-01-01"
-- $2 = "2026-06-30"
-- $3 = "2026-07-15"
-- $4 = null
SELECT
  count(*)::int AS n
FROM
  course_summary k
WHERE
  k.first_contact_date BETWEEN $1::date AND $2::date
  AND k.status <> 'entered_in_error'
  AND (
    $4::text[] IS NULL
    OR k.municipality_code = ANY ($4::text[])
  )
  AND k.child_id IS NOT NULL
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
  JOIN contact t ON t.course_id = k.course_id
  AND t.municipality_code = k.municipality_code
WHERE
  k.first_contact_date BETWEEN $1::date AND $2::date
  AND k.status <> 'entered_in_error'
  AND (
    $4::text[] IS NULL
    OR k.municipality_code = ANY ($4::text[])
  )
  AND k.child_id IS NOT NULL
  AND t.status <> 'entered_in_error'
  AND $3::date IS NOT NULL -- the reference date, unused here;
