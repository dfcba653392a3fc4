/**
 * The folders of src/ depend one way (docs/architecture.md, "Modules"): read from the import
 * statements themselves, so a new import that breaks the rule fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** folder → the folders its files import. */
function folderImports(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
    });
  for (const file of walk(SRC)) {
    const from = relative(SRC, file).split('/')[0];
    if (from.endsWith('.ts')) continue;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const to = relative(SRC, resolve(dirname(file), spec)).split('/')[0];
      if (to === from || to.startsWith('..') || to.endsWith('.js')) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  return edges;
}

/**
 * Two-way pairs that other work on the architecture pass resolves (issue 8: the per-course summary
 * module, the idempotency repository); every other pair is refused, and none may be added.
 */
const PENDING_PAIRS = new Set(['courses<->service-targets', 'common<->database']);

describe('module boundaries', () => {
  const edges = folderImports();
  const imports = (a: string, b: string) => edges.get(a)?.has(b) ?? false;

  it('has no two folders that import each other (besides the pairs being resolved elsewhere)', () => {
    const pairs = [...edges].flatMap(([a, tos]) => [...tos].filter((b) => a < b && imports(b, a)).map((b) => `${a}<->${b}`));
    expect(pairs.filter((p) => !PENDING_PAIRS.has(p))).toEqual([]);
  });

  it.each(['reports', 'monitoring', 'extracts'])('%s depends on statistics and on none of the other presenting features', (feature) => {
    expect(imports(feature, 'statistics')).toBe(true);
    for (const other of ['reports', 'monitoring', 'extracts', 'worklist'])
      if (other !== feature) expect(imports(feature, other)).toBe(false);
  });

  it('keeps statistics below the features that present it', () => {
    for (const feature of ['reports', 'monitoring', 'extracts', 'worklist', 'courses', 'audit'])
      expect(imports('statistics', feature)).toBe(false);
  });
});
