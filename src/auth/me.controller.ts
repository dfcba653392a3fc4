import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestContext } from '../common/request-context.js';
import { MeDto } from './me.dto.js';
import { Roles } from './roles.decorator.js';

@ApiTags('auth')
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly context: RequestContext) {}

  @Get()
  @Roles('caseworker', 'manager', 'evaluator', 'admin')
  @ApiOperation({ summary: 'The caller: subject, name, roles and municipalities as read from the verified token' })
  @ApiOkResponse({ description: 'The caller', type: MeDto })
  me(): MeDto {
    return this.context.requirePrincipal();
  }
}
