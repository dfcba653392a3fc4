/**
 * The row extracts' line writer against the allow-list formatter: for any row the database could
 * give, the line writer's text is byte for byte what createRowFormatter writes for the same row,
 * in every format; and a value that does not fit its column fails naming the column, not the value.
 */
import fc from 'fast-check';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { columnsFor, EXTRACT_KINDS, type ExtractColumn, type ExtractKind, LIST_SEPARATOR } from '../../src/extracts/extract-columns.js';
import { createLineWriter } from '../../src/extracts/extract-lines.js';
import { createRowFormatter, EXTRACT_FORMATS, type ExtractFormat, type ExtractRow, ExtractValueError } from '../../src/extracts/formats.js';

const CODE = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,12}$/);
const CHILD_KEY = fc.stringMatching(/^[0-9a-f]{64}$/);

/** A value of `column` as the database gives it (plain text, '' when empty) and as a row object holds it. */
function value(column: ExtractColumn): fc.Arbitrary<[string, ExtractRow[string]]> {
  const empty = fc.constant<[string, ExtractRow[string]]>(['', null]);
  const some = ((): fc.Arbitrary<[string, ExtractRow[string]]> => {
    switch (column.type) {
      case 'integer':
        return fc.integer({ min: -400, max: 40_000 }).map((n) => [String(n), n]);
      case 'boolean':
        return fc.boolean().map((b) => [String(b), b]);
      case 'code':
        return (column.values ? fc.constantFrom(...column.values) : CODE).map((c) => [c, c]);
      case 'code_list': {
        const item = column.values
          ? fc.constantFrom(...column.values)
          : fc.tuple(CODE, fc.option(CODE, { nil: undefined })).map(([a, b]) => (b ? `${a}:${b}` : a));
        return fc.array(item, { minLength: 1, maxLength: 4 }).map((items) => [items.join(LIST_SEPARATOR), items.join(LIST_SEPARATOR)]);
      }
      default:
        throw new Error(`no ${column.type} values from the database`);
    }
  })();
  return fc.oneof(empty, some);
}

const rowOf = (kind: ExtractKind) => {
  const [, ...columns] = columnsFor(kind);
  return fc.tuple(CHILD_KEY, fc.tuple(...columns.map(value))).map(([key, values]) => ({
    key,
    text: values.map(([text]) => text).join(','),
    row: Object.fromEntries([['child_key', key], ...values.map(([, v], i) => [columns[i].name, v])]) as ExtractRow,
  }));
};

async function formatted(format: ExtractFormat, kind: ExtractKind, rows: ExtractRow[]): Promise<string> {
  const parts: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      parts.push(chunk.toString('utf8'));
      done();
    },
  });
  await pipeline(Readable.from(rows), createRowFormatter(format, columnsFor(kind)), sink);
  return parts.join('');
}

describe(createLineWriter.name, () => {
  it.each(EXTRACT_KINDS.flatMap((kind) => EXTRACT_FORMATS.map((format) => [kind, format] as const)))(
    'writes a %s extract in %s as the allow-list formatter does, header included',
    async (kind, format) => {
      await fc.assert(
        fc.asyncProperty(fc.array(rowOf(kind), { maxLength: 5 }), async (rows) => {
          const writer = createLineWriter(format, columnsFor(kind));
          const text = writer.header + rows.map((r) => writer.line(r.key, r.text)).join('');
          expect(text).toBe(
            await formatted(
              format,
              kind,
              rows.map((r) => r.row),
            ),
          );
        }),
        { numRuns: 150 },
      );
    },
  );

  const KEY = 'a'.repeat(64);
  const valuesOf = (over: Record<string, string>) =>
    columnsFor('contacts')
      .slice(1)
      .map((c) => over[c.name] ?? '')
      .join(',');

  it.each([
    ['free text in a code column', { mode: 'Ring til mor' }, 'mode'],
    ['a code not in its list', { contact_type: 'home_visit' }, 'contact_type'],
    ['a number that is not one', { duration_minutes: '4x' }, 'duration_minutes'],
    ['a value holding a comma (one field too many)', { outcome: 'a,b' }, 'outcome'],
  ])('refuses %s, naming the column but not the value', (_what, over, column) => {
    const writer = createLineWriter('csv', columnsFor('contacts'));
    const attempt = () => writer.line(KEY, valuesOf(over));
    expect(attempt).toThrow(ExtractValueError);
    expect(attempt).toThrow(new RegExp(`^Column ${column}: `));
    for (const v of Object.values(over)) expect(attempt).not.toThrow(v);
  });

  it('refuses a line with values missing', () => {
    const writer = createLineWriter('jsonl', columnsFor('contacts'));
    expect(() => writer.line(KEY, '1,101')).toThrow(/^Column region_code: missing/);
  });

  it('refuses columns the database cannot give (a string or decimal column after the child key)', () => {
    const [key, ...rest] = columnsFor('contacts');
    expect(() => createLineWriter('csv', [key, { ...rest[0], type: 'string' }])).toThrow(RangeError);
    expect(() => createLineWriter('csv', [key, { ...rest[0], type: 'decimal' }])).toThrow(RangeError);
  });
});
