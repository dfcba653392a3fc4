import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { ExtractJob } from './extract.job.js';
import { ExtractsController } from './extracts.controller.js';
import { ExtractsRepository } from './extracts.repository.js';
import { ExtractsService } from './extracts.service.js';
import { RecipientKeys } from './recipient-keys.js';

@Module({
  imports: [ChildrenModule, JobsModule, StatisticsModule],
  controllers: [ExtractsController],
  providers: [ExtractsRepository, ExtractsService, RecipientKeys, ExtractJob],
  exports: [ExtractsService],
})
export class ExtractsModule {}
