import { Module } from '@nestjs/common';
import { AggregatesRepository } from './aggregates.repository.js';
import { CohortPublisher } from './disclosure/cohort-publisher.js';
import { IndicatorsCalculator } from './indicators.calculator.js';
import { IndicatorsRepository } from './indicators.repository.js';
import { PopulationFiguresRepository } from './population-figures.repository.js';

/**
 * The figures every evaluator- and manager-facing output is made of, computed once: the cohort
 * aggregates (compliance, flow) and the monitoring indicators. Reports, monitoring and extracts
 * present them (with their own access checks and audit); none computes its own.
 */
@Module({
  providers: [AggregatesRepository, IndicatorsRepository, PopulationFiguresRepository, IndicatorsCalculator, CohortPublisher],
  exports: [AggregatesRepository, IndicatorsRepository, PopulationFiguresRepository, IndicatorsCalculator, CohortPublisher],
})
export class StatisticsModule {}
