import { Module } from '@nestjs/common';
import { WorklistController } from './worklist.controller.js';
import { WorklistRepository } from './worklist.repository.js';
import { WorklistService } from './worklist.service.js';

@Module({
  controllers: [WorklistController],
  providers: [WorklistRepository, WorklistService],
})
export class WorklistModule {}
