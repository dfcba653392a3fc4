import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRunner, type Task } from '../jobs/job-runner.js';
import { EXTRACT_TASK } from './extract-task.js';
import { ExtractsService } from './extracts.service.js';

/**
 * Registers the extracts' task with the shared job runner: `extract_build {extractId}` makes one
 * extract (`ExtractsService.build`). Its jobs go to the named queue `extracts`, so one extract is
 * made at a time across every instance; the others wait, `queued`. A run cut off by a killed
 * process is freed by the runner's sweep and runs again from scratch.
 */
@Injectable()
export class ExtractJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobRunner,
    private readonly extracts: ExtractsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ [EXTRACT_TASK]: this.task }, 1);
  }

  private readonly task: Task = async (payload) => {
    const { extractId, requestId } = payload as { extractId: string; requestId: string | null };
    await this.extracts.build(extractId, requestId ? { requestId } : {});
  };
}
