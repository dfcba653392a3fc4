import { copySql } from '../../src/extracts/extracts.repository.js';
import { rowOfCopyLine, VALUES_COLUMN } from '../../src/extracts/extract-sql.js';

describe(copySql.name, () => {
  it('writes each parameter in as a quoted literal, lists as a text array and null as NULL', () => {
    expect(copySql(`SELECT $1::date, $2::text[], $3::text[], $10`, ['2026-01-01', ['101', "7'51"], null, ...Array(6).fill(0), 'x'])).toBe(
      `COPY (SELECT '2026-01-01'::date, ARRAY['101', '7''51']::text[]::text[], NULL::text[], 'x') TO STDOUT`,
    );
  });

  it('refuses a parameter it has no value for', () => {
    expect(() => copySql(`SELECT $2`, ['a'])).toThrow(RangeError);
  });
});

describe(rowOfCopyLine.name, () => {
  it('reads the blind index and the values of a cpr_index line', () => {
    expect(rowOfCopyLine('cpr_index', `${'ab'.repeat(32)}\t1,101,,x`)).toEqual({ cpr_index: 'ab'.repeat(32), [VALUES_COLUMN]: '1,101,,x' });
  });

  it('reads the sealed CPR (bytea as COPY writes it), its key id and the values of a cpr line', () => {
    const row = rowOfCopyLine('cpr', `\\\\x00ff10\tk1\t1,101`);
    expect(row).toEqual({ cpr_ciphertext: Buffer.from([0, 255, 16]), cpr_key_id: 'k1', [VALUES_COLUMN]: '1,101' });
  });

  it.each([
    ['cpr_index', 'only-one-field'],
    ['cpr', `${'ab'.repeat(32)}\t1,101`],
    ['cpr', `00ff\tk1\t1,101`],
  ] as const)('refuses a %s line of another shape, without repeating it', (scheme, line) => {
    expect(() => rowOfCopyLine(scheme, line)).toThrow(new RegExp(`^A line of the extract's COPY is not a ${scheme} row$`));
  });
});
