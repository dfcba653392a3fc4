/**
 * Population by municipality, year, sex and age from a CSV file, for the "per 100,000 citizens"
 * and "per 100,000 children" indicators (docs/domain.md, "Monitoring indicators"; reference/SOURCES.md:
 * the administrator loads Danmarks Statistik table FOLK1A from a CSV).
 *
 * Two shapes are read; the header row says which:
 *
 * 1. FOLK1A as Danmarks Statistik gives it in long form (Statistikbanken's API, `format=CSV` or
 *    `BULK`): header `OMRÅDE;KØN;ALDER;[CIVILSTAND;]TID;INDHOLD`, with text labels ("Aarhus",
 *    "Mænd", "5 år", "100 år og derover", "2026K1") or codes ("751", "1", "5", "2026K1").
 *    The English header and labels (REGION, SEX, AGE, TIME; "Men", "5 years") are read too.
 * 2. The canonical form: header `municipality_code;year;sex;age;population` (any order), with
 *    `sex` female|male|total and `age` a year (`5`), a band (`5-9`), an open band (`100+`) or
 *    `total`.
 *
 * Separator `;`, `,` or tab, taken from the header row; fields may be quoted with `"`. Bytes are
 * read as UTF-8 with or without BOM, or else as Windows-1252 (Statistikbanken's older downloads).
 *
 * Every data line becomes a row or a rejection with its line number and reason; nothing throws.
 * Decisions where the source is silent:
 * - Quarters: FOLK1A counts the population on the first day of each quarter. `K1` (1 January) is
 *   the year's population, as in Danmarks Statistik's annual folketal; K2–K4 are rejected.
 * - Only the total over marital status (CIVILSTAND "I alt") is loaded; a breakdown is rejected.
 * - The country, regions and landsdele are rejected: they are sums of municipalities.
 * - Duplicates: the same municipality, year, sex and age twice with the same figure is one row
 *   (a file loaded twice, or pasted together, does no harm); with different figures the file
 *   contradicts itself, and every line of that key is rejected, so neither figure is trusted.
 * - Municipalities are matched by code (`751`, or DAGI's `0751`) or by name against the list the
 *   caller gives (case, spacing and a trailing "Kommune" do not matter).
 */
import { CsvError, parse } from 'csv-parse/sync';

import type { PopulationSex } from '../statistics/population.rules.js';

export type { PopulationSex };

export interface MunicipalityRef {
  code: string;
  name: string;
}

export interface PopulationRow {
  municipalityCode: string;
  year: number;
  sex: PopulationSex;
  /** First year of age; null for all ages together. */
  age: number | null;
  /** Last year of age, inclusive: equal to `age` for a single year, null for an open band ("100 år og derover") and for all ages. */
  ageTo: number | null;
  population: number;
}

export interface RejectedLine {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

export interface PopulationParseResult {
  format: 'folk1a' | 'canonical' | null;
  rows: PopulationRow[];
  rejected: RejectedLine[];
}

/** Danmarks Statistik's oldest single-year age in FOLK1A. */
const MAX_AGE = 125;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

type Field = 'area' | 'sex' | 'age' | 'maritalStatus' | 'time' | 'value';

const FOLK1A_HEADERS: Readonly<Record<string, Field>> = {
  område: 'area',
  omraade: 'area',
  region: 'area',
  køn: 'sex',
  koen: 'sex',
  sex: 'sex',
  alder: 'age',
  age: 'age',
  civilstand: 'maritalStatus',
  'marital status': 'maritalStatus',
  tid: 'time',
  time: 'time',
  indhold: 'value',
  content: 'value',
  contents: 'value',
};

const CANONICAL_HEADERS: Readonly<Record<string, Field>> = {
  municipality_code: 'area',
  year: 'time',
  sex: 'sex',
  age: 'age',
  population: 'value',
};

const REQUIRED: readonly Field[] = ['area', 'sex', 'age', 'time', 'value'];

const SEXES: Readonly<Record<string, PopulationSex>> = {
  female: 'female',
  kvinder: 'female',
  women: 'female',
  '2': 'female',
  male: 'male',
  mænd: 'male',
  men: 'male',
  '1': 'male',
  total: 'total',
  tot: 'total',
  'i alt': 'total',
  'køn i alt': 'total',
};

const TOTALS = new Set(['', 'total', 'tot', 'ialt', 'i alt', 'alder i alt', 'age, total', 'civilstand i alt']);

class LineRejected extends Error {}

const reject = (reason: string): never => {
  throw new LineRejected(reason);
};

/** Lower case, NFC, single spaces: how labels and headers are compared. */
function normalise(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function decode(input: string | Buffer): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      text = new TextDecoder('windows-1252').decode(input);
    }
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * Fields of one line (csv-parse); a field may be quoted (`""` inside is a quote), with spaces
 * around it. Lines are parsed one by one so a broken line is rejected alone, with its number;
 * a quoted field cannot span lines (no population file has one). Null when a quote is left open.
 */
function splitLine(line: string, delimiter: string): string[] | null {
  try {
    const [fields] = parse(line, { delimiter, relax_quotes: true, ltrim: true, rtrim: true, skip_empty_lines: false }) as string[][];
    return fields ?? [''];
  } catch (error) {
    if (error instanceof CsvError) return null;
    throw error;
  }
}

function detectDelimiter(header: string): string {
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

type Layout = { format: 'folk1a' | 'canonical'; columns: (Field | null)[] };

function layoutOf(headerFields: string[]): Layout | string {
  const names = headerFields.map(normalise);
  for (const [format, known] of [
    ['canonical', CANONICAL_HEADERS],
    ['folk1a', FOLK1A_HEADERS],
  ] as const) {
    const columns = names.map((name) => known[name] ?? null);
    const found = new Set(columns.filter((c) => c !== null));
    if (REQUIRED.every((f) => found.has(f)) && found.size === columns.filter((c) => c !== null).length) {
      return { format, columns };
    }
  }
  return 'unrecognised header: expected municipality_code;year;sex;age;population or FOLK1A’s OMRÅDE;KØN;ALDER;[CIVILSTAND;]TID;INDHOLD';
}

function municipalityIndex(municipalities: readonly MunicipalityRef[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const m of municipalities) {
    index.set(m.code, m.code);
    index.set(normalise(m.name).replace(/ kommune$/, ''), m.code);
  }
  return index;
}

function parseArea(raw: string, index: Map<string, string>): string {
  const label = normalise(raw).replace(/ kommune$/, '');
  const code = /^0?(\d{3})$/.exec(label)?.[1];
  const found = index.get(code ?? label);
  if (found) return found;
  if (/^(hele landet|all denmark|region |landsdel |province )/.test(label) || /^(000|08[1-5]|0?\d{1,2})$/.test(label)) {
    return reject(`"${raw.trim()}" is not a municipality: the country, regions and landsdele are sums of municipalities`);
  }
  return reject(`unknown municipality "${raw.trim()}"`);
}

function parseSex(raw: string): PopulationSex {
  return SEXES[normalise(raw)] ?? reject(`unknown sex "${raw.trim()}"`);
}

function checkedAge(text: string, raw: string): number {
  const age = Number(text);
  return age <= MAX_AGE ? age : reject(`age "${raw.trim()}" is over ${MAX_AGE}`);
}

function parseAge(raw: string): { age: number | null; ageTo: number | null } {
  const label = normalise(raw);
  if (TOTALS.has(label)) return { age: null, ageTo: null };
  const unit = '(?: år| years?)?';
  const single = new RegExp(`^(\\d{1,3})${unit}$`).exec(label);
  if (single) {
    const age = checkedAge(single[1], raw);
    return { age, ageTo: age };
  }
  const band = new RegExp(`^(\\d{1,3}) ?[-–] ?(\\d{1,3})${unit}$`).exec(label);
  if (band) {
    const [from, to] = [checkedAge(band[1], raw), checkedAge(band[2], raw)];
    return from <= to ? { age: from, ageTo: to } : reject(`age band "${raw.trim()}" ends before it starts`);
  }
  const open = new RegExp(`^(\\d{1,3})(?:${unit} og (?:der)?over|${unit} and over|\\+|ov)$`).exec(label);
  if (open) return { age: checkedAge(open[1], raw), ageTo: null };
  return reject(`unknown age "${raw.trim()}"`);
}

function parseYear(raw: string): number {
  const label = normalise(raw);
  const match = /^(\d{4})(?:k([1-4]))?$/.exec(label);
  if (!match) return reject(`unknown year or quarter "${raw.trim()}"`);
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return reject(`year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`);
  if (match[2] && match[2] !== '1') {
    return reject(`quarter ${raw.trim()}: only the first quarter (population on 1 January) is loaded as the year's population`);
  }
  return year;
}

function parseMaritalStatus(raw: string): void {
  if (!TOTALS.has(normalise(raw))) reject(`civilstand "${raw.trim()}": only the total over marital status ("I alt") is loaded`);
}

function parsePopulation(raw: string): number {
  const text = raw.trim();
  if (!/^(\d+|\d{1,3}([. \u00a0\u202f]\d{3})+)$/.test(text)) return reject(`population "${text}" is not a whole number`);
  const population = Number(text.replace(/\D/g, ''));
  return Number.isSafeInteger(population) ? population : reject(`population "${text}" is too large`);
}

function rowOf(fields: string[], layout: Layout, index: Map<string, string>): PopulationRow {
  const get = (field: Field): string | undefined => {
    const i = layout.columns.indexOf(field);
    return i === -1 ? undefined : fields[i];
  };
  const maritalStatus = get('maritalStatus');
  if (maritalStatus !== undefined) parseMaritalStatus(maritalStatus);
  return {
    municipalityCode: parseArea(get('area')!, index),
    year: parseYear(get('time')!),
    sex: parseSex(get('sex')!),
    ...parseAge(get('age')!),
    population: parsePopulation(get('value')!),
  };
}

const keyOf = (row: PopulationRow): string => [row.municipalityCode, row.year, row.sex, row.age, row.ageTo].join('|');

function ageLabel({ age, ageTo }: PopulationRow): string {
  if (age === null) return 'all ages';
  if (ageTo === null) return `age ${age}+`;
  return age === ageTo ? `age ${age}` : `age ${age}-${ageTo}`;
}

/** Rows and rejected lines of a population CSV; see the module comment for the shapes read. */
export function parsePopulationCsv(input: string | Buffer, municipalities: readonly MunicipalityRef[]): PopulationParseResult {
  const lines = decode(input).split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  if (headerAt === -1) return { format: null, rows: [], rejected: [{ line: 1, reason: 'the file is empty' }] };

  const delimiter = detectDelimiter(lines[headerAt]);
  const layout = layoutOf(splitLine(lines[headerAt], delimiter) ?? []);
  if (typeof layout === 'string') return { format: null, rows: [], rejected: [{ line: headerAt + 1, reason: layout }] };

  const index = municipalityIndex(municipalities);
  const rejected: RejectedLine[] = [];
  const byKey = new Map<string, { row: PopulationRow; lines: number[]; conflict: boolean }>();
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = i + 1;
    if (lines[i].trim() === '') continue;
    try {
      const fields = splitLine(lines[i], delimiter) ?? reject('a quoted field is not closed');
      if (fields.length !== layout.columns.length) {
        reject(`${fields.length} fields where the header has ${layout.columns.length}`);
      }
      const row = rowOf(fields, layout, index);
      const seen = byKey.get(keyOf(row));
      if (!seen) byKey.set(keyOf(row), { row, lines: [line], conflict: false });
      else {
        seen.lines.push(line);
        if (seen.row.population !== row.population) seen.conflict = true;
      }
    } catch (error) {
      if (!(error instanceof LineRejected)) throw error;
      rejected.push({ line, reason: error.message });
    }
  }

  const rows: PopulationRow[] = [];
  for (const { row, lines: at, conflict } of byKey.values()) {
    if (!conflict) rows.push(row);
    else {
      const reason = `different populations for ${row.municipalityCode}, ${row.year}, ${row.sex}, ${ageLabel(row)} on lines ${at.join(', ')}`;
      rejected.push(...at.map((line) => ({ line, reason })));
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  return { format: layout.format, rows, rejected };
}
