import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { ApiProblems, invalid } from '../common/openapi.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';
import { AuditPage } from './dto/audit.response.js';
import { AuditAccess } from './audit-access.service.js';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly access: AuditAccess) {}

  @Get()
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'The audit trail: managers see their municipalities, administrators everything' })
  @ApiOkResponse({ description: 'One page of entries', type: AuditPage })
  @ApiProblems({ 400: invalid('page', 'min', 'page must not be less than 1') })
  list(@Query() query: AuditQueryDto) {
    return this.access.list(query);
  }
}
