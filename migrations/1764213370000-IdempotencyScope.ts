import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key responses belong to the caller *and* the tenant: the subject, the sorted
 * municipalities of the token, the method and the route. Keyed by the subject alone, a token for
 * another municipality with the same `sub` (identity providers may reuse a subject across
 * tenants) was handed the first municipality's stored course. Row-level security holds the same
 * scope, so a query that forgets it still finds nothing of another tenant set.
 *
 * Stored responses live 24 hours and their tenant set cannot be known, so they are dropped: a
 * retry of a request made before this migration runs it again (TRUNCATE, because FORCE ROW LEVEL
 * SECURITY would let the owner's DELETE see no row).
 */
export class IdempotencyScope1764213370000 implements MigrationInterface {
  name = 'IdempotencyScope1764213370000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      TRUNCATE idempotency_key;
      ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey;
      -- The token's municipalities, sorted and comma-separated: exactly app.municipalities.
      ALTER TABLE idempotency_key ADD COLUMN municipalities text NOT NULL;
      -- The route pattern (/api/v1/courses/:id/contacts); path keeps the concrete path.
      ALTER TABLE idempotency_key ADD COLUMN route text NOT NULL;
      -- What the first response showed (resource type, id, municipality), audited again as a
      -- read when it is replayed.
      ALTER TABLE idempotency_key ADD COLUMN audited_resources jsonb NOT NULL DEFAULT '[]';
      ALTER TABLE idempotency_key ADD PRIMARY KEY (actor_sub, municipalities, method, route, key);

      DROP POLICY idempotency_key_own ON idempotency_key;
      CREATE POLICY idempotency_key_own ON idempotency_key
        USING (actor_sub = current_setting('app.sub', true) AND municipalities = current_setting('app.municipalities', true))
        WITH CHECK (actor_sub = current_setting('app.sub', true) AND municipalities = current_setting('app.municipalities', true));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      TRUNCATE idempotency_key;
      DROP POLICY idempotency_key_own ON idempotency_key;
      CREATE POLICY idempotency_key_own ON idempotency_key
        USING (actor_sub = current_setting('app.sub', true))
        WITH CHECK (actor_sub = current_setting('app.sub', true));
      ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey;
      ALTER TABLE idempotency_key DROP COLUMN audited_resources, DROP COLUMN route, DROP COLUMN municipalities;
      ALTER TABLE idempotency_key ADD PRIMARY KEY (actor_sub, key);
    `);
  }
}
