import { type MunicipalityRef, parsePopulationCsv, type PopulationRow } from '../../src/monitoring/population-csv.js';

const municipalities: MunicipalityRef[] = [
  { code: '101', name: 'København' },
  { code: '147', name: 'Frederiksberg' },
  { code: '173', name: 'Lyngby-Taarbæk' },
  { code: '751', name: 'Aarhus' },
];

const row = (
  municipalityCode: string,
  year: number,
  sex: PopulationRow['sex'],
  age: number | null,
  ageTo: number | null,
  population: number,
): PopulationRow => ({
  municipalityCode,
  year,
  sex,
  age,
  ageTo,
  population,
});

// As Statistikbanken's API gives FOLK1A (format=CSV, text labels), with a BOM and CRLF.
const folk1aLabels = [
  '\uFEFFOMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD',
  'København;I alt;Alder i alt;I alt;2026K1;671714',
  'København;Mænd;5 år;I alt;2026K1;3012',
  'København;Kvinder;5 år;I alt;2026K1;2890',
  'Aarhus;Kvinder;100 år og derover;I alt;2026K1;41',
  '"Lyngby-Taarbæk";Mænd;0-4 år;I alt;2026K1;1.234',
  'Hele landet;I alt;Alder i alt;I alt;2026K1;6025511',
  'Region Hovedstaden;I alt;Alder i alt;I alt;2026K1;1921312',
  'Gotham;Mænd;5 år;I alt;2026K1;12',
  'Aarhus;Mænd;5 år;I alt;2026K2;1234',
  'Aarhus;Mænd;5 år;Ugift;2026K1;1234',
  'Aarhus;Mænd;fem år;I alt;2026K1;1234',
  'Aarhus;Mænd;126 år;I alt;2026K1;1',
  'Aarhus;Mænd;5 år;I alt;2026K1',
  'Aarhus;Mænd;6 år;I alt;2026K1;..',
  'Aarhus;Ukendt;6 år;I alt;2026K1;10',
  '',
  'København;Mænd;5 år;I alt;2026K1;3012',
  'Aarhus Kommune;Mænd;17 år;I alt;2026;3100',
  '',
].join('\r\n');

describe('parsePopulationCsv', () => {
  describe('FOLK1A with text labels', () => {
    const result = parsePopulationCsv(folk1aLabels, municipalities);

    it('reads it as FOLK1A', () => {
      expect(result.format).toBe('folk1a');
    });

    it('gives one row per municipality, year, sex and age, in file order', () => {
      expect(result.rows).toEqual([
        row('101', 2026, 'total', null, null, 671714),
        row('101', 2026, 'male', 5, 5, 3012),
        row('101', 2026, 'female', 5, 5, 2890),
        row('751', 2026, 'female', 100, null, 41),
        row('173', 2026, 'male', 0, 4, 1234),
        row('751', 2026, 'male', 17, 17, 3100),
      ]);
    });

    it.each([
      [7, '"Hele landet" is not a municipality'],
      [8, '"Region Hovedstaden" is not a municipality'],
      [9, 'unknown municipality "Gotham"'],
      [10, 'quarter 2026K2: only the first quarter'],
      [11, 'civilstand "Ugift": only the total'],
      [12, 'unknown age "fem år"'],
      [13, 'age "126 år" is over 125'],
      [14, '5 fields where the header has 6'],
      [15, 'population ".." is not a whole number'],
      [16, 'unknown sex "Ukendt"'],
    ])('rejects line %i: %s', (line, reason) => {
      expect(result.rejected.find((r) => r.line === line)?.reason).toContain(reason);
    });

    it('rejects nothing else, and skips blank lines without a word', () => {
      expect(result.rejected.map((r) => r.line)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    });
  });

  it('reads FOLK1A with codes instead of labels (DAGI 4-digit codes too)', () => {
    const text = [
      'OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD',
      '101;TOT;IALT;TOT;2026K1;671714',
      '0751;1;5;TOT;2026K1;2000',
      '000;TOT;IALT;TOT;2026K1;6025511',
      '084;TOT;IALT;TOT;2026K1;1921312',
      '147;2;100OV;TOT;2026K1;12',
    ].join('\n');
    const result = parsePopulationCsv(text, municipalities);
    expect(result.rows).toEqual([
      row('101', 2026, 'total', null, null, 671714),
      row('751', 2026, 'male', 5, 5, 2000),
      row('147', 2026, 'female', 100, null, 12),
    ]);
    expect(result.rejected.map((r) => r.line)).toEqual([4, 5]);
  });

  it('reads FOLK1A without the marital-status column, in any column order', () => {
    const text = 'TID;OMRÅDE;ALDER;KØN;INDHOLD\n2025K1;Frederiksberg;10 år;Kvinder;512\n';
    expect(parsePopulationCsv(text, municipalities).rows).toEqual([row('147', 2025, 'female', 10, 10, 512)]);
  });

  it('reads the English FOLK1A labels', () => {
    const text = 'REGION,SEX,AGE,TIME,INDHOLD\nAarhus,Women,5 years,2026K1,1400\nAarhus,Total,"Age, total",2026K1,367095\n';
    expect(parsePopulationCsv(text, municipalities).rows).toEqual([
      row('751', 2026, 'female', 5, 5, 1400),
      row('751', 2026, 'total', null, null, 367095),
    ]);
  });

  it('reads a Windows-1252 download the same as UTF-8', () => {
    const utf8 = 'OMRÅDE;KØN;ALDER;TID;INDHOLD\nKøbenhavn;Mænd;5 år;2026K1;3012\n';
    const latin = Buffer.from(utf8, 'latin1');
    expect(latin.includes(Buffer.from('Ø', 'utf8'))).toBe(false);
    expect(parsePopulationCsv(latin, municipalities)).toEqual(parsePopulationCsv(Buffer.from(utf8, 'utf8'), municipalities));
    expect(parsePopulationCsv(latin, municipalities).rows).toEqual([row('101', 2026, 'male', 5, 5, 3012)]);
  });

  it.each([
    [
      'semicolon',
      'municipality_code;year;sex;age;population\n101;2026;female;5;2890\n751;2026;male;5-9;9000\n147;2026;total;total;106150\n173;2026;male;100+;3\n',
    ],
    [
      'comma',
      'municipality_code,year,sex,age,population\n101,2026,female,5,2890\n751,2026,male,5-9,9000\n147,2026,total,total,106150\n173,2026,male,100+,3\n',
    ],
  ])('reads the canonical form with a %s', (_name, text) => {
    const result = parsePopulationCsv(text, municipalities);
    expect(result.format).toBe('canonical');
    expect(result.rejected).toEqual([]);
    expect(result.rows).toEqual([
      row('101', 2026, 'female', 5, 5, 2890),
      row('751', 2026, 'male', 5, 9, 9000),
      row('147', 2026, 'total', null, null, 106150),
      row('173', 2026, 'male', 100, null, 3),
    ]);
  });

  it.each([
    ['an unknown code', '999;2026;female;5;10', 'unknown municipality "999"'],
    ['a year out of range', '101;1850;female;5;10', 'year 1850 is outside'],
    ['a negative population', '101;2026;female;5;-10', 'is not a whole number'],
    ['a decimal population', '101;2026;female;5;10,5', 'is not a whole number'],
    ['a band that ends before it starts', '101;2026;female;9-5;10', 'ends before it starts'],
    ['an open quote', '101;2026;"female;5;10', 'a quoted field is not closed'],
  ])('rejects a canonical line with %s', (_name, line, reason) => {
    const result = parsePopulationCsv(`municipality_code;year;sex;age;population\n${line}\n`, municipalities);
    expect(result.rows).toEqual([]);
    expect(result.rejected).toEqual([{ line: 2, reason: expect.stringContaining(reason) }]);
  });

  it('keeps one row for a line repeated with the same figure (a file loaded twice does no harm)', () => {
    const line = '101;2026;female;5;2890';
    const result = parsePopulationCsv(`municipality_code;year;sex;age;population\n${line}\n${line}\n${line}\n`, municipalities);
    expect(result.rows).toEqual([row('101', 2026, 'female', 5, 5, 2890)]);
    expect(result.rejected).toEqual([]);
  });

  it('rejects every line of a key the file gives two different figures for, and keeps the rest', () => {
    const text =
      'municipality_code;year;sex;age;population\n101;2026;female;5;2890\n751;2026;female;5;1400\nKøbenhavn;2026;female;5 år;2900\n';
    const result = parsePopulationCsv(text, municipalities);
    expect(result.rows).toEqual([row('751', 2026, 'female', 5, 5, 1400)]);
    expect(result.rejected).toEqual([
      { line: 2, reason: 'different populations for 101, 2026, female, age 5 on lines 2, 4' },
      { line: 4, reason: 'different populations for 101, 2026, female, age 5 on lines 2, 4' },
    ]);
  });

  it('keeps a single year and a band covering it apart: they are different keys', () => {
    const text = 'municipality_code;year;sex;age;population\n101;2026;male;5;10\n101;2026;male;5-9;50\n';
    expect(parsePopulationCsv(text, municipalities).rows).toHaveLength(2);
  });

  it.each([
    ['an empty file', '', 1, 'the file is empty'],
    ['a file of blank lines', '\n\n  \n', 1, 'the file is empty'],
    ['an unknown header', '\n\nkommune;antal\nAarhus;367095\n', 3, 'unrecognised header'],
    ['a header missing a column', 'municipality_code;year;sex;population\n101;2026;male;10\n', 1, 'unrecognised header'],
    ['a mis-decoded header', 'OMRÃ…DE;KÃ˜N;ALDER;TID;INDHOLD\n', 1, 'unrecognised header'],
  ])('gives no rows and one rejection for %s', (_name, text, line, reason) => {
    const result = parsePopulationCsv(text, municipalities);
    expect(result.format).toBeNull();
    expect(result.rows).toEqual([]);
    expect(result.rejected).toEqual([{ line, reason: expect.stringContaining(reason) }]);
  });
});
