import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsLocalDate, PERIOD_DATES } from '../../common/validation.js';
import { GROUP_BY, type GroupBy } from '../../statistics/groupings.js';

export class ReportQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'Cohort: courses whose first contact is on or after this date' })
  @IsLocalDate({ within: PERIOD_DATES })
  from: string;

  @ApiProperty({ example: '2026-06-30', description: '... and on or before this date' })
  @IsLocalDate({ within: PERIOD_DATES })
  to: string;

  @ApiPropertyOptional({ example: '751', description: 'One or more municipality codes, comma-separated' })
  @IsOptional()
  @Matches(/^\d{3}(,\d{3})*$/, { message: 'municipality must be 3-digit municipality codes separated by commas' })
  municipality?: string;

  @ApiPropertyOptional({ example: '1082', description: 'A region code (1081–1085)' })
  @IsOptional()
  @IsIn(['1081', '1082', '1083', '1084', '1085'])
  region?: string;

  @ApiPropertyOptional({ description: 'The whole country (present, or true)' })
  @IsOptional()
  @IsIn(['', 'true'])
  national?: string;

  @ApiPropertyOptional({ enum: GROUP_BY })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy?: GroupBy;
}
