import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { ApiProblems, HEADERS, INVALID_REQUEST, invalid, type ProblemSpec } from '../common/openapi.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { CreateExtractDto, CreateRecipientDto } from './dto/extract.dto.js';
import { columnsFor } from './extract-columns.js';
import { ExtractManifest, ExtractManifestList, ExtractRecipientList, ExtractRecipientView } from './dto/extract.response.js';
import { ExtractsService } from './extracts.service.js';

const BAD_ID: ProblemSpec = {
  description: 'The id is not a UUID',
  code: 'invalid_input',
  detail: 'id must be a UUID',
  errors: [{ field: 'id', code: 'uuid', message: 'id must be a UUID' }],
};
const NOT_FOUND: ProblemSpec = { description: 'No such extract', detail: 'Extract was not found' };
const NOT_READY: ProblemSpec = {
  description: 'The extract is not ready (queued, running, failed or cancelled): there is no file to download',
  code: 'extract_not_ready',
  detail: 'The extract is running: its file can be downloaded once it is ready',
};
const NOT_CANCELLABLE: ProblemSpec = {
  description: 'The extract is ready, failed or cancelled already: only a queued or running extract can be cancelled',
  code: 'extract_not_cancellable',
  detail: 'The extract is ready: only a queued or running extract can be cancelled',
};

@ApiTags('extracts')
@Controller('api/v1')
export class ExtractsController {
  constructor(private readonly extracts: ExtractsService) {}

  @Post('extract-recipients')
  @Roles('admin')
  @ApiOperation({ summary: 'Register an extract recipient; the service makes and keeps its secret pseudonymisation key' })
  @ApiCreatedResponse({ description: 'The recipient (never its key)', type: ExtractRecipientView })
  @ApiProblems({
    400: invalid('id', 'matches', 'id must be 3–63 characters of a–z, 0–9 and -'),
    409: {
      description: 'A recipient with this id is registered already; its key is never replaced',
      code: 'recipient_exists',
      detail: 'A recipient sst-evaluation-2026 is already registered; its key is never replaced',
    },
  })
  createRecipient(@Body() dto: CreateRecipientDto) {
    return this.extracts.createRecipient(dto);
  }

  @Get('extract-recipients')
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: 'Registered extract recipients (never their keys)' })
  @ApiOkResponse({ description: 'The recipients', type: ExtractRecipientList })
  listRecipients() {
    return this.extracts.listRecipients();
  }

  @Post('extracts')
  @Roles('evaluator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for an anonymised extract (courses, contacts or aggregates): checked now, made by a background job',
    description:
      'Answers 202 with the extract’s status (queued) and its Location; follow it with GET /api/v1/extracts/{id} until the status is ready, then download the file. One extract is made at a time; the others wait, queued.',
  })
  @ApiAcceptedResponse({
    description: 'The extract is queued: its status',
    type: ExtractManifest,
    headers: { Location: { ...HEADERS.location, required: true, description: 'The extract’s status resource' } },
  })
  @ApiProblems({
    400: {
      ...INVALID_REQUEST,
      description: 'The request is invalid (errors names each field), or to is before from',
      code: 'invalid_input',
      detail: 'to must be on or after from',
      errors: [{ field: 'to', code: 'after_from', message: 'to must be on or after from' }],
    },
    422: {
      description: 'No recipient with this id is registered',
      code: 'unknown_recipient',
      detail: 'No extract recipient sst-evaluation-2026 is registered',
      errors: [{ field: 'recipient', code: 'unknown_recipient', message: 'No extract recipient sst-evaluation-2026 is registered' }],
    },
  })
  async create(@Body() dto: CreateExtractDto, @Res({ passthrough: true }) res: Response) {
    const extract = await this.extracts.create(dto);
    res.setHeader('Location', `/api/v1/extracts/${extract.id}`);
    return extract;
  }

  @Post('extracts/:id/cancel')
  @Roles('evaluator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a queued or running extract: its job stops and leaves no file; the extract stays listed, cancelled',
  })
  @ApiOkResponse({ description: 'The extract, cancelled', type: ExtractManifest })
  @ApiProblems({ 400: BAD_ID, 404: NOT_FOUND, 409: NOT_CANCELLABLE })
  cancel(@Param('id', UuidPipe) id: string) {
    return this.extracts.cancel(id);
  }

  @Get('extracts')
  @Roles('evaluator')
  @ApiOperation({ summary: 'The latest extracts, of every status, newest first' })
  @ApiOkResponse({ description: 'The extracts', type: ExtractManifestList })
  list() {
    return this.extracts.list();
  }

  @Get('extracts/:id')
  @Roles('evaluator')
  @ApiOperation({
    summary:
      'An extract’s status and manifest: status, progress, parameters, who and when, schema version; row count and SHA-256 once ready',
  })
  @ApiOkResponse({ description: 'The extract', type: ExtractManifest })
  @ApiProblems({ 400: BAD_ID, 404: NOT_FOUND })
  manifest(@Param('id', UuidPipe) id: string) {
    return this.extracts.manifest(id);
  }

  @Get('extracts/:id/file')
  @Roles('evaluator')
  @ApiOperation({ summary: 'Download the extract file (streamed; audited)' })
  @ApiOkResponse({
    description: 'The file, in the format it was made in (docs/extract-dictionary.md): CSV (csv, csv-excel-da) or JSON Lines (jsonl)',
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example: `${columnsFor('courses')
          .map((c) => c.name)
          .join(',')}\r\n…`,
      },
      'application/jsonl': {
        schema: { type: 'string' },
        example: '{"child_key":"9f86d081…","course_number":1,"municipality_code":"751",…}\n',
      },
    },
    headers: {
      'Content-Disposition': { ...HEADERS.contentDisposition, required: true },
      'Content-Length': { description: 'The file’s size in bytes', required: true, schema: { type: 'integer', example: 2411520 } },
      Digest: {
        description: 'SHA-256 of the file (RFC 3230), base64',
        required: true,
        schema: { type: 'string', example: 'sha-256=OnvT4jYKPSnupDb8+35ExzXRF8QtHBg1QgtrmULdTxs=' },
      },
      ETag: { description: 'The file’s SHA-256 (hex), quoted', required: true, schema: { type: 'string' } },
    },
  })
  @ApiProblems({ 400: BAD_ID, 404: NOT_FOUND, 409: NOT_READY })
  async file(@Param('id', UuidPipe) id: string, @Res() res: Response) {
    const file = await this.extracts.open(id);
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('Content-Length', String(file.manifest.byteCount));
    res.setHeader('Digest', `sha-256=${Buffer.from(file.manifest.sha256!, 'hex').toString('base64')}`);
    res.setHeader('ETag', `"${file.manifest.sha256}"`);
    for await (const chunk of file.chunks) {
      // A client that goes away never drains: stop, so the request's transaction (and its
      // connection) ends instead of waiting for ever. The download stays audited.
      if (res.destroyed) break;
      if (!res.write(chunk)) await drainedOrClosed(res);
    }
    res.end();
  }
}

/** Resolves when the response can take more, or when the client has gone away. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
