import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../common/request-context.js';
import { DEV_TOKEN_MAX_TTL_SECONDS } from './dev-login.rules.js';

export class DevLoginDto {
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiProperty({ example: ['751'] })
  @IsArray()
  @ArrayMaxSize(98)
  @ArrayUnique()
  @Matches(/^\d{3}$/, { each: true, message: 'municipalities must be 3-digit municipality codes' })
  municipalities: string[];

  @ApiProperty({ example: 'Anne Andersen' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 28800, description: 'Lifetime in seconds (default and most 8 hours)' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(DEV_TOKEN_MAX_TTL_SECONDS)
  ttlSeconds?: number;
}
