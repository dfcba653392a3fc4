import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module.js';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { ExtractsController } from './extracts.controller.js';
import { ExtractsRepository } from './extracts.repository.js';
import { ExtractsService } from './extracts.service.js';
import { RecipientKeys } from './recipient-keys.js';

@Module({
  imports: [ChildrenModule, StatisticsModule],
  controllers: [ExtractsController],
  providers: [ExtractsRepository, ExtractsService, RecipientKeys],
  exports: [ExtractsService],
})
export class ExtractsModule {}
