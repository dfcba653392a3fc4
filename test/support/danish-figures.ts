/**
 * Reads a figure as the web front writes it in Danish (web/src/reports/figures.ts) back into
 * the API's value, so a browser test can compare what a page shows with what the API answered
 * without using the page's own formatting: "87,5 %" → 0.875, "1.234" → 1234, "12,5" → 12.5,
 * "–" → null, "<5" and ".." as they are.
 */
export function readDanishFigure(text: string): number | string | null {
  const t = text
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\u2212/g, '-')
    .trim();
  if (t === '–') return null;
  if (t === '<5' || t === '..') return t;
  const number = (s: string) => Number(s.replace(/\./g, '').replace(',', '.'));
  const percent = /^([+-]?[\d.]+(?:,\d+)?) %$/.exec(t);
  if (percent) return Number((number(percent[1]) / 100).toFixed(4));
  // A change of a share, in percentage points: "+4,2 pct.-point" → 0.042.
  const points = /^([+-]?[\d.]+(?:,\d+)?) pct\.-point$/.exec(t);
  if (points) return Number((number(points[1]) / 100).toFixed(4));
  if (/^[+-]?[\d.]+(?:,\d+)?$/.test(t)) return number(t);
  throw new Error(`not a figure as the front writes it: ${JSON.stringify(text)}`);
}

/** Every numeric leaf of an API object, by its dotted path (`adjusted.completed.median`), nulls and "<5" included. */
export function figureLeaves(value: unknown, prefix = ''): Map<string, number | string | null> {
  const out = new Map<string, number | string | null>();
  if (value === null || typeof value === 'number' || value === '<5' || value === '..') {
    out.set(prefix, value as number | string | null);
    return out;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      for (const [path, leaf] of figureLeaves(inner, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
    }
  }
  return out;
}
