import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class LimitsDto {
  @ApiProperty({ example: 0.61 }) lower: number;
  @ApiProperty({ example: 0.86 }) upper: number;
}

class FunnelPointLimitsDto {
  @ApiProperty({ type: LimitsDto, description: '95 % control limits (p = 0.025 and 0.975)' }) limits95: LimitsDto;
  @ApiProperty({ type: LimitsDto, description: '99.8 % control limits (p = 0.001 and 0.999)' }) limits998: LimitsDto;
}

class ComparisonMunicipalityDto {
  @ApiProperty({ example: '751' }) code: string;
  @ApiProperty({ example: 'Aarhus' }) name: string;
  @ApiProperty({ example: '1082' }) regionCode: string;
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string', enum: ['<5', '..'] }],
    example: 120,
    description: 'Courses judged (met + breached + overdue), as published: rounded to 5, `<5`, or `..` (hidden)',
  })
  judged: number | string;
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string', enum: ['..'] }],
    nullable: true,
    example: 0.75,
    description: 'The compliance rate as published: the published met over the published judged courses; `..` hidden',
  })
  rate: number | string | null;
  @ApiPropertyOptional({
    type: FunnelPointLimitsDto,
    nullable: true,
    description: 'The limits at this denominator; null when it is hidden',
  })
  limits: FunnelPointLimitsDto | null;
  @ApiProperty({
    enum: ['above_99_8', 'above_95', 'within', 'below_95', 'below_99_8'],
    nullable: true,
    description: 'Where the point lies against the limits; null when the rate is hidden',
  })
  position: string | null;
}

class FunnelCurvePointDto extends FunnelPointLimitsDto {
  @ApiProperty({ example: 50, description: 'A denominator (courses judged)' }) n: number;
}

class ComparisonNationalDto {
  @ApiProperty({ type: Number, example: 0.72, nullable: true, description: 'The national rate, exact: the funnel’s target' }) rate:
    number | null;
  @ApiProperty({ example: 8120, description: 'Courses judged nationally, exact' }) judged: number;
}

class ComparisonPeriodDto {
  @ApiProperty({ example: '2026H1' }) label: string;
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-06-30' }) to: string;
}

export class ComparisonResponseDto {
  @ApiProperty({ example: 'pre_conversation_14d' }) target: string;
  @ApiProperty({ type: ComparisonPeriodDto }) period: ComparisonPeriodDto;
  @ApiProperty({ example: '2026-08-17' }) today: string;
  @ApiProperty({ type: ComparisonNationalDto }) national: ComparisonNationalDto;
  @ApiProperty({ type: [ComparisonMunicipalityDto] }) municipalities: ComparisonMunicipalityDto[];
  @ApiProperty({ type: [FunnelCurvePointDto], description: 'The control limits along the denominators, for drawing the funnel' })
  funnel: FunnelCurvePointDto[];
  @ApiProperty({ example: 'small numbers suppressed (docs/domain.md)' }) suppression: string;
}
