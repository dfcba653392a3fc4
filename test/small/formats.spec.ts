import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { columnsFor } from '../../src/extracts/extract-columns.js';
import {
  createRowFormatter,
  type ExtractFormat,
  type ExtractRow,
  ExtractValueError,
  type FormatColumn,
} from '../../src/extracts/formats.js';

async function format(format: ExtractFormat, columns: readonly FormatColumn[], rows: ExtractRow[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  await pipeline(Readable.from(rows), createRowFormatter(format, columns), sink);
  return Buffer.concat(chunks);
}

const columns: FormatColumn[] = [
  { name: 'municipality_code', type: 'code' },
  { name: 'rate', type: 'decimal' },
  { name: 'count', type: 'integer' },
  { name: 'flag', type: 'boolean' },
  { name: 'areas', type: 'code_list' },
  { name: 'label', type: 'string' },
];

const rows: ExtractRow[] = [
  { municipality_code: '101', rate: 0.15, count: 12, flag: true, areas: ['worry', 'sadness'], label: 'a;b' },
  { municipality_code: '751', rate: null, count: '<5', flag: false, areas: [], label: 'say "hi", Århus', extra: '0505141234' },
  { municipality_code: '147', rate: 1, count: 0, flag: null, areas: 'gp:12|civil_society:40' },
];

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('createRowFormatter', () => {
  it.each([
    [
      'csv',
      'municipality_code,rate,count,flag,areas,label\r\n' +
        '101,0.15,12,true,worry|sadness,a;b\r\n' +
        '751,,<5,false,,"say ""hi"", Århus"\r\n' +
        '147,1,0,,gp:12|civil_society:40,\r\n',
    ],
    [
      'csv-excel-da',
      '\uFEFFmunicipality_code;rate;count;flag;areas;label\r\n' +
        '101;0,15;12;true;worry|sadness;"a;b"\r\n' +
        '751;;<5;false;;"say ""hi"", Århus"\r\n' +
        '147;1;0;;gp:12|civil_society:40;\r\n',
    ],
    [
      'jsonl',
      '{"municipality_code":"101","rate":0.15,"count":12,"flag":true,"areas":"worry|sadness","label":"a;b"}\n' +
        '{"municipality_code":"751","rate":null,"count":"<5","flag":false,"areas":null,"label":"say \\"hi\\", Århus"}\n' +
        '{"municipality_code":"147","rate":1,"count":0,"flag":null,"areas":"gp:12|civil_society:40","label":null}\n',
    ],
  ] as [ExtractFormat, string][])('writes %s byte for byte', async (name, expected) => {
    expect((await format(name, columns, rows)).equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect((await format(name, columns, rows)).toString('utf8')).toBe(expected);
  });

  it('starts the Danish Excel file with the UTF-8 byte-order mark, once', async () => {
    const bytes = await format('csv-excel-da', columns, rows);
    expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
    expect(bytes.subarray(3).includes(BOM)).toBe(false);
  });

  it.each(['csv', 'jsonl'] as ExtractFormat[])('writes no byte-order mark in %s', async (name) => {
    expect((await format(name, columns, rows)).subarray(0, 3).equals(BOM)).toBe(false);
  });

  it('never writes a key that is not a column', async () => {
    for (const name of ['csv', 'csv-excel-da', 'jsonl'] as ExtractFormat[]) {
      const text = (await format(name, columns, rows)).toString('utf8');
      expect(text).not.toContain('0505141234');
      expect(text).not.toContain('extra');
    }
  });

  it.each([
    ['csv', 'municipality_code,rate,count,flag,areas,label\r\n'],
    ['csv-excel-da', '\uFEFFmunicipality_code;rate;count;flag;areas;label\r\n'],
    ['jsonl', ''],
  ] as [ExtractFormat, string][])('writes only the header for no rows in %s', async (name, expected) => {
    expect((await format(name, columns, [])).toString('utf8')).toBe(expected);
  });

  it('writes the header of an extract kind from the allow-list', async () => {
    const courseColumns = columnsFor('courses');
    const text = (await format('csv', courseColumns, [])).toString('utf8');
    expect(text).toBe(`${courseColumns.map((c) => c.name).join(',')}\r\n`);
  });

  it.each([
    ['free text in a code column', { name: 'municipality_code', type: 'code' }, 'Aarhus Kommune'],
    ['a number in a code column (codes keep their leading zeros as text)', { name: 'municipality_code', type: 'code' }, 101],
    ['a code outside its code list', { name: 'sex', type: 'code', values: ['female', 'male'] }, 'unknown'],
    ['free text in a code list', { name: 'areas', type: 'code_list' }, ['worry', 'Bekymret for skolen']],
    ['a fraction in an integer column', { name: 'count', type: 'integer' }, 2.5],
    ['a string in an integer column', { name: 'count', type: 'integer' }, '12'],
    ['an infinite decimal', { name: 'rate', type: 'decimal' }, Number.POSITIVE_INFINITY],
    ['a string in a boolean column', { name: 'flag', type: 'boolean' }, 'yes'],
    ['a number in a string column', { name: 'label', type: 'string' }, 5],
  ] as [string, FormatColumn, unknown][])('fails the stream on %s, naming the column but not the value', async (_name, column, value) => {
    for (const name of ['csv', 'csv-excel-da', 'jsonl'] as ExtractFormat[]) {
      const failure = format(name, [column], [{ [column.name]: value as string }]);
      await expect(failure).rejects.toThrow(ExtractValueError);
      await expect(failure).rejects.toThrow(new RegExp(`^Column ${column.name}: `));
      await expect(failure).rejects.not.toThrow(String(value));
    }
  });

  it('refuses two columns with the same name', () => {
    expect(() => createRowFormatter('csv', [columns[0], columns[0]])).toThrow(RangeError);
  });
});
