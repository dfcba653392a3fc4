import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export const COMPARED_TARGETS = ['pre_conversation_14d', 'screening_30d'] as const;
export type ComparedTarget = (typeof COMPARED_TARGETS)[number];

export class ComparisonQueryDto {
  @ApiPropertyOptional({ enum: COMPARED_TARGETS, description: 'The national target compared (default pre_conversation_14d)' })
  @IsOptional()
  @IsIn(COMPARED_TARGETS)
  target?: ComparedTarget;

  @ApiPropertyOptional({
    example: '2026H1',
    description: 'A calendar half-year YYYYH1|YYYYH2 (default: the last complete half-year by Danish today)',
  })
  @IsOptional()
  @Matches(/^\d{4}-?[Hh][12]$/, { message: 'period must be a half-year written YYYYH1 or YYYYH2' })
  period?: string;
}
