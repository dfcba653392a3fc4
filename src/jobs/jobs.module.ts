import { Module } from '@nestjs/common';
import { JobRunner } from './job-runner.js';
import { JobsRepository } from './jobs.repository.js';

/**
 * The shared job queue (graphile-worker on PostgreSQL): one runner per process with the tasks the
 * feature modules register, the heartbeat and sweep of killed workers, and adding jobs in the
 * caller's transaction. It imports no feature module; features import it.
 */
@Module({
  providers: [JobRunner, JobsRepository],
  exports: [JobRunner, JobsRepository],
})
export class JobsModule {}
