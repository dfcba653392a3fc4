import { Global, Module } from '@nestjs/common';
import { AuditAccess } from './audit-access.service.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditAccess],
  exports: [AuditService],
})
export class AuditModule {}
