/**
 * npm run queries: writes the rendered SQL of every reporting, working-list, extract and indicator
 * query to docs/queries/<repository>.sql, one section per variant whose text differs (each grouping,
 * each kind of scope), with example parameters. No database is needed: the repositories build
 * their SQL through plain functions, called here. Committed, so a change to the SQL shows in review;
 * test/small/queries.spec.ts fails while a file is stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'sql-formatter';
import type { Query } from '../database/query.js';
import { CONTACTS_COUNT_SQL, CONTACTS_EXTRACT_SQL, COURSES_COUNT_SQL, COURSES_EXTRACT_SQL } from '../extracts/extract-sql.js';
import { copySql } from '../extracts/extracts.repository.js';
import { complianceQuery, flowQuery } from '../statistics/aggregates.repository.js';
import { GROUP_BY, type GroupBy, type ReportScope } from '../statistics/groupings.js';
import { cohortFiguresQuery, findBaselineQuery, type AreaLevel, type IndicatorScope } from '../statistics/indicators.repository.js';
import { bandsQuery, defaultTotalsQuery, municipalitiesQuery } from '../statistics/population-figures.repository.js';
import { runningClocksQuery } from '../worklist/worklist.repository.js';

interface Variant {
  name: string;
  query: Query;
}

const FROM = '2026-01-01';
const TO = '2026-06-30';
const TODAY = '2026-07-15';
const SCOPES: { name: string; scope: ReportScope }[] = [
  { name: 'national', scope: { level: 'national' } },
  { name: 'municipalities', scope: { level: 'municipality', municipalities: ['751', '101'] } },
  { name: 'region', scope: { level: 'region', region: '1082' } },
];
const GROUPINGS: (GroupBy | undefined)[] = [undefined, ...GROUP_BY];
const grouping = (groupBy: GroupBy | undefined) => (groupBy ? `grouped by ${groupBy}` : 'not grouped');

/** Each grouping at national scope (the grouping changes the text), and each other scope ungrouped. */
function reportVariants(name: string, build: (scope: ReportScope, groupBy?: GroupBy) => Query): Variant[] {
  return [
    ...GROUPINGS.map((groupBy) => ({ name: `${name}, national, ${grouping(groupBy)}`, query: build(SCOPES[0].scope, groupBy) })),
    ...SCOPES.slice(1).map(({ name: scope, scope: s }) => ({ name: `${name}, ${scope}, not grouped`, query: build(s) })),
  ];
}

const BUCKETS = [
  { label: 'period', from: FROM, to: TO },
  { label: '2025H1', from: '2025-01-01', to: '2025-06-30' },
];
const INDICATOR_VARIANTS: { level: AreaLevel; scope: IndicatorScope; name: string }[] = [
  { level: 'national', scope: { national: true }, name: 'national level, every municipality' },
  { level: 'region', scope: { national: true }, name: 'region level, every municipality' },
  { level: 'municipality', scope: { national: true }, name: 'municipality level, every municipality' },
  { level: 'municipality', scope: { municipalities: ['751', '101'] }, name: 'municipality level, some municipalities' },
  { level: 'municipality', scope: { region: '1082' }, name: 'municipality level, one region' },
];

/** Every file of docs/queries and its text. */
export function renderQueries(): Map<string, string> {
  const files: Record<string, Variant[]> = {
    'aggregates.repository.sql': [
      ...reportVariants('AggregatesRepository.compliance', (scope, groupBy) => complianceQuery(FROM, TO, TODAY, scope, groupBy)),
      ...reportVariants('AggregatesRepository.flow', (scope, groupBy) => flowQuery(FROM, TO, scope, groupBy)),
      // The disclosure publication (CohortPublisher): each municipality by age group and by sex.
      ...(['age_group', 'sex'] as const).flatMap((thenBy) => [
        {
          name: `AggregatesRepository.compliance, national, grouped by municipality then ${thenBy}`,
          query: complianceQuery(FROM, TO, TODAY, SCOPES[0].scope, 'municipality', thenBy),
        },
        {
          name: `AggregatesRepository.flow, national, grouped by municipality then ${thenBy}`,
          query: flowQuery(FROM, TO, SCOPES[0].scope, 'municipality', thenBy),
        },
      ]),
    ],
    'indicators.repository.sql': [
      ...INDICATOR_VARIANTS.map((v) => ({
        name: `IndicatorsRepository.cohortFigures, ${v.name}`,
        query: cohortFiguresQuery(BUCKETS, TODAY, v.scope, v.level),
      })),
      { name: 'IndicatorsRepository.findBaseline', query: findBaselineQuery() },
    ],
    'population-figures.repository.sql': [
      { name: 'PopulationFiguresRepository.findMunicipalities', query: municipalitiesQuery() },
      { name: 'PopulationFiguresRepository.findBands', query: bandsQuery([2025, 2026]) },
      { name: 'PopulationFiguresRepository.findDefaultTotals', query: defaultTotalsQuery([2025, 2026]) },
    ],
    'worklist.repository.sql': [
      { name: 'WorklistRepository.findRunningClocks, every running clock', query: runningClocksQuery('751', TODAY) },
      { name: 'WorklistRepository.findRunningClocks, due within 3 days', query: runningClocksQuery('751', TODAY, 3) },
    ],
    'extracts.repository.sql': [
      {
        name: 'ExtractsRepository.copy, courses extract',
        query: { text: copySql(COURSES_EXTRACT_SQL, [FROM, TO, TODAY, null]), values: [] },
      },
      {
        name: 'ExtractsRepository.copy, contacts extract, some municipalities',
        query: { text: copySql(CONTACTS_EXTRACT_SQL, [FROM, TO, TODAY, ['751', '101']]), values: [] },
      },
      {
        name: 'ExtractsRepository.countRows, courses extract (the progress estimate)',
        query: { text: COURSES_COUNT_SQL, values: [FROM, TO, TODAY, null] },
      },
      {
        name: 'ExtractsRepository.countRows, contacts extract (the progress estimate)',
        query: { text: CONTACTS_COUNT_SQL, values: [FROM, TO, TODAY, null] },
      },
    ],
  };
  const out = new Map<string, string>();
  for (const [file, variants] of Object.entries(files)) {
    const sections = variants.map(({ name, query }) => `-- ${name}\n${parameters(query.values)}${formatSql(query.text)};\n`);
    out.set(file, `-- Rendered by npm run queries (src/bin/queries.ts) from the code: do not edit.\n\n${sections.join('\n')}`);
  }
  return out;
}

function parameters(values: unknown[]): string {
  return values.map((v, i) => `-- $${i + 1} = ${JSON.stringify(v)}\n`).join('');
}

function formatSql(text: string): string {
  return format(text, {
    language: 'postgresql',
    keywordCase: 'preserve',
    dataTypeCase: 'preserve',
    functionCase: 'preserve',
    tabWidth: 2,
    expressionWidth: 100,
    paramTypes: { numbered: ['$'] },
  });
}

export const QUERIES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'queries');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [file, text] of renderQueries()) writeFileSync(resolve(QUERIES_DIR, file), text);
  console.log(`queries: wrote ${renderQueries().size} files to docs/queries/`);
}
