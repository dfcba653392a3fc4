import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { IndicatorsController } from './indicators.controller.js';
import { IndicatorsService } from './indicators.service.js';
import { PopulationController } from './population.controller.js';
import { PopulationRepository } from './population.repository.js';
import { PopulationService } from './population.service.js';

/**
 * Population reference data and the monitoring indicators endpoint (docs/domain.md, "Monitoring
 * indicators"); the indicators themselves are computed by the statistics module.
 */
@Module({
  imports: [StatisticsModule],
  controllers: [PopulationController, IndicatorsController],
  providers: [PopulationRepository, PopulationService, IndicatorsService],
})
export class MonitoringModule {}
