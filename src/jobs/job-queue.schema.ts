/**
 * The job queue's own schema: graphile-worker keeps its jobs in `graphile_worker` and migrates it
 * itself. Installed at start-up by the schema owner, right after the project's migrations (the
 * application role may not create schemas), and then made usable by `ltt_app`, which runs the
 * worker and enqueues jobs inside the request's transaction.
 *
 * graphile-worker enables row-level security on its private tables with no policy, so that only
 * their owner sees them; `ltt_app` gets a policy of its own there. Jobs hold no personal data: a
 * KL delivery job names a child's internal id, an extract job its extract's id, never a CPR.
 */
import { Logger, runMigrations } from 'graphile-worker';
import pg from 'pg';

export const QUEUE_SCHEMA = 'graphile_worker';

/** graphile-worker's log lines at start-up are its own business: errors still throw. */
export const quietQueueLogger = new Logger(() => () => undefined);

export async function installJobQueue(ownerUrl: string): Promise<void> {
  await runMigrations({ connectionString: ownerUrl, schema: QUEUE_SCHEMA, logger: quietQueueLogger, noPreparedStatements: true });
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`
      GRANT USAGE ON SCHEMA ${QUEUE_SCHEMA} TO ltt_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO ltt_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${QUEUE_SCHEMA} TO ltt_app;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${QUEUE_SCHEMA} TO ltt_app;
      DO $$
      DECLARE t record;
      BEGIN
        FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = '${QUEUE_SCHEMA}' AND c.relkind = 'r' AND c.relrowsecurity
        LOOP
          IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = '${QUEUE_SCHEMA}' AND tablename = t.relname AND policyname = 'ltt_app_queue') THEN
            EXECUTE format('CREATE POLICY ltt_app_queue ON ${QUEUE_SCHEMA}.%I TO ltt_app USING (true) WITH CHECK (true)', t.relname);
          END IF;
        END LOOP;
      END $$;
    `);
  } finally {
    await client.end();
  }
}
