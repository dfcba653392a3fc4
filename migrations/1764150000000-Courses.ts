import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The course (forløb) and what hangs on it. Every table carries municipality_code (the
 * row-level-security key and, on Citus, the distribution column); child rows reference
 * courses through (id, municipality_code) so a course can never point into another municipality.
 */
export class Courses1764150000000 implements MigrationInterface {
  name = 'Courses1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE child (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        municipality_code char(3) NOT NULL REFERENCES municipality(code),
        cpr_index text NOT NULL CHECK (cpr_index ~ '^[0-9a-f]{64}$'),
        cpr_ciphertext bytea NOT NULL,
        cpr_key_id text NOT NULL,
        birth_date date NOT NULL,
        sex text NOT NULL CHECK (sex IN ('female', 'male')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        UNIQUE (id, municipality_code),
        UNIQUE (municipality_code, cpr_index)
      );
      -- The same child across municipalities (extracts number a child's courses everywhere).
      CREATE INDEX child_cpr_index ON child (cpr_index);

      CREATE TABLE course (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        municipality_code char(3) NOT NULL REFERENCES municipality(code),
        child_id uuid,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'entered_in_error')),
        first_contact_date date NOT NULL,
        first_contact_time time,
        first_contact_channel text NOT NULL CHECK (first_contact_channel IN ('phone', 'email', 'digital', 'in_person', 'other')),
        first_contact_by text NOT NULL CHECK (first_contact_by IN ('child', 'parent', 'other')),
        clearly_in_target_group boolean NOT NULL,
        focus_areas text[] NOT NULL DEFAULT '{}' CHECK (focus_areas <@ ARRAY['behaviour', 'worry', 'body_and_food', 'self_harm', 'sadness', 'obsessions_compulsions', 'restlessness_inattention', 'other']::text[]),
        closure_date date,
        closure_reason text CHECK (closure_reason IN ('completed', 'dropped_out', 'not_in_target_group', 'referred_elsewhere', 'family_declined', 'moved_away', 'other')),
        last_closed_at timestamptz,
        entered_in_error_reason text,
        entered_in_error_at timestamptz,
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        UNIQUE (id, municipality_code),
        FOREIGN KEY (child_id, municipality_code) REFERENCES child (id, municipality_code),
        CHECK ((status = 'closed') = (closure_date IS NOT NULL AND closure_reason IS NOT NULL) OR status = 'entered_in_error'),
        CHECK (closure_date IS NULL OR closure_date >= first_contact_date),
        CHECK ((status = 'entered_in_error') = (entered_in_error_at IS NOT NULL))
      );
      -- One open course per child per municipality.
      CREATE UNIQUE INDEX course_one_open_per_child ON course (municipality_code, child_id)
        WHERE status = 'open' AND child_id IS NOT NULL;
      CREATE INDEX course_municipality_first_contact ON course (municipality_code, first_contact_date);
      CREATE INDEX course_child ON course (child_id);

      CREATE TABLE contact (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        municipality_code char(3) NOT NULL,
        course_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('first_contact', 'pre_conversation', 'screening', 'treatment', 'closing_conversation')),
        date date NOT NULL,
        time time,
        status text NOT NULL CHECK (status IN ('planned', 'held', 'cancelled_by_family', 'cancelled_by_municipality', 'no_show', 'entered_in_error')),
        participants text CHECK (participants IN ('child_present', 'carers_only')),
        delivery text CHECK (delivery IN ('individual', 'group')),
        mode text CHECK (mode IN ('in_person', 'video', 'phone')),
        duration_minutes int CHECK (duration_minutes BETWEEN 1 AND 1440),
        programme text CHECK (length(programme) <= 200),
        outcome text CHECK (outcome IN ('proceed_to_screening', 'not_in_target_group', 'no_further_help', 'family_declined', 'offer_treatment', 'other_help', 'family_declined')),
        reason text CHECK (length(reason) <= 1000),
        entered_in_error_reason text,
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (id),
        FOREIGN KEY (course_id, municipality_code) REFERENCES course (id, municipality_code),
        -- KL: a held treatment (Behandling) has participant and delivery type.
        CHECK (NOT (type = 'treatment' AND status = 'held') OR (participants IS NOT NULL AND delivery IS NOT NULL)),
        CHECK (type <> 'first_contact' OR status IN ('held', 'entered_in_error'))
      );
      CREATE INDEX contact_course ON contact (course_id, date);
      CREATE INDEX contact_municipality_date ON contact (municipality_code, date);
      CREATE UNIQUE INDEX contact_one_first_contact ON contact (course_id) WHERE type = 'first_contact';

      CREATE TABLE referral (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        municipality_code char(3) NOT NULL,
        course_id uuid NOT NULL,
        date date NOT NULL,
        destination text NOT NULL CHECK (destination IN ('home_municipality_offer', 'other_municipality_126a', 'gp', 'child_psychiatry', 'civil_society', 'other')),
        note text CHECK (length(note) <= 2000),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (id),
        FOREIGN KEY (course_id, municipality_code) REFERENCES course (id, municipality_code)
      );
      CREATE INDEX referral_course ON referral (course_id);

      CREATE TABLE consent (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        municipality_code char(3) NOT NULL,
        course_id uuid NOT NULL,
        date date NOT NULL,
        given_by text NOT NULL CHECK (given_by IN ('young_person', 'custodial_parent', 'both_custodial_parents')),
        scope text NOT NULL CHECK (scope IN ('treatment', 'share_with_gp', 'share_with_school')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (id),
        FOREIGN KEY (course_id, municipality_code) REFERENCES course (id, municipality_code)
      );
      CREATE INDEX consent_course ON consent (course_id);
    `);

    for (const table of ['child', 'course', 'contact', 'referral', 'consent']) {
      await db.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table}
          USING (app_visible(municipality_code)) WITH CHECK (app_visible(municipality_code));
      `);
    }
    // No DELETE: courses and their parts are corrected or marked entered-in-error, never erased.
    await db.query(`
      GRANT SELECT, INSERT, UPDATE ON child, course, contact, referral, consent TO ltt_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE consent, referral, contact, course, child`);
  }
}
