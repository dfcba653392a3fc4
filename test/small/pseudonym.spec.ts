import { createHash } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { CprVault } from '../../src/children/cpr-vault.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { pseudonymousChildKey, pseudonymousChildKeyOfIndex } from '../../src/extracts/pseudonym.js';

const recipientA = Buffer.alloc(32, 'a');
const recipientB = Buffer.alloc(32, 'b');
const cprs = ['0505141234', '2412091238', '0101200002', '3112995678'];

describe('pseudonymousChildKey', () => {
  it.each(cprs)('gives child %s the same key in every extract for the same recipient', (cpr) => {
    expect(pseudonymousChildKey(cpr, recipientA)).toBe(pseudonymousChildKey(cpr, Buffer.from(recipientA)));
  });

  it.each(cprs)('gives child %s a different key for another recipient', (cpr) => {
    expect(pseudonymousChildKey(cpr, recipientA)).not.toBe(pseudonymousChildKey(cpr, recipientB));
  });

  it('gives different children different keys', () => {
    expect(new Set(cprs.map((cpr) => pseudonymousChildKey(cpr, recipientA))).size).toBe(cprs.length);
  });

  it.each(cprs)('the key for %s is 64 hex characters that do not contain the CPR or its parts', (cpr) => {
    const key = pseudonymousChildKey(cpr, recipientA);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(cpr);
    expect(key).not.toContain(cpr.slice(0, 6));
    expect(key).not.toContain(cpr.slice(6));
  });

  it('is keyed: it is not the plain SHA-256 of the CPR, which anyone could compute for every CPR', () => {
    const cpr = cprs[0];
    expect(pseudonymousChildKey(cpr, recipientA)).not.toBe(createHash('sha256').update(cpr).digest('hex'));
  });

  it('is HMAC-SHA-256 over the ten digits, written as lower-case hex (vector from `openssl dgst -sha256 -mac HMAC`)', () => {
    // printf '0505141234' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0b0b…0b (32 bytes)
    expect(pseudonymousChildKey('0505141234', Buffer.alloc(32, 0x0b))).toBe(
      'ce7c4a11573a9ee5c2c0b77fb1d70aebe85ab103353ac3e38ac120b42f908e9c',
    );
  });

  it.each([
    ['a hyphenated CPR', '050514-1234'],
    ['nine digits', '050514123'],
    ['letters', '05051412ab'],
    ['surrounding spaces', ' 0505141234'],
  ])('refuses %s rather than give the child a second key', (_name, cpr) => {
    expect(() => pseudonymousChildKey(cpr, recipientA)).toThrow(RangeError);
  });

  it('refuses a recipient key shorter than 32 bytes', () => {
    expect(() => pseudonymousChildKey(cprs[0], Buffer.alloc(16, 'a'))).toThrow(RangeError);
  });
});

describe('pseudonymousChildKeyOfIndex (the cpr_index scheme)', () => {
  const indexKey = Buffer.alloc(32, 0x0c);
  const vault = new CprVault({
    crypto: { cprIndexKey: indexKey, cprKeys: new Map([['k1', Buffer.alloc(32, 1)]]), currentKeyId: 'k1' },
  } as AppConfig);
  const index = (cpr: string) => vault.blindIndex(cpr);

  it('is HMAC-SHA-256 over the blind index as stored, itself HMAC-SHA-256 of the CPR with the index key (vectors from openssl)', () => {
    // printf '0505141234' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0c0c…0c
    expect(index('0505141234')).toBe('8c627b8f07d16e3b4ec94bf2ceef49fe8d4962f61c5cbaa296821b605390c30b');
    // printf '8c62…c30b' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0b0b…0b
    expect(pseudonymousChildKeyOfIndex(index('0505141234'), Buffer.alloc(32, 0x0b))).toBe(
      '5776e550c53341781028a93a9937092b0bf8ebdc67acb309b3d80a79ba97d21b',
    );
  });

  it('gives the same child the same key for one recipient, another for another recipient, and differs from the cpr scheme', () => {
    for (const cpr of cprs) {
      expect(pseudonymousChildKeyOfIndex(index(cpr), recipientA)).toBe(pseudonymousChildKeyOfIndex(index(cpr), Buffer.from(recipientA)));
      expect(pseudonymousChildKeyOfIndex(index(cpr), recipientA)).not.toBe(pseudonymousChildKeyOfIndex(index(cpr), recipientB));
      expect(pseudonymousChildKeyOfIndex(index(cpr), recipientA)).not.toBe(pseudonymousChildKey(cpr, recipientA));
    }
    expect(new Set(cprs.map((cpr) => pseudonymousChildKeyOfIndex(index(cpr), recipientA))).size).toBe(cprs.length);
  });

  it('cannot be computed from the CPR and the recipient key alone: it needs the service’s index key too', () => {
    const cpr = cprs[0];
    const withoutIndexKey = createHmac('sha256', recipientA)
      .update(createHmac('sha256', Buffer.alloc(32)).update(cpr).digest('hex'))
      .digest('hex');
    expect(pseudonymousChildKeyOfIndex(index(cpr), recipientA)).not.toBe(withoutIndexKey);
  });

  it.each([
    ['upper-case hex', index(cprs[0]).toUpperCase()],
    ['too short', index(cprs[0]).slice(1)],
    ['a CPR', cprs[0]],
  ])('refuses %s as a blind index', (_what, value) => {
    expect(() => pseudonymousChildKeyOfIndex(value, recipientA)).toThrow(RangeError);
  });

  it('refuses a recipient key shorter than 32 bytes', () => {
    expect(() => pseudonymousChildKeyOfIndex(index(cprs[0]), Buffer.alloc(16, 'a'))).toThrow(RangeError);
  });
});
