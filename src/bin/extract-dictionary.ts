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
import { AGGREGATE_COLUMNS, complianceAggregateRows, flowAggregateRows } from '../extracts/aggregate-rows.js';
import { EXTRACT_FORMATS, FORMAT_DETAILS } from '../extracts/formats.js';
import { HIDDEN_MARKER, SMALL_COUNT_MARKER } from '../statistics/disclosure.rules.js';
import { emptyComplianceRow } from '../statistics/disclosure/published-groups.js';
import { NATIONAL_TARGETS } from '../service-targets/target-definitions.js';

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

function columnTable(columns: readonly ExtractColumn[]): string[] {
  return [
    '| column | type | meaning | source rule |',
    '|---|---|---|---|',
    ...columns.map((c) => `| \`${c.name}\` | ${c.type} | ${cell(meaningOf(c))} | ${cell(c.source)} |`),
  ];
}

/**
 * The waits of the flow report (src/reports/reports.repository.ts, docs/metrics.md "Flow report"),
 * as the aggregates write them: `days_<wait>_median` and `days_<wait>_p90`.
 */
const FLOW_WAITS: readonly [wait: string, fromTo: string][] = [
  ['first_contact_to_pre_conversation', 'first contact → first held pre-conversation'],
  ['pre_conversation_to_screening', 'pre-conversation → first held screening'],
  ['first_contact_to_screening', 'first contact → first held screening'],
  ['screening_to_first_treatment', 'screening → first held treatment session'],
  ['first_contact_to_first_treatment', 'first contact → first held treatment session'],
  ['first_treatment_to_last_treatment', 'first → last held treatment session'],
  ['last_treatment_to_closing_conversation', 'last treatment session → first held closing conversation'],
  ['first_contact_to_closure', 'first contact → closure'],
  ['between_treatment_sessions', 'every gap between consecutive held treatment sessions; counts gaps, not courses'],
];

/** The measures of the `aggregates` kind, in file order, read from the code that writes them. */
function aggregateMeasures(): { compliance: string[]; flow: string[] } {
  const compliance = complianceAggregateRows('national', [emptyComplianceRow(NATIONAL_TARGETS[0].name, 'all')]);
  const flow = flowAggregateRows('national', [
    {
      key: 'all',
      firstContact: 0,
      preConversation: 0,
      screening: 0,
      treatment: 0,
      completed: 0,
      closed: 0,
      closureReasons: {},
      referralDestinations: {},
      waits: {},
    },
  ]);
  return { compliance: compliance.map((r) => r.measure), flow: flow.map((r) => r.measure) };
}

function anonymisationSection(): string[] {
  const measures = aggregateMeasures();
  const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');
  return [
    '## Kind `aggregates`: one row per published figure',
    '',
    "The compliance and flow reports' figures for the extract's cohort (first contact from `from` to `to`, target states on the reference date), per municipality, per region and for the nation; with `municipalities` given, only those municipalities' rows. Like the reports, they count every course of the cohort, a course still without a CPR included; courses entered in error are left out. The definitions of the figures are in docs/metrics.md (Compliance report, Flow report).",
    '',
    ...columnTable(AGGREGATE_COLUMNS),
    '',
    `- \`report\` \`compliance\`, for each national target (${list(NATIONAL_TARGETS.map((t) => t.name))}): ${list(measures.compliance)}. \`total\` is the sum of the five states; \`rate\` is met ÷ (met + breached + overdue) as a fraction; \`completed_*\` are the waits that ended with a held step, \`open_*\` the days waited so far on a running clock; \`adjusted_*\` subtract family-caused delay.`,
    `- \`report\` \`flow\`: ${list(measures.flow)}, then \`days_<wait>_median\` and \`days_<wait>_p90\` for each wait: ${FLOW_WAITS.map(([w, d]) => `\`${w}\` (${d})`).join('; ')}. \`share_<step>\` is \`reached_<step>\` ÷ \`reached_first_contact\`.`,
    "- A municipality's own targets are not aggregated: each is named and used by one municipality, so a region or national row of it would publish that municipality's figures under looser rules. Their states per course are in the `courses` kind (`municipal_target_states`).",
    '',
    '## Anonymisation',
    '',
    '### Row extracts (`courses`, `contacts`)',
    '',
    '- **Pseudonymised, not anonymous.** A row is one course or one contact of one child. The child appears only as `child_key`, the recipient-specific HMAC-SHA-256 of the child’s blind index (or, for a recipient registered before that scheme, of the CPR): the recipient can follow a child across courses, municipalities and extracts, and cannot turn the key back into a CPR. Only the service holds the recipient keys (encrypted); they are never shown, not even to administrators.',
    '- **Generalised.** Dates become ISO year and week (the first contact) or whole days since the first contact (everything later); birth date becomes age in whole years and age group; address becomes municipality and region.',
    '- **Left out.** See "Left out on purpose" above: no CPR, name, address, birth date, date, time of day, free text, internal id or staff identity, and no municipal target label. Courses without a CPR and everything entered in error are not in the rows.',
    "- **What remains.** Municipality, ISO week, age, sex and focus areas together can single out a child in a small municipality for someone who knows the family. The row extracts are therefore personal data in pseudonymised form (GDPR art. 4(5)) and are for a recipient bound by a data-processing or disclosure agreement, to be kept and used under it; the file's SHA-256 and the audit log show which file went to whom.",
    '',
    '### Aggregate tables (`aggregates`)',
    '',
    'Every figure below national level (municipality and region rows) is the half-year’s publication: the one disclosure control of every evaluator-facing output (reports, indicators, this extract, the comparison), docs/metrics.md "Disclosure control across outputs", implemented in `src/statistics/disclosure/`:',
    '',
    "- **Whole half-years.** Below national level the rows are per calendar half-year lying wholly inside the extract's period (`period` `2025H2`), so no two published periods overlap; the national rows cover the whole period (`period` `extract`).",
    `- **Counts**: 0 is shown as 0; a count of 1–4 is shown as \`${SMALL_COUNT_MARKER}\`; every other count is rounded to the nearest 5 (7 → 5, 8 → 10).`,
    `- **Secondary suppression across every relation** between the figures of the half-year (a total and its parts, the adjusted twins, a region and its municipalities, the nation and its regions, everyone and the age groups or sexes): while the published figures would determine a small count, another cell is hidden (\`${HIDDEN_MARKER}\`), zeros included; where nothing else can be hidden, the small count itself reads \`${HIDDEN_MARKER}\`.`,
    `- **Rates and shares**: the quotient of the published counts, to three decimals; hidden (\`${HIDDEN_MARKER}\`) when either is hidden or under 5. They say nothing the counts do not.`,
    `- **Medians and 90th percentiles**: hidden (\`${HIDDEN_MARKER}\`) when they rest on fewer than 5 waits or their count is hidden; otherwise exact.`,
    '- **National figures** (`level` `national`, `area_code` `dk`) are exact: neither rounded nor hidden.',
    `- \`${SMALL_COUNT_MARKER}\` always means a true count of 1–4; \`${HIDDEN_MARKER}\` means withheld and says nothing about size.`,
    '',
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
    '- **Allow-list, never a deny-list.** No CPR number, name, exact birth date, address or free text in any extract (docs/domain.md, "Anonymised extracts for the evaluation").',
    "- **Pseudonymous child key.** `child_key` is HMAC-SHA-256 with a secret key per recipient of the child's blind index (itself HMAC-SHA-256 of the CPR with the service's own index key), or, for recipients registered before that scheme, of the CPR itself; a recipient keeps its scheme for good, so the same child has the same key in every extract for that recipient, and a different key for any other recipient. Without the recipient's key it cannot be turned back into a CPR; with the blind-index scheme not even with it, as that would need the service's index key too.",
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
    lines.push(`## Kind \`${kind}\`: ${KIND_TITLES[kind]}`, '', ...columnTable(columnsFor(kind)), '');
  }
  lines.push(
    '## Left out on purpose',
    '',
    '| field | why |',
    '|---|---|',
    ...EXCLUDED_FIELDS.map((f) => `| ${cell(f.field)} | ${cell(f.reason)} |`),
    '',
    ...anonymisationSection(),
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
