import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { BaselineDto } from './dto/baseline.dto.js';
import { IndicatorsQueryDto } from './dto/indicators-query.dto.js';
import { IndicatorsService } from './indicators.service.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @Roles('manager', 'evaluator')
  @ApiOperation({
    summary: 'Monitoring indicators per municipality, region or the nation for a half-year, against the baseline (docs/metrics.md)',
  })
  list(@Query() query: IndicatorsQueryDto) {
    return this.indicators.indicators(query);
  }

  @Get('baseline')
  @Roles('admin', 'manager', 'evaluator')
  @ApiOperation({ summary: 'The baseline period the indicators are compared with' })
  baseline() {
    return this.indicators.baseline();
  }

  @Put('baseline')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the baseline period (whole half-years, from 2024H1, ended by today)' })
  setBaseline(@Body() dto: BaselineDto) {
    return this.indicators.setBaseline(dto);
  }
}
