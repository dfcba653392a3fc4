import { ApiProperty } from '@nestjs/swagger';
import { TARGET_KINDS, type TargetKind } from '../../service-targets/target-definitions.js';
import { MUNICIPAL_TARGET_KINDS } from './service-targets.dto.js';

/** A national target (docs/domain.md, "Service targets"): the same for every municipality. */
export class NationalTargetView {
  @ApiProperty({ example: 'pre_conversation_14d', description: 'Stable name shared by every version of the target' })
  name: string;

  @ApiProperty({ enum: TARGET_KINDS, enumName: 'TargetKind' })
  kind: TargetKind;

  @ApiProperty({ type: 'integer', example: 14, description: 'Met when the wait is at most this many calendar days' })
  limitDays: number;

  @ApiProperty({ format: 'date', example: '2024-01-01', description: 'First first-contact date this version judges' })
  validFrom: string;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: null,
    description: 'Last first-contact date it judges; null: open-ended',
  })
  validTo: string | null;

  @ApiProperty({ enum: [true], example: true })
  national: true;
}

/** One version of a municipality's own target. */
export class MunicipalTargetView {
  @ApiProperty({ format: 'uuid', example: '0c9e5b7a-3d2f-4e1a-8b6c-5a4d3e2f1b0c' })
  id: string;

  @ApiProperty({ example: 'treatment_start_28d' })
  name: string;

  @ApiProperty({ enum: MUNICIPAL_TARGET_KINDS, enumName: 'MunicipalTargetKind' })
  kind: (typeof MUNICIPAL_TARGET_KINDS)[number];

  @ApiProperty({ type: 'integer', example: 28 })
  limitDays: number;

  @ApiProperty({ format: 'date', example: '2026-01-01' })
  validFrom: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  validTo: string | null;

  @ApiProperty({ enum: [false], example: false })
  national: false;

  @ApiProperty({ example: 'c3a1e2f4-manager', description: 'Who set it (the token’s subject)' })
  createdBy: string;

  @ApiProperty({ format: 'date-time', example: '2026-01-05T09:12:44Z' })
  createdAt: string;
}

export class ServiceTargets {
  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  municipalityCode: string;

  @ApiProperty({ type: () => [NationalTargetView] })
  national: NationalTargetView[];

  @ApiProperty({ type: () => [MunicipalTargetView], description: 'Every version, by name and start date' })
  municipal: MunicipalTargetView[];
}
