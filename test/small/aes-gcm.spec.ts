import { randomBytes } from 'node:crypto';
import { openAesGcm, sealAesGcm } from '../../src/common/aes-gcm.js';

describe('AES-256-GCM framing', () => {
  const key = randomBytes(32);

  it('opens what it sealed, with or without additional data', () => {
    expect(openAesGcm(key, sealAesGcm(key, '0101011234')).toString('utf8')).toBe('0101011234');
    const aad = Buffer.from('k1');
    expect(openAesGcm(key, sealAesGcm(key, Buffer.from([1, 2, 3]), aad), aad)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('frames iv (12 bytes) ‖ tag (16 bytes) ‖ ciphertext, with a fresh iv each time', () => {
    const a = sealAesGcm(key, 'abc');
    const b = sealAesGcm(key, 'abc');
    expect(a).toHaveLength(12 + 16 + 3);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
  });

  it.each([
    ['another key', (s: Buffer) => openAesGcm(randomBytes(32), s, Buffer.from('k1'))],
    ['other additional data', (s: Buffer) => openAesGcm(key, s, Buffer.from('k2'))],
    ['no additional data', (s: Buffer) => openAesGcm(key, s)],
    [
      'a flipped byte',
      (s: Buffer) => openAesGcm(key, Buffer.concat([s.subarray(0, -1), Buffer.from([s[s.length - 1] ^ 1])]), Buffer.from('k1')),
    ],
  ])('refuses to open with %s', (_what, open) => {
    const sealed = sealAesGcm(key, 'secret', Buffer.from('k1'));
    expect(() => open(sealed)).toThrow();
  });
});
