import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service targets as data, and the per-course summaries that make reports and working lists
 * fast: `course_summary` (one row per course: the step dates and counts) and `course_target`
 * (one row per course and target: the clock's facts). Both are rewritten in the same
 * transaction as every change to the course, so they cannot go stale; what depends on "today"
 * (pending or overdue, open waits) is computed when read.
 */
export class ServiceTargets1764160000000 implements MigrationInterface {
  name = 'ServiceTargets1764160000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE service_target (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        municipality_code char(3) NOT NULL REFERENCES municipality(code),
        name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{2,62}$' AND name NOT IN ('pre_conversation_14d', 'screening_30d')),
        kind text NOT NULL CHECK (kind IN ('treatment_start_after_screening', 'max_days_between_treatment_sessions')),
        limit_days int NOT NULL CHECK (limit_days BETWEEN 0 AND 730),
        valid_from date NOT NULL,
        valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (municipality_code, name, valid_from)
      );

      CREATE TABLE course_summary (
        municipality_code char(3) NOT NULL,
        course_id uuid NOT NULL,
        region_code char(4) NOT NULL,
        status text NOT NULL,
        first_contact_date date NOT NULL,
        child_id uuid,
        age_years int,
        sex text,
        channel text NOT NULL,
        contacted_by text NOT NULL,
        clearly_in_target_group boolean NOT NULL,
        focus_areas text[] NOT NULL,
        pre_conversation_on date,
        pre_conversation_outcome text,
        screening_on date,
        screening_outcome text,
        first_treatment_on date,
        last_treatment_on date,
        treatment_sessions_held int NOT NULL DEFAULT 0,
        treatment_cancelled_by_family int NOT NULL DEFAULT 0,
        treatment_cancelled_by_municipality int NOT NULL DEFAULT 0,
        treatment_no_shows int NOT NULL DEFAULT 0,
        treatment_gaps int[] NOT NULL DEFAULT '{}',
        programme text,
        treatment_deliveries text[] NOT NULL DEFAULT '{}',
        closing_conversation_on date,
        closure_date date,
        closure_reason text,
        referrals jsonb NOT NULL DEFAULT '[]',
        data_flags text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (municipality_code, course_id),
        FOREIGN KEY (course_id, municipality_code) REFERENCES course (id, municipality_code)
      );
      CREATE UNIQUE INDEX course_summary_course ON course_summary (course_id);
      CREATE INDEX course_summary_cohort ON course_summary (first_contact_date, municipality_code);
      CREATE INDEX course_summary_municipality_cohort ON course_summary (municipality_code, first_contact_date);
      CREATE INDEX course_summary_region_cohort ON course_summary (region_code, first_contact_date);

      CREATE TABLE course_target (
        municipality_code char(3) NOT NULL,
        course_id uuid NOT NULL,
        region_code char(4) NOT NULL,
        target text NOT NULL,
        kind text NOT NULL,
        national boolean NOT NULL,
        limit_days int NOT NULL,
        first_contact_date date NOT NULL,
        course_status text NOT NULL,
        -- met | breached | not_applicable once decided; NULL while the clock runs
        -- (then pending or overdue, by comparing deadline with the day asked about).
        settled_state text CHECK (settled_state IN ('met', 'breached', 'not_applicable')),
        adjusted_settled_state text CHECK (adjusted_settled_state IN ('met', 'breached', 'not_applicable')),
        -- While running and before the deadline: 'pending', or 'met' for the session-gap target
        -- when every completed gap already met it.
        state_before_deadline text NOT NULL DEFAULT 'pending' CHECK (state_before_deadline IN ('pending', 'met')),
        adjusted_state_before_deadline text NOT NULL DEFAULT 'pending' CHECK (adjusted_state_before_deadline IN ('pending', 'met')),
        clock_start date,
        deadline date,
        held_on date,
        days_waited int,
        family_delay_days int NOT NULL DEFAULT 0,
        adjusted_days int,
        -- Family-caused delay intervals of a running clock, cut at the day asked about when read.
        delay_from date[] NOT NULL DEFAULT '{}',
        delay_to date[] NOT NULL DEFAULT '{}',
        -- Planned contacts that would stop a running clock (for the working list).
        planned_dates date[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (municipality_code, course_id, target),
        FOREIGN KEY (course_id, municipality_code) REFERENCES course (id, municipality_code)
      );
      CREATE INDEX course_target_cohort ON course_target (first_contact_date, municipality_code);
      CREATE INDEX course_target_municipality_cohort ON course_target (municipality_code, first_contact_date);
      CREATE INDEX course_target_region_cohort ON course_target (region_code, first_contact_date);
      CREATE INDEX course_target_running ON course_target (municipality_code, deadline)
        WHERE settled_state IS NULL AND course_status = 'open';

      -- A target's state on a given day (docs/domain.md): decided states stand; a running clock is
      -- overdue once its deadline has passed, else pending (or met so far, for session gaps).
      CREATE FUNCTION target_state(settled text, deadline date, before_deadline text, on_day date) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT coalesce(settled, CASE WHEN deadline < on_day THEN 'overdue' ELSE before_deadline END)
        $$;

      -- Days of family-caused delay in a running clock up to and including the day asked about.
      CREATE FUNCTION running_delay_days(froms date[], tos date[], upto date) RETURNS int
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT coalesce(sum(greatest(0, least(t, upto) - f)), 0)::int FROM unnest(froms, tos) AS d(f, t)
        $$;
    `);
    for (const table of ['service_target', 'course_summary', 'course_target']) {
      await db.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table}
          USING (app_visible(municipality_code)) WITH CHECK (app_visible(municipality_code));
      `);
    }
    await db.query(`
      GRANT SELECT, INSERT, UPDATE, DELETE ON service_target, course_summary, course_target TO ltt_app;
      GRANT EXECUTE ON FUNCTION running_delay_days(date[], date[], date) TO ltt_app;
      GRANT EXECUTE ON FUNCTION target_state(text, date, text, date) TO ltt_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP FUNCTION target_state(text, date, text, date); DROP FUNCTION running_delay_days(date[], date[], date); DROP TABLE course_target, course_summary, service_target`,
    );
  }
}
