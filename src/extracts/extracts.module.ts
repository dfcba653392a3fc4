import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ExtractsController } from './extracts.controller.js';
import { ExtractsRepository } from './extracts.repository.js';
import { ExtractsService } from './extracts.service.js';
import { RecipientKeys } from './recipient-keys.js';

@Module({
  imports: [ChildrenModule, ReportsModule, MonitoringModule],
  controllers: [ExtractsController],
  providers: [ExtractsRepository, ExtractsService, RecipientKeys],
  exports: [ExtractsService],
})
export class ExtractsModule {}
