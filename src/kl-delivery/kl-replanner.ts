import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { KlDeliveryRepository } from './kl-delivery.repository.js';
import { KlPlanner, type PlanOutcome } from './kl-planner.js';
import { PlanPool } from './plan-pool.js';

export interface BulkProgress {
  /** Called once with the number of courses to plan, then after each batch with the courses done so far. */
  start?(total: number): void;
  done?(courses: number): void;
}

const BATCH = 250;

/**
 * Planning in bulk, streamed in batches of courses (each batch one transaction, widened to every
 * municipality, its courses locked while they are planned): the backfill of courses never planned,
 * and a municipality's courses when its SOR code is set or changed. KL's profiles validate every
 * report; medplum's base pass is left to the day-to-day reports (docs/kl-reporting.md, "Speed").
 * Batches are planned in worker threads while the next is read and the last written.
 */
@Injectable()
export class KlReplanner {
  constructor(
    private readonly db: Db,
    private readonly scope: NationalScope,
    private readonly repository: KlDeliveryRepository,
    private readonly planner: KlPlanner,
    private readonly config: AppConfig,
  ) {}

  private widened<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(async () => {
      await this.scope.widen('kl_delivery');
      return fn();
    });
  }

  /** Every course never planned gets its reports: one per course with everything held so far. */
  backfill(progress: BulkProgress = {}): Promise<PlanOutcome> {
    return this.bulk(
      () => this.widened(() => this.repository.countUnplannedCourses()),
      (after) => this.widened(() => this.repository.unplannedCourses(after, BATCH)),
      'backfill',
      progress,
    );
  }

  /** Every course of the municipality planned again (its SOR code set: what was held back is released; changed: the Citizen again). */
  replanMunicipality(code: string, progress: BulkProgress = {}): Promise<PlanOutcome> {
    return this.bulk(
      async () => 0,
      (after) => this.widened(() => this.repository.municipalityCourses(code, after, BATCH)),
      'settings',
      progress,
    );
  }

  private async bulk(
    count: () => Promise<number>,
    nextBatch: (after: string | null) => Promise<string[]>,
    cause: 'backfill' | 'settings',
    progress: BulkProgress,
  ): Promise<PlanOutcome> {
    const threads = this.config.env.KL_PLAN_THREADS || Math.min(availableParallelism(), 8);
    const pool = PlanPool.create(threads);
    const total: PlanOutcome = { courses: 0, reports: 0, invalid: 0, heldBack: 0, reportIds: new Map() };
    try {
      progress.start?.(await count());
      // Batches in flight: one per thread and one more, so reading and writing overlap the planning.
      const inFlight = new Set<Promise<void>>();
      let after: string | null = null;
      let failure: unknown;
      for (;;) {
        if (failure) throw failure;
        const ids = await nextBatch(after);
        if (ids.length === 0) break;
        after = ids[ids.length - 1];
        const batch: Promise<void> = this.widened(() =>
          this.planner.planCourses(ids, cause, { validation: 'profiles', run: (inputs, options) => pool.run(inputs, options) }),
        ).then(
          (outcome) => {
            total.courses += outcome.courses;
            total.reports += outcome.reports;
            total.invalid += outcome.invalid;
            total.heldBack += outcome.heldBack;
            progress.done?.(total.courses);
          },
          (error: unknown) => {
            failure ??= error;
          },
        );
        inFlight.add(batch);
        void batch.finally(() => inFlight.delete(batch));
        if (inFlight.size > pool.threads) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      return total;
    } finally {
      await pool.close();
    }
  }
}
