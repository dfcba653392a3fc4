/**
 * npm run kl:export -- --municipality 751 [--from YYYY-MM-DD --to YYYY-MM-DD] --out dir
 *
 * Without a gateway configured: writes the municipality's pending KL delivery reports (those made
 * in the period, when given) as files for manual upload to FK Gateway, one per report in upload
 * order plus manifest.json, and marks them exported (docs/kl-reporting.md, "Export"). Run as a
 * system user `cli:<os user>` of that municipality: row-level security keeps it to its reports.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { createApp } from '../app.factory.js';
import { prepareRuntime } from '../bootstrap.js';
import { Clock } from '../common/clock.js';
import { RequestContext, type Principal } from '../common/request-context.js';
import { Db } from '../database/db.js';
import { isLocalDate } from '../kernel/local-date.js';
import { DeliveryExport, type ExportManifest, type ExportOptions } from '../kl-delivery/delivery-export.js';
import { cliActor } from './extract.js';

const USAGE = 'usage: npm run kl:export -- --municipality <code> [--from YYYY-MM-DD --to YYYY-MM-DD] --out <dir>';

export class KlExportCliError extends Error {}

export function parseKlExportArgs(argv: string[]): ExportOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { municipality: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    }));
  } catch (error) {
    throw new KlExportCliError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.municipality || !/^\d{3}$/.test(values.municipality))
    throw new KlExportCliError(`--municipality must be a 3-digit code\n${USAGE}`);
  if (!values.out) throw new KlExportCliError(`missing --out\n${USAGE}`);
  for (const name of ['from', 'to'] as const) {
    if (values[name] !== undefined && !isLocalDate(values[name]))
      throw new KlExportCliError(`--${name} must be a real date written YYYY-MM-DD`);
  }
  if (values.from && values.to && values.from > values.to) throw new KlExportCliError('--from must not be after --to');
  return { municipality: values.municipality, from: values.from, to: values.to, out: resolve(values.out) };
}

/** The export in one transaction as a system user of the municipality (row-level security as for its staff). */
export function runKlExport(app: INestApplicationContext, options: ExportOptions, actor: string): Promise<ExportManifest> {
  const principal: Principal = { sub: actor, name: actor, roles: ['manager'], municipalities: [options.municipality] };
  return app
    .get(RequestContext)
    .run({ requestId: `cli-${randomUUID()}`, principal, purpose: 'manual upload to FK Gateway' }, () =>
      app.get(Db).tenantTransaction(principal, () => app.get(DeliveryExport).export(options, app.get(Clock).now())),
    );
}

async function main(): Promise<void> {
  const options = parseKlExportArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(line + '\n');
  // This process only exports: no delivery worker here.
  const runtime = await prepareRuntime({ LOG_LEVEL: 'warn', ...process.env, KL_DELIVERY_WORKER: 'false', JOB_WORKER: 'false' }, log);
  try {
    const app = await createApp({ config: runtime.config, logSink: { write: (line: string) => process.stderr.write(line) } });
    await app.init();
    try {
      const manifest = await runKlExport(app, options, cliActor());
      log(
        `Exported ${manifest.reports.length} reports of municipality ${options.municipality} to ${options.out} (upload them in file order)`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await runtime.embedded?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`kl:export: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof KlExportCliError ? 2 : 1);
  });
}
