import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { HasNoCprShape, IsLocalDate, Omittable, PERIOD_DATES } from '../../common/validation.js';
import { EXTRACT_FORMATS, type ExtractFormat } from '../formats.js';

export const EXTRACT_REQUEST_KINDS = ['courses', 'contacts', 'aggregates'] as const;
export type ExtractRequestKind = (typeof EXTRACT_REQUEST_KINDS)[number];

export class CreateRecipientDto {
  @ApiProperty({ example: 'sst-evaluation-2026' })
  @Matches(/^[a-z0-9][a-z0-9-]{2,62}$/, { message: 'id must be 3–63 characters of a–z, 0–9 and -' })
  @HasNoCprShape()
  id: string;

  @ApiProperty({ example: 'Sundhedsstyrelsen, evaluering 2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @HasNoCprShape()
  name: string;
}

export class CreateExtractDto {
  @ApiProperty({ example: 'sst-evaluation-2026' })
  @Matches(/^[a-z0-9][a-z0-9-]{2,62}$/, { message: 'recipient must be a registered recipient id' })
  recipient: string;

  @ApiProperty({ example: '2025-07-01', description: 'First-contact dates from (inclusive)' })
  @IsLocalDate({ within: PERIOD_DATES })
  from: string;

  @ApiProperty({ example: '2025-12-31', description: 'First-contact dates to (inclusive)' })
  @IsLocalDate({ within: PERIOD_DATES })
  to: string;

  @ApiPropertyOptional({ example: ['751', '101'], description: 'Only these municipalities (default: all)' })
  @Omittable()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(98)
  @Matches(/^\d{3}$/, { each: true, message: 'municipalities must be 3-digit municipality codes' })
  municipalities?: string[];

  @ApiProperty({ enum: EXTRACT_REQUEST_KINDS })
  @IsIn(EXTRACT_REQUEST_KINDS)
  kind: ExtractRequestKind;

  @ApiProperty({ enum: EXTRACT_FORMATS })
  @IsIn(EXTRACT_FORMATS)
  format: ExtractFormat;
}
