import { ApiProperty } from '@nestjs/swagger';
import type { AuditAction } from '../audit.service.js';

/** Every action an audit entry records (AuditService's `AuditAction`; the check below keeps the two the same). */
export const AUDIT_ACTIONS = [
  'read',
  'search',
  'create',
  'update',
  'reveal_cpr',
  'close',
  'reopen',
  'entered_in_error',
  'export',
  'download',
  'redeliver',
] as const satisfies readonly AuditAction[];
// Fails to compile when AuditAction gains a value this list lacks.
const _everyAction: Record<Exclude<AuditAction, (typeof AUDIT_ACTIONS)[number]>, never> = {};

export class AuditEntry {
  @ApiProperty({ pattern: '^\\d+$', example: '1042', description: 'Increasing with time' })
  id: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-14T09:12:44.123Z' })
  occurredAt: string;

  @ApiProperty({ example: 'c3a1e2f4-caseworker', description: 'Who (the token’s subject), or `system`' })
  actorSub: string;

  @ApiProperty({ example: 'caseworker', description: 'The caller’s roles, comma-separated, or `system`' })
  actorRole: string;

  @ApiProperty({ type: String, nullable: true, pattern: '^\\d{3}$', example: '751' })
  municipalityCode: string | null;

  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  action: AuditAction;

  @ApiProperty({ example: 'course', description: 'What was read or changed: course, contact, worklist, extract, …' })
  resourceType: string;

  @ApiProperty({ type: String, nullable: true, example: '6f1d3c2a-7b4e-4f7a-9c1d-2e5b8a9f0c31' })
  resourceId: string | null;

  @ApiProperty({ type: String, nullable: true, example: '3f2c9a4e-8d51-4c0b-9f4e-2b7d1c6a5e10' })
  requestId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Opfølgning på forsamtale', description: 'Why: X-Purpose, or the reason given' })
  purpose: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { courseId: '6f1d3c2a-7b4e-4f7a-9c1d-2e5b8a9f0c31', type: 'pre_conversation', status: 'held' },
    description: 'Ids, filters and field names; never a CPR',
  })
  details: Record<string, unknown> | null;

  @ApiProperty({
    enum: ['succeeded', 'failed'],
    enumName: 'AuditOutcome',
    example: 'succeeded',
    description:
      'failed: the request was refused or failed after it touched personal data; written after its rollback, with the problem status and code under details.failure',
  })
  outcome: 'succeeded' | 'failed';
}

export class AuditPage {
  @ApiProperty({ type: () => [AuditEntry], description: 'Newest first' })
  items: AuditEntry[];

  @ApiProperty({ type: 'integer', example: 1 })
  total: number;

  @ApiProperty({ type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', example: 50 })
  pageSize: number;
}
