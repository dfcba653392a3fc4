/**
 * npm run extract -- --recipient sst-evaluation-2026 --from 2025-07-01 --to 2025-12-31 --kind courses
 *                    [--format csv|csv-excel-da|jsonl] [--municipalities 751,101] --out file
 *
 * The evaluation extract from the command line: the same service, validation, manifest and
 * audit as POST /api/v1/extracts followed by GET /api/v1/extracts/{id}/file, run as a system
 * evaluator named `cli:<os user>`. Progress goes to stderr, the manifest (JSON) to stdout, the
 * file to --out (written whole or not at all, and checked against the manifest's SHA-256).
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import cliProgress from 'cli-progress';
import { createApp } from '../app.factory.js';
import { prepareRuntime } from '../bootstrap.js';
import { DomainError, type FieldError } from '../common/errors.js';
import { RequestContext, type Principal } from '../common/request-context.js';
import { toFieldErrors } from '../common/validation.js';
import { Db } from '../database/db.js';
import { CreateExtractDto } from '../extracts/dto/extract.dto.js';
import { ExtractsService } from '../extracts/extracts.service.js';

export type ExtractManifest = Awaited<ReturnType<ExtractsService['create']>>;

export interface ExtractCliOptions {
  recipient: string;
  from: string;
  to: string;
  kind: string;
  format: string;
  municipalities?: string[];
  out: string;
}

export interface ExtractProgress {
  /** Rows written so far (every few thousand rows, and once at the end). */
  rows?(n: number): void;
  /** The stored file is being written to --out: `bytes` of `total`. */
  bytes?(n: number, total: number): void;
}

const USAGE =
  'usage: npm run extract -- --recipient <id> --from YYYY-MM-DD --to YYYY-MM-DD --kind courses|contacts|aggregates ' +
  '[--format csv|csv-excel-da|jsonl] [--municipalities 751,101] --out <file>';

/** A mistake on the command line or in the request, named by its option. */
export class ExtractCliError extends Error {
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ExtractCliError';
  }
}

export function parseExtractArgs(argv: string[]): ExtractCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        recipient: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        kind: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        municipalities: { type: 'string' },
        out: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new ExtractCliError(`${(error as Error).message}\n${USAGE}`);
  }
  const missing = (['recipient', 'from', 'to', 'kind', 'out'] as const).filter((name) => !values[name]);
  if (missing.length) throw new ExtractCliError(`missing ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}`);
  return {
    recipient: values.recipient!,
    from: values.from!,
    to: values.to!,
    kind: values.kind!,
    format: values.format!,
    municipalities: values.municipalities?.split(',').map((m) => m.trim()),
    out: values.out!,
  };
}

/** The same checks as the API's ValidationPipe, so the command line cannot ask for more than the API. */
async function requestOf(options: ExtractCliOptions): Promise<CreateExtractDto> {
  const { out: _out, municipalities, ...rest } = options;
  const dto = plainToInstance(CreateExtractDto, { ...rest, ...(municipalities ? { municipalities } : {}) });
  const errors = toFieldErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));
  if (errors.length) throw new ExtractCliError(errors.map((e) => `--${e.field}: ${e.message}`).join('; '), errors);
  return dto;
}

/** The operating-system user, for the audit log's actor (`cli:<user>`). */
export function cliActor(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.LOGNAME;
  }
  return `cli:${name || 'unknown'}`;
}

/**
 * Creates the extract and writes its file to `options.out`, as a system evaluator `actor`, in the
 * application `app` (created, not listening). Each step is one transaction with the row-level
 * security settings the API's TenantTransactionInterceptor sets, so both are audited as over HTTP:
 * `export` for the creation, `download` for the file.
 */
export async function runExtract(
  app: INestApplicationContext,
  options: ExtractCliOptions,
  actor: string,
  progress: ExtractProgress = {},
): Promise<ExtractManifest> {
  const dto = await requestOf(options);
  const context = app.get(RequestContext);
  const db = app.get(Db);
  const extracts = app.get(ExtractsService);
  const principal: Principal = { sub: actor, name: actor, roles: ['evaluator'], municipalities: [] };
  const asEvaluator = <T>(fn: () => Promise<T>): Promise<T> =>
    context.run({ requestId: `cli-${randomUUID()}`, principal, purpose: 'command-line extract' }, () =>
      db.tenantTransaction(principal, fn),
    );

  // Made here, not by the job queue: the same build the job runs, in this process.
  const queued = await asEvaluator(() => extracts.create(dto, { enqueue: false }));
  await extracts.build(queued.id, { onRows: (n) => progress.rows?.(n) });
  const manifest = await asEvaluator(() => extracts.manifest(queued.id));
  if (manifest.status !== 'ready')
    throw new Error(`the extract ${manifest.id} is ${manifest.status}${manifest.error ? ` (${manifest.error})` : ''}`);
  const out = resolve(options.out);
  const partial = `${out}.partial-${process.pid}`;
  try {
    await asEvaluator(async () => {
      const file = await extracts.open(manifest.id);
      const hash = createHash('sha256');
      let written = 0;
      const total = file.manifest.byteCount ?? 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          written += chunk.length;
          progress.bytes?.(written, total);
          done(null, chunk);
        },
      });
      await pipeline(Readable.from(file.chunks), tap, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      if (hash.digest('hex') !== file.manifest.sha256 || written !== total) {
        throw new Error(`the file written does not match the manifest (SHA-256 ${file.manifest.sha256}, ${total} bytes)`);
      }
    });
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return manifest;
}

async function main(): Promise<void> {
  const options = parseExtractArgs(process.argv.slice(2));
  await requestOf(options); // refuse a bad request before starting a database
  const log = (line: string) => process.stderr.write(line + '\n');
  // This process only extracts: no KL delivery worker here.
  const runtime = await prepareRuntime({ LOG_LEVEL: 'warn', ...process.env, KL_DELIVERY_WORKER: 'false', JOB_WORKER: 'false' }, log, {
    shareRunningDatabase: true,
  });
  try {
    // Logs to stderr: stdout carries the manifest only.
    const app = await createApp({ config: runtime.config, logSink: { write: (line: string) => process.stderr.write(line) } });
    await app.init();
    const rows = new cliProgress.SingleBar(
      { stream: process.stderr, format: `${options.kind} rows: {value} | {duration_formatted}`, noTTYOutput: false, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const bytes = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'writing {bar} {percentage}% | {value}/{total} bytes', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let writing = false;
    try {
      rows.start(0, 0);
      const manifest = await runExtract(app, options, cliActor(), {
        rows: (n) => rows.update(n),
        bytes: (n, total) => {
          if (!writing) {
            rows.stop();
            bytes.start(total, 0);
            writing = true;
          }
          bytes.update(n);
        },
      });
      if (!writing) rows.stop();
      bytes.stop();
      log(`Wrote ${manifest.rowCount} rows, ${manifest.byteCount} bytes to ${resolve(options.out)}`);
      process.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
    } finally {
      rows.stop();
      bytes.stop();
      await app.close();
    }
  } finally {
    await runtime.embedded?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    const detail =
      error instanceof DomainError
        ? [error.message, ...error.errors.filter((e) => e.message !== error.message).map((e) => `--${e.field}: ${e.message}`)].join('; ')
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`extract: ${detail}\n`);
    process.exit(error instanceof ExtractCliError || error instanceof DomainError ? 2 : 1);
  });
}
