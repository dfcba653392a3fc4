import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';
import { AuditAccess } from './audit-access.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly access: AuditAccess) {}

  @Get()
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'The audit trail: managers see their municipalities, administrators everything' })
  list(@Query() query: AuditQueryDto) {
    return this.access.list(query);
  }
}
