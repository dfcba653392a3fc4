import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { TaskSpec, Task } from 'graphile-worker';
import type { PoolClient } from 'pg';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { JobRunner } from '../jobs/job-runner.js';
import { retryDelayMs } from './delivery.rules.js';
import { KlDeliveryRepository, type Try } from './kl-delivery.repository.js';
import { KlGateway } from './kl-gateway.js';
import { KlReplanner } from './kl-replanner.js';

/** The job a turn of a line leaves for the line: when it is due, and whether it replaces one waiting. */
type FollowUp = Pick<TaskSpec, 'runAt' | 'jobKeyMode'>;

/** A job delivers at most this many reports of its line, then makes way for other lines (and continues in a new job). */
const REPORTS_PER_JOB = 25;

/**
 * The delivery queue's tasks, registered with the shared job runner (src/jobs/) when
 * KL_DELIVERY_WORKER=true, and run where JOB_WORKER=true:
 *
 * - `kl_deliver` {childId}: sends the child's reports in order, one at a time: the first
 *   undelivered report of the line is PUT; accepted, the next follows; a retry waits (exponential
 *   backoff with jitter) in a new job at that time, the line waiting with it; rejected, the line
 *   stops until the report is re-delivered. One job per child waiting at most (its job key), and
 *   one delivery of a child's line at a time (an advisory lock held for the line's turn): no report
 *   overtakes an earlier one. (Not graphile-worker's named queues: they run one job at a time per
 *   queue, but measured here they also kept the pool from running more than a few jobs at once.)
 * - `kl_replan` {scope}: plans courses in bulk — those never planned (the backfill on first start),
 *   or a municipality's (its SOR code set or changed).
 *
 * The runner's heartbeat and sweep free the jobs of a killed process (src/jobs/job-runner.ts).
 */
@Injectable()
export class KlDeliveryWorker implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(KlDeliveryWorker.name);

  constructor(
    private readonly config: AppConfig,
    private readonly db: Db,
    private readonly scope: NationalScope,
    private readonly repository: KlDeliveryRepository,
    private readonly gateway: KlGateway,
    private readonly replanner: KlReplanner,
    private readonly clock: Clock,
    private readonly jobs: JobRunner,
  ) {}

  private get running(): boolean {
    return this.config.env.KL_DELIVERY_WORKER === 'true' && this.jobs.enabled;
  }

  onModuleInit(): void {
    if (this.config.env.KL_DELIVERY_WORKER !== 'true') return;
    this.jobs.register({ kl_deliver: this.deliverTask, kl_replan: this.replanTask }, this.config.env.KL_DELIVERY_CONCURRENCY);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.running) await this.enqueueOnStart();
  }

  private widened<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(async () => {
      await this.scope.widen('kl_delivery');
      return fn();
    });
  }

  /**
   * On start: a backfill job when any course was never planned (the first start with this module,
   * courses loaded by the synthetic loader), and a job for every line with something to deliver
   * (a gateway configured since the reports were made, or a job lost). Jobs waiting keep their time.
   */
  private async enqueueOnStart(): Promise<void> {
    await this.widened(async () => {
      if (await this.repository.anyUnplannedCourse()) {
        await this.repository.enqueueJob('kl_replan', { scope: 'unplanned' }, 'kl-replan:unplanned', 'kl-replan');
      }
      if (this.gateway.configured) {
        const lines = await this.repository.linesToDeliver();
        await this.repository.enqueueLines(lines.map((childId) => ({ childId, priority: 5 })));
      }
    });
  }

  private readonly deliverTask: Task = async (payload, helpers) => {
    const { childId } = payload as { childId: string };
    const next = await helpers.withPgClient((client) => this.takeTurn(client, childId));
    // After the turn's commit, so the next job finds the line free (and the outcomes recorded).
    if (next) await helpers.addJob('kl_deliver', { childId }, { jobKey: `kl:${childId}`, maxAttempts: 32767, ...next });
  };

  /**
   * A turn of a child's line, in one transaction on the job's connection: it takes the line (an
   * advisory lock held until the commit), reads it, sends, and records the outcomes before the
   * lock is let go, so whoever takes the line next sees them. Says when the line's next job is due.
   */
  private async takeTurn(client: PoolClient, childId: string): Promise<FollowUp | undefined> {
    const taken = await KlDeliveryRepository.beginLine(client, childId);
    try {
      this.scope.widened('kl_delivery');
      // Another delivery of this child's line is under way (a job added while it ran): try again once it is done.
      if (!taken) return { runAt: new Date(Date.now() + 500) };
      return await this.db.onClient(client, () => this.deliverLine(childId));
    } finally {
      await client.query('COMMIT');
    }
  }

  private readonly replanTask: Task = async (payload) => {
    const scope = payload as { scope: 'unplanned' } | { scope: 'municipality'; code: string };
    if (scope.scope === 'unplanned') {
      const outcome = await this.replanner.backfill();
      this.logger.log(`KL backfill: ${outcome.courses} courses planned, ${outcome.reports} reports, ${outcome.heldBack} held back`);
    } else {
      const outcome = await this.replanner.replanMunicipality(scope.code);
      this.logger.log(`KL re-plan of municipality ${scope.code}: ${outcome.courses} courses, ${outcome.reports} reports`);
    }
  };

  /**
   * Sends a child's reports in order until the line is empty, waits (a retry), or stops (a
   * rejection). The outcomes are recorded once the line's turn is over, in one statement: a report
   * whose acceptance is lost with the process (killed between the PUT and the record) is sent again
   * with the same id, which FK Gateway takes for the same report — order is what must never break.
   */
  private async deliverLine(childId: string): Promise<FollowUp | undefined> {
    // Without a gateway nothing is sent: reports wait, listed as pending, until one is configured.
    if (!this.gateway.configured) return undefined;
    const env = this.config.env;
    const line = await this.repository.nextInLine(childId, REPORTS_PER_JOB);
    const tries: Try[] = [];
    try {
      for (const report of line) {
        const verdict = await this.gateway.put(report.id, report.bundle);
        const at = this.clock.now();
        if (verdict.kind === 'accepted') {
          tries.push({ id: report.id, state: 'accepted', status: verdict.status, error: null, rejection: null, at, next_try_at: null });
          continue;
        }
        if (verdict.kind === 'rejected') {
          tries.push({
            id: report.id,
            state: 'rejected',
            status: verdict.status,
            error: null,
            rejection: verdict.rejection,
            at,
            next_try_at: null,
          });
          this.logger.warn(`KL report ${report.id} rejected by the gateway (HTTP ${verdict.status}); its child's later reports wait`);
          return undefined;
        }
        const delay = retryDelayMs(
          report.tries + 1,
          { baseMs: env.KL_RETRY_BASE_MS, maxMs: env.KL_RETRY_MAX_MS },
          Math.random,
          verdict.retryAfterMs,
        );
        const retryAt = new Date(at.getTime() + delay);
        tries.push({
          id: report.id,
          state: 'sent',
          status: verdict.status ?? null,
          error: verdict.error,
          rejection: null,
          at,
          next_try_at: retryAt,
        });
        // The same job key: a job a new report added meanwhile waits with the retry (the line waits together).
        return { runAt: retryAt, jobKeyMode: 'replace' };
      }
    } finally {
      await this.repository.recordTries(tries);
    }
    // A full turn: the line may go on, in a new job, after other lines' turns.
    return line.length === REPORTS_PER_JOB ? { jobKeyMode: 'replace' } : undefined;
  }
}
