import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { CreateExtractDto, CreateRecipientDto } from './dto/extract.dto.js';
import { ExtractsService } from './extracts.service.js';

@ApiTags('extracts')
@ApiBearerAuth()
@Controller('api/v1')
export class ExtractsController {
  constructor(private readonly extracts: ExtractsService) {}

  @Post('extract-recipients')
  @Roles('admin')
  @ApiOperation({ summary: 'Register an extract recipient; the service makes and keeps its secret pseudonymisation key' })
  createRecipient(@Body() dto: CreateRecipientDto) {
    return this.extracts.createRecipient(dto);
  }

  @Get('extract-recipients')
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: 'Registered extract recipients (never their keys)' })
  listRecipients() {
    return this.extracts.listRecipients();
  }

  @Post('extracts')
  @Roles('evaluator')
  @ApiOperation({ summary: 'Create an anonymised extract (courses, contacts or aggregates); returns its manifest' })
  create(@Body() dto: CreateExtractDto) {
    return this.extracts.create(dto);
  }

  @Get('extracts')
  @Roles('evaluator')
  @ApiOperation({ summary: 'The latest extracts’ manifests' })
  list() {
    return this.extracts.list();
  }

  @Get('extracts/:id')
  @Roles('evaluator')
  @ApiOperation({ summary: 'An extract’s manifest: parameters, who and when, schema version, row count, SHA-256' })
  manifest(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.extracts.manifest(id);
  }

  @Get('extracts/:id/file')
  @Roles('evaluator')
  @ApiProduces('text/csv', 'application/jsonl')
  @ApiOperation({ summary: 'Download the extract file (streamed; audited)' })
  async file(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
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
