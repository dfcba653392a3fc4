import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Runs `fn` `warmup` times, then `runs` times; returns the median in milliseconds. */
export async function medianMs(fn: () => Promise<unknown>, runs = 25, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
export const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');

const BENCHMARKS = 'docs/benchmarks.md';
const begin = (name: string) => `<!-- section: ${name} (written by its own benchmark script; npm run bench keeps it) -->`;
const end = (name: string) => `<!-- end of section: ${name} -->`;
const SECTIONS = /<!-- section: [^>]+ -->[\s\S]*?<!-- end of section: [^>]+ -->\n?/g;

/** Writes (or replaces) a named section at the end of docs/benchmarks.md, leaving the rest as it is. */
export function writeBenchmarkSection(name: string, markdown: string, file = BENCHMARKS): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${begin(name)}\n${markdown.trimEnd()}\n${end(name)}\n`;
  const start = current.indexOf(begin(name));
  const next =
    start >= 0
      ? current.slice(0, start) + block + current.slice(current.indexOf(end(name)) + end(name).length + 1)
      : `${current.trimEnd()}\n\n${block}`;
  writeFileSync(file, next);
}

/** The sections other benchmark scripts wrote, for `npm run bench` to keep when it rewrites the file. */
export function keptSections(file = BENCHMARKS): string {
  return existsSync(file) ? [...readFileSync(file, 'utf8').matchAll(SECTIONS)].map((m) => m[0]).join('\n') : '';
}
