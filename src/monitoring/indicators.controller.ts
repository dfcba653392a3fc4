import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { ApiProblems, INVALID_REQUEST } from '../common/openapi.js';
import { BaselineDto } from './dto/baseline.dto.js';
import { BaselineSetting, IndicatorsReport } from './dto/indicators.response.js';
import { IndicatorsQueryDto } from './dto/indicators-query.dto.js';
import { IndicatorsService } from './indicators.service.js';

@ApiTags('monitoring')
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @Roles('manager', 'evaluator')
  @ApiOperation({
    summary: 'Monitoring indicators per municipality, region or the nation for a half-year, against the baseline (docs/metrics.md)',
  })
  @ApiOkResponse({ description: 'The indicators of every area', type: IndicatorsReport })
  @ApiProblems({
    400: {
      ...INVALID_REQUEST,
      description: 'A parameter is invalid, names an unknown municipality, or does not fit the level',
      code: 'invalid_input',
      detail: 'There is no municipality 999',
      errors: [{ field: 'municipality', code: 'unknown', message: 'There is no municipality 999' }],
    },
    403: {
      description:
        'Your role does not allow this (manager or evaluator), or a manager asked for a region, the nation or another municipality',
      detail: 'Managers see indicators for their own municipalities',
    },
    422: {
      description: 'The period has not begun',
      code: 'period_in_future',
      detail: 'The period 2027H1 has not begun (today is 2026-02-11)',
      errors: [{ field: 'period', code: 'period_in_future', message: 'The period 2027H1 has not begun (today is 2026-02-11)' }],
    },
  })
  list(@Query() query: IndicatorsQueryDto) {
    return this.indicators.indicators(query);
  }

  @Get('baseline')
  @Roles('admin', 'manager', 'evaluator')
  @ApiOperation({ summary: 'The baseline period the indicators are compared with' })
  @ApiOkResponse({ description: 'The baseline, or null', type: BaselineSetting })
  baseline() {
    return this.indicators.baseline();
  }

  @Put('baseline')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the baseline period (whole half-years, from 2024H1, ended by today)' })
  @ApiOkResponse({ description: 'The baseline as now set', type: BaselineSetting })
  @ApiProblems({
    400: {
      ...INVALID_REQUEST,
      description: 'from or to is not a half-year, or to is before from',
      code: 'invalid_input',
      detail: 'to must be the same half-year as from or later',
      errors: [{ field: 'to', code: 'after_from', message: 'to must be the same half-year as from or later' }],
    },
    422: {
      description: 'The baseline starts before the offer began (2024H1) or ends with a half-year that is not over',
      code: 'baseline_not_complete',
      detail: 'The baseline must end with a complete half-year (the last is 2025H2)',
      errors: [
        { field: 'to', code: 'baseline_not_complete', message: 'The baseline must end with a complete half-year (the last is 2025H2)' },
      ],
    },
  })
  setBaseline(@Body() dto: BaselineDto) {
    return this.indicators.setBaseline(dto);
  }
}
