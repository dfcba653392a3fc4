/**
 * Row formatters of the evaluation extracts and aggregate tables: Node Transform streams that take
 * row objects and give text, with the columns (and the header row) from the allow-list.
 *
 * - `csv`: RFC 4180: comma, CRLF line ends, fields quoted when they hold a comma, quote or line
 *   break (quotes doubled), `.` as decimal mark, UTF-8 without BOM.
 * - `csv-excel-da`: what Danish Excel opens on a double-click: semicolon, decimal comma, UTF-8
 *   with a byte-order mark at the start of the file, CRLF.
 * - `jsonl`: one JSON object per line (LF), keys in column order.
 *
 * Only the listed columns are written, in their order: a key a row has beyond them is never
 * written (the allow-list), a listed key it lacks is written empty. Each value is checked
 * against its column's type, so free text cannot slip into a code column through a bug; a bad
 * value fails the stream with an ExtractValueError that names the column but never the value.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { type CastingContext, type Options as CsvOptions, stringify } from 'csv-stringify';
import { type ExtractColumn, LIST_SEPARATOR, PAIR_SEPARATOR } from './extract-columns.js';
import { SUPPRESSION_MARKERS } from '../statistics/disclosure.rules.js';

export const EXTRACT_FORMATS = ['csv', 'csv-excel-da', 'jsonl'] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

export const FORMAT_DETAILS: Readonly<Record<ExtractFormat, { extension: string; contentType: string; description: string }>> = {
  csv: {
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    description: 'RFC 4180: comma-separated, CRLF line ends, `"` quoting, `.` as decimal mark, UTF-8 without BOM, header row.',
  },
  'csv-excel-da': {
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    description:
      'For Danish Excel: semicolon-separated, decimal comma, UTF-8 with a byte-order mark at the start of the file, CRLF line ends, `"` quoting, header row.',
  },
  jsonl: {
    extension: 'jsonl',
    contentType: 'application/jsonl; charset=utf-8',
    description: 'One JSON object per line (LF), keys in column order; numbers and booleans as JSON numbers and booleans, empty as null.',
  },
};

export type CellValue = string | number | boolean | null | undefined | readonly string[];
export type ExtractRow = Readonly<Record<string, CellValue>>;
export type FormatColumn = Pick<ExtractColumn, 'name' | 'type' | 'values'>;

/** A value that does not fit its column. The value itself is left out of the message: it may be what must not leak. */
export class ExtractValueError extends Error {
  constructor(
    readonly column: string,
    problem: string,
  ) {
    super(`Column ${column}: ${problem}`);
    this.name = 'ExtractValueError';
  }
}

/** Codes are English snake_case or digits (`gp`, `101`, `5-9`): no spaces, no capitals, so never free text. */
const CODE = '[a-z0-9][a-z0-9_-]*';
const CODE_PATTERN = new RegExp(`^${CODE}$`);
const LIST_ITEM_PATTERN = new RegExp(`^${CODE}(${PAIR_SEPARATOR}${CODE})?$`);

type Plain = string | number | boolean | null;

/** The value checked against its column, as a plain JSON value; empty (null, '', []) becomes null. */
function plainValue(column: FormatColumn, value: unknown): Plain {
  if (value === null || value === undefined || value === '') return null;
  const fail = (problem: string): never => {
    throw new ExtractValueError(column.name, problem);
  };
  if (typeof value === 'string' && SUPPRESSION_MARKERS.includes(value) && (column.type === 'integer' || column.type === 'decimal')) {
    return value;
  }
  switch (column.type) {
    case 'string':
      return typeof value === 'string' ? value : fail(`expected a string, got a ${typeof value}`);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail('expected a whole number');
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail('expected a finite number');
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('expected true or false');
    case 'code':
      if (typeof value !== 'string' || !CODE_PATTERN.test(value)) return fail('expected a code');
      if (column.values && !column.values.includes(value)) return fail('not one of its codes');
      return value;
    case 'code_list': {
      const items =
        typeof value === 'string'
          ? value.split(LIST_SEPARATOR)
          : Array.isArray(value)
            ? (value as unknown[])
            : fail('expected a list of codes');
      if (!items.every((item) => typeof item === 'string' && LIST_ITEM_PATTERN.test(item))) return fail('expected a list of codes');
      return items.length === 0 ? null : items.join(LIST_SEPARATOR);
    }
  }
}

type CsvSettings = { delimiter: string; decimalMark: string; bom: boolean };

/** csv-stringify's options for `columns`: every value checked against its column and written as the dictionary says. */
function csvOptions(columns: readonly FormatColumn[], options: CsvSettings): CsvOptions {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const cast = (value: unknown, context: CastingContext): string => {
    if (context.header) return String(value);
    const plain = plainValue(byName.get(String(context.column))!, value);
    if (plain === null) return '';
    if (typeof plain === 'number') return String(plain).replace('.', options.decimalMark);
    return String(plain);
  };
  return {
    header: true,
    columns: columns.map((c) => ({ key: c.name })),
    delimiter: options.delimiter,
    record_delimiter: 'windows',
    bom: options.bom,
    cast: { string: cast, number: cast, boolean: cast, object: cast, bigint: cast, date: cast, null: cast, undefined: cast },
  };
}

function csvFormatter(columns: readonly FormatColumn[], options: CsvSettings): Transform {
  return stringify(csvOptions(columns, options));
}

const jsonlLine = (columns: readonly FormatColumn[], row: ExtractRow): string => {
  const line: Record<string, Plain> = {};
  for (const column of columns) line[column.name] = plainValue(column, row[column.name]);
  return `${JSON.stringify(line)}\n`;
};

function jsonlFormatter(columns: readonly FormatColumn[]): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(row: ExtractRow, _encoding: BufferEncoding, callback: TransformCallback) {
      try {
        callback(null, jsonlLine(columns, row));
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/** A stream that takes row objects and gives the file's text in `format`, header row first. */
export function createRowFormatter(format: ExtractFormat, columns: readonly FormatColumn[]): Transform {
  const names = new Set(columns.map((c) => c.name));
  if (names.size !== columns.length) throw new RangeError('Column names must be distinct');
  switch (format) {
    case 'csv':
      return csvFormatter(columns, { delimiter: ',', decimalMark: '.', bom: false });
    case 'csv-excel-da':
      return csvFormatter(columns, { delimiter: ';', decimalMark: ',', bom: true });
    case 'jsonl':
      return jsonlFormatter(columns);
  }
}
