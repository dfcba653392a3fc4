import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { ApiProblems, invalid } from '../common/openapi.js';
import { Consumes } from '../common/content-type.js';
import { PopulationLoadQueryDto, PopulationQueryDto } from './dto/population-query.dto.js';
import { PopulationLoadResult, PopulationSummary } from './dto/population.response.js';
import { PopulationService } from './population.service.js';

@ApiTags('population')
@Controller('api/v1/population')
export class PopulationController {
  constructor(private readonly population: PopulationService) {}

  @Post()
  @Roles('admin')
  @HttpCode(200)
  @Consumes('text/csv', 'text/plain')
  @ApiBody({
    schema: { type: 'string' },
    description: 'Danmarks Statistik FOLK1A (long form) or municipality_code;year;sex;age;population',
  })
  @ApiOperation({ summary: 'Load population by municipality, year, sex and age (upsert; bad lines are reported, not loaded)' })
  @ApiOkResponse({ description: 'What was loaded, and the lines that were not', type: PopulationLoadResult })
  @ApiProblems({
    400: invalid('source', 'maxLength', 'source must be shorter than or equal to 200 characters'),
    413: {
      description: 'The file is larger than 5 MB',
      code: 'entity_too_large',
      detail: 'The request body is larger than this service accepts',
    },
    415: {
      description: 'The body is not text/csv (or text/plain)',
      detail: 'Send the population file as the request body with Content-Type text/csv',
    },
    422: {
      description: 'The file’s header cannot be read: nothing was loaded',
      code: 'population_file_unreadable',
      detail: 'The population file was not loaded: the file is empty',
      errors: [{ field: 'body', code: 'population_file_unreadable', message: 'The population file was not loaded: the file is empty' }],
    },
  })
  load(@Body() body: unknown, @Query() query: PopulationLoadQueryDto) {
    return this.population.load(body, query.source);
  }

  @Get()
  @Roles('admin', 'manager', 'evaluator')
  @ApiOperation({ summary: 'What population is loaded for a year, and the totals the indicators will divide by' })
  @ApiOkResponse({ description: 'The year’s population, per municipality', type: PopulationSummary })
  @ApiProblems({ 400: invalid('year', 'min', 'year must not be less than 1900') })
  summary(@Query() query: PopulationQueryDto) {
    return this.population.summary(query.year);
  }
}
