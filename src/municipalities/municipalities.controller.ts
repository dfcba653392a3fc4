import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { MunicipalityCodePipe } from '../common/municipality-code.pipe.js';
import { ApiProblems } from '../common/openapi.js';
import { MunicipalityList, MunicipalityView } from './dto/municipality.response.js';
import { MunicipalitiesService } from './municipalities.service.js';

@ApiTags('municipalities')
@Controller('api/v1/municipalities')
export class MunicipalitiesController {
  constructor(private readonly service: MunicipalitiesService) {}

  @Get()
  @Roles('caseworker', 'manager', 'evaluator', 'admin')
  @ApiOperation({ summary: 'The 98 municipalities with region and latest population' })
  @ApiOkResponse({ description: 'Every municipality', type: MunicipalityList })
  list() {
    return this.service.list();
  }

  @Get(':code')
  @Roles('caseworker', 'manager', 'evaluator', 'admin')
  @ApiOperation({ summary: 'One municipality' })
  @ApiOkResponse({ description: 'The municipality', type: MunicipalityView })
  @ApiProblems({
    400: {
      description: 'code is not a 3-digit municipality code',
      code: 'invalid_input',
      detail: 'code must be a 3-digit municipality code',
      errors: [{ field: 'code', code: 'matches', message: 'code must be a 3-digit municipality code' }],
    },
    404: { description: 'No municipality has this code', detail: 'Municipality was not found' },
  })
  get(@Param('code', MunicipalityCodePipe) code: string) {
    return this.service.get(code);
  }
}
