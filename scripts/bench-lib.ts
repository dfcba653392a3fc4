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

const begin = (name: string) => `<!-- begin ${name} -->`;
const end = (name: string) => `<!-- end ${name} -->`;

/**
 * `doc` with the section written by the script `name` replaced by `lines` (or appended), so
 * several benchmark scripts can each keep their own part of docs/benchmarks.md up to date.
 */
export function withSection(doc: string, name: string, lines: readonly string[]): string {
  const block = [begin(name), ...lines, end(name)].join('\n');
  const from = doc.indexOf(begin(name));
  const to = doc.indexOf(end(name));
  if (from === -1 || to === -1) return `${doc.trimEnd()}\n\n${block}\n`;
  return doc.slice(0, from) + block + doc.slice(to + end(name).length);
}

/** `fresh` with every section of `previous` that `fresh` lacks carried over at its end. */
export function keepSections(previous: string, fresh: string): string {
  let doc = fresh;
  for (const match of previous.matchAll(/<!-- begin (\S+) -->\n([\s\S]*?)\n<!-- end \1 -->/g)) {
    if (!doc.includes(begin(match[1]))) doc = withSection(doc, match[1], match[2].split('\n'));
  }
  return doc;
}
