import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job queue is shared by every feature (src/jobs/): the KL delivery's worker heartbeats become
 * the queue's. A worker pool whose heartbeat stops (its process was killed) has its jobs and queue
 * locks released by the others (graphile-worker would wait four hours). No municipal data.
 */
export class JobQueue1764601873000 implements MigrationInterface {
  name = 'JobQueue1764601873000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kl_delivery_worker RENAME TO job_worker`);
    await db.query(`ALTER TABLE job_worker RENAME CONSTRAINT kl_delivery_worker_pkey TO job_worker_pkey`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE job_worker RENAME CONSTRAINT job_worker_pkey TO kl_delivery_worker_pkey`);
    await db.query(`ALTER TABLE job_worker RENAME TO kl_delivery_worker`);
  }
}
