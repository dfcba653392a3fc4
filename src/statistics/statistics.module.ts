import { Module } from '@nestjs/common';
import { AggregatesRepository } from './aggregates.repository.js';

/**
 * The figures every evaluator- and manager-facing output is made of, computed once: the cohort
 * aggregates (compliance, flow). Reports and extracts present them; neither computes its own.
 */
@Module({
  providers: [AggregatesRepository],
  exports: [AggregatesRepository],
})
export class StatisticsModule {}
