import { ApiProperty } from '@nestjs/swagger';
import type { RejectionIssue } from '../delivery.rules.js';
import { LEDGER_STATES, type LedgerState } from './kl-delivery.dto.js';

export class ReportingView {
  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  municipalityCode: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '451000016003',
    description: 'Null: not set, so everything of the municipality is held back',
  })
  sorCode: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'admin-1' })
  updatedBy: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', example: '2026-03-14T10:00:00.000Z' })
  updatedAt: string | null;

  @ApiProperty({
    type: Boolean,
    example: true,
    description: 'Whether the municipality’s courses are being planned again (the code was set or changed): what was held back is released',
  })
  replanQueued: boolean;
}

export class RejectionIssueView implements RejectionIssue {
  @ApiProperty({ example: 'error' })
  severity: string;

  @ApiProperty({ example: 'invalid', description: 'The OperationOutcome issue code, or the rule of KL’s profiles the report broke' })
  code: string;

  @ApiProperty({ required: false, example: 'SOR code 451000016003 is not registered for this sender' })
  diagnostics?: string;

  @ApiProperty({ required: false, type: [String], example: ['Bundle.entry[0].resource.managingOrganization'] })
  expression?: string[];
}

export class RejectionView {
  @ApiProperty({
    enum: ['gateway', 'validator'],
    description:
      '`gateway`: FK Gateway refused it (4xx with an OperationOutcome); `validator`: it failed KL’s profiles here and was never sent',
  })
  source: 'gateway' | 'validator';

  @ApiProperty({ required: false, type: 'integer', example: 422 })
  status?: number;

  @ApiProperty({ type: () => [RejectionIssueView] })
  issues: RejectionIssueView[];
}

export class DeliveryView {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The Bundle id (PUT {gateway}/Bundle/{id}); null for a course held back',
  })
  id: string | null;

  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  municipalityCode: string;

  @ApiProperty({ format: 'uuid' })
  courseId: string;

  @ApiProperty({ enum: LEDGER_STATES, enumName: 'KlLedgerState' })
  state: LedgerState;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['missing_cpr', 'missing_sor'],
    description: 'Why a course is held back; null for a report',
  })
  reason: 'missing_cpr' | 'missing_sor' | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['change', 'backfill', 'settings', 'redelivery'],
    description: 'What made the report',
  })
  cause: 'change' | 'backfill' | 'settings' | 'redelivery' | null;

  @ApiProperty({ type: 'integer', example: 1 })
  tries: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 201, description: 'The gateway’s last HTTP status' })
  lastStatus: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP 503: upstream unavailable', description: 'Why the last try got no answer' })
  lastError: string | null;

  @ApiProperty({ type: () => RejectionView, nullable: true })
  rejection: RejectionView | null;

  @ApiProperty({ format: 'date-time', description: 'When the report was made (for a held-back course: when it was last planned)' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  lastTriedAt: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When it is tried again (sent, without an answer yet)' })
  nextTryAt: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  acceptedAt: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  exportedAt: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The re-delivered report that replaced this one' })
  supersededBy: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'A pending report waiting behind this rejected report of the same child (the child’s reports go in order)',
  })
  blockedBy: string | null;
}

export class DeliveryCounts {
  @ApiProperty({ type: 'integer' }) pending: number;
  @ApiProperty({ type: 'integer', description: 'Tried without a definite answer yet; tried again with the same id' }) sent: number;
  @ApiProperty({ type: 'integer' }) accepted: number;
  @ApiProperty({ type: 'integer' }) rejected: number;
  @ApiProperty({ type: 'integer', description: 'Written to files for manual upload (npm run kl:export)' }) exported: number;
  @ApiProperty({ type: 'integer', description: 'Replaced by a re-delivery' }) superseded: number;
  @ApiProperty({ type: 'integer', description: 'Courses held back (no CPR, or no SOR code for the municipality)' }) heldBack: number;
}

export class DeliveriesPage {
  @ApiProperty({ type: () => DeliveryCounts, description: 'Per state, for the municipality and period asked (not the state filter)' })
  counts: DeliveryCounts;

  @ApiProperty({ type: () => [DeliveryView], description: 'Newest first' })
  items: DeliveryView[];

  @ApiProperty({ type: 'integer', example: 1 })
  total: number;

  @ApiProperty({ type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', example: 50 })
  pageSize: number;
}

export class RedeliveryOutcome {
  @ApiProperty({ enum: ['rejected', 'period'] })
  kind: 'rejected' | 'period';

  @ApiProperty({ type: 'integer', description: 'Courses planned again' })
  courses: number;

  @ApiProperty({ type: 'integer', description: 'New reports made (each with everything KL should hold for its course now)' })
  reports: number;

  @ApiProperty({ type: 'integer', description: 'Older reports not yet delivered that the new ones replace' })
  superseded: number;
}

export class MunicipalityWithoutSor {
  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  code: string;

  @ApiProperty({ example: 'Aarhus' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'Its courses planned and held back so far' })
  courses: number;
}

export class HeldBackCourse {
  @ApiProperty({ format: 'uuid' })
  courseId: string;

  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  municipalityCode: string;

  @ApiProperty({ enum: ['missing_cpr', 'missing_sor'] })
  reason: 'missing_cpr' | 'missing_sor';

  @ApiProperty({ format: 'date', example: '2026-02-03' })
  firstContactDate: string;

  @ApiProperty({ enum: ['open', 'closed', 'entered_in_error'] })
  status: string;

  @ApiProperty({ format: 'date-time', description: 'Held back since it was last planned' })
  since: string;
}

export class HeldBackPage {
  @ApiProperty({
    type: () => [MunicipalityWithoutSor],
    description: 'Municipalities with no reporting SOR code: everything of theirs waits',
  })
  municipalitiesWithoutSor: MunicipalityWithoutSor[];

  @ApiProperty({ type: 'object', properties: { missing_cpr: { type: 'integer' }, missing_sor: { type: 'integer' } } })
  counts: { missing_cpr: number; missing_sor: number };

  @ApiProperty({ type: () => [HeldBackCourse] })
  items: HeldBackCourse[];

  @ApiProperty({ type: 'integer' })
  total: number;

  @ApiProperty({ type: 'integer' })
  page: number;

  @ApiProperty({ type: 'integer' })
  pageSize: number;
}
