import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CitizensSource } from '../../statistics/population.rules.js';
import { CITIZENS_SOURCES } from './indicators.response.js';

export class RejectedLineView {
  @ApiProperty({ type: 'integer', example: 17, description: '1-based line number in the file' })
  line: number;

  @ApiProperty({ example: 'the population is not a whole number ≥ 0' })
  reason: string;
}

/** What POST /population loaded. */
export class PopulationLoadResult {
  @ApiProperty({ enum: ['folk1a', 'canonical'], enumName: 'PopulationFileFormat' })
  format: 'folk1a' | 'canonical';

  @ApiProperty({ example: 'Danmarks Statistik, FOLK1A, udtrukket 2026-02-11', description: 'Stored with every row' })
  source: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', example: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b' })
  sha256: string;

  @ApiProperty({ type: 'integer', example: 2842 })
  rowsLoaded: number;

  @ApiProperty({ type: 'integer', example: 2842 })
  inserted: number;

  @ApiProperty({ type: 'integer', example: 0 })
  updated: number;

  @ApiProperty({ type: 'integer', example: 0 })
  unchanged: number;

  @ApiProperty({ type: 'integer', isArray: true, example: [2026] })
  years: number[];

  @ApiProperty({ type: 'integer', example: 98, description: 'Municipalities with a row loaded' })
  municipalities: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Lines not loaded, in all' })
  rejectedCount: number;

  @ApiProperty({ type: () => [RejectedLineView], description: 'The first 1,000 lines not loaded, with why' })
  rejected: RejectedLineView[];
}

export class DefaultPopulationSource {
  @ApiProperty({ type: 'integer', example: 2025 })
  year: number;

  @ApiProperty({ example: 'Danmarks Statistik, FOLK1A 2025K1 (built in)' })
  source: string;
}

export class MunicipalityPopulationView {
  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  code: string;

  @ApiProperty({ example: 'Aarhus' })
  name: string;

  @ApiProperty({ example: '1082' })
  regionCode: string;

  @ApiProperty({ type: 'integer', example: 29 })
  rowsLoaded: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-02-11T10:04:31.000Z' })
  lastLoadedAt: string | null;

  @ApiProperty({ type: [String], example: ['Danmarks Statistik, FOLK1A'] })
  sources: string[];

  @ApiProperty({ type: 'integer', nullable: true, example: 367095 })
  citizens: number | null;

  @ApiProperty({ enum: CITIZENS_SOURCES, enumName: 'CitizensSource', nullable: true })
  citizensSource: CitizensSource | null;

  @ApiPropertyOptional({ type: () => DefaultPopulationSource, description: 'Only when the built-in default total is used' })
  defaultFrom?: DefaultPopulationSource;

  @ApiProperty({ type: 'integer', nullable: true, example: 51230 })
  children5to17: number | null;
}

export class PopulationCoverageView {
  @ApiProperty({ type: 'integer', example: 98 })
  total: number;

  @ApiProperty({ type: 'integer', example: 98, description: 'With a loaded total' })
  loadedTotal: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'With the built-in default total' })
  defaultTotal: number;

  @ApiProperty({ type: 'integer', example: 0 })
  withoutTotal: number;

  @ApiProperty({ type: 'integer', example: 98, description: 'With the ages 5–17 loaded' })
  childAgesLoaded: number;
}

export class PopulationYearView {
  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;

  @ApiProperty({ type: 'integer', example: 2842 })
  rows: number;

  @ApiProperty({ type: 'integer', example: 98 })
  municipalities: number;

  @ApiProperty({ format: 'date-time', example: '2026-02-11T10:04:31.000Z' })
  lastLoadedAt: string;
}

export class PopulationSummary {
  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;

  @ApiProperty({ type: 'integer', example: 5992734, description: 'Citizens of the municipalities with a total' })
  citizens: number;

  @ApiProperty({ type: () => PopulationCoverageView })
  municipalities: PopulationCoverageView;

  @ApiProperty({ type: 'integer', example: 2842 })
  rowsLoaded: number;

  @ApiProperty({ type: () => [PopulationYearView] })
  yearsLoaded: PopulationYearView[];

  @ApiProperty({ type: () => [MunicipalityPopulationView], description: 'By code' })
  items: MunicipalityPopulationView[];
}
