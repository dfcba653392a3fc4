import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { BusyError, ConflictError, InvalidInputError, NotFoundError, RuleViolation } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { CprVault } from '../courses/cpr-vault.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { AggregatesRepository } from '../statistics/aggregates.repository.js';
import { membersNamed } from '../statistics/areas.rules.js';
import { CohortPublisher } from '../statistics/disclosure/cohort-publisher.js';
import { IndicatorsCalculator } from '../statistics/indicators.calculator.js';
import { halfYearContaining, halfYearsBetween } from '../statistics/period.rules.js';
import {
  AGGREGATE_COLUMNS,
  complianceAggregateRows,
  flowAggregateRows,
  indicatorAggregateRows,
  publishedComplianceAggregateRows,
  publishedFlowAggregateRows,
  type AggregateRow,
} from './aggregate-rows.js';
import { columnsFor, EXTRACT_SCHEMA_VERSION } from './extract-columns.js';
import { toExtractRow, type RawExtractRow } from './extract-rows.js';
import { CONTACTS_EXTRACT_SQL, COURSES_EXTRACT_SQL } from './extract-sql.js';
import { ChunkingHashWriter } from './extract-writer.js';
import { ExtractsRepository, type ExtractManifestRow } from './extracts.repository.js';
import { createRowFormatter, FORMAT_DETAILS } from './formats.js';
import { pseudonymousChildKey } from './pseudonym.js';
import { RecipientKeys } from './recipient-keys.js';
import type { CreateExtractDto, CreateRecipientDto } from './dto/extract.dto.js';

/**
 * Anonymised extracts for the evaluation. Rows go from a server-side cursor through a transform
 * (the sealed CPR becomes the recipient's pseudonymous child key and is dropped; the allow-list
 * formatter writes only listed columns) into a hashing, chunking writer that stores the file,
 * never holding the whole extract in memory. Creation and every download are audited.
 */
/**
 * Each extract being made holds two database connections (its request's transaction and its
 * cursor); capping how many run at once keeps the pool from being exhausted by them.
 */
export const MAX_CONCURRENT_EXTRACTS = 2;

@Injectable()
export class ExtractsService {
  private running = 0;

  constructor(
    private readonly repository: ExtractsRepository,
    private readonly aggregates: AggregatesRepository,
    private readonly publisher: CohortPublisher,
    private readonly indicators: IndicatorsCalculator,
    private readonly keys: RecipientKeys,
    private readonly vault: CprVault,
    private readonly national: NationalScope,
    private readonly context: RequestContext,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async createRecipient(dto: CreateRecipientDto) {
    const principal = this.context.requirePrincipal();
    const { sealed } = this.keys.generate();
    if (!(await this.repository.insertRecipient(dto.id, dto.name, sealed, principal.sub))) {
      throw new ConflictError('recipient_exists', `A recipient ${dto.id} is already registered; its key is never replaced`);
    }
    await this.audit.record({ action: 'create', resourceType: 'extract_recipient', resourceId: dto.id });
    const { id, name, createdAt } = (await this.repository.findRecipient(dto.id))!;
    return { id, name, createdAt };
  }

  async listRecipients() {
    return { items: await this.repository.listRecipients() };
  }

  /** Builds the extract and stores it; returns its manifest. */
  async create(dto: CreateExtractDto, onRows?: (n: number) => void) {
    if (this.running >= MAX_CONCURRENT_EXTRACTS) {
      throw new BusyError('extracts_busy', `${MAX_CONCURRENT_EXTRACTS} extracts are being made; try again in a minute`);
    }
    this.running++;
    try {
      return await this.build(dto, onRows);
    } finally {
      this.running--;
    }
  }

  private async build(dto: CreateExtractDto, onRows?: (n: number) => void) {
    const principal = this.context.requirePrincipal();
    if (dto.from > dto.to) throw new InvalidInputError('to', 'after_from', 'to must be on or after from');
    const recipient = await this.repository.findRecipient(dto.recipient);
    if (!recipient) throw new RuleViolation('unknown_recipient', `No extract recipient ${dto.recipient} is registered`, 'recipient');
    await this.national.widen('anonymised_extract');
    const referenceDate = this.clock.today();
    const municipalities = dto.municipalities?.length ? [...dto.municipalities].sort() : null;
    const id = await this.repository.insertExtract({
      recipient: dto.recipient,
      kind: dto.kind,
      format: dto.format,
      from: dto.from,
      to: dto.to,
      municipalities,
      referenceDate,
      schemaVersion: EXTRACT_SCHEMA_VERSION,
      createdBy: principal.sub,
    });

    let rows = 0;
    const count = new Transform({
      objectMode: true,
      transform(row, _e, done) {
        rows++;
        if (rows % 5000 === 0) onRows?.(rows);
        done(null, row);
      },
    });
    const writer = new ChunkingHashWriter((seq, data) => this.repository.insertChunk(id, seq, data));
    if (dto.kind === 'aggregates') {
      const source = Readable.from(await this.aggregateRows(dto.from, dto.to, referenceDate, municipalities));
      await pipeline(source, count, createRowFormatter(dto.format, AGGREGATE_COLUMNS), writer);
    } else {
      const recipientKey = this.keys.open(recipient.keyCiphertext);
      const kind = dto.kind;
      const vault = this.vault;
      const sql = kind === 'courses' ? COURSES_EXTRACT_SQL : CONTACTS_EXTRACT_SQL;
      const batches = this.repository.cursor<RawExtractRow>(sql, [dto.from, dto.to, referenceDate, municipalities]);
      // One batch at a time: the cursor gives a batch, the transform turns it into rows.
      async function* published() {
        for await (const batch of batches) {
          for (const raw of batch) {
            yield toExtractRow(kind, raw, pseudonymousChildKey(vault.open(raw.cpr_ciphertext, raw.cpr_key_id), recipientKey));
          }
        }
      }
      await pipeline(Readable.from(published()), count, createRowFormatter(dto.format, columnsFor(kind)), writer);
    }
    onRows?.(rows);
    await this.repository.completeExtract(id, rows, writer.bytes, writer.digest);
    await this.audit.record({
      action: 'export',
      resourceType: 'extract',
      resourceId: id,
      details: { recipient: dto.recipient, kind: dto.kind, format: dto.format, from: dto.from, to: dto.to, municipalities, rows },
    });
    return this.manifestView((await this.repository.findManifest(id))!);
  }

  async manifest(id: string) {
    return this.manifestView(await this.find(id));
  }

  async list() {
    return { items: (await this.repository.listManifests(100)).map((m) => this.manifestView(m)) };
  }

  /** The stored file, chunk by chunk, for streaming to the caller (audited as a download). */
  async open(id: string) {
    const manifest = await this.find(id);
    await this.audit.record({ action: 'download', resourceType: 'extract', resourceId: id, details: { recipient: manifest.recipient } });
    const repository = this.repository;
    async function* chunks() {
      for (let seq = 0; seq < manifest.chunks; seq++) yield (await repository.chunk(id, seq))!;
    }
    const details = FORMAT_DETAILS[manifest.format];
    return {
      manifest: this.manifestView(manifest),
      contentType: details.contentType,
      fileName: `ltt-${manifest.kind}-${manifest.from}-${manifest.to}-${manifest.id.slice(0, 8)}.${details.extension}`,
      chunks: chunks(),
    };
  }

  private async find(id: string): Promise<ExtractManifestRow> {
    const manifest = await this.repository.findManifest(id);
    if (!manifest || manifest.sha256 === null) throw new NotFoundError('Extract');
    return manifest;
  }

  private manifestView(m: ExtractManifestRow) {
    return {
      id: m.id,
      recipient: m.recipient,
      parameters: { kind: m.kind, format: m.format, from: m.from, to: m.to, municipalities: m.municipalities },
      referenceDate: m.referenceDate,
      schemaVersion: m.schemaVersion,
      rowCount: m.rowCount,
      byteCount: m.byteCount,
      sha256: m.sha256,
      createdBy: m.createdBy,
      createdAt: m.createdAt,
      file: `/api/v1/extracts/${m.id}/file`,
    };
  }

  /**
   * The national figures over the whole period, exact; below national level, each half-year that
   * lies wholly inside the period and has begun, from its publication (the one disclosure control
   * across outputs: the same figures an evaluator sees in the reports and indicators).
   */
  private async aggregateRows(from: string, to: string, today: string, municipalities: string[] | null): Promise<AggregateRow[]> {
    const rows: AggregateRow[] = [];
    const halves = halfYearsBetween(halfYearContaining(from), halfYearContaining(to)).filter(
      (h) => h.from >= from && h.to <= to && h.from <= today,
    );
    const all = halves.length ? await this.indicators.municipalities() : [];
    const members = municipalities ? membersNamed(all, municipalities) : all;
    for (const half of halves) {
      const publication = await this.publisher.publish(half, today);
      const levels = municipalities ? (['municipality'] as const) : (['municipality', 'region'] as const);
      for (const level of levels) {
        const scope = municipalities ? { level: 'municipality' as const, municipalities } : { level: 'national' as const };
        rows.push(
          ...publishedComplianceAggregateRows(
            half.label,
            level,
            await this.aggregates.compliance(half.from, half.to, today, scope, level),
            publication,
          ),
          ...publishedFlowAggregateRows(half.label, level, await this.aggregates.flow(half.from, half.to, scope, level), publication),
        );
      }
    }
    if (!municipalities) {
      const scope = { level: 'national' as const };
      rows.push(...complianceAggregateRows('national', await this.aggregates.compliance(from, to, today, scope)));
      rows.push(...flowAggregateRows('national', await this.aggregates.flow(from, to, scope)));
    }
    // The monitoring indicators of each of those half-years. Computed as for an evaluator
    // (suppressed below national level), without the indicators endpoint's read audit: the
    // extract is audited as one export.
    for (const half of halves) {
      const requests = municipalities
        ? [{ level: 'municipality' as const, members, scope: { municipalities } }]
        : (['municipality', 'region', 'national'] as const).map((level) => ({ level, members: all, scope: { national: true as const } }));
      for (const { level, members: areaMembers, scope } of requests) {
        const published = await this.indicators.compute({ period: half, level, members: areaMembers, scope, disclosure: level, today });
        rows.push(...indicatorAggregateRows(half.label, published.areas, published.baseline !== null));
      }
    }
    return rows;
  }
}
