import { Module } from '@nestjs/common';
import { MunicipalitiesController } from './municipalities.controller.js';
import { MunicipalitiesRepository } from './municipalities.repository.js';
import { MunicipalitiesService } from './municipalities.service.js';

@Module({
  controllers: [MunicipalitiesController],
  providers: [MunicipalitiesRepository, MunicipalitiesService],
  exports: [MunicipalitiesRepository],
})
export class MunicipalitiesModule {}
