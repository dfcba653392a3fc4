import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsLocalDate } from '../../common/validation.js';
import { REPORT_STATES } from '../delivery.rules.js';

export class SetReportingDto {
  @ApiProperty({
    example: '451000016003',
    description:
      'The SOR code of the municipal unit that reports to KL (Citizen.managingOrganization): digits only, at least 11 (dk-core min-digits-sor), at most 18',
  })
  @IsString()
  @Matches(/^\d*$/, { message: 'sorCode must be digits only (dk-core min-digits-sor)' })
  @MinLength(11, { message: 'sorCode must be 11 to 18 digits (dk-core min-digits-sor: at least 11)' })
  @MaxLength(18, { message: 'sorCode must be 11 to 18 digits (dk-core min-digits-sor: at least 11)' })
  sorCode: string;
}

/** The ledger's states: a report's, and `held_back` for a course no report is made for yet. */
export const LEDGER_STATES = [...REPORT_STATES, 'held_back'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

class PeriodQuery {
  @ApiPropertyOptional({ example: '751', description: 'Municipality code (managers: one of their own)' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'municipality must be a 3-digit municipality code' })
  municipality?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Made on or after this Danish local date' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Made on or before this Danish local date' })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

export class DeliveriesQueryDto extends PeriodQuery {
  @ApiPropertyOptional({
    enum: LEDGER_STATES,
    enumName: 'KlLedgerState',
    description: '`held_back`: the courses held back (no report is made for them)',
  })
  @IsOptional()
  @IsIn(LEDGER_STATES)
  state?: LedgerState;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this course’s reports' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'course must be a UUID' })
  course?: string;

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

export class HeldBackQueryDto extends PeriodQuery {
  @ApiPropertyOptional({ enum: ['missing_cpr', 'missing_sor'], description: 'Only courses held back for this reason' })
  @IsOptional()
  @IsIn(['missing_cpr', 'missing_sor'])
  reason?: 'missing_cpr' | 'missing_sor';

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

export class RedeliveryDto extends PeriodQuery {
  @ApiProperty({
    enum: ['rejected', 'period'],
    description:
      '`rejected`: every course with a rejected report (of the municipality and period, when given); `period`: every course with a report made in the period (from and to required)',
  })
  @IsIn(['rejected', 'period'])
  kind: 'rejected' | 'period';

  @ApiProperty({ example: 'SOR-koden rettet hos KL', description: 'Why (kept in the audit log)', minLength: 1, maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}
