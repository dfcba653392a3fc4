import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The KL delivery (docs/kl-reporting.md, "Delivery"): each municipality's reporting SOR code, what
 * was last planned for each course (the planner's state), and the outbox of delivery reports, which
 * is also the ledger. Every course change writes its reports here in the same transaction as the
 * change; the delivery queue (graphile-worker, installed by `installDeliveryQueue`) sends them.
 *
 * All three tables hold municipal data: `municipality_code` in their keys, row-level security
 * enabled and forced, and `ltt_app` granted only what the delivery uses. Nothing is ever deleted:
 * a report is superseded, never erased, so the ledger keeps every one.
 */
export class KlDelivery1764291700000 implements MigrationInterface {
  name = 'KlDelivery1764291700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- The municipal unit that reports to KL: Citizen.managingOrganization by SOR code. The guide
      -- (dk-core min-digits-sor) requires digits only, at least 11; SOR codes are SNOMED CT-formatted
      -- identifiers, at most 18 digits. A municipality without a row is held back.
      CREATE TABLE municipality_reporting (
        municipality_code char(3) NOT NULL REFERENCES municipality(code),
        sor_code text NOT NULL CHECK (sor_code ~ '^[0-9]{11,18}$'),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (municipality_code)
      );

      -- What was last planned for each course (the planner's KlReportedState: per FHIR resource id
      -- its content hash, the child it went under and the content), and why it is held back.
      CREATE TABLE kl_course_state (
        course_id uuid NOT NULL,
        municipality_code char(3) NOT NULL,
        reported jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(reported) = 'object'),
        reports_made int NOT NULL DEFAULT 0 CHECK (reports_made >= 0),
        held_back text CHECK (held_back IN ('missing_sor', 'missing_cpr')),
        planned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (course_id),
        UNIQUE (course_id, municipality_code),
        FOREIGN KEY (course_id, municipality_code) REFERENCES course (id, municipality_code)
      );
      CREATE INDEX kl_course_state_held_back ON kl_course_state (municipality_code, held_back) WHERE held_back IS NOT NULL;

      -- The outbox and ledger: one row per delivery report, its Bundle as validated (json, not jsonb,
      -- so the bytes sent are the bytes validated), and its delivery. Reports of one child (child_id,
      -- the line) are delivered in seq order; a rejected one stops its line until it is re-delivered.
      CREATE TABLE kl_report (
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        municipality_code char(3) NOT NULL,
        course_id uuid NOT NULL,
        child_id uuid NOT NULL,
        bundle json NOT NULL,
        cause text NOT NULL CHECK (cause IN ('change', 'backfill', 'settings', 'redelivery')),
        state text NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'sent', 'accepted', 'rejected', 'exported', 'superseded')),
        tries int NOT NULL DEFAULT 0 CHECK (tries >= 0),
        last_status int CHECK (last_status BETWEEN 100 AND 599),
        last_error text CHECK (length(last_error) <= 2000),
        -- Why it was rejected: the gateway's OperationOutcome issues, or the validator's before sending.
        rejection jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_tried_at timestamptz,
        next_try_at timestamptz,
        accepted_at timestamptz,
        exported_at timestamptz,
        superseded_by uuid,
        PRIMARY KEY (id),
        UNIQUE (id, municipality_code),
        UNIQUE (seq),
        FOREIGN KEY (course_id, municipality_code) REFERENCES course (id, municipality_code),
        FOREIGN KEY (child_id, municipality_code) REFERENCES child (id, municipality_code),
        FOREIGN KEY (superseded_by, municipality_code) REFERENCES kl_report (id, municipality_code),
        CHECK (bundle->>'id' = id::text),
        CHECK ((state = 'accepted') = (accepted_at IS NOT NULL)),
        CHECK ((state = 'exported') = (exported_at IS NOT NULL)),
        CHECK (state <> 'rejected' OR rejection IS NOT NULL),
        CHECK ((state = 'superseded') = (superseded_by IS NOT NULL)),
        CHECK (state <> 'sent' OR tries > 0)
      );
      -- The next report of a line, and the lines with something to deliver.
      CREATE INDEX kl_report_line ON kl_report (child_id, seq) WHERE state IN ('pending', 'sent', 'rejected');
      CREATE INDEX kl_report_course ON kl_report (course_id, seq);
      CREATE INDEX kl_report_ledger ON kl_report (municipality_code, created_at);
      CREATE INDEX kl_report_state ON kl_report (municipality_code, state);
    `);

    for (const table of ['municipality_reporting', 'kl_course_state', 'kl_report']) {
      await db.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table}
          USING (app_visible(municipality_code)) WITH CHECK (app_visible(municipality_code));
      `);
    }

    await db.query(`
      -- The delivery workers' heartbeats: a worker pool whose heartbeat stops (the process was killed)
      -- has its queue locks released by the others (graphile-worker would wait four hours).
      -- No municipal data.
      CREATE TABLE kl_delivery_worker (
        pool_id text NOT NULL CHECK (length(pool_id) <= 128),
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (pool_id)
      );

      GRANT SELECT, INSERT, UPDATE ON municipality_reporting, kl_course_state, kl_report TO ltt_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON kl_delivery_worker TO ltt_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE kl_delivery_worker, kl_report, kl_course_state, municipality_reporting`);
  }
}
