import { ApiProperty } from '@nestjs/swagger';
import { EXTRACT_STATUSES, type ExtractStatus } from '../extracts.repository.js';
import { EXTRACT_FORMATS, type ExtractFormat } from '../formats.js';
import { PSEUDONYM_SCHEMES, type PseudonymScheme } from '../pseudonym.js';
import { EXTRACT_REQUEST_KINDS, type ExtractRequestKind } from './extract.dto.js';

export class ExtractRecipientView {
  @ApiProperty({ example: 'sst-evaluation-2026' })
  id: string;

  @ApiProperty({ example: 'Sundhedsstyrelsen, evaluering 2026' })
  name: string;

  @ApiProperty({
    enum: PSEUDONYM_SCHEMES,
    enumName: 'PseudonymScheme',
    description:
      'How its pseudonymous child keys are made, for good: cpr_index, HMAC-SHA-256 of the child’s blind index (recipients registered now); cpr, HMAC-SHA-256 of the CPR (recipients registered before; their keys never change)',
  })
  pseudonymScheme: PseudonymScheme;

  @ApiProperty({ format: 'date-time', example: '2026-02-11T10:04:31Z' })
  createdAt: string;
}

export class ExtractRecipientList {
  @ApiProperty({ type: () => [ExtractRecipientView], description: 'By id; never their keys' })
  items: ExtractRecipientView[];
}

export class ExtractParametersView {
  @ApiProperty({ enum: EXTRACT_REQUEST_KINDS, enumName: 'ExtractKind' })
  kind: ExtractRequestKind;

  @ApiProperty({ enum: EXTRACT_FORMATS, enumName: 'ExtractFormat' })
  format: ExtractFormat;

  @ApiProperty({ format: 'date', example: '2025-07-01', description: 'First-contact dates from' })
  from: string;

  @ApiProperty({ format: 'date', example: '2025-12-31', description: '… to, inclusive' })
  to: string;

  @ApiProperty({ type: [String], nullable: true, example: null, description: 'Only these municipalities (sorted); null: all' })
  municipalities: string[] | null;
}

export class ExtractProgressView {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 12000,
    description: 'Rows written so far by the running job (recorded as it passes each multiple of 5,000)',
  })
  rowsDone: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    example: 18250,
    description:
      'About how many rows the extract will have: counted over the same cohort when the job starts (null before); the rows are then read in a snapshot of their own, so a change in between makes the two differ',
  })
  rowsExpected: number | null;
}

/** An extract's status and manifest: what it holds, who asked and when, how far its job is, and how to check the file. */
export class ExtractManifest {
  @ApiProperty({ format: 'uuid', example: '9b2e4d6f-1a3c-4e5b-8d7f-0c2a4e6b8d1f' })
  id: string;

  @ApiProperty({ example: 'sst-evaluation-2026', description: 'The recipient whose pseudonymous child keys it carries' })
  recipient: string;

  @ApiProperty({ type: () => ExtractParametersView })
  parameters: ExtractParametersView;

  @ApiProperty({
    enum: EXTRACT_STATUSES,
    enumName: 'ExtractStatus',
    description: 'queued (waiting for the job), running, ready (the file can be downloaded), failed (see error), cancelled (no file)',
  })
  status: ExtractStatus;

  @ApiProperty({ type: () => ExtractProgressView })
  progress: ExtractProgressView;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['build_failed', 'interrupted'],
    example: null,
    description:
      'Why it failed: build_failed (the job met an error; the service log has it), interrupted (every run was cut off by a restart)',
  })
  error: string | null;

  @ApiProperty({ format: 'date', example: '2026-02-11', description: 'The day it was made (days and ages are counted to it)' })
  referenceDate: string;

  @ApiProperty({ example: '1.0', description: 'The data dictionary’s version (docs/extract-dictionary.md)' })
  schemaVersion: string;

  @ApiProperty({ type: 'integer', nullable: true, example: 18250, description: 'Rows, the header not counted; null until ready' })
  rowCount: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 2411520 })
  byteCount: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    pattern: '^[0-9a-f]{64}$',
    example: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
    description: 'SHA-256 of the file, hex; null until ready',
  })
  sha256: string | null;

  @ApiProperty({ example: 'c3a1e2f4-evaluator' })
  createdBy: string;

  @ApiProperty({ format: 'date-time', example: '2026-02-11T10:15:02Z', description: 'When it was asked for' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-02-11T10:15:09Z', description: 'Its last change of status or progress' })
  updatedAt: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uri-reference',
    example: '/api/v1/extracts/9b2e4d6f-1a3c-4e5b-8d7f-0c2a4e6b8d1f/file',
    description: 'The file, once ready; null before',
  })
  file: string | null;
}

export class ExtractManifestList {
  @ApiProperty({ type: () => [ExtractManifest], description: 'The latest 100, of every status, newest first' })
  items: ExtractManifest[];
}
