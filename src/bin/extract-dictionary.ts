/**
 * Writes docs/extract-dictionary.md from the extract allow-list (src/extracts/extract-columns.ts),
 * so the dictionary the evaluator reads is the list the writers use. A small test fails when the
 * committed file differs from what this produces.
 *   node --no-warnings --import @swc-node/register/esm-register src/bin/extract-dictionary.ts
 *   … src/bin/extract-dictionary.ts --check   (exit 1 when the committed file is out of date)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  columnsFor,
  EXCLUDED_FIELDS,
  EXTRACT_KINDS,
  EXTRACT_SCHEMA_VERSION,
  type ExtractColumn,
  type ExtractKind,
  LIST_SEPARATOR,
  PAIR_SEPARATOR,
} from '../extracts/extract-columns.js';
import { EXTRACT_FORMATS, FORMAT_DETAILS } from '../extracts/formats.js';
import { HIDDEN_MARKER, SMALL_COUNT_MARKER } from '../extracts/suppression.rules.js';

export const DICTIONARY_PATH = fileURLToPath(new URL('../../docs/extract-dictionary.md', import.meta.url));

const KIND_TITLES: Record<ExtractKind, string> = {
  courses: 'one row per course',
  contacts: 'one row per contact of a course',
};

/** A Markdown table cell: one line, pipes escaped. */
const cell = (text: string): string => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
const codes = (values: readonly string[]): string => values.map((v) => `\`${v}\``).join(', ');

function meaningOf(column: ExtractColumn): string {
  if (!column.values) return column.meaning;
  return `${column.meaning} ${column.type === 'code_list' ? 'Codes' : 'Values'}: ${codes(column.values)}.`;
}

function columnTable(kind: ExtractKind): string[] {
  return [
    '| column | type | meaning | source rule |',
    '|---|---|---|---|',
    ...columnsFor(kind).map((c) => `| \`${c.name}\` | ${c.type} | ${cell(meaningOf(c))} | ${cell(c.source)} |`),
  ];
}

/** The whole dictionary as Markdown: a pure function of the allow-list. */
export function renderDictionary(): string {
  const lines = [
    '# Evaluation extracts: data dictionary',
    '',
    '<!-- Generated from src/extracts/extract-columns.ts by src/bin/extract-dictionary.ts. Do not edit by hand. -->',
    '',
    `Schema version **${EXTRACT_SCHEMA_VERSION}** (written in every extract's manifest). A column removed or changed in meaning raises the major version, a column added the minor.`,
    '',
    'The columns below are the whole allow-list: an extract holds these columns, in this order, and nothing else.',
    '',
    '## Anonymisation rules',
    '',
    '- **Allow-list, never a deny-list.** No CPR number, name, exact birth date, address or free text in any extract (DOMAIN.md, "Anonymised extracts for the evaluation").',
    "- **Pseudonymous child key.** `child_key` is HMAC-SHA-256 of the CPR with a secret key per recipient: the same child has the same key in every extract for that recipient, and a different key for any other recipient. Without the recipient's key it cannot be turned back into a CPR.",
    '- **Dates.** The first contact only as ISO year and ISO week; every later event as whole days since the first contact, counted in Danish calendar dates. No date and no time of day appears.',
    '- **Person.** Age in whole years at first contact and its age group; sex derived from the CPR; municipality and region codes.',
    '- **No free text.** Every code column holds only codes from the code lists named here; the writers refuse anything else, and a value that fails is never written into an error message.',
    '- **Rows left out.** Courses without a CPR are held back until it is added; courses and contacts entered in error are never extracted.',
    "- **Manifest.** Every extract has a manifest with its parameters, who made it and when, the row count, this schema version and the file's SHA-256, and an audit entry.",
    '',
    '## Values',
    '',
    '- Empty means not recorded or not (yet) happened: an empty field in CSV, `null` in JSONL.',
    `- \`code_list\`: items separated by \`${LIST_SEPARATOR}\`; an item that carries a number or a state writes it after \`${PAIR_SEPARATOR}\` (\`gp${PAIR_SEPARATOR}12\`).`,
    '- `boolean`: `true` or `false`. `integer`: whole numbers, no thousands separator.',
    '',
    '| format | file |',
    '|---|---|',
    ...EXTRACT_FORMATS.map((f) => `| \`${f}\` | ${cell(FORMAT_DETAILS[f].description)} |`),
    '',
  ];
  for (const kind of EXTRACT_KINDS) {
    lines.push(`## Kind \`${kind}\`: ${KIND_TITLES[kind]}`, '', ...columnTable(kind), '');
  }
  lines.push(
    '## Left out on purpose',
    '',
    '| field | why |',
    '|---|---|',
    ...EXCLUDED_FIELDS.map((f) => `| ${cell(f.field)} | ${cell(f.reason)} |`),
    '',
    '## Aggregate tables',
    '',
    'Tables of counts and rates below national level (municipality, region) are published with disclosure control (DOMAIN.md); the rules are in `src/extracts/suppression.rules.ts`.',
    '',
    `- A count of 1–4 is shown as \`${SMALL_COUNT_MARKER}\`; 0 is shown as 0; every other count is rounded to the nearest 5 (7 → 5, 8 → 10).`,
    `- A rate is hidden (\`${HIDDEN_MARKER}\`) when its true numerator or denominator is under 5, 0 included.`,
    `- When exactly one cell of a row is hidden and the row total is shown, the smallest other cell above 0 is hidden too (\`${HIDDEN_MARKER}\`), ties going to the key that sorts first; when every other cell is 0 and the total still shows, the total is hidden instead.`,
    '- National figures are neither rounded nor hidden.',
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const text = renderDictionary();
  if (process.argv.includes('--check')) {
    const committed = await readFile(DICTIONARY_PATH, 'utf8').catch(() => '');
    if (committed !== text) {
      process.stderr.write('extract-dictionary: docs/extract-dictionary.md is out of date; run src/bin/extract-dictionary.ts\n');
      process.exit(1);
    }
    return;
  }
  await writeFile(DICTIONARY_PATH, text);
  process.stdout.write(`extract-dictionary: wrote ${DICTIONARY_PATH}\n`);
}

// Run only as a script, not when a test imports renderDictionary.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`extract-dictionary: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
