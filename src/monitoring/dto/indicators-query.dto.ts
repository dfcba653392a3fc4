import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { AreaLevel } from '../../statistics/indicators.repository.js';

export const AREA_LEVELS: readonly AreaLevel[] = ['municipality', 'region', 'national'];
const REGIONS = ['1081', '1082', '1083', '1084', '1085'];

export class IndicatorsQueryDto {
  @ApiPropertyOptional({
    example: '2025H2',
    description: 'A half-year YYYYH1|YYYYH2 (also a quarter YYYYQ1–4 or a year YYYY); default: the last complete half-year by Danish today',
  })
  @IsOptional()
  @Matches(/^\d{4}(-?[HhQq]\d)?$/, { message: 'period must be a half-year (2025H2), a quarter (2025Q3) or a year (2025)' })
  period?: string;

  @ApiPropertyOptional({
    enum: AREA_LEVELS,
    description:
      'One area per municipality, per region, or the nation. Default: municipality for managers or with municipality=, region for an evaluator with region=, else national',
  })
  @IsOptional()
  @IsIn(AREA_LEVELS)
  level?: AreaLevel;

  @ApiPropertyOptional({ example: '751', description: 'Level municipality: these municipalities only (comma-separated codes)' })
  @IsOptional()
  @Matches(/^\d{3}(,\d{3})*$/, { message: 'municipality must be 3-digit municipality codes separated by commas' })
  municipality?: string;

  @ApiPropertyOptional({
    example: '1082',
    description: 'Level region: this region only; level municipality: the municipalities of this region',
  })
  @IsOptional()
  @IsIn(REGIONS)
  region?: string;
}
