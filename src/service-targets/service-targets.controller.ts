import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { MunicipalityCodePipe } from '../common/municipality-code.pipe.js';
import { PutServiceTargetsDto } from './dto/service-targets.dto.js';
import { ServiceTargetsService } from './service-targets.service.js';

@ApiTags('service targets')
@ApiBearerAuth()
@Controller('api/v1/municipalities/:code/service-targets')
export class ServiceTargetsController {
  constructor(private readonly service: ServiceTargetsService) {}

  @Get()
  @Roles('manager', 'caseworker')
  @ApiOperation({ summary: 'The national targets and the municipality’s own, with the dates they apply from' })
  get(@Param('code', MunicipalityCodePipe) code: string) {
    return this.service.get(code);
  }

  @Put()
  @Roles('manager')
  @ApiOperation({ summary: 'Replace the municipality’s own targets (managers; audited); courses are judged again' })
  put(@Param('code', MunicipalityCodePipe) code: string, @Body() dto: PutServiceTargetsDto) {
    return this.service.put(code, dto);
  }
}
