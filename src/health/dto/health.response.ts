import { ApiProperty, type SchemaObject } from '@nestjs/swagger';

const CHECK: SchemaObject = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['up', 'down'] } },
  required: ['status'],
  additionalProperties: true,
};
const CHECKS = { type: 'object' as const, additionalProperties: CHECK };

/** A healthy answer of @nestjs/terminus: each check's result, by name. */
export class HealthStatus {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ ...CHECKS, example: { database: { status: 'up' }, migrations: { status: 'up', applied: 14 } } })
  info: Record<string, { status: 'up' | 'down' }>;

  @ApiProperty({ ...CHECKS, example: {}, description: 'The checks that failed: none in a healthy answer' })
  error: Record<string, { status: 'up' | 'down' }>;

  @ApiProperty({ ...CHECKS, example: { database: { status: 'up' }, migrations: { status: 'up', applied: 14 } } })
  details: Record<string, { status: 'up' | 'down' }>;
}
