import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [StatisticsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
