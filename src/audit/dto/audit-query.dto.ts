import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsLocalDate, PERIOD_DATES } from '../../common/validation.js';

export class AuditQueryDto {
  @ApiPropertyOptional({ example: '751', description: 'Municipality code (managers: one of their own)' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'municipality must be a 3-digit municipality code' })
  municipality?: string;

  @ApiPropertyOptional({ example: 'course' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  resourceType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  resourceId?: string;

  @ApiPropertyOptional({ description: 'Only actions by this subject' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  actor?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'From this Danish local date' })
  @IsOptional()
  @IsLocalDate({ within: PERIOD_DATES })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'To this Danish local date, inclusive' })
  @IsOptional()
  @IsLocalDate({ within: PERIOD_DATES })
  to?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize = 50;
}
