import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsLocalDate, PERIOD_DATES } from '../../common/validation.js';

export const MUNICIPAL_TARGET_KINDS = ['treatment_start_after_screening', 'max_days_between_treatment_sessions'] as const;

export class MunicipalTargetDto {
  @ApiProperty({ example: 'treatment_start_28d', description: 'lower-case name of the municipality’s own target' })
  @Matches(/^[a-z][a-z0-9_]{2,62}$/, { message: 'name must be 3–63 characters of a–z, 0–9 and _, starting with a letter' })
  name: string;

  @ApiProperty({ enum: MUNICIPAL_TARGET_KINDS })
  @IsIn(MUNICIPAL_TARGET_KINDS)
  kind: (typeof MUNICIPAL_TARGET_KINDS)[number];

  @ApiProperty({ example: 28, minimum: 0, maximum: 730 })
  @IsInt()
  @Min(0)
  @Max(730)
  limitDays: number;

  @ApiProperty({ example: '2026-01-01', description: 'Applies to courses whose first contact is on or after this date' })
  @IsLocalDate({ within: PERIOD_DATES })
  validFrom: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    example: null,
    description: 'Last first-contact date this version applies to (inclusive); null or absent: open-ended',
  })
  @IsOptional()
  @IsLocalDate({ within: PERIOD_DATES })
  validTo?: string | null;
}

export class PutServiceTargetsDto {
  @ApiProperty({ type: [MunicipalTargetDto], description: 'Every version of the municipality’s own targets; replaces what is stored' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MunicipalTargetDto)
  targets: MunicipalTargetDto[];
}
