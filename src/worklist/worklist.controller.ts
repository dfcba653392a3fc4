import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Roles } from '../auth/roles.decorator.js';
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
}

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('api/v1/worklist')
export class WorklistController {
  constructor(private readonly service: WorklistService) {}

  @Get()
  @Roles('caseworker', 'manager')
  @ApiOperation({ summary: 'Open courses with a running clock, soonest deadline first, with what to do about each' })
  list(@Query() query: WorklistQueryDto) {
    return this.service.list(query.municipality, query.dueWithinDays);
  }
}
