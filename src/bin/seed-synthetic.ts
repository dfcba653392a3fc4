/**
 * npm run seed:synthetic -- --scale <small|national-1y|national-10y> [--seed N] [--reset] [--municipality 101,147]
 * Fills the database that `npm start` uses (embedded in DATA_DIR, or DATABASE_URL) with
 * deterministic synthetic courses, streamed with COPY, with a progress bar on stderr.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { prepareRuntime } from '../bootstrap.js';
import { todayInDenmark } from '../kernel/local-date.js';
import { SCALES, seedSynthetic, type Scale } from '../synthetic/seed.js';

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '1' },
      reset: { type: 'boolean', default: false },
      municipality: { type: 'string' },
    },
  });
  if (!(values.scale! in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  // While `npm start` runs on the same DATA_DIR, seed through its database.
  const runtime = await prepareRuntime(process.env, (line) => process.stderr.write(line + '\n'), { shareRunningDatabase: true });
  const started = Date.now();
  try {
    const result = await seedSynthetic({
      ownerUrl: runtime.ownerUrl,
      config: runtime.config,
      scale: values.scale as Scale,
      seed,
      today: todayInDenmark(),
      reset: values.reset!,
      municipalities: values.municipality?.split(',').map((code) => code.trim()),
      progress: (total) => {
        const bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'courses {bar} {percentage}% {value}/{total} {eta}s left' },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
        return { tick: () => bar.increment(), stop: () => bar.stop() };
      },
    });
    process.stderr.write(
      `Loaded ${result.courses} courses and ${result.contacts} contacts (${result.from} to ${result.to}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await runtime.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed:synthetic: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
