import { Module } from '@nestjs/common';
import { IndicatorsController } from './indicators.controller.js';
import { IndicatorsRepository } from './indicators.repository.js';
import { IndicatorsService } from './indicators.service.js';
import { PopulationController } from './population.controller.js';
import { PopulationRepository } from './population.repository.js';
import { PopulationService } from './population.service.js';

/** Population reference data and the monitoring indicators built on it (docs/domain.md, "Monitoring indicators"). */
@Module({
  controllers: [PopulationController, IndicatorsController],
  providers: [PopulationRepository, PopulationService, IndicatorsRepository, IndicatorsService],
  exports: [IndicatorsService],
})
export class MonitoringModule {}
