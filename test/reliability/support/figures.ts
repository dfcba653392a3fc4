import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the parts leave their figures for the reporter to print at the end of the run. */
export const FIGURES_DIR = resolve('.reliability', 'figures');

/** The order the parts are printed in (and documented in docs/reliability.md). */
const ORDER = ['fuzz', 'isolation', 'crash', 'outage', 'concurrency', 'pgbouncer', 'backup'];

/**
 * Records a part's figures: one heading and its lines, printed by the reporter after the run
 * (`npm run test:reliability`) and copied into docs/reliability.md.
 */
export function recordFigures(part: string, title: string, lines: string[]): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const base = part.replace(/-scan$/, '');
  const rank = (ORDER.indexOf(base) === -1 ? ORDER.length : ORDER.indexOf(base)) * 2 + (base === part ? 0 : 1);
  writeFileSync(join(FIGURES_DIR, `${String(rank).padStart(2, '0')}-${part}.json`), JSON.stringify({ part, title, lines }, null, 2));
}

export const n = (value: number) => value.toLocaleString('en');
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
