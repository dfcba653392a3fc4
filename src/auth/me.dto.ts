import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../common/request-context.js';

/** The caller as the service sees the verified token: what the web front shows and offers. */
export class MeDto {
  @ApiProperty({ example: 'a1b2c3' })
  sub: string;

  @ApiPropertyOptional({ example: 'Anne Andersen' })
  name?: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ example: ['751'], type: [String], description: '3-digit municipality codes; empty for national roles' })
  municipalities: string[];
}
