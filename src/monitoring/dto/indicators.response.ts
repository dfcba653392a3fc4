/**
 * The monitoring indicators as IndicatorsService and indicators.rules.ts publish them. The
 * indicators and referral destinations are listed from `INDICATORS`, so a new indicator appears
 * here by itself.
 */
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { published } from '../../common/openapi.js';
import type { CitizensSource } from '../../statistics/population.rules.js';
import type { PeriodKind } from '../../statistics/period.rules.js';
import type { AreaLevel } from '../../statistics/indicators.repository.js';
import { AGE_GROUPS, type AgeGroup } from '../../statistics/age-bands.js';
import { INDICATORS, SEX_KEYS, type SexKey } from '../../statistics/indicators.rules.js';
import { AREA_LEVELS } from './indicators-query.dto.js';

type Published = number | '<5' | '..' | null;

export const CITIZENS_SOURCES = ['loaded', 'default', 'mixed'] as const satisfies readonly CitizensSource[];
export const PERIOD_KINDS = ['half_year', 'quarter', 'year'] as const satisfies readonly PeriodKind[];

export class IndicatorChangeView {
  @ApiProperty({ type: Number, nullable: true, example: 0.05, description: 'value − baseline; null when either is hidden or absent' })
  absolute: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.061,
    description: '(value − baseline) / baseline; null also when the baseline is 0',
  })
  relative: number | null;
}

/** One indicator of one cell: the period's figure beside its baseline. */
export class IndicatorFigureView {
  @ApiProperty(published('PublishedFigure'))
  value: Published;

  @ApiProperty(
    published('PublishedFigure', 'The mean over the baseline half-years (scaled to the period for counts); null without a baseline'),
  )
  baseline: Published;

  @ApiProperty({ type: () => IndicatorChangeView })
  change: IndicatorChangeView;
}

/** A class with one required IndicatorFigureView property per key. */
function figuresOf(name: string, description: string, keys: readonly { id: string; description: string }[]) {
  const Figures = class {};
  ApiSchema({ name, description })(Figures);
  for (const key of keys) ApiProperty({ type: () => IndicatorFigureView, description: key.description })(Figures.prototype, key.id);
  return Figures;
}

export const IndicatorValues = figuresOf(
  'IndicatorValues',
  'Every monitoring indicator (docs/metrics.md, "Monitoring indicators")',
  INDICATORS.filter((d) => d.group === 'indicators'),
);
export const ReferralIndicatorValues = figuresOf(
  'ReferralIndicatorValues',
  'Referrals by destination',
  INDICATORS.filter((d) => d.group === 'referralDestinations'),
);

export class CellIndicatorsView {
  @ApiProperty({ type: () => IndicatorValues })
  indicators: Record<string, IndicatorFigureView>;

  @ApiProperty({ type: () => ReferralIndicatorValues })
  referralDestinations: Record<string, IndicatorFigureView>;
}

function cellsOf(name: string, description: string, keys: readonly string[]) {
  const Cells = class {};
  ApiSchema({ name, description })(Cells);
  for (const key of keys) ApiProperty({ type: () => CellIndicatorsView })(Cells.prototype, key);
  return Cells;
}

export const AgeGroupCells = cellsOf(
  'AgeGroupIndicators',
  'By age at first contact (5–9, 10–13, 14–17, outside the range, unknown)',
  AGE_GROUPS,
);
export const SexCells = cellsOf('SexIndicators', 'By sex (from the CPR; unknown without one)', SEX_KEYS);

export class AreaPopulationView {
  @ApiProperty({ type: 'integer', example: 2025, description: 'Population on 1 January of this year' })
  year: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 367095 })
  citizens: number | null;

  @ApiProperty({
    enum: CITIZENS_SOURCES,
    enumName: 'CitizensSource',
    nullable: true,
    description: 'Loaded (FOLK1A), the built-in default, or a mix',
  })
  citizensSource: CitizensSource | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 51230, description: 'Children aged 5–17, where the age breakdown is loaded' })
  children5to17: number | null;
}

export class IndicatorAreaView {
  @ApiProperty({ enum: AREA_LEVELS, enumName: 'AreaLevel' })
  level: AreaLevel;

  @ApiProperty({ example: '751', description: 'Municipality code, region code, or DK' })
  code: string;

  @ApiProperty({ example: 'Aarhus' })
  name: string;

  @ApiPropertyOptional({ example: '1082', description: 'Level municipality only' })
  regionCode?: string;

  @ApiProperty({ type: () => AreaPopulationView })
  population: AreaPopulationView;

  @ApiProperty({ type: () => CellIndicatorsView, description: 'Everyone in the cohort' })
  all: CellIndicatorsView;

  @ApiProperty({ type: () => AgeGroupCells })
  byAgeGroup: Record<AgeGroup, CellIndicatorsView>;

  @ApiProperty({ type: () => SexCells })
  bySex: Record<SexKey, CellIndicatorsView>;
}

export class IndicatorPeriodView {
  @ApiProperty({ example: '2025H2' })
  label: string;

  @ApiProperty({ enum: PERIOD_KINDS, enumName: 'PeriodKind' })
  kind: PeriodKind;

  @ApiProperty({ format: 'date', example: '2025-07-01' })
  from: string;

  @ApiProperty({ format: 'date', example: '2025-12-31' })
  to: string;

  @ApiProperty({ description: 'The period has ended (Danish today)' })
  complete: boolean;
}

export class IndicatorBaselineView {
  @ApiProperty({ example: '2024H2' })
  from: string;

  @ApiProperty({ example: '2025H1' })
  to: string;

  @ApiProperty({ type: [String], example: ['2024H2', '2025H1'] })
  halfYears: string[];

  @ApiProperty({ type: Number, example: 1, description: 'The period’s length in half-years: counts of the baseline are scaled by it' })
  scale: number;
}

export class IndicatorsReport {
  @ApiProperty({ type: () => IndicatorPeriodView })
  period: IndicatorPeriodView;

  @ApiProperty({ enum: AREA_LEVELS, enumName: 'AreaLevel' })
  level: AreaLevel;

  @ApiProperty({ format: 'date', example: '2026-02-11' })
  today: string;

  @ApiProperty({ type: () => IndicatorBaselineView, nullable: true, description: 'Null while no baseline is set' })
  baseline: IndicatorBaselineView | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Says when the small-number rules were applied' })
  suppression: string | null;

  @ApiProperty({ type: () => [IndicatorAreaView] })
  areas: IndicatorAreaView[];
}

/** The baseline period as set by an administrator. */
export class BaselineView {
  @ApiProperty({ example: '2024H2' })
  from: string;

  @ApiProperty({ example: '2025H1' })
  to: string;

  @ApiProperty({ type: [String], example: ['2024H2', '2025H1'] })
  halfYears: string[];

  @ApiProperty({ example: 'c3a1e2f4-admin' })
  setBy: string;

  @ApiProperty({ format: 'date-time', example: '2026-01-08T13:45:10.000Z' })
  setAt: string;
}

export class BaselineSetting {
  @ApiProperty({ type: () => BaselineView, nullable: true, description: 'Null while none is set' })
  baseline: BaselineView | null;
}
