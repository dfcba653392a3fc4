import { Controller, Get, Query } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Roles } from '../auth/roles.decorator.js';
import { ApiProblems, INVALID_REQUEST } from '../common/openapi.js';
import { RESPONSIBLE_FILTERS, type ResponsibleFilter } from '../courses/dto/course.dto.js';
import { Worklist } from './dto/worklist.response.js';
import { WorklistService } from './worklist.service.js';

export class WorklistQueryDto {
  @ApiPropertyOptional({ example: '751', description: 'Required when you work for more than one municipality' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'municipality must be a 3-digit municipality code' })
  municipality?: string;

  @ApiPropertyOptional({
    example: 3,
    description: 'Only clocks whose deadline is within this many days (overdue included); also the due_soon horizon (default 3)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  dueWithinDays?: number;

  @ApiPropertyOptional({
    enum: RESPONSIBLE_FILTERS,
    description: 'me: only courses whose responsible worker is you (your token’s sub); none: only courses without one',
  })
  @IsOptional()
  @IsIn(RESPONSIBLE_FILTERS)
  responsible?: ResponsibleFilter;
}

@ApiTags('worklist')
@Controller('api/v1/worklist')
export class WorklistController {
  constructor(private readonly service: WorklistService) {}

  @Get()
  @Roles('caseworker', 'manager')
  @ApiOperation({ summary: 'Open courses with a running clock, soonest deadline first, with what to do about each' })
  @ApiHeader({ name: 'X-Purpose', required: false, description: 'Why personal data is read; kept in the audit log' })
  @ApiOkResponse({ description: 'The working list', type: Worklist })
  @ApiProblems({
    400: {
      ...INVALID_REQUEST,
      description: 'A parameter is invalid, or municipality is missing while you work for several',
      detail: 'municipality is required when you work for several municipalities',
      errors: [{ field: 'municipality', code: 'required', message: 'municipality is required when you work for several municipalities' }],
    },
    403: {
      description: 'Your role does not allow this, or you do not work for that municipality',
      detail: 'You do not work for municipality 101',
    },
  })
  list(@Query() query: WorklistQueryDto) {
    return this.service.list(query.municipality, query.dueWithinDays, query.responsible);
  }
}
