import { EventEmitter } from 'node:events';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { run, type Runner, type Task } from 'graphile-worker';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.js';
import { QUEUE_SCHEMA, quietQueueLogger } from './job-queue.schema.js';
import { JobsRepository } from './jobs.repository.js';

export type { Task } from 'graphile-worker';

/**
 * The one job runner of the process (graphile-worker on PostgreSQL), shared by every feature.
 * Feature modules register their tasks in `onModuleInit`; the runner starts on bootstrap with
 * every registered task when `JOB_WORKER=true` (the default), and picks only jobs of those tasks,
 * so an instance that leaves a feature's tasks out never runs its jobs. Its concurrency is the sum
 * of what the registrations ask for.
 *
 * A heartbeat per worker pool, and a sweep that frees the jobs of pools gone silent (a process
 * killed with kill -9): graphile-worker would hold their locks for four hours, and then run them
 * again as a new attempt.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly tasks: Record<string, Task> = {};
  private concurrency = 0;
  private runner?: Runner;
  private poolId?: string;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly db: Db,
    private readonly repository: JobsRepository,
  ) {}

  /** Whether this process runs jobs at all (`JOB_WORKER`). */
  get enabled(): boolean {
    return this.config.env.JOB_WORKER === 'true';
  }

  /** Adds `tasks` to what the runner will run, with `concurrency` more jobs at once. Before bootstrap only. */
  register(tasks: Record<string, Task>, concurrency: number): void {
    if (this.runner) throw new Error('Job tasks must be registered before the runner starts (in onModuleInit)');
    for (const name of Object.keys(tasks)) {
      if (this.tasks[name]) throw new Error(`The job task ${name} is registered twice`);
    }
    Object.assign(this.tasks, tasks);
    this.concurrency += concurrency;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled || this.concurrency === 0) return;
    const env = this.config.env;
    const events = new EventEmitter();
    events.on('pool:create', ({ workerPool }: { workerPool: { id: string } }) => (this.poolId = workerPool.id));
    this.runner = await run({
      connectionString: this.config.database.appUrl,
      schema: QUEUE_SCHEMA,
      concurrency: this.concurrency,
      maxPoolSize: this.concurrency + 2,
      pollInterval: env.JOB_POLL_INTERVAL_MS,
      noHandleSignals: true,
      noPreparedStatements: true,
      logger: quietQueueLogger,
      events,
      taskList: this.tasks,
      // Fewer round trips per job: the pool fetches (and locks) up to `concurrency` due jobs in one
      // query and hands them to its workers, and completions in the same tick are recorded in one.
      // A job fetched ahead waits at most until a worker is free; killed, the sweep below frees it.
      preset: { worker: { localQueue: { size: this.concurrency }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    this.runner.promise.catch((error: unknown) => this.logger.error(`The job runner stopped: ${String(error)}`));
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat(), env.JOB_WORKER_HEARTBEAT_SECONDS * 1000);
    this.heartbeat.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (!this.runner) return;
    await this.runner.stop().catch(() => undefined);
    this.runner = undefined;
    if (this.poolId) await this.db.transaction(() => this.repository.retireWorker(this.poolId!)).catch(() => undefined);
  }

  /** The heartbeat, and the sweep that frees the jobs of workers that stopped beating. */
  private async beat(): Promise<void> {
    try {
      const freed = await this.db.transaction(async () => {
        if (this.poolId) await this.repository.heartbeat(this.poolId);
        return this.repository.freeDeadWorkers(this.config.env.JOB_WORKER_STALE_SECONDS);
      });
      if (freed.length) this.logger.warn(`Freed the jobs of ${freed.length} worker(s) that stopped: ${freed.join(', ')}`);
    } catch (error) {
      this.logger.error(`Job queue heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
