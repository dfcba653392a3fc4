/**
 * npm run kl:backfill
 *
 * Plans the KL delivery reports of every course never planned (courses from before the delivery
 * module, or loaded by `npm run seed:synthetic`): one report per course with everything held so
 * far, streamed in batches, planned and validated in worker threads, with a progress bar on
 * stderr. The service does the same once on start (a job), so this is for doing it ahead, or
 * watching it. Safe to run again: a course already planned is not planned twice.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import { createApp } from '../app.factory.js';
import { prepareRuntime } from '../bootstrap.js';
import { KlReplanner } from '../kl-delivery/kl-replanner.js';

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  const runtime = await prepareRuntime({ LOG_LEVEL: 'warn', ...process.env, KL_DELIVERY_WORKER: 'false', JOB_WORKER: 'false' }, log);
  try {
    const app = await createApp({ config: runtime.config, logSink: { write: (line: string) => process.stderr.write(line) } });
    await app.init();
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'KL backfill {bar} {percentage}% | {value}/{total} courses | {eta}s left', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const started = performance.now();
    try {
      const outcome = await app.get(KlReplanner).backfill({ start: (total) => bar.start(total, 0), done: (n) => bar.update(n) });
      bar.stop();
      log(
        `Planned ${outcome.courses} courses: ${outcome.reports} reports (${outcome.invalid} failing KL's profiles, stored rejected), ` +
          `${outcome.heldBack} courses held back, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      bar.stop();
      await app.close();
    }
  } finally {
    await runtime.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`kl:backfill: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
