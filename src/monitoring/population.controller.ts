import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { Consumes } from '../common/content-type.js';
import { PopulationLoadQueryDto, PopulationQueryDto } from './dto/population-query.dto.js';
import { PopulationService } from './population.service.js';

@ApiTags('population')
@ApiBearerAuth()
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
  load(@Body() body: unknown, @Query() query: PopulationLoadQueryDto) {
    return this.population.load(body, query.source);
  }

  @Get()
  @Roles('admin', 'manager', 'evaluator')
  @ApiOperation({ summary: 'What population is loaded for a year, and the totals the indicators will divide by' })
  summary(@Query() query: PopulationQueryDto) {
    return this.population.summary(query.year);
  }
}
