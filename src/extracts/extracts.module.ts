import { Module } from '@nestjs/common';
import { CourseDataModule } from '../courses/course-data.module.js';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { ExtractsController } from './extracts.controller.js';
import { ExtractsRepository } from './extracts.repository.js';
import { ExtractsService } from './extracts.service.js';
import { RecipientKeys } from './recipient-keys.js';

@Module({
  imports: [CourseDataModule, StatisticsModule],
  controllers: [ExtractsController],
  providers: [ExtractsRepository, ExtractsService, RecipientKeys],
  exports: [ExtractsService],
})
export class ExtractsModule {}
