// Prints the figures each part of the reliability suite recorded (test/reliability/support/figures.ts),
// after Jest's own summary, so that one run of `npm run test:reliability` ends with its numbers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FIGURES_DIR = resolve('.reliability', 'figures');

export default class FiguresReporter {
  onRunComplete(_contexts, results) {
    const files = existsSync(FIGURES_DIR)
      ? readdirSync(FIGURES_DIR)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];
    const out = ['', '== Reliability figures', ''];
    for (const file of files) {
      const { title, lines } = JSON.parse(readFileSync(join(FIGURES_DIR, file), 'utf8'));
      out.push(`${title}`, ...lines.map((line) => `  ${line}`), '');
    }
    const seconds = ((Date.now() - results.startTime) / 1000).toFixed(0);
    out.push(`${results.numPassedTests} tests passed, ${results.numFailedTests} failed, in ${seconds} s`, '');
    process.stdout.write(out.join('\n') + '\n');
  }
}
