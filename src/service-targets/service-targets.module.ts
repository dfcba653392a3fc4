import { Module } from '@nestjs/common';
import { CourseDataModule } from '../courses/course-data.module.js';
import { MunicipalitiesModule } from '../municipalities/municipalities.module.js';
import { CourseSummaryWriter } from './course-summary.writer.js';
import { ServiceTargetsController } from './service-targets.controller.js';
import { ServiceTargetsRepository } from './service-targets.repository.js';
import { ServiceTargetsService } from './service-targets.service.js';

@Module({
  imports: [CourseDataModule, MunicipalitiesModule],
  controllers: [ServiceTargetsController],
  providers: [ServiceTargetsRepository, CourseSummaryWriter, ServiceTargetsService],
  exports: [CourseSummaryWriter, ServiceTargetsRepository],
})
export class ServiceTargetsModule {}
