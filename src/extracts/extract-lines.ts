/**
 * The row extracts' writer (the job's side of extract-sql.ts): the database gives each row's
 * values after the child key as one text, `,`-separated, each value in its plain form (digits,
 * `true`/`false`, codes, `|`-separated code lists; nothing when empty). Here that text is checked
 * against the allow-list, one pattern per line built from the columns, so free text cannot slip
 * into a code column through a bug in the SQL; then the child key is put in front and the line
 * written in the file's format. The text is byte for byte what createRowFormatter (formats.ts)
 * writes for the same row; a small test holds the two to that.
 */
import { type ExtractColumn, LIST_SEPARATOR, PAIR_SEPARATOR } from './extract-columns.js';
import { type ExtractFormat, ExtractValueError, type FormatColumn } from './formats.js';

const CODE = '[a-z0-9][a-z0-9_-]*';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pattern of one value of `column` in its plain form; the empty value always matches. */
function valuePattern(column: FormatColumn): string {
  switch (column.type) {
    case 'integer':
      return '-?\\d+';
    case 'boolean':
      return 'true|false';
    case 'code':
      return column.values ? column.values.map(escape).join('|') : CODE;
    case 'code_list': {
      const item = `${CODE}(?:${escape(PAIR_SEPARATOR)}${CODE})?`;
      return `${item}(?:${escape(LIST_SEPARATOR)}${item})*`;
    }
    case 'string':
    case 'decimal':
      // Neither comes from the database today (the child key is made here); each would need its
      // own writing (quoting, the decimal comma), so a column of either is refused until it has it.
      throw new RangeError(`Column ${column.name}: a ${column.type} column cannot come from the database's values`);
  }
}

export interface LineWriter {
  /** The file's start: the header row (and for csv-excel-da the byte-order mark); '' for jsonl. */
  readonly header: string;
  /** One row: the child key and the database's values text, checked, as the file's line. */
  line(childKey: string, values: string): string;
}

/**
 * A writer for `columns` (the first is the child key, the rest come from the database in order)
 * in `format`. A line whose values do not fit their columns fails with an ExtractValueError naming
 * the first column that does not fit, never the value.
 */
export function createLineWriter(format: ExtractFormat, columns: readonly ExtractColumn[]): LineWriter {
  const [key, ...values] = columns;
  if (key?.type !== 'string') throw new RangeError('The first column must be the child key');
  const patterns = values.map((c) => new RegExp(`^(?:${valuePattern(c)})?$`));
  const whole = new RegExp(`^${values.map((c) => `(?:${valuePattern(c)})?`).join(',')}$`);

  const check = (text: string): void => {
    if (whole.test(text)) return;
    const fields = text.split(',');
    const bad = values.findIndex((c, i) => fields[i] === undefined || !patterns[i].test(fields[i]));
    if (bad === -1) throw new ExtractValueError(values[values.length - 1].name, 'more values than columns');
    throw new ExtractValueError(values[bad].name, fields[bad] === undefined ? 'missing' : `not a valid ${values[bad].type}`);
  };

  const names = columns.map((c) => c.name);
  switch (format) {
    case 'csv':
      return {
        header: `${names.join(',')}\r\n`,
        line: (childKey, text) => {
          check(text);
          return `${childKey},${text}\r\n`;
        },
      };
    case 'csv-excel-da':
      return {
        header: `\ufeff${names.join(';')}\r\n`,
        line: (childKey, text) => {
          check(text);
          return `${childKey};${text.replaceAll(',', ';')}\r\n`;
        },
      };
    case 'jsonl': {
      // Keys in column order; numbers and booleans bare, codes quoted (they need no escaping), empty as null.
      const bare = values.map((c) => c.type === 'integer' || c.type === 'boolean');
      const prefixes = values.map((c) => `,${JSON.stringify(c.name)}:`);
      const keyPrefix = `{${JSON.stringify(key.name)}:`;
      return {
        header: '',
        line: (childKey, text) => {
          check(text);
          const fields = text.split(',');
          let out = `${keyPrefix}${JSON.stringify(childKey)}`;
          for (let i = 0; i < fields.length; i++) {
            const v = fields[i];
            out += prefixes[i] + (v === '' ? 'null' : bare[i] ? v : `"${v}"`);
          }
          return `${out}}\n`;
        },
      };
    }
  }
}
