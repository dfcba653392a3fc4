import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { MunicipalityCodePipe } from '../common/municipality-code.pipe.js';
import { MunicipalitiesService } from './municipalities.service.js';

@ApiTags('municipalities')
@ApiBearerAuth()
@Controller('api/v1/municipalities')
export class MunicipalitiesController {
  constructor(private readonly service: MunicipalitiesService) {}

  @Get()
  @Roles('caseworker', 'manager', 'evaluator', 'admin')
  @ApiOperation({ summary: 'The 98 municipalities with region and latest population' })
  list() {
    return this.service.list();
  }

  @Get(':code')
  @Roles('caseworker', 'manager', 'evaluator', 'admin')
  @ApiOperation({ summary: 'One municipality' })
  get(@Param('code', MunicipalityCodePipe) code: string) {
    return this.service.get(code);
  }
}
