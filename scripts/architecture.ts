/**
 * The folders of `src/` and the imports between them: the module picture in docs/architecture.md
 * is drawn from this, and `test/small/architecture.spec.ts` holds it against the layering rules.
 *
 *   npm run architecture   rewrites the picture between its markers in docs/architecture.md
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/** One import between two files: from `file` to `target`, both relative to `src/`. */
export interface Import {
  file: string;
  target: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"`;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every relative import of every file under `src/` that stays inside `src/`. */
export function sourceImports(): Import[] {
  const imports: Import[] = [];
  for (const path of sourceFiles(SRC)) {
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      const target = relative(SRC, resolve(dirname(path), spec)).replace(/\.js$/, '.ts');
      if (!target.startsWith('..')) imports.push({ file: relative(SRC, path), target });
    }
  }
  return imports;
}

/** The top-level folder of a path under `src/`, or `(root)` for a file directly in `src/`. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 1 ? parts[0] : '(root)';
}

/** Folder → the folders it imports (itself excluded), sorted. */
export function folderGraph(imports: readonly Import[] = sourceImports()): Map<string, string[]> {
  const edges = new Map<string, Set<string>>();
  for (const { file, target } of imports) {
    const [from, to] = [folderOf(file), folderOf(target)];
    if (!edges.has(from)) edges.set(from, new Set());
    if (from !== to) edges.get(from)!.add(to);
  }
  return new Map([...edges.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

const BEGIN = '<!-- module-picture:begin (npm run architecture) -->';
const END = '<!-- module-picture:end -->';

/** The folder graph as a Mermaid flowchart, top-down: an arrow A --> B means A imports B. */
export function renderPicture(graph: Map<string, string[]> = folderGraph()): string {
  const id = (folder: string) => folder.replace(/[^A-Za-z0-9]/g, '_');
  const lines = ['```mermaid', 'flowchart TD'];
  for (const [from, targets] of graph) {
    if (from === '(root)' || from === 'bin') continue;
    for (const to of targets) lines.push(`  ${id(from)}[${from}] --> ${id(to)}[${to}]`);
  }
  lines.push('```');
  return lines.join('\n');
}

export const ARCHITECTURE_DOC = join(ROOT, 'docs/architecture.md');

/** docs/architecture.md with the picture between its markers replaced by `picture`. */
export function withPicture(doc: string, picture: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`docs/architecture.md lacks the markers ${BEGIN} … ${END}`);
  return `${doc.slice(0, start + BEGIN.length)}\n${picture}\n${doc.slice(end)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(ARCHITECTURE_DOC, withPicture(readFileSync(ARCHITECTURE_DOC, 'utf8'), renderPicture()));
  console.log('architecture: wrote the module picture in docs/architecture.md');
}
