import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { QUEUE_SCHEMA } from './job-queue.schema.js';

export interface JobOptions {
  /** One waiting job per key (graphile-worker's job key); a second add with the same key replaces the waiting one's payload. */
  jobKey?: string;
  /** A named queue runs its jobs one at a time, across every instance. */
  queueName?: string;
  maxAttempts?: number;
}

/** The queue's SQL: adding jobs in the caller's transaction, and the worker pools' heartbeats. */
@Injectable()
export class JobsRepository {
  constructor(private readonly db: Db) {}

  /** Adds a job in the current transaction: it exists only if the transaction commits. */
  async enqueue(task: string, payload: Record<string, unknown>, options: JobOptions = {}): Promise<void> {
    await this.db.tx.query(
      `SELECT ${QUEUE_SCHEMA}.add_job($1, $2::json, queue_name => $3, job_key => $4, max_attempts => $5, job_key_mode => 'preserve_run_at')`,
      [task, JSON.stringify(payload), options.queueName ?? null, options.jobKey ?? null, options.maxAttempts ?? 25],
    );
  }

  async heartbeat(poolId: string): Promise<void> {
    await this.db.tx.query(`INSERT INTO job_worker (pool_id) VALUES ($1) ON CONFLICT (pool_id) DO UPDATE SET heartbeat_at = now()`, [
      poolId,
    ]);
  }

  async retireWorker(poolId: string): Promise<void> {
    await this.db.tx.query(`DELETE FROM job_worker WHERE pool_id = $1`, [poolId]);
  }

  /**
   * Frees the jobs and queues locked longer than `staleSeconds` by a worker pool that has not
   * written a heartbeat for as long (its process was killed): graphile-worker would keep them
   * locked for four hours. Returns the pools freed.
   */
  async freeDeadWorkers(staleSeconds: number): Promise<string[]> {
    const rows: { locked_by: string }[] = await this.db.tx.query(
      `WITH live AS (SELECT pool_id FROM job_worker WHERE heartbeat_at >= now() - make_interval(secs => $1)),
            held AS (SELECT locked_by FROM ${QUEUE_SCHEMA}._private_jobs WHERE locked_at < now() - make_interval(secs => $1)
                     UNION SELECT locked_by FROM ${QUEUE_SCHEMA}._private_job_queues WHERE locked_at < now() - make_interval(secs => $1))
       SELECT DISTINCT locked_by FROM held WHERE locked_by IS NOT NULL AND locked_by NOT IN (SELECT pool_id FROM live)`,
      [staleSeconds],
    );
    const dead = rows.map((r) => r.locked_by);
    if (dead.length) {
      await this.db.tx.query(`SELECT ${QUEUE_SCHEMA}.force_unlock_workers($1::text[])`, [dead]);
      await this.db.tx.query(`DELETE FROM job_worker WHERE pool_id = ANY($1::text[])`, [dead]);
    }
    await this.db.tx.query(`DELETE FROM job_worker WHERE heartbeat_at < now() - make_interval(secs => $1 * 10)`, [staleSeconds]);
    return dead;
  }
}
