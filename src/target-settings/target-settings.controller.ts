import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { MunicipalityCodePipe } from '../common/municipality-code.pipe.js';
import { ApiProblems, INVALID_REQUEST, type ProblemSpec } from '../common/openapi.js';
import { ServiceTargets } from './dto/service-targets.response.js';
import { PutServiceTargetsDto } from './dto/service-targets.dto.js';
import { TargetSettingsService } from './target-settings.service.js';

const BAD_CODE: ProblemSpec = {
  ...INVALID_REQUEST,
  description: 'code is not a 3-digit municipality code, or the body is invalid (errors names the field)',
};
const NOT_YOURS: ProblemSpec = {
  description: 'Your role does not allow this, or you do not work for this municipality',
  detail: 'You are not a manager in municipality 101',
};

// The class name is kept: the API document's operation ids are made from it.
@ApiTags('service targets')
@Controller('api/v1/municipalities/:code/service-targets')
export class ServiceTargetsController {
  constructor(private readonly service: TargetSettingsService) {}

  @Get()
  @Roles('manager', 'caseworker')
  @ApiOperation({ summary: 'The national targets and the municipality’s own, with the dates they apply from' })
  @ApiOkResponse({ description: 'The targets', type: ServiceTargets })
  @ApiProblems({
    400: {
      description: 'code is not a 3-digit municipality code',
      code: 'invalid_input',
      detail: 'code must be a 3-digit municipality code',
      errors: [{ field: 'code', code: 'matches', message: 'code must be a 3-digit municipality code' }],
    },
    403: NOT_YOURS,
  })
  get(@Param('code', MunicipalityCodePipe) code: string) {
    return this.service.get(code);
  }

  @Put()
  @Roles('manager')
  @ApiOperation({ summary: 'Replace the municipality’s own targets (managers; audited); courses are judged again' })
  @ApiOkResponse({ description: 'The targets as they now are', type: ServiceTargets })
  @ApiProblems({
    400: BAD_CODE,
    403: NOT_YOURS,
    422: {
      description:
        'The targets break a rule: a national target’s name, validTo before validFrom, two versions from one date, a kind changed',
      code: 'valid_to_before_valid_from',
      detail: 'validTo is before validFrom',
      errors: [{ field: 'targets.0.validTo', code: 'valid_to_before_valid_from', message: 'validTo is before validFrom' }],
    },
  })
  put(@Param('code', MunicipalityCodePipe) code: string, @Body() dto: PutServiceTargetsDto) {
    return this.service.put(code, dto);
  }
}
