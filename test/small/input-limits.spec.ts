import { findForbiddenInput, MAX_BODY_DEPTH } from '../../src/common/input-limits.js';

/** As body-parser gives it: `{"a":{"a":...1}}` and `[[...1]]`, `depth` levels deep. */
const nestedObjects = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
const nestedArrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + '1' + ']'.repeat(depth));

describe(findForbiddenInput.name, () => {
  it.each([
    ['a flat body', { a: 'x', b: [1, 2], c: null }],
    ['a string body (text/csv)', 'municipality_code;year\n751;2026'],
    ['no body', undefined],
    [`objects ${MAX_BODY_DEPTH} levels deep`, nestedObjects(MAX_BODY_DEPTH)],
    [`arrays ${MAX_BODY_DEPTH} levels deep`, nestedArrays(MAX_BODY_DEPTH)],
  ])('lets %s through', (_what, value) => {
    expect(findForbiddenInput(value)).toBeUndefined();
  });

  it.each([
    [`objects ${MAX_BODY_DEPTH + 1} levels deep`, nestedObjects(MAX_BODY_DEPTH + 1), { kind: 'depth', field: 'a' }],
    [`arrays ${MAX_BODY_DEPTH + 1} levels deep`, nestedArrays(MAX_BODY_DEPTH + 1), { kind: 'depth', field: '0' }],
    ['objects 100,000 levels deep, without overflowing the stack', nestedObjects(100_000), { kind: 'depth', field: 'a' }],
    ['a NUL in a string', { note: 'a\u0000b' }, { kind: 'nul', field: 'note' }],
    ['a NUL in a nested string', { firstContact: { channel: '\u0000' } }, { kind: 'nul', field: 'firstContact.channel' }],
    ['a NUL in an array element', { focusAreas: ['worry', 'x\u0000'] }, { kind: 'nul', field: 'focusAreas.1' }],
    ['a NUL in a key', { ['bad\u0000key']: 1 }, { kind: 'nul', field: 'bad\u0000key' }],
    ['a NUL in a string body', 'a\u0000b', { kind: 'nul', field: 'body' }],
    ['__proto__ as a key', JSON.parse('{"__proto__":{"isAdmin":true}}'), { kind: 'unknown', field: '__proto__' }],
    ['constructor as a nested key', { firstContact: { constructor: 1 } }, { kind: 'unknown', field: 'firstContact.constructor' }],
    ['prototype in an array element', { focusAreas: [{ prototype: 1 }] }, { kind: 'unknown', field: 'focusAreas.0.prototype' }],
    ['toString as a key', { toString: 'x' }, { kind: 'unknown', field: 'toString' }],
    ['hasOwnProperty as a key', { hasOwnProperty: 'x' }, { kind: 'unknown', field: 'hasOwnProperty' }],
  ])('refuses %s', (_what, value, found) => {
    expect(findForbiddenInput(value)).toEqual(found);
  });
});
