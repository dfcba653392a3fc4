import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, RuleViolation } from '../common/errors.js';
import { RequestContext, type Principal } from '../common/request-context.js';
import { CprVault } from '../children/cpr-vault.js';
import { Db } from '../database/db.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { JobsRepository } from '../jobs/jobs.repository.js';
import { AggregatesRepository } from '../statistics/aggregates.repository.js';
import { membersNamed } from '../statistics/areas.rules.js';
import { CohortPublisher } from '../statistics/disclosure/cohort-publisher.js';
import { PUBLISHED_TARGETS } from '../statistics/disclosure/cohort-publication.js';
import { emptyComplianceRow, emptyFlowRow, everyGroup, publishedGroupKeys } from '../statistics/disclosure/published-groups.js';
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
import { createLineWriter } from './extract-lines.js';
import {
  CONTACTS_COUNT_SQL,
  contactsExtractSql,
  COURSES_COUNT_SQL,
  coursesExtractSql,
  type ExtractSqlRow,
  rowOfCopyLine,
  VALUES_COLUMN,
} from './extract-sql.js';
import { EXTRACT_TASK } from './extract-task.js';
import { ChunkingHashWriter } from './extract-writer.js';
import { ExtractsRepository, type ExtractManifestRow } from './extracts.repository.js';
import { createRowFormatter, FORMAT_DETAILS } from './formats.js';
import { pseudonymousChildKey, pseudonymousChildKeyOfIndex } from './pseudonym.js';
import { RecipientKeys } from './recipient-keys.js';
import type { CreateExtractDto, CreateRecipientDto } from './dto/extract.dto.js';

/**
 * Anonymised extracts for the evaluation. A request is checked and queued at once (202); the
 * file is made by a background job (`extract_build`, src/extracts/extract.job.ts) that runs
 * `build`: rows come through COPY (the database gives each row's child identity and its
 * allow-listed values as one text) through the line writer (the identity becomes the recipient's
 * pseudonymous child key and is dropped; the values are checked against the allow-list and written
 * in the file's format) into a hashing, chunking writer that stores the file under the run's attempt number,
 * never holding the whole extract in memory. The file becomes the extract's, with its SHA-256,
 * in one statement at the end. Every state change and every download is audited.
 */

/** Progress is recorded after each piece of the COPY that passes another multiple of this many rows (each record also asks whether the extract was cancelled). */
export const PROGRESS_EVERY_ROWS = 5000;

/**
 * Runs of one extract's job at most: a run cut off by a restart (the process killed) starts again
 * from scratch; one more interruption than this and the extract is failed (`interrupted`).
 */
export const MAX_EXTRACT_RUNS = 3;

/** Thrown inside a run to stop it: the extract was cancelled, or another run took it over. */
class RunStopped extends Error {}

@Injectable()
export class ExtractsService {
  private readonly logger = new Logger(ExtractsService.name);

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
    private readonly db: Db,
    private readonly jobs: JobsRepository,
  ) {}

  async createRecipient(dto: CreateRecipientDto) {
    const principal = this.context.requirePrincipal();
    const { sealed } = this.keys.generate();
    if (!(await this.repository.insertRecipient(dto.id, dto.name, sealed, principal.sub))) {
      throw new ConflictError('recipient_exists', `A recipient ${dto.id} is already registered; its key is never replaced`);
    }
    await this.audit.record({ action: 'create', resourceType: 'extract_recipient', resourceId: dto.id });
    const { id, name, pseudonymScheme, createdAt } = (await this.repository.findRecipient(dto.id))!;
    return { id, name, pseudonymScheme, createdAt };
  }

  async listRecipients() {
    return { items: await this.repository.listRecipients() };
  }

  /**
   * Checks the request and queues the extract (its job is added in the same transaction, so it
   * exists only if the extract does); returns its status, `queued`. Without `enqueue` (the command
   * line, which builds it itself) no job is added.
   */
  async create(dto: CreateExtractDto, { enqueue = true }: { enqueue?: boolean } = {}) {
    const principal = this.context.requirePrincipal();
    if (dto.from > dto.to) throw new InvalidInputError('to', 'after_from', 'to must be on or after from');
    const recipient = await this.repository.findRecipient(dto.recipient);
    if (!recipient) throw new RuleViolation('unknown_recipient', `No extract recipient ${dto.recipient} is registered`, 'recipient');
    const municipalities = dto.municipalities?.length ? [...dto.municipalities].sort() : null;
    const id = await this.repository.insertExtract({
      recipient: dto.recipient,
      kind: dto.kind,
      format: dto.format,
      from: dto.from,
      to: dto.to,
      municipalities,
      referenceDate: this.clock.today(),
      schemaVersion: EXTRACT_SCHEMA_VERSION,
      createdBy: principal.sub,
    });
    // One extract at a time across every instance (a named queue): each holds two connections and a core.
    // The job carries the request's id, so its log lines and audit entries can be traced to the request.
    if (enqueue) {
      await this.jobs.enqueue(
        EXTRACT_TASK,
        { extractId: id, requestId: this.context.requestId ?? null },
        { queueName: 'extracts', maxAttempts: MAX_EXTRACT_RUNS + 1 },
      );
    }
    await this.audit.record({
      action: 'create',
      resourceType: 'extract',
      resourceId: id,
      details: {
        recipient: dto.recipient,
        kind: dto.kind,
        format: dto.format,
        from: dto.from,
        to: dto.to,
        municipalities,
        status: 'queued',
      },
    });
    return this.view((await this.repository.findManifest(id))!);
  }

  /** Cancels a queued or running extract: its job stops at its next progress record and leaves no file. */
  async cancel(id: string) {
    this.audit.attempt({ action: 'update', resourceType: 'extract', resourceId: id, details: { status: 'cancelled' } });
    const found = await this.repository.findManifest(id);
    if (!found) throw new NotFoundError('Extract');
    if (!(await this.repository.cancel(id))) {
      const { status } = (await this.repository.findManifest(id))!;
      throw new ConflictError('extract_not_cancellable', `The extract is ${status}: only a queued or running extract can be cancelled`);
    }
    await this.audit.record({ action: 'update', resourceType: 'extract', resourceId: id, details: { status: 'cancelled' } });
    return this.view((await this.repository.findManifest(id))!);
  }

  /**
   * The job: one run of an extract's build. Each state change is one transaction as the evaluator
   * who asked for it (the audit's actor), widened to every municipality where it reads figures;
   * the rows are read on the COPY's own connection and the chunks written as they come.
   */
  async build(
    id: string,
    { onRows, requestId = `extract-job-${id}` }: { onRows?: (n: number) => void; requestId?: string } = {},
  ): Promise<void> {
    const found = await this.db.transaction(() => this.repository.findManifest(id));
    if (!found || (found.status !== 'queued' && found.status !== 'running')) return;
    const principal: Principal = { sub: found.createdBy, roles: ['evaluator'], municipalities: [] };
    const asRequester = <T>(fn: () => Promise<T>): Promise<T> =>
      this.context.run({ requestId, principal }, () => this.db.tenantTransaction(principal, fn));
    const outside = <T>(fn: () => Promise<T>): Promise<T> => this.context.run({ requestId, principal }, fn);
    const failed = (error: string, attempt?: number) =>
      asRequester(async () => {
        if (await this.repository.fail(id, error, attempt)) {
          await this.audit.record({ action: 'update', resourceType: 'extract', resourceId: id, details: { status: 'failed', error } });
        }
      });

    if (found.attempt >= MAX_EXTRACT_RUNS) {
      // Every run so far was cut off (the process killed mid-extract): give up, visibly.
      await failed('interrupted');
      await outside(() => this.repository.deleteLooseChunks(id));
      return;
    }
    const started = await asRequester(async () => {
      const run = await this.repository.startAttempt(id);
      if (run) {
        await this.audit.record({
          action: 'update',
          resourceType: 'extract',
          resourceId: id,
          details: { status: 'running', attempt: run.attempt },
        });
      }
      return run;
    });
    if (!started) return;
    const { attempt } = started;
    try {
      const file = await outside(() => this.write(found, attempt, onRows));
      const ready = await asRequester(async () => {
        if (!(await this.repository.completeAttempt(id, attempt, file.rows, file.bytes, file.sha256))) return false;
        await this.audit.record({
          action: 'export',
          resourceType: 'extract',
          resourceId: id,
          details: {
            recipient: found.recipient,
            kind: found.kind,
            format: found.format,
            from: found.from,
            to: found.to,
            municipalities: found.municipalities,
            rows: file.rows,
          },
        });
        return true;
      });
      if (!ready) await outside(() => this.repository.deleteAttemptChunks(id, attempt));
    } catch (error) {
      if (!(error instanceof RunStopped)) {
        this.logger.error(`Extract ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
        await failed('build_failed', attempt);
      }
      await outside(() => this.repository.deleteAttemptChunks(id, attempt));
    }
  }

  /** Writes the file's chunks under `attempt`; its row count, size and SHA-256. */
  private async write(m: ExtractManifestRow, attempt: number, onRows?: (n: number) => void) {
    const { id } = m;
    const params = [m.from, m.to, m.referenceDate, m.municipalities];
    const repository = this.repository;
    const widened = <T>(fn: () => Promise<T>) =>
      this.db.tenantTransaction(this.context.requirePrincipal(), async () => {
        await this.national.widen('anonymised_extract');
        return fn();
      });

    let rows = 0;
    const count = new Transform({
      objectMode: true,
      transform(row, _e, done) {
        rows++;
        if (rows % PROGRESS_EVERY_ROWS !== 0) return done(null, row);
        onRows?.(rows);
        repository.progress(id, attempt, rows).then(
          (going) => done(going ? null : new RunStopped(), row),
          (error: Error) => done(error),
        );
      },
    });
    const writer = new ChunkingHashWriter((seq, data) => repository.insertChunk(id, attempt, seq, data));
    if (m.kind === 'aggregates') {
      const all = await widened(() => this.aggregateRows(m.from, m.to, m.referenceDate, m.municipalities));
      await repository.setExpected(id, attempt, all.length);
      await pipeline(Readable.from(all), count, createRowFormatter(m.format, AGGREGATE_COLUMNS), writer);
    } else {
      const kind = m.kind;
      const recipient = (await repository.findRecipient(m.recipient))!;
      const recipientKey = this.keys.open(recipient.keyCiphertext);
      const vault = this.vault;
      // Counted beside the COPY, on a connection of its own: the estimate costs the extract no time.
      const counted = widened(() => repository.countRows(kind === 'courses' ? COURSES_COUNT_SQL : CONTACTS_COUNT_SQL, params)).then((n) =>
        repository.setExpected(id, attempt, n),
      );
      counted.catch(() => undefined); // awaited below; the run may stop first
      const scheme = recipient.pseudonymScheme;
      const sql = kind === 'courses' ? coursesExtractSql(scheme) : contactsExtractSql(scheme);
      const pieces = repository.copy(sql, params);
      // The recipient's scheme, for good (docs/domain.md): of the blind index, or of the CPR decrypted.
      const childKey =
        scheme === 'cpr_index'
          ? (raw: ExtractSqlRow) => pseudonymousChildKeyOfIndex(raw.cpr_index!, recipientKey)
          : (raw: ExtractSqlRow) => pseudonymousChildKey(vault.open(raw.cpr_ciphertext!, raw.cpr_key_id!), recipientKey);
      const lines = createLineWriter(m.format, columnsFor(kind));
      // A piece of COPY's stream at a time: its lines become one piece of the file.
      let next = PROGRESS_EVERY_ROWS;
      async function* text() {
        yield lines.header;
        for await (const piece of pieces) {
          let out = '';
          for (const line of piece) {
            const raw = rowOfCopyLine(scheme, line);
            out += lines.line(childKey(raw), raw[VALUES_COLUMN]);
          }
          yield out;
          rows += piece.length;
          if (rows < next) continue;
          next = rows - (rows % PROGRESS_EVERY_ROWS) + PROGRESS_EVERY_ROWS;
          onRows?.(rows);
          if (!(await repository.progress(id, attempt, rows))) throw new RunStopped();
        }
      }
      // The chunks in one transaction: one commit for the file instead of one per chunk. A run that
      // dies leaves none of them (its transaction goes with its connection).
      await this.db.transaction(() => pipeline(Readable.from(text()), writer));
      await counted;
    }
    onRows?.(rows);
    return { rows, bytes: writer.bytes, sha256: writer.digest };
  }

  async manifest(id: string) {
    const found = await this.repository.findManifest(id);
    if (!found) throw new NotFoundError('Extract');
    return this.view(found);
  }

  async list() {
    return { items: (await this.repository.listManifests(100)).map((m) => this.view(m)) };
  }

  /** The stored file, chunk by chunk, for streaming to the caller (audited as a download); 409 until it is ready. */
  async open(id: string) {
    this.audit.attempt({ action: 'download', resourceType: 'extract', resourceId: id });
    const found = await this.repository.findManifest(id);
    if (!found) throw new NotFoundError('Extract');
    const manifest = found;
    if (manifest.status !== 'ready') {
      throw new ConflictError('extract_not_ready', `The extract is ${manifest.status}: its file can be downloaded once it is ready`);
    }
    await this.audit.record({ action: 'download', resourceType: 'extract', resourceId: id, details: { recipient: manifest.recipient } });
    const repository = this.repository;
    async function* chunks() {
      for (let seq = 0; seq < manifest.chunks; seq++) yield (await repository.chunk(id, seq))!;
    }
    const details = FORMAT_DETAILS[manifest.format];
    return {
      manifest: this.view(manifest),
      contentType: details.contentType,
      fileName: `ltt-${manifest.kind}-${manifest.from}-${manifest.to}-${manifest.id.slice(0, 8)}.${details.extension}`,
      chunks: chunks(),
    };
  }

  private view(m: ExtractManifestRow) {
    return {
      id: m.id,
      recipient: m.recipient,
      parameters: { kind: m.kind, format: m.format, from: m.from, to: m.to, municipalities: m.municipalities },
      status: m.status,
      progress: { rowsDone: m.rowsDone, rowsExpected: m.rowsExpected },
      error: m.error,
      referenceDate: m.referenceDate,
      schemaVersion: m.schemaVersion,
      rowCount: m.rowCount,
      byteCount: m.byteCount,
      sha256: m.sha256,
      createdBy: m.createdBy,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      file: m.status === 'ready' ? `/api/v1/extracts/${m.id}/file` : null,
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
        // Every area of the publication at this level, with courses or not (published-groups.ts).
        const keys = publishedGroupKeys(publication.geography, scope, level);
        const compliance = await this.aggregates.compliance(half.from, half.to, today, scope, level);
        const complianceRows = PUBLISHED_TARGETS.flatMap((t) =>
          everyGroup(
            compliance.filter((r) => r.target === t),
            keys,
            (key) => emptyComplianceRow(t, key),
          ),
        );
        const flowRows = everyGroup(await this.aggregates.flow(half.from, half.to, scope, level), keys, emptyFlowRow);
        rows.push(
          ...publishedComplianceAggregateRows(half.label, level, complianceRows, publication),
          ...publishedFlowAggregateRows(half.label, level, flowRows, publication),
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
